import { sql } from 'kysely';
import type { UnitId, UserId, WebhookDeliveryId, WebhookId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonalDataHandler } from '../db/personal-data.js';
import type { WebhookDeliveriesTable } from './webhooks.table.js';

const endpointColumns = [
  'e.id',
  'e.url',
  'e.events',
  'e.description',
  'e.disabled_at',
  'e.created_at',
  'e.unit_id',
  'u.code as unit_code',
  'u.name as unit_name',
  'u.full_name as unit_full_name',
  'u.kind as unit_kind',
  'u.path as unit_path',
] as const;

export async function insertEndpoint(
  db: DbOrTx,
  row: { url: string; events: readonly string[]; unitId: UnitId; secret: string; description: string; createdBy: UserId; now: number },
): Promise<WebhookId> {
  const inserted = await db
    .insertInto('webhook_endpoints')
    .values({ url: row.url, events: JSON.stringify(row.events), unit_id: row.unitId, secret: row.secret, description: row.description, disabled_at: null, created_by: row.createdBy, created_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id) as WebhookId;
}

export function findEndpoints(db: DbOrTx, filter: { id?: WebhookId; underPaths?: readonly string[]; activeOnly?: boolean }) {
  let query = db.selectFrom('webhook_endpoints as e').innerJoin('units as u', 'u.id', 'e.unit_id').select(endpointColumns);
  if (filter.id !== undefined) query = query.where('e.id', '=', filter.id);
  if (filter.activeOnly) query = query.where('e.disabled_at', 'is', null);
  if (filter.underPaths) {
    const paths = filter.underPaths;
    if (paths.length === 0) return Promise.resolve([]);
    query = query.where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))));
  }
  return query.orderBy('e.id').execute();
}
export type EndpointRow = Awaited<ReturnType<typeof findEndpoints>>[number];

export async function deliveryCounts(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('endpoint_id', 'in', ids)
    .groupBy(['endpoint_id', 'status'])
    .execute();
}

export async function updateEndpoint(db: DbOrTx, id: WebhookId, set: { disabled_at?: number | null; secret?: string }): Promise<void> {
  await db.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
}

export async function deleteEndpoint(db: DbOrTx, id: WebhookId): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/** Inserts the delivery unless this endpoint already has one for this event; returns the new id, if any. */
export async function insertDelivery(
  db: DbOrTx,
  row: Pick<WebhookDeliveriesTable, 'endpoint_id' | 'event_id' | 'event_type' | 'body' | 'user_id' | 'created_at'>,
): Promise<WebhookDeliveryId | undefined> {
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values({ ...row, status: 'pending', last_status_code: null, finished_at: null })
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? (Number(inserted.id) as WebhookDeliveryId) : undefined;
}

export async function findDeliveryToSend(db: DbOrTx, id: WebhookDeliveryId) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.event_id', 'd.body', 'd.status', 'e.url', 'e.secret', 'e.disabled_at'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export async function findDelivery(db: DbOrTx, id: WebhookDeliveryId) {
  return db.selectFrom('webhook_deliveries').select(['id', 'endpoint_id', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function recordAttempt(
  db: DbOrTx,
  id: WebhookDeliveryId,
  attempt: { at: number; statusCode: number | null; error: string | null; durationMs: number; excerpt: string | null },
  status: WebhookDeliveriesTable['status'],
): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({ delivery_id: id, attempted_at: attempt.at, status_code: attempt.statusCode, error: attempt.error, duration_ms: attempt.durationMs, response_excerpt: attempt.excerpt })
    .execute();
  await db
    .updateTable('webhook_deliveries')
    .set({ attempts: sql`attempts + 1`, last_status_code: attempt.statusCode, status, finished_at: status === 'pending' ? null : attempt.at })
    .where('id', '=', id)
    .execute();
}

export async function setDeliveryStatus(db: DbOrTx, id: WebhookDeliveryId, status: WebhookDeliveriesTable['status'], now: number): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ status, finished_at: status === 'pending' ? null : now }).where('id', '=', id).execute();
}

export async function findDeliveriesOf(db: DbOrTx, endpointId: WebhookId, limit: number) {
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_id', 'event_type', 'status', 'attempts', 'last_status_code', 'created_at'])
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const ids = deliveries.map((d) => d.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .select(['delivery_id', 'attempted_at', 'status_code', 'error', 'duration_ms', 'response_excerpt'])
          .where('delivery_id', 'in', ids)
          .orderBy('id')
          .execute();
  return { deliveries, attempts };
}

export const webhookDeliveriesPersonalData: PersonalDataHandler = {
  table: 'webhook_deliveries',
  // What was sent about the person and when; the body holds only ids and course titles.
  export: (db, userId) => db.selectFrom('webhook_deliveries').select(['event_type', 'body', 'status', 'created_at']).where('user_id', '=', userId).execute(),
  erase: async (trx, userId) => {
    await trx.deleteFrom('webhook_deliveries').where('user_id', '=', userId).execute();
  },
};
