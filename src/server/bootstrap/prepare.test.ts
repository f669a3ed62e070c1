import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { TestClock } from '../../../test/test-app.js';
import { connectDatabase } from '../db/connect.js';
import { migrations } from '../db/migrations.js';
import { prepareDatabase } from './prepare.js';
import { loadConfig } from '../config.js';
import { campaignRanking } from '../campaigns/campaigns.service.js';
import { unitDashboard } from '../dashboards/dashboards.service.js';
import { recomputeRollups, storedRollups } from '../rollups/rollups.service.js';
import { findUnitByCode } from '../units/units.service.js';

describe('the migration list', () => {
  it('names every file in migrations/, in order, by timestamp', () => {
    const files = readdirSync(path.join(import.meta.dirname, '../db/migrations')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(Object.keys(migrations)).toEqual(files);
    for (const name of files) expect(name).toMatch(/^\d{8}_\d{6}_[a-z_]+$/);
  });
});

describe.each(engines)('migrations on %s', (engine) => {
  it('bring a database up to date once and find nothing to do the second time', async () => {
    const { handle } = await createTestDatabase(engine);
    try {
      const again = await prepareDatabase(handle, { demo: null, backupDir: null, clock: new TestClock() });
      expect(again.applied).toEqual([]);
      const executed = await new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } }).getMigrations();
      expect(executed.every((m) => m.executedAt !== undefined)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('seed the demo only when asked, and only into an empty database', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const config = loadConfig({ ...env });
    try {
      const first = await prepareDatabase(handle, { demo: config, backupDir: null, clock: new TestClock() });
      expect(first.demoSeeded).toBe(true);
      const grants = await handle.db.selectFrom('role_grants').select('role').execute();
      expect(new Set(grants.map((g) => g.role))).toEqual(new Set(['helper', 'author', 'manager', 'campaign_lead', 'organiser', 'admin']));
      expect((await prepareDatabase(handle, { demo: config, backupDir: null, clock: new TestClock() })).demoSeeded).toBe(false);
      const published = await handle.db.selectFrom('published_courses').select('title').execute();
      expect(published.map((c) => c.title).sort()).toEqual(['Dùng ứng dụng Học tập suốt đời', 'Kỹ năng số cơ bản: dùng điện thoại thông minh an toàn', 'Trí tuệ nhân tạo cho mọi người']);
      // Issue 13: the khóm of Phường Long Xuyên and its team, led by the demo helper, covering the first two.
      const hamlets = await handle.db.selectFrom('units as h').innerJoin('units as w', 'w.id', 'h.parent_id').select(['h.code', 'h.name']).where('w.code', '=', '30307').where('h.kind', '=', 'hamlet').orderBy('h.sort_order').execute();
      expect(hamlets).toEqual([
        { code: '30307.H1', name: 'Khóm Đông Thịnh' },
        { code: '30307.H2', name: 'Khóm Đông An' },
        { code: '30307.H3', name: 'Khóm Bình Khánh' },
      ]);
      const team = await handle.db
        .selectFrom('helper_teams')
        .innerJoin('users as leader', 'leader.id', 'helper_teams.leader_user_id')
        .innerJoin('users as maker', 'maker.id', 'helper_teams.created_by')
        .select(['helper_teams.id', 'helper_teams.name', 'leader.phone as leader', 'maker.phone as maker'])
        .executeTakeFirstOrThrow();
      expect(team).toMatchObject({ name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', leader: '+84900000002', maker: '+84900000004' });
      const covered = await handle.db.selectFrom('helper_team_hamlets').innerJoin('units', 'units.id', 'helper_team_hamlets.hamlet_id').select('units.code').where('team_id', '=', team.id).orderBy('units.code').execute();
      expect(covered.map((h) => h.code)).toEqual(['30307.H1', '30307.H2']);
      // Issue 14 (tasks, budget, news): the launch plan's tasks, its budget and two public posts.
      const launch = await handle.db.selectFrom('events').select('id').where('slug', '=', 'le-phat-dong-binh-dan-hoc-vu-so').executeTakeFirstOrThrow();
      const tasks = await handle.db.selectFrom('event_tasks').innerJoin('units', 'units.id', 'event_tasks.unit_id').select(['units.code', 'event_tasks.status']).where('event_id', '=', launch.id).execute();
      expect(tasks.length).toBeGreaterThanOrEqual(15);
      expect(new Set(tasks.map((x) => x.code))).toEqual(new Set(['91', 'ORG.SKHCN', 'ORG.SGDDT', 'ORG.TDTN', 'ORG.VNPT', '30307']));
      expect(await handle.db.selectFrom('event_budget_lines').select('id').where('event_id', '=', launch.id).execute()).toHaveLength(8);
      expect((await handle.db.selectFrom('news_posts').select('status').execute()).map((p) => p.status)).toEqual(['published', 'published']);
      // Issue 14, launch area: the ceremony's launch button, pressed by three leaders, two presses needed.
      const launchButton = await handle.db
        .selectFrom('event_launches')
        .innerJoin('events', 'events.id', 'event_launches.event_id')
        .select(['event_launches.event_id', 'event_launches.presses_needed', 'event_launches.launched_at'])
        .where('events.slug', '=', 'le-phat-dong-binh-dan-hoc-vu-so')
        .executeTakeFirstOrThrow();
      expect(launchButton).toMatchObject({ presses_needed: 2, launched_at: null });
      const pressers = await handle.db.selectFrom('event_launch_leaders').innerJoin('users', 'users.id', 'event_launch_leaders.user_id').select('users.phone').where('event_id', '=', launchButton.event_id).orderBy('position').execute();
      expect(pressers.map((l) => l.phone)).toEqual(['+84900000061', '+84900000062', '+84900000063']);
    } finally {
      await handle.close();
    }
  });
});

describe.each(engines)('the demo on %s', (engine) => {
  it('looks alive: a few hundred learners with completions and certificates over four weeks, and rollups that equal a recomputation', async () => {
    const { handle, env } = await createTestDatabase(engine);
    const clock = new TestClock();
    try {
      const started = performance.now();
      expect((await prepareDatabase(handle, { demo: loadConfig({ ...env }), backupDir: null, clock })).demoSeeded).toBe(true);
      const seconds = (performance.now() - started) / 1000;
      console.info(`demo seed on ${engine}: ${seconds.toFixed(1)} s`);

      const province = (await findUnitByCode(handle.db, '91'))!;
      const { totals, series, children } = await unitDashboard(handle.db, province, { now: clock.now(), smallGroupMin: 5 });
      expect(totals.registered).toBeGreaterThanOrEqual(200);
      expect(totals.completed).toBeGreaterThan(0);
      expect(totals.certified).toBe(totals.completed);
      expect(totals.active7d).toBeGreaterThan(20);
      // Spread over the four weeks, and over the province's communes.
      expect(series.filter((d) => Number(d.registered) > 0).length).toBeGreaterThanOrEqual(20);
      expect(children.filter((c) => Number(c.registered) > 0).length).toBeGreaterThanOrEqual(20);
      const ward = await unitDashboard(handle.db, (await findUnitByCode(handle.db, '30307'))!, { now: clock.now(), smallGroupMin: 5 });
      expect(ward.totals.registered).toBeGreaterThanOrEqual(50);
      expect(ward.totals.completed).toBeGreaterThan(0);
      // A live campaign ranks the communes that have learners.
      const [campaign] = await handle.db.selectFrom('campaigns').select(['id', 'status']).execute();
      expect(campaign!.status).toBe('live');
      const ranking = await campaignRanking(handle.db, campaign!.id, clock.now(), 5);
      expect(ranking.units.length).toBeGreaterThanOrEqual(20);
      expect(ranking.units[0]!.achievedPercent).toBeGreaterThan(0);
      // Nothing in the future of the demo clock.
      const latest = await handle.db.selectFrom('progress_events').select((eb) => eb.fn.max('client_at').as('at')).executeTakeFirstOrThrow();
      expect(Number(latest.at)).toBeLessThanOrEqual(clock.now());

      expect(await storedRollups(handle.db)).toEqual(await recomputeRollups(handle.db));
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe('migrations on an existing SQLite database', () => {
  it('take a backup first, and roll back entirely when one fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-migrate-'));
    const handle = connectDatabase({ databaseUrl: null, sqlitePath: path.join(dir, 'old.sqlite'), poolSize: 1 });
    const names = Object.keys(migrations);
    const firstOnly = new Migrator({ db: handle.db, provider: { getMigrations: async () => ({ [names[0]!]: migrations[names[0]!]! }) } });
    await firstOnly.migrateToLatest();

    const failing = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => ({ ...migrations, '29991231_000000_breaks': { up: async () => { throw new Error('boom'); } } }) },
    });
    const outcome = await failing.migrateToLatest();
    expect(outcome.error).toBeDefined();
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('users');

    const prepared = await prepareDatabase(handle, { demo: null, backupDir: path.join(dir, 'backups'), clock: new TestClock() });
    expect(prepared.applied).toEqual(names.slice(1));
    expect(prepared.backupPath && existsSync(prepared.backupPath)).toBe(true);
    await handle.close();
  });
});
