/**
 * The event catalogue in the OpenAPI document: the message schema and an example per type, as a
 * callback of `POST /api/v1/webhooks` (OpenAPI 3.0's way of describing what the service sends).
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../domain/webhook-events';

const complaint = { complaintId: '0b9f3c1e-5a43-4c59-9a57-2f1d6b7c8e90', reference: 'CMP-2026-000042', customerId: '7d2e4f60-1c3b-4a8e-b5d9-0e6f7a8b9c10' };
const staff = { type: 'user', id: '5f0c2a7e-9b1d-4c3e-8f6a-1b2c3d4e5f60', name: '李四' };
const system = { type: 'system', id: null, name: 'system' };

/** One example `data` per type (the envelope adds `type` and `timestamp`). */
export const WEBHOOK_EXAMPLES: Readonly<Record<WebhookEventType, Record<string, unknown>>> = {
  'complaint.created': { ...complaint, sequence: 1, reference: 'CMP-2026-000042', channel: 'call_center', category: 'billing', severity: 'ordinary', priority: 'P2', repeatOf: null, receivedAt: '2026-11-24T08:00:00.000Z', actor: { type: 'api_key', id: '2a4b6c8d-0e1f-4a3b-9c5d-7e9f1a3b5c7d', name: 'call-center' } },
  'complaint.status_changed': { ...complaint, sequence: 5, from: 'acknowledged', to: 'in_progress', reason: null, actor: staff },
  'complaint.assigned': { ...complaint, sequence: 3, from: null, to: staff.id, reason: '网络组处理 network team', actor: staff },
  'complaint.escalated': { ...complaint, sequence: 4, clock: 'acknowledge', firing: 'escalation-1', level: 1, notifyRole: 'supervisor', dueAt: '2026-11-24T12:00:00.000Z', latenessMs: 12, actor: system },
  'sla.warning': { ...complaint, sequence: 2, clock: 'acknowledge', firing: 'warning', dueAt: '2026-11-24T11:00:00.000Z', latenessMs: 8, actor: system },
  'sla.breached': { ...complaint, sequence: 3, clock: 'acknowledge', firing: 'breach', dueAt: '2026-11-24T12:00:00.000Z', latenessMs: 9, actor: system },
  'revisit.due': { ...complaint, sequence: 12, revisitId: '9c8b7a6f-5e4d-4c3b-8a29-180f7e6d5c4b', kind: 'revisit', round: 1, attempt: 1, assigneeId: staff.id, dueAt: '2026-11-27T08:00:00.000Z', latenessMs: 6, actor: system },
  'compensation.decided': { ...complaint, sequence: 9, compensationId: '3e2d1c0b-9a8f-4e7d-b6c5-a4b3c2d1e0f9', decision: 'approved', type: 'bill_credit', amount: 5000, currency: 'CNY', actor: staff },
  'complaint.customer_update': { ...complaint, sequence: 6, kind: 'note', text: '已为您申请退款，3个工作日内到账。 A refund is on its way, within 3 working days.', status: null, actor: staff },
};

const DESCRIPTIONS: Readonly<Record<WebhookEventType, string>> = {
  'complaint.created': 'A complaint was taken in.',
  'complaint.status_changed': 'Its status moved (acknowledgement and reopen included; `reopened: true` on a reopen).',
  'complaint.assigned': 'It was assigned to someone else.',
  'complaint.escalated': 'A deadline passed long enough to climb a level of the escalation ladder.',
  'sla.warning': 'A deadline is near (the policy\'s warnAtRatio of its time has passed).',
  'sla.breached': 'A deadline was missed.',
  'revisit.due': 'A scheduled callback to the customer after resolution has come due (`round` 2: the follow-up of high tiers; `attempt` 2, 3 …: the retry after an unanswered call; `assigneeId` null: the call-center pool). Not sent for a revisit completed or cancelled before its time.',
  'compensation.decided': 'A remedy was approved or rejected.',
  'complaint.customer_update': 'News for the customer — a note with visibility customer (`kind: "note"`) or a status change the customer should hear of (`kind: "status"`: acknowledged, pending_customer, resolved, closed, withdrawn, reopened) — with the `text` to pass on by the client app or an SMS/e-mail gateway.',
};

export function addWebhookCatalogue(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.WebhookMessage = {
    type: 'object',
    description:
      'The body of every delivery (Standard Webhooks). `data` always has `complaintId`, `reference`, `customerId` and `sequence` (1, 2, 3 … per complaint, in order), then the fields of the type. Headers: `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (unix seconds), `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed by the base64-decoded part of the `whsec_` secret).',
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] },
      timestamp: { type: 'string', format: 'date-time', description: 'When the change happened' },
      data: {
        type: 'object',
        required: ['complaintId', 'reference', 'customerId', 'sequence'],
        properties: {
          complaintId: { type: 'string', format: 'uuid' },
          reference: { type: 'string', example: 'CMP-2026-000042' },
          customerId: { type: 'string', format: 'uuid' },
          sequence: { type: 'integer', minimum: 1 },
        },
        additionalProperties: true,
      },
    },
  };
  const operation = document.paths['/api/v1/webhooks']?.post;
  if (operation) {
    const header = (name: string, description: string) => ({ name, in: 'header' as const, required: true, description, schema: { type: 'string' as const } });
    operation.callbacks = {
      event: {
        '{$request.body#/url}': {
          post: {
            summary: 'An event, delivered to the registered url (推送的事件)',
            description: `Retried with exponential backoff (1 s, 2 s, 4 s … up to 1 h apart) until a 2xx answer, for up to 24 h; then the webhook is disabled and admins are notified. Events of one complaint arrive in order.\n\n${WEBHOOK_EVENT_TYPES.map((t) => `- \`${t}\`: ${DESCRIPTIONS[t]}`).join('\n')}`,
            parameters: [
              header('webhook-id', 'The event id, the same on every retry (deduplicate on it)'),
              header('webhook-timestamp', 'Unix seconds of this attempt'),
              header('webhook-signature', 'v1,<base64 HMAC-SHA256 of id.timestamp.body>'),
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/WebhookMessage' },
                  examples: Object.fromEntries(
                    WEBHOOK_EVENT_TYPES.map((t) => [t, { summary: DESCRIPTIONS[t], value: { type: t, timestamp: '2026-11-24T09:30:00.000Z', data: WEBHOOK_EXAMPLES[t] } }]),
                  ),
                },
              },
            },
            responses: {
              '200': { description: 'Any 2xx: delivered' },
              '410': {
                description: 'Any 4xx (here: the receiver no longer wants it) is retried like any other failure until the webhook gives up',
                content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
              },
              '503': { description: 'Any other answer, a timeout (10 s) or a redirect: retried' },
            },
          },
        },
      },
    };
  }
  return document;
}
