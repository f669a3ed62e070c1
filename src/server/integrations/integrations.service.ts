/**
 * The transactional outbox. A producer calls publishEvent inside the transaction
 * that makes the change, so the event exists exactly when the change committed:
 * a rolled-back registration sends nothing, a restart loses nothing. The event is
 * one row in the durable job queue; its job (run by one process, under a lease)
 * fans it out into webhook deliveries and xAPI statements, each its own job with
 * its own retries.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/database.js';
import { enqueueJob } from '../jobs/jobs.queries.js';
import { backoffWithJitter, type JobKind } from '../jobs/jobs.service.js';
import { findUnitByCode } from '../units/units.service.js';
import { homeUnitCodeOf } from '../users/users.service.js';
import { queueWebhookDeliveries } from '../webhooks/webhooks.service.js';
import { queueXapiStatements, type XapiSettings } from '../xapi/xapi.service.js';
import { type IntegrationEvent, type PublishedEvent, webhookEventTypes } from './integrations.schema.js';

export const integrationEventJob = 'integration_event';

/** Records the event in the caller's transaction; the job runner picks it up after the commit (at the latest on its next poll). */
export async function publishEvent(trx: Tx, event: IntegrationEvent, now: number): Promise<void> {
  const published: PublishedEvent = { ...event, id: randomUUID() };
  await enqueueJob(trx, { kind: integrationEventJob, payload: published, userId: event.userId, now });
}

export interface FanOutDeps {
  db: Db;
  clock: Clock;
  /** null: no LRS configured, no statements. */
  xapi: XapiSettings | null;
}

/** Turns one event into its deliveries, in one transaction; running it twice makes no second delivery. */
export function integrationEventKind(deps: FanOutDeps): JobKind {
  return {
    retryDelayMs: backoffWithJitter(10_000, 8),
    run: async (payload) => {
      const event = payload as PublishedEvent;
      // Most events are lessons and quizzes, which only an LRS hears: without one, nothing to look up.
      if (!deps.xapi && !(webhookEventTypes as readonly string[]).includes(event.type)) return;
      const unit = await findUnitByCode(deps.db, await homeUnitCodeOf(deps.db, event.userId));
      if (!unit) return;
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        await queueWebhookDeliveries(trx, event, { id: unit.id, code: unit.code, path: unit.path }, now);
        if (deps.xapi) await queueXapiStatements(trx, deps.xapi, event, now);
      });
    },
  };
}
