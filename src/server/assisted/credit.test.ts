/**
 * Helpers' credit on the demo data: each team member's sign-ups, classes, attendees and resolved requests, as the
 * helper sees them and as a manager does, equal to a count made straight from the raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith, signIn } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { demoAccounts, demoPassword, seedDemo } from '../bootstrap/demo.seed.js';
import { MediaStore } from '../media/media-store.js';

const dayMs = 86_400_000;

describe.each(engines)("helpers' credit on %s", (engine) => {
  let t: TestApp;
  let helper: Actor;
  let manager: Actor;
  let helperId: number;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await seedDemo({ db: t.db, store: new MediaStore(t.config.mediaDir), config: t.config }, t.clock.now());
    helper = await signIn(t, demoAccounts.find((a) => a.role === 'helper')!.phone, demoPassword);
    manager = await signIn(t, demoAccounts.find((a) => a.role === 'manager')!.phone, demoPassword);
    helperId = helper.userId!;
  }, 240_000);
  afterAll(() => t?.close());

  /** The same figures, counted from the raw rows of the last 30 days. */
  async function recount() {
    const from = t.clock.now() - 30 * dayMs;
    const signups = await t.db.selectFrom('assisted_signups').select('id').where('helper_id', '=', helperId as never).where('created_at', '>=', from).execute();
    const classes = await t.db.selectFrom('classes').select('id').where('leader_id', '=', helperId as never).where('closed_at', 'is not', null).where('cancelled_at', 'is', null).where('starts_at', '>=', from).execute();
    const attendees = classes.length === 0 ? [] : await t.db.selectFrom('class_attendance').select('user_id').where('class_id', 'in', classes.map((c) => c.id)).execute();
    const resolved = await t.db.selectFrom('support_requests').select('id').where('resolved_by', '=', helperId as never).where('resolved_at', '>=', from).execute();
    return { signups: signups.length, classes: classes.length, attendees: attendees.length, resolved: resolved.length };
  }

  it('gives the demo helper their own credit, equal to a recount of the raw rows', async () => {
    const response = await helper.get('/api/helper/figures');
    expect(response.statusCode, response.body).toBe(200);
    const [team] = response.json().credit;
    expect(team.name).toBe('Tổ công nghệ số cộng đồng khóm Đông Thịnh');
    const mine = team.helpers.find((h: { userId: number }) => h.userId === helperId);
    const expected = await recount();
    // The demo seeds two sign-ups, one class of three and a resolved request: a recount of nothing would pass too.
    expect(expected).toEqual({ signups: 2, classes: 1, attendees: 3, resolved: 1 });
    expect({ signups: mine.signups, classes: mine.classes, attendees: mine.attendees, resolved: mine.resolved }).toEqual(expected);
  });

  it("shows managers their teams' credit, and nobody else's", async () => {
    const response = await manager.get('/api/units/30307/review/credit');
    expect(response.statusCode, response.body).toBe(200);
    const teams = response.json().teams as { name: string; helpers: { userId: number; signups: number }[] }[];
    expect(teams.map((team) => team.name)).toEqual(['Tổ công nghệ số cộng đồng khóm Đông Thịnh']);
    expect(teams[0]!.helpers.find((h) => h.userId === helperId)?.signups).toBe(2);

    // A period before any of it: the same team, no credit.
    const past = await manager.get('/api/units/30307/review/credit?from=2025-01-01&to=2025-01-31');
    expect(past.json().teams[0].helpers.every((h: { signups: number }) => h.signups === 0)).toBe(true);

    const otherManager = await signedInWith(t, { role: 'manager', unit: '30292' });
    expect((await otherManager.get('/api/units/30307/review/credit')).statusCode).toBe(403);
    expect((await otherManager.get('/api/units/30292/review/credit')).json().teams).toEqual([]);
    expect((await helper.get('/api/units/30307/review/credit')).statusCode).toBe(403);
  });
});
