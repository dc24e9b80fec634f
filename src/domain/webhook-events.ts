/**
 * The event types integrations subscribe to (api-contract, "Integrations"). Each is written to
 * the outbox in the transaction of the change that causes it and delivered as a Standard
 * Webhooks message `{ type, timestamp, data }`.
 */
export const WEBHOOK_EVENT_TYPES = [
  'complaint.created',
  'complaint.status_changed',
  'complaint.assigned',
  'complaint.escalated',
  'sla.warning',
  'sla.breached',
  'revisit.due',
  'compensation.decided',
  'complaint.customer_update',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
