import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { UnitId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

export async function findIssuerSettings(db: DbOrTx, unitId: UnitId) {
  return db.selectFrom('units').select(['certificate_issuer', 'certificate_signatory_name', 'certificate_signatory_title']).where('id', '=', unitId).executeTakeFirstOrThrow();
}

export async function updateIssuerSettings(db: DbOrTx, unitId: UnitId, settings: { issuer: string; signatoryName: string; signatoryTitle: string }): Promise<void> {
  await db
    .updateTable('units')
    .set({ certificate_issuer: settings.issuer, certificate_signatory_name: settings.signatoryName, certificate_signatory_title: settings.signatoryTitle })
    .where('id', '=', unitId)
    .execute();
}

/** Bits per published status list: the W3C minimum (16 KiB), so each list hides its holders in a crowd of 131,072. */
export const STATUS_LIST_SIZE = 131_072;
// A list takes new certificates until half full, so a random free place is found in about two tries at worst.
const STATUS_LIST_FILL = STATUS_LIST_SIZE / 2;

/**
 * A fresh index in the list being filled, at a random place (an index then says nothing about when a certificate
 * was issued). The primary key keeps it unique across processes: a taken place is simply tried again.
 */
export async function allocateStatusIndex(db: DbOrTx): Promise<number> {
  const top = await db.selectFrom('certificate_status_entries').select((eb) => eb.fn.max('status_index').as('top')).executeTakeFirst();
  let list = top?.top == null ? 0 : Math.floor(Number(top.top) / STATUS_LIST_SIZE);
  const start = list * STATUS_LIST_SIZE;
  const used = await db
    .selectFrom('certificate_status_entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status_index', '>=', start)
    .where('status_index', '<', start + STATUS_LIST_SIZE)
    .executeTakeFirstOrThrow();
  if (Number(used.n) >= STATUS_LIST_FILL) list += 1;
  for (;;) {
    const index = list * STATUS_LIST_SIZE + randomInt(STATUS_LIST_SIZE);
    const inserted = await db
      .insertInto('certificate_status_entries')
      .values({ status_index: index, revoked_at: null })
      .onConflict((oc) => oc.column('status_index').doNothing())
      .returning('status_index')
      .execute();
    if (inserted.length > 0) return index;
  }
}

export async function releaseStatusIndex(db: DbOrTx, index: number): Promise<void> {
  await db.deleteFrom('certificate_status_entries').where('status_index', '=', index).execute();
}

export async function setStatusRevoked(db: DbOrTx, index: number, at: number): Promise<void> {
  await db
    .updateTable('certificate_status_entries')
    .set({ revoked_at: sql<number>`coalesce(revoked_at, ${at})` })
    .where('status_index', '=', index)
    .execute();
}

/** The revoked places (0-based within the list) of one list; undefined for a list not started yet. */
export async function revokedInStatusList(db: DbOrTx, list: number): Promise<number[] | undefined> {
  const top = await db.selectFrom('certificate_status_entries').select((eb) => eb.fn.max('status_index').as('top')).executeTakeFirst();
  const lastList = top?.top == null ? 0 : Math.floor(Number(top.top) / STATUS_LIST_SIZE);
  if (list > lastList) return undefined;
  const start = list * STATUS_LIST_SIZE;
  const rows = await db
    .selectFrom('certificate_status_entries')
    .select('status_index')
    .where('revoked_at', 'is not', null)
    .where('status_index', '>=', start)
    .where('status_index', '<', start + STATUS_LIST_SIZE)
    .execute();
  return rows.map((r) => Number(r.status_index) - start);
}
