/**
 * The dependency rules (.dependency-cruiser.cjs) must be able to fail: run them on a small
 * tree that breaks each rule once (test/fixtures/architecture) and expect every rule to fire.
 * `npm test` runs the same rules on the real tree (npm run check:architecture).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'test/fixtures/architecture');
const configFile = path.join(root, '.dependency-cruiser.cjs');

it('fires every dependency rule on a tree that breaks each of them', () => {
  const rules: { name: string }[] = createRequire(import.meta.url)(configFile).forbidden;
  const cruise = (outputType: string) =>
    spawnSync(process.execPath, [path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', configFile, '--output-type', outputType], {
      cwd: fixture,
      encoding: 'utf8',
    });
  const run = cruise('json');
  const violations: { rule: { name: string }; from: string; to: string }[] = JSON.parse(run.stdout).summary.violations;
  const fired = new Set(violations.map((v) => v.rule.name));
  expect([...fired].sort()).toEqual(rules.map((r) => r.name).sort());
  // The check as npm test runs it exits non-zero, so the test command stops on a bad import.
  expect(cruise('err').status).not.toBe(0);
}, 60_000);
