/** The shipped nginx configuration (deploy/nginx/hoctap.conf) with its ${HOCTAP_…} placeholders filled in. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const nginxConfigFile = path.join(import.meta.dirname, '..', 'deploy', 'nginx', 'hoctap.conf');

/** The placeholder names the file uses, each once in the list. */
export function nginxPlaceholders(text = readFileSync(nginxConfigFile, 'utf8')): string[] {
  return [...new Set([...text.matchAll(/\$\{(HOCTAP_[A-Z0-9_]+)\}/g)].map((m) => m[1]!))];
}

/** Fills every placeholder, as envsubst would; a placeholder without a value (or a value for none) is an error. */
export function renderNginxConfig(values: Record<string, string>): string {
  const text = readFileSync(nginxConfigFile, 'utf8');
  const names = nginxPlaceholders(text);
  const missing = names.filter((n) => values[n] === undefined);
  const unused = Object.keys(values).filter((n) => !names.includes(n));
  if (missing.length > 0 || unused.length > 0) throw new Error(`nginx placeholders: missing ${missing.join(', ')}; unknown ${unused.join(', ')}`);
  return text.replace(/\$\{(HOCTAP_[A-Z0-9_]+)\}/g, (_, name: string) => values[name]!);
}
