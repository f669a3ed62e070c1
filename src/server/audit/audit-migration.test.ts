/** The migration that chained the audit log: entries written before it are chained as the service would chain them. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { engines } from '../../../test/databases.js';
import { connectDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrations } from '../db/migrations.js';
import { entryHash, genesisHash } from './audit-chain.js';
import { recordAudit, verifyAuditChain } from './audit.service.js';

async function emptyDatabase(engine: string): Promise<DatabaseHandle> {
  if (engine === 'sqlite') return connectDatabase({ databaseUrl: null, sqlitePath: path.join(mkdtempSync(path.join(os.tmpdir(), 'audit-mig-')), 'db.sqlite'), poolSize: 1 });
  const server = inject('postgresServerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return connectDatabase({ databaseUrl: `${server}/${name}`, sqlitePath: '', poolSize: 2 });
}

describe.each(engines)('chaining the audit log on %s', (engine) => {
  it('chains the entries written before the migration in id order, so that verify passes and new entries follow on', async () => {
    const handle = await emptyDatabase(engine);
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    const names = Object.keys(migrations);
    const chain = names.indexOf('20261206_100000_chain_audit_log');
    expect((await migrator.migrateTo(names[chain - 1]!)).error).toBeUndefined();
    const unit = await sql<{ id: number }>`select id from units limit 1`.execute(handle.db);
    const unitId = unit.rows[0]?.id ?? null;
    for (const [i, action] of ['account.register', 'grant.create', 'people.list'].entries()) {
      await sql`insert into audit_log (at, actor_user_id, action, subject_user_id, unit_id, details, ip)
        values (${1_760_000_000_000 + i}, ${null}, ${action}, ${null}, ${i === 2 ? unitId : null}, ${JSON.stringify({ i, note: 'Việt' })}, ${i === 0 ? '203.0.113.9' : null})`.execute(handle.db);
    }
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const rows = await handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['account.register', 'grant.create', 'people.list']);
    expect(rows[0]!.prev_hash).toBe(genesisHash);
    for (const row of rows) expect(row.hash).toBe(entryHash(row, row.prev_hash));
    await recordAudit(handle.db, { at: Date.now(), actorUserId: null, action: 'after' });
    expect(await verifyAuditChain(handle.db)).toMatchObject({ entries: 4, broken: null });
    await handle.close();
  }, 120_000);
});
