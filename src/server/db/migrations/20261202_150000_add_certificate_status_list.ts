import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen copies of certificates.queries.ts at the time of writing: a migration must not change with the code.
const LIST_SIZE = 131_072;
const LIST_FILL = 65_536;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certificate_status_entries')
    .addColumn('status_index', 'bigint', (c) => c.primaryKey())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.alterTable('certificates').addColumn('status_index', 'bigint', (c) => c.references('certificate_status_entries.status_index')).execute();
  await db.schema.createIndex('certificates_status_index_unique').on('certificates').column('status_index').unique().execute();

  await giveStatusIndexes(db);
}

/** Certificates without a bit get one, at a random free place (as new ones do); revoked ones have it set. */
export async function giveStatusIndexes(db: Kysely<any>): Promise<void> {
  const existing = await db.selectFrom('certificates').select(['id', 'revoked_at']).where('status_index', 'is', null).orderBy('id').execute();
  const taken = new Set((await db.selectFrom('certificate_status_entries').select('status_index').execute()).map((r) => Number(r.status_index)));
  for (const certificate of existing) {
    const base = Math.floor(taken.size / LIST_FILL) * LIST_SIZE;
    let index: number;
    do index = base + randomInt(LIST_SIZE);
    while (taken.has(index));
    taken.add(index);
    await db.insertInto('certificate_status_entries').values({ status_index: index, revoked_at: certificate.revoked_at }).execute();
    await db.updateTable('certificates').set({ status_index: index }).where('id', '=', certificate.id).execute();
  }
}
