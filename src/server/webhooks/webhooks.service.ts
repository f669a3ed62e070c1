/**
 * Webhooks: admins register receivers for a unit's subtree; each event becomes a
 * delivery per matching receiver, signed per Standard Webhooks (webhook-id,
 * webhook-timestamp, webhook-signature v1 HMAC-SHA256) and sent from the durable
 * job queue, retried with backoff and jitter for about a day, with every attempt
 * in a log. What leaves goes through outbound.ts (allow-list, no private
 * addresses, pinned connection, no redirects, timeout).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { UserId, WebhookDeliveryId, WebhookId } from '../../shared/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/database.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { AuthorizedUnit } from '../http/access.js';
import { grantsReach, reachRoots, type ScopedGrant } from '../grants/grants.service.js';
import { enqueueJob } from '../jobs/jobs.queries.js';
import { backoffWithJitter, type JobKind } from '../jobs/jobs.service.js';
import type { EventUnit, PublishedEvent, WebhookEventType } from '../integrations/integrations.schema.js';
import { webhookEventTypes } from '../integrations/integrations.schema.js';
import { checkTarget, type OutboundNetwork, type OutboundRules, postPinned, TargetRefused } from './outbound.js';
import {
  deleteEndpoint,
  deliveryCounts,
  type EndpointRow,
  findDelivery,
  findDeliveriesOf,
  findDeliveryToSend,
  findEndpoints,
  insertDelivery,
  insertEndpoint,
  recordAttempt,
  setDeliveryStatus,
  updateEndpoint,
} from './webhooks.queries.js';

export { webhookDeliveriesPersonalData } from './webhooks.queries.js';
export { systemNetwork, type OutboundNetwork } from './outbound.js';

export const webhookDeliveryJob = 'webhook_delivery';

export interface WebhookSettings {
  rules: OutboundRules;
  network: OutboundNetwork;
  timeoutMs: number;
}

/** 45 s, 1.5 min, 3 min, … doubling, ±20 %: the 12th and last try comes about a day (20–31 hours) after the first. */
const retryDelayMs = backoffWithJitter(45_000, 12);

const iso = (ms: number) => new Date(ms).toISOString();
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

interface Actor {
  userId: UserId;
  grants: readonly ScopedGrant[];
  ip: string;
  now: number;
}

/** The webhook body: Standard Webhooks' {type, timestamp, data}, with ids and titles only (never a phone or a name). */
function bodyOf(event: PublishedEvent, unit: EventUnit): string {
  const base = { learnerId: event.userId, unitCode: unit.code };
  const data =
    event.type === 'learner.registered'
      ? base
      : event.type === 'course.completed'
        ? { ...base, course: { id: event.courseId, title: event.courseTitle } }
        : event.type === 'certificate.issued' || event.type === 'certificate.revoked'
          ? { ...base, course: { id: event.courseId, title: event.courseTitle }, certificate: { code: event.certificateCode } }
          : null;
  return JSON.stringify({ type: event.type, timestamp: iso(event.at), data });
}

const isWebhookEvent = (type: string): type is WebhookEventType => (webhookEventTypes as readonly string[]).includes(type);

/** In the fan-out transaction: a delivery (and its job) for each active endpoint that hears this event in this unit. */
export async function queueWebhookDeliveries(trx: Tx, event: PublishedEvent, unit: EventUnit, now: number): Promise<void> {
  if (!isWebhookEvent(event.type)) return;
  const endpoints = await findEndpoints(trx, { activeOnly: true });
  for (const endpoint of endpoints) {
    if (!unit.path.startsWith(endpoint.unit_path) || !(JSON.parse(endpoint.events) as string[]).includes(event.type)) continue;
    const id = await insertDelivery(trx, { endpoint_id: endpoint.id, event_id: event.id, event_type: event.type, body: bodyOf(event, unit), user_id: event.userId, created_at: now });
    if (id !== undefined) await enqueueJob(trx, { kind: webhookDeliveryJob, payload: { deliveryId: id }, userId: event.userId, now });
  }
}

/** One attempt of one delivery; a failed attempt throws so that the queue tries again later, until the schedule ends. */
export function webhookDeliveryKind(deps: { db: Db; clock: Clock; settings: WebhookSettings }): JobKind {
  const { db, clock, settings } = deps;
  return {
    retryDelayMs,
    run: async (payload, { attempt }) => {
      const id = (payload as { deliveryId: WebhookDeliveryId }).deliveryId;
      const delivery = await findDeliveryToSend(db, id);
      if (!delivery || delivery.status !== 'pending') return;
      const at = clock.now();
      if (delivery.disabled_at !== null) {
        await recordAttempt(db, id, { at, statusCode: null, error: 'endpoint_disabled', durationMs: 0, excerpt: null }, 'failed');
        return;
      }
      let outcome;
      try {
        const target = await checkTarget(delivery.url, settings.rules, settings.network);
        const signature = new Webhook(delivery.secret).sign(delivery.event_id, new Date(at), delivery.body);
        outcome = await postPinned(
          target,
          delivery.body,
          { 'webhook-id': delivery.event_id, 'webhook-timestamp': String(Math.floor(at / 1000)), 'webhook-signature': signature },
          settings.timeoutMs,
        );
      } catch (error) {
        if (!(error instanceof TargetRefused)) throw error;
        outcome = { status: null, error: error.code, excerpt: null, durationMs: 0 };
      }
      const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
      const status = ok ? 'delivered' : retryDelayMs(attempt) === null ? 'failed' : 'pending';
      await recordAttempt(db, id, { at, statusCode: outcome.status, error: outcome.error, durationMs: outcome.durationMs, excerpt: outcome.excerpt }, status);
      if (status === 'pending') throw new Error(`webhook delivery ${id}: ${outcome.error ?? `HTTP ${outcome.status}`}`);
    },
  };
}

function reachableEndpoint(endpoint: EndpointRow | undefined, grants: readonly ScopedGrant[]): EndpointRow {
  // Outside the admin's reach is the same answer as missing: ids of other units' webhooks are not probed.
  if (!endpoint || !grantsReach(grants, 'admin', endpoint.unit_path)) throw notFound('webhook_not_found');
  return endpoint;
}

async function present(db: Db, endpoints: readonly EndpointRow[]) {
  const counts = await deliveryCounts(db, endpoints.map((e) => e.id));
  return endpoints.map((e) => {
    const of = (status: string) => Number(counts.find((c) => c.endpoint_id === e.id && c.status === status)?.count ?? 0);
    return {
      id: e.id as WebhookId,
      url: e.url,
      events: JSON.parse(e.events) as WebhookEventType[],
      description: e.description,
      unit: { code: e.unit_code, name: e.unit_name, fullName: e.unit_full_name, kind: e.unit_kind },
      status: e.disabled_at === null ? ('active' as const) : ('disabled' as const),
      createdAt: iso(e.created_at),
      deliveries: { pending: of('pending'), delivered: of('delivered'), failed: of('failed') },
    };
  });
}

/** The unit of a webhook, for the policy of routes acting on one; a missing one is a 404. */
export async function unitCodeOfWebhook(db: Db, id: WebhookId | undefined): Promise<string> {
  const [endpoint] = id === undefined ? [] : await findEndpoints(db, { id });
  if (!endpoint) throw notFound('webhook_not_found');
  return endpoint.unit_code;
}

export async function unitCodeOfDelivery(db: Db, id: WebhookDeliveryId | undefined): Promise<string> {
  const delivery = id === undefined ? undefined : await findDelivery(db, id);
  if (!delivery) throw notFound('webhook_delivery_not_found');
  return unitCodeOfWebhook(db, delivery.endpoint_id as WebhookId);
}

async function checkUrl(url: string, settings: WebhookSettings): Promise<void> {
  try {
    await checkTarget(url, settings.rules, settings.network);
  } catch (error) {
    if (error instanceof TargetRefused) throw badRequest(error.code, {}, 'url');
    throw error;
  }
}

export async function registerWebhook(
  db: Db,
  settings: WebhookSettings,
  unit: AuthorizedUnit,
  input: { url: string; events: readonly WebhookEventType[]; description: string },
  actor: Actor,
) {
  const url = input.url.trim();
  await checkUrl(url, settings);
  const secret = newSecret();
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertEndpoint(trx, { url, events: input.events, unitId: unit.id, secret, description: input.description.trim(), createdBy: actor.userId, now: actor.now });
    // The URL and events, never the secret.
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'webhook.create', unitId: unit.id, details: { webhookId: id, url, events: input.events.join(',') }, ip: actor.ip });
    return id;
  });
  const [view] = await present(db, await findEndpoints(db, { id }));
  return { ...view!, secret };
}

export async function listWebhooks(db: Db, grants: readonly ScopedGrant[]) {
  return { webhooks: await present(db, await findEndpoints(db, { underPaths: reachRoots(grants, 'admin') })) };
}

type Change = { kind: 'disable' } | { kind: 'enable' } | { kind: 'rotate' } | { kind: 'delete' };

async function changeWebhook(db: Db, id: WebhookId, change: Change, actor: Actor): Promise<{ secret?: string }> {
  const secret = change.kind === 'rotate' ? newSecret() : undefined;
  await db.transaction().execute(async (trx) => {
    const [found] = await findEndpoints(trx, { id });
    const endpoint = reachableEndpoint(found, actor.grants);
    if (change.kind === 'delete') await deleteEndpoint(trx, id);
    else if (change.kind === 'rotate') await updateEndpoint(trx, id, { secret });
    else await updateEndpoint(trx, id, { disabled_at: change.kind === 'disable' ? (endpoint.disabled_at ?? actor.now) : null });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: `webhook.${change.kind}`, unitId: endpoint.unit_id, details: { webhookId: id, url: endpoint.url }, ip: actor.ip });
  });
  return { secret };
}

export async function setWebhookEnabled(db: Db, id: WebhookId, enabled: boolean, actor: Actor) {
  await changeWebhook(db, id, { kind: enabled ? 'enable' : 'disable' }, actor);
  const [view] = await present(db, await findEndpoints(db, { id }));
  return view!;
}

export async function rotateWebhookSecret(db: Db, id: WebhookId, actor: Actor): Promise<{ secret: string }> {
  return { secret: (await changeWebhook(db, id, { kind: 'rotate' }, actor)).secret! };
}

export async function deleteWebhook(db: Db, id: WebhookId, actor: Actor): Promise<void> {
  await changeWebhook(db, id, { kind: 'delete' }, actor);
}

export async function listDeliveries(db: Db, id: WebhookId, grants: readonly ScopedGrant[]) {
  const [found] = await findEndpoints(db, { id });
  reachableEndpoint(found, grants);
  const { deliveries, attempts } = await findDeliveriesOf(db, id, 50);
  return {
    deliveries: deliveries.map((d) => ({
      id: d.id as WebhookDeliveryId,
      eventId: d.event_id,
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.last_status_code,
      createdAt: iso(d.created_at),
      log: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({ at: iso(a.attempted_at), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms, excerpt: a.response_excerpt })),
    })),
  };
}

/** "Send again": the same message (same webhook-id, same body) on a fresh retry schedule; the caller kicks the runner. */
export async function resendDelivery(db: Db, id: WebhookDeliveryId, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const delivery = await findDelivery(trx, id);
    if (!delivery) throw notFound('webhook_delivery_not_found');
    const [found] = await findEndpoints(trx, { id: delivery.endpoint_id as WebhookId });
    const endpoint = reachableEndpoint(found, actor.grants);
    if (endpoint.disabled_at !== null) throw new AppError('webhook_disabled', 409);
    if (delivery.status === 'pending') throw new AppError('webhook_delivery_pending', 409);
    await setDeliveryStatus(trx, id, 'pending', actor.now);
    await enqueueJob(trx, { kind: webhookDeliveryJob, payload: { deliveryId: id }, userId: null, now: actor.now });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'webhook.resend', unitId: endpoint.unit_id, details: { webhookId: endpoint.id, deliveryId: id }, ip: actor.ip });
  });
}
