import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith, signIn } from '../../../test/actors.js';
import { buildAssistedPerson, buildTeam } from '../../../test/assisted-factories.js';
import { engines } from '../../../test/databases.js';
import { buildCourse, nationalForm } from '../../../test/factories.js';
import { insertChildUnits } from '../units/units.reference.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { rebuildRollups } from './rebuild.js';
import { recomputeRollups, storedRollups } from './rollups.service.js';

/** A deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe.each(engines)('rollups on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('match a recomputation from the raw rows exactly after a random workload', async () => {
    const next = random(engine === 'sqlite' ? 7 : 11);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const communes = ['30307', '30292', '30301', '30316'];
    const lessonsOnly = await buildCourse(t.db, { modules: [['Một', 'Hai'], ['Ba']] });
    const withFinal = await buildCourse(t.db, {
      modules: [['Bốn', 'Năm']],
      questions: [{ id: 'q', type: 'true_false', prompt: 'Đúng không?', answer: true }],
      quizzes: [{ kind: 'final', questions: ['q'] }],
      completionRule: 'lessons_and_final',
    });
    const finalQuiz = (await anonymous(t).get(`/api/courses/${withFinal.id}/quizzes`)).json().quizzes[0].id;
    // An organisational unit whose members live anywhere.
    const province = (await t.db.selectFrom('units').select(['id', 'path']).where('code', '=', '91').executeTakeFirstOrThrow());
    await insertChildUnits(t.db, { id: province.id, path: province.path, depth: 0 }, [{ code: 'ORG.TEST', kind: 'department', name: 'Sở Thử nghiệm', fullName: 'Sở Thử nghiệm', sortOrder: 30_000 }], t.clock.now());
    const learners: Actor[] = [];
    for (let i = 0; i < 16; i++) learners.push(await signedInWith(t, { home: pick(communes) }));
    // Learners a helper signed up, through one of two teams: counted as assisted, and toward their team.
    const founder = learners[0]!.userId!;
    const teams = [await buildTeam(t.db, { unitCode: '30307', createdBy: founder }), await buildTeam(t.db, { unitCode: '30292', createdBy: founder })];
    for (let i = 0; i < 8; i++) learners.push(await signIn(t, (await buildAssistedPerson(t.db, { teamId: pick(teams), unitCode: pick(communes), now: t.clock.now() })).phone));

    const sent: { learner: Actor; body: object }[] = [];
    // Phones put on a members list by a manager, and those of them whose owner has since signed in.
    const listed: string[] = [];
    const claimed: string[] = [];
    for (let step = 0; step < 220; step++) {
      const learner = pick(learners);
      const roll = next();
      if (roll < 0.75) {
        const course = pick([lessonsOnly, withFinal]);
        // Up to ten days back: phones replay offline work late and out of order, across day boundaries.
        const at = new Date(t.clock.now() - Math.floor(next() * 10 * 86_400_000)).toISOString();
        const body = { eventId: randomUUID(), lessonId: pick(course.lessonIds), type: next() < 0.6 ? 'completed' : 'opened', at };
        expect((await learner.post('/api/progress', body)).statusCode).toBe(200);
        sent.push({ learner, body });
      } else if (roll < 0.82 && sent.length > 0) {
        const replay = pick(sent);
        expect((await replay.learner.post('/api/progress', replay.body)).statusCode).toBe(200);
      } else if (roll < 0.86) {
        // Someone becomes a member of a unit (a ward, or the Department of Education), in a group.
        const manager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
        const response = await manager.post('/api/units/91/members', {
          fullName: 'Người Học',
          phone: nationalForm(learner.phone!),
          birthYear: '1980',
          unitCode: pick(['30307', '30292', 'ORG.TEST']),
          group: pick(['official', 'youth_union', 'citizen']),
          homeCode: '30307',
        });
        expect(response.statusCode).toBe(201);
      } else if (roll < 0.89) {
        // Someone not yet registered is put on a members list: an account "on the list, not yet signed in".
        const manager = await signedInWith(t, { role: 'manager', unit: '91', home: '30301' });
        const phone = `0913${String(100_000 + listed.length)}`;
        const response = await manager.post('/api/units/91/members', { fullName: 'Người Trong Danh Sách', phone, birthYear: '1975', unitCode: 'ORG.TEST', group: 'worker', homeCode: pick(communes) });
        expect(response.statusCode).toBe(201);
        listed.push(phone);
      } else if (roll < 0.92) {
        const attempt = (await learner.post(`/api/quizzes/${finalQuiz}/attempts`)).json();
        await learner.post(`/api/attempts/${attempt.id}/submit`, { answers: { q: next() < 0.7 } });
      } else {
        expect((await learner.patch('/api/me', { unitCode: pick(communes) })).statusCode).toBe(200);
      }
      // Now and then one of them claims the account by phone and signs in: registered from that day.
      if (next() < 0.08 && claimed.length < listed.length - 1) {
        const phone = listed[claimed.length]!;
        expect((await anonymous(t).post('/api/auth/password-reset', { phone })).statusCode).toBe(202);
        await t.jobsIdle();
        const code = /(\d{6})/.exec(t.outbox.at(-1)!.text)![1]!;
        expect((await anonymous(t).post('/api/auth/password-reset/confirm', { phone, code, newPassword: 'mat-khau-rieng-cua-toi', consent: true })).statusCode).toBe(200);
        claimed.push(phone);
        // Signing in again later changes nothing.
        expect((await anonymous(t).post('/api/auth/login', { phone, password: 'mat-khau-rieng-cua-toi' })).statusCode).toBe(200);
      }
      // Now and then a certificate is revoked (some twice): it stops counting as certified from that day on.
      if (next() < 0.05) {
        const issued = await t.db.selectFrom('certificates').select(['code', 'revoked_at']).orderBy('id').execute();
        if (issued.length > 0) {
          const target = pick(issued);
          // Sessions go idle as the clock moves: an admin of the province signs in for it.
          const admin = await signedInWith(t, { role: 'admin', unit: '91', home: '30301' });
          expect((await admin.post(`/api/certificates/${target.code}/revoke`, { reason: 'Cấp nhầm' })).statusCode).toBe(200);
        }
      }
      if (next() < 0.05) t.clock.advance(Math.floor(next() * 86_400_000));
    }

    const stored = await storedRollups(t.db);
    const recomputed = await recomputeRollups(t.db);
    expect(stored).toEqual(recomputed);
    // The set-wise rebuild (after bulk loads) gives the same tables.
    await rebuildRollups(t.db);
    expect(await storedRollups(t.db)).toEqual(recomputed);
    // And the workload did reach every counter.
    const total = (key: 'enrolled' | 'completed' | 'certified') => stored.unitCourseDaily.reduce((sum, r) => sum + r[key], 0);
    expect(total('enrolled')).toBeGreaterThan(10);
    expect(total('completed')).toBeGreaterThan(3);
    // Every completion was certified; the revoked certificates no longer count.
    const revoked = (await t.db.selectFrom('certificates').select('id').where('revoked_at', 'is not', null).execute()).length;
    expect(revoked).toBeGreaterThan(0);
    expect(total('certified')).toBe(total('completed') - revoked);
    expect(stored.unitDaily.reduce((sum, r) => sum + r.last_active, 0)).toBe(learners.length);
    expect(new Set(stored.unitDaily.map((r) => r.unit_id)).size).toBeGreaterThan(1);
    expect(stored.memberDaily.length).toBeGreaterThan(0);
    expect(stored.memberCourseDaily.reduce((sum, r) => sum + r.completed, 0)).toBeGreaterThan(0);
    // The assisted counters were reached too, and add up with the teams' own.
    const sum = <R>(rows: R[], key: (r: R) => number) => rows.reduce((s, r) => s + key(r), 0);
    expect(sum(stored.unitDaily, (r) => r.registered_assisted)).toBe(8);
    expect(sum(stored.unitDaily, (r) => r.last_active_assisted)).toBe(8);
    expect(sum(stored.teamDaily, (r) => r.registered)).toBe(8);
    expect(sum(stored.teamDaily, (r) => r.last_active)).toBe(8);
    expect(sum(stored.unitCourseDaily, (r) => r.completed_assisted)).toBeGreaterThan(0);
    expect(sum(stored.unitCourseDaily, (r) => r.completed_assisted)).toBeLessThan(total('completed'));
    expect(sum(stored.teamDaily, (r) => r.completed)).toBe(sum(stored.unitCourseDaily, (r) => r.completed_assisted));
    expect(sum(stored.unitCourseDaily, (r) => r.certified_assisted)).toBeLessThanOrEqual(sum(stored.unitCourseDaily, (r) => r.completed_assisted));
    expect(sum(stored.unitCourseDaily, (r) => r.enrolled_assisted)).toBeGreaterThan(0);
    expect(new Set(stored.teamDaily.map((r) => r.team_id)).size).toBe(2);
    // People put on a list count there until they sign in, then as registered (on the day they did).
    expect(listed.length).toBeGreaterThan(2);
    expect(claimed.length).toBeGreaterThan(0);
    expect(claimed.length).toBeLessThan(listed.length);
    expect(sum(stored.unitDaily, (r) => r.listed)).toBe(listed.length - claimed.length);
    const accounts = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(sum(stored.unitDaily, (r) => r.registered)).toBe(Number(accounts.n) - (listed.length - claimed.length));
    // Some 240 requests and a recomputation: more than the default 30 s when the machine is shared.
  }, 180_000);
});
