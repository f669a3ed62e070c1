/**
 * A failing test must fail the run. It once did not: a package loaded by the
 * global setup turned the runner's failing exit code into 0, so CI would have
 * passed anything. This runs the runner, with the same setup, on a failing test.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('fails the test command when a test fails', () => {
  const root = path.join(import.meta.dirname, '..');
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/fixtures/vitest.failing.config.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  expect(run.stdout + run.stderr).toContain('fails on purpose');
  expect(run.status).not.toBe(0);
}, 120_000);
