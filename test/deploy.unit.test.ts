/**
 * Issue 17: Docker is not available where the suite runs, so the Dockerfile and compose.yaml are kept honest by
 * reading them: every variable they set is one the app reads (and accepts), the command is a real one, the nginx
 * they start runs the configuration test/nginx.test.ts exercises, with every placeholder filled.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config.js';
import { nginxPlaceholders } from './nginx-config.js';

const root = path.join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('compose.yaml').split('\n');

const operatorSample = '0123456789abcdef'.repeat(4);

/** The `KEY: value` lines of the `environment:` block under the first line matching `owner`. */
function environmentOf(owner: RegExp): Record<string, string> {
  const start = compose.findIndex((line) => owner.test(line));
  const block = compose.findIndex((line, i) => i > start && /^\s+environment:\s*$/.test(line));
  expect(start).toBeGreaterThanOrEqual(0);
  expect(block).toBeGreaterThan(start);
  const indent = compose[block]!.search(/\S/);
  const values: Record<string, string> = {};
  for (const line of compose.slice(block + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (line.search(/\S/) <= indent) break;
    const match = /^\s+([A-Z][A-Z0-9_]*):\s*(.*)$/.exec(line);
    expect(match, line).not.toBeNull();
    // `${NAME:?…}`: the operator supplies it (compose refuses to start without it); a sample stands in.
    values[match![1]!] = /^\$\{[A-Z_]+:\?.*\}$/.test(match![2]!) ? operatorSample : match![2]!.replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/** The variables loadConfig reads from an environment, and whether it accepts their values. */
function readByConfig(env: Record<string, string>): { read: Set<string>; problems: string[] } {
  const read = new Set<string>();
  const watched = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    loadConfig(watched, '/app');
    return { read, problems: [] };
  } catch (error) {
    return { read, problems: (error as { problems: { variable: string }[] }).problems.map((p) => p.variable) };
  }
}

describe('the Dockerfile and compose.yaml', () => {
  const imageEnvironment = Object.fromEntries(
    [...dockerfile.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)].flatMap((m) => [...m[1]!.matchAll(/([A-Z][A-Z0-9_]*)=(\S+)/g)].map((v) => [v[1]!, v[2]!])),
  );
  const appEnvironment = environmentOf(/^x-app:/);

  it('set only variables the app reads, with values it accepts', () => {
    expect(Object.keys(imageEnvironment).sort()).toEqual(['DATA_DIR', 'HOST', 'PORT']);
    const env = { ...imageEnvironment, ...appEnvironment };
    const { read, problems } = readByConfig(env);
    expect(problems).toEqual([]);
    expect(Object.keys(env).filter((name) => !read.has(name))).toEqual([]);
    const config = loadConfig(env, '/app');
    expect(config).toMatchObject({ host: '0.0.0.0', port: 3000, dataDir: '/data', mediaDir: '/shared-media' });
    expect(config.databaseUrl).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
  });

  it('run a real command, copy files that exist, and probe a real health address', () => {
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(command).toEqual(['node', 'bin/hoctap.js', 'serve']);
    expect(existsSync(path.join(root, command[1]!))).toBe(true);
    expect(read('src/server/cli.ts')).toContain("case 'serve':");
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(copied.length).toBeGreaterThan(5);
    for (const source of copied) expect(existsSync(path.join(root, source)), source).toBe(true);
    const probe = /^\s+CMD \[.*'(\/api\/health\/[a-z]+)'/m.exec(dockerfile)?.[1];
    expect(probe).toBe('/api/health/live');
    expect(read('src/server/health/health.routes.ts')).toContain(`'${probe}'`);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('start nginx with the tested configuration, every placeholder filled, in front of the two app services', () => {
    expect(compose).toContain('      - ./deploy/nginx/hoctap.conf:/etc/nginx/templates/hoctap.conf.template:ro');
    const nginx = environmentOf(/^ {2}nginx:/);
    expect(nginx.NGINX_ENVSUBST_FILTER).toBe('^HOCTAP_');
    const placeholders = Object.keys(nginx).filter((name) => name.startsWith('HOCTAP_'));
    expect(placeholders.sort()).toEqual(nginxPlaceholders().sort());
    for (const upstream of [nginx.HOCTAP_APP_1, nginx.HOCTAP_APP_2]) {
      const [service, port] = upstream!.split(':');
      expect(compose).toContain(`  ${service}:`);
      expect(port).toBe(imageEnvironment.PORT);
    }
    // The app believes X-Forwarded-For from nginx's fixed address only.
    const nginxAddress = compose.find((line) => /^\s+ipv4_address:/.test(line))!.split(':')[1]!.trim();
    expect(appEnvironment.TRUST_PROXY).toBe(`${nginxAddress}/32`);
  });
});
