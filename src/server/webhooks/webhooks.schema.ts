import Type from 'typebox';
import type { WebhookDeliveryId, WebhookId } from '../../shared/ids.js';
import { Id, IsoTime, Nullable, UnitRef } from '../http/schemas.js';
import { webhookEventTypes } from '../integrations/integrations.schema.js';

const EventType = Type.Enum(webhookEventTypes);

const exampleUnit = { code: '30280', name: 'Long Xuyên', fullName: 'Phường Long Xuyên', kind: 'ward' } as const;

export const WebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https:// address of the receiver; its host must be on WEBHOOK_ALLOWED_HOSTS' }),
    events: Type.Array(EventType, { minItems: 1, maxItems: webhookEventTypes.length, uniqueItems: true }),
    description: Type.String({ maxLength: 200, default: '' }),
  },
  {
    additionalProperties: false,
    examples: [{ url: 'https://hooks.smartangiang.vn/hoctap', events: ['course.completed', 'certificate.issued'], description: 'SmartAnGiang' }],
  },
);

const webhookViewExample = {
  id: 7,
  url: 'https://hooks.smartangiang.vn/hoctap',
  events: ['course.completed', 'certificate.issued'],
  description: 'SmartAnGiang',
  unit: exampleUnit,
  status: 'active',
  createdAt: '2026-12-02T03:00:00.000Z',
  deliveries: { pending: 0, delivered: 12, failed: 1 },
};

const webhookViewProperties = {
  id: Id<WebhookId>(),
  url: Type.String(),
  events: Type.Array(EventType),
  description: Type.String(),
  unit: UnitRef,
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: IsoTime,
  deliveries: Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer() }),
};

export const WebhookView = Type.Object(webhookViewProperties, { examples: [webhookViewExample] });

export const WebhookCreated = Type.Object(
  { ...webhookViewProperties, secret: Type.String({ description: 'whsec_…: shown this once; verify deliveries with it' }) },
  { examples: [{ ...webhookViewExample, deliveries: { pending: 0, delivered: 0, failed: 0 }, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }] },
);

export const WebhookList = Type.Object({ webhooks: Type.Array(WebhookView) }, { examples: [{ webhooks: [webhookViewExample] }] });

export const WebhookSecret = Type.Object({ secret: Type.String() }, { examples: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }] });

const deliveryExample = {
  id: 31,
  eventId: 'a3b0c7e2-1f4d-4c1e-9a55-0b6f3f3c2d10',
  eventType: 'course.completed',
  status: 'delivered',
  attempts: 2,
  lastStatusCode: 200,
  createdAt: '2026-12-02T03:00:00.000Z',
  log: [
    { at: '2026-12-02T03:00:01.000Z', statusCode: 503, error: null, durationMs: 120, excerpt: 'Service Unavailable' },
    { at: '2026-12-02T03:00:31.000Z', statusCode: 200, error: null, durationMs: 95, excerpt: null },
  ],
};

export const DeliveryView = Type.Object(
  {
    id: Id<WebhookDeliveryId>(),
    eventId: Type.String({ description: 'The webhook-id header, the same on every attempt' }),
    eventType: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    lastStatusCode: Nullable(Type.Integer()),
    createdAt: IsoTime,
    log: Type.Array(
      Type.Object({
        at: IsoTime,
        statusCode: Nullable(Type.Integer()),
        error: Nullable(Type.String({ description: 'timeout, a connection error code, or why the address was refused' })),
        durationMs: Type.Integer(),
        excerpt: Nullable(Type.String({ description: 'The first few hundred characters of the answer' })),
      }),
    ),
  },
  { examples: [deliveryExample] },
);

export const DeliveryList = Type.Object({ deliveries: Type.Array(DeliveryView) }, { examples: [{ deliveries: [deliveryExample] }] });

export const WebhookIdParams = Type.Object({ id: Id<WebhookId>() });
export const DeliveryIdParams = Type.Object({ id: Id<WebhookDeliveryId>() });
