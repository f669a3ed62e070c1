/**
 * One folder for everything a run (the test suite, a benchmark) and the processes it starts put in the temporary
 * folder — databases, data folders, backups, PostgreSQL clusters, browser profiles — so that one removal at the
 * end leaves nothing behind: TMPDIR points there until `leave`.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function enterRunFolder(prefix: string): { dir: string; leave: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // PostgreSQL's initdb (run as the "postgres" user when we are root) reads its password file from here.
  chmodSync(dir, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return {
    dir,
    leave: () => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
