import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, integerParam, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { UnitCodeParams } from '../units/units.schema.js';
import type { WebhookDeliveryId, WebhookId } from '../../shared/ids.js';
import { DeliveryIdParams, DeliveryList, WebhookBody, WebhookCreated, WebhookIdParams, WebhookList, WebhookSecret, WebhookView } from './webhooks.schema.js';
import {
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  registerWebhook,
  resendDelivery,
  rotateWebhookSecret,
  setWebhookEnabled,
  unitCodeOfDelivery,
  unitCodeOfWebhook,
  type WebhookSettings,
} from './webhooks.service.js';

export async function webhooksRoutes(app: App, deps: { db: Db; clock: Clock; jobs: Pick<JobRunner, 'kick'>; webhooks: WebhookSettings }): Promise<void> {
  const tags = ['webhooks'];
  const actor = async (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, grants: await viewerOf(request).grants(), ip: request.ip, now: deps.clock.now() });
  const ofWebhook = allow.roleOnUnit('admin', (request) => unitCodeOfWebhook(deps.db, integerParam<WebhookId>(request, 'id')));

  app.get(
    '/api/webhooks',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags,
        summary: 'Webhooks the admin reaches',
        description: 'Every registered receiver on a unit within the calling admin\'s grants, with its status and how many deliveries are pending, delivered and failed. Secrets are never listed.',
        response: { 200: WebhookList, ...errorResponses },
      },
    },
    async (request) => listWebhooks(deps.db, await viewerOf(request).grants()),
  );

  app.post(
    '/api/units/:code/webhooks',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: "Register a webhook for the unit's subtree",
        description:
          'Events about learners of this unit and the units below it are POSTed to the URL, signed per Standard Webhooks. The URL must be https, its host on WEBHOOK_ALLOWED_HOSTS and resolve only to public addresses. The answer carries the signing secret, shown this once.',
        params: UnitCodeParams,
        body: WebhookBody,
        response: { 201: WebhookCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await registerWebhook(deps.db, deps.webhooks, authorizedUnitOf(request), request.body, await actor(request))),
  );

  for (const [path, enabled, summary] of [
    ['disable', false, 'Disable a webhook'],
    ['enable', true, 'Enable a webhook again'],
  ] as const) {
    app.post(
      `/api/webhooks/:id/${path}`,
      {
        config: { policy: ofWebhook },
        schema: {
          tags,
          summary,
          description: enabled
            ? 'New events are delivered to the receiver again; events that happened while it was disabled are not.'
            : 'No new deliveries are made and pending ones fail; the log is kept. Admins of the webhook\'s unit or above.',
          params: WebhookIdParams,
          response: { 200: WebhookView, ...errorResponses },
        },
      },
      async (request) => setWebhookEnabled(deps.db, request.params.id, enabled, await actor(request)),
    );
  }

  app.post(
    '/api/webhooks/:id/secret',
    {
      config: { policy: ofWebhook },
      schema: {
        tags,
        summary: 'Rotate the signing secret',
        description: 'A new whsec_ secret replaces the old one at once and is shown this once; deliveries from now on are signed with it.',
        params: WebhookIdParams,
        response: { 200: WebhookSecret, ...errorResponses },
      },
    },
    async (request) => rotateWebhookSecret(deps.db, request.params.id, await actor(request)),
  );

  app.delete(
    '/api/webhooks/:id',
    {
      config: { policy: ofWebhook },
      schema: {
        tags,
        summary: 'Delete a webhook',
        description: 'Removes the receiver with its deliveries and their log. Admins of the webhook\'s unit or above.',
        params: WebhookIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhook(deps.db, request.params.id, await actor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      config: { policy: ofWebhook },
      schema: {
        tags,
        summary: 'Recent deliveries of a webhook, with every attempt',
        description: 'The 50 most recent deliveries, newest first, each with its attempts: time, response code, error, duration and a short excerpt of the answer.',
        params: WebhookIdParams,
        response: { 200: DeliveryList, ...errorResponses },
      },
    },
    async (request) => listDeliveries(deps.db, request.params.id, await viewerOf(request).grants()),
  );

  app.post(
    '/api/webhook-deliveries/:id/resend',
    {
      config: { policy: allow.roleOnUnit('admin', (request) => unitCodeOfDelivery(deps.db, integerParam<WebhookDeliveryId>(request, 'id'))) },
      schema: {
        tags,
        summary: 'Send a delivery again',
        description: 'Queues the same message (same webhook-id and body, freshly signed) on a new retry schedule; for a delivery that failed or that the receiver wants again.',
        params: DeliveryIdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await resendDelivery(deps.db, request.params.id, await actor(request));
      deps.jobs.kick();
      return reply.status(204).send(null);
    },
  );
}
