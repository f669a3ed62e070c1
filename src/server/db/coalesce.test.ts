import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.js';
import { coalesced } from './coalesce.js';

describe.each(engines)('reads coalesced on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.handle.close());

  const unitsByCode = coalesced<string, { code: string; name: string }>({
    keyOf: String,
    rowKeyOf: (row) => row.code,
    query: (db, codes) => db.selectFrom('units').select(['code', 'name']).where('code', 'in', codes),
  });
  // An object key: each field is a parameter of its own (row-value IN), fields in any order.
  const unitsByParentAndKind = coalesced<{ parentCode: string; kind: string }, { code: string; parent_code: string; kind: string }>({
    keyOf: (k) => `${k.parentCode}:${k.kind}`,
    rowKeyOf: (row) => `${row.parent_code}:${row.kind}`,
    query: (db, keys) =>
      db
        .selectFrom('units as u')
        .innerJoin('units as p', 'p.id', 'u.parent_id')
        .select(['u.code', 'p.code as parent_code', 'u.kind'])
        .where((eb) => eb(eb.refTuple('p.code', 'u.kind'), 'in', keys.map((k) => eb.tuple(k.parentCode, k.kind as never)))),
  });

  it('gives each request its own rows, whatever the size of the batch its query was compiled for', async () => {
    const db = database.handle.db;
    const all = await db.selectFrom('units').select(['code', 'name']).orderBy('code').limit(6).execute();
    const [a, b, c, d] = all;
    // Batches of 1, 3 (one code twice) and 4 keys, the 3-key batch twice with other keys: each size compiles once.
    for (const batch of [[a!], [b!, c!, b!], [d!, a!, c!, b!], [c!, d!, a!]]) {
      const answers = await Promise.all([...batch.map((unit) => unitsByCode(db, unit.code)), unitsByCode(db, 'no-such-unit')]);
      expect(answers).toEqual([...batch.map((unit) => [unit]), []]);
    }
    // Inside a transaction the one key is read on the transaction.
    await db.transaction().execute(async (trx) => expect(await unitsByCode(trx, d!.code)).toEqual([d]));
  });

  it('reads object keys field by field', async () => {
    const db = database.handle.db;
    const province = await db.selectFrom('units').select(['id', 'code']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const children = await db.selectFrom('units').select(['code', 'kind']).where('parent_id', '=', province.id).execute();
    const kinds = [...new Set(children.map((u) => u.kind))];
    const keys = [...kinds.map((kind) => ({ parentCode: province.code, kind })), { kind: 'ward', parentCode: 'no-such-unit' }];
    const answers = await Promise.all(keys.map((key) => unitsByParentAndKind(db, key)));
    for (const [i, key] of keys.entries()) {
      expect(answers[i]!.map((row) => row.code).sort()).toEqual(children.filter((u) => u.kind === key.kind && key.parentCode === province.code).map((u) => u.code).sort());
    }
    expect(answers.at(-1)).toEqual([]);
  });

  it('refuses a query that changes its keys instead of passing them on (their places would be lost)', async () => {
    const shifted = coalesced<string, { code: string }>({
      keyOf: String,
      rowKeyOf: (row) => row.code,
      query: (db, codes) => db.selectFrom('units').select('code').where('code', 'in', codes.map((code) => `${code}x`)),
    });
    await expect(shifted(database.handle.db, '91')).rejects.toThrow(/expected 1 parameters/);
  });
});
