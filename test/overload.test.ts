/**
 * A burst far beyond what the process can carry, sent to a real `hoctap serve`: sign-ins beyond the hashing queue
 * get 503 with Retry-After at once, none a 500, the process's memory (VmRSS, read from /proc) stays within a bound
 * while the burst lasts, and it answers normally straight after.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from './databases.js';
import { buildPerson, nationalForm, nextPhone, testPassword } from './factories.js';
import { freePort, startServer } from './server-process.js';

const residentMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function signIn(url: string, phone: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password }) });
}

describe.each(engines)('a sign-in burst against a real process on %s', (engine) => {
  it('refuses what does not fit in the queue with 503, keeps its memory bounded and recovers', { timeout: 120_000 }, async () => {
    const { handle, env } = await createTestDatabase(engine);
    const person = await buildPerson(handle.db);
    await handle.close();
    const server = await startServer({
      ...env,
      DEMO: '0',
      DATA_DIR: env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'hoctap-overload-')),
      PORT: String(await freePort()),
      HASH_CONCURRENCY: '1',
      HASH_QUEUE_MAX: '10',
      // Every sign-in of the burst fails (unknown numbers): the throttle would otherwise answer 429 before the queue.
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    });
    try {
      const pid = server.child.pid!;
      // Warm: code loaded, pools open, a hash done.
      for (let i = 0; i < 5; i++) expect((await signIn(server.url, nationalForm(person.phone), testPassword)).status).toBe(200);
      const before = residentMb(pid);

      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, residentMb(pid))), 20);
      const burst = await Promise.all(
        Array.from({ length: 1500 }, () =>
          signIn(server.url, nationalForm(nextPhone()), 'sai-mat-khau-roi').then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), code: ((await r.json()) as { error: { code: string } }).error.code })),
        ),
      );
      clearInterval(sampler);

      const statuses = new Set(burst.map((b) => b.status));
      expect([...statuses].sort()).toEqual([401, 503]);
      const refused = burst.filter((b) => b.status === 503);
      expect(refused.length).toBeGreaterThan(1000);
      expect(refused.every((b) => b.retryAfter === '5' && b.code === 'overloaded')).toBe(true);
      // Without bound, 1,500 waiting hashes would hold their requests, and 19 MiB each once running.
      expect(peak - before).toBeLessThan(150);

      const after = await signIn(server.url, nationalForm(person.phone), testPassword);
      expect(after.status).toBe(200);
      expect(server.child.exitCode).toBeNull();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
