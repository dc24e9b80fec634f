/**
 * The Standard Webhooks message of an outbox event (pure): the body `{ type, timestamp, data }`
 * and the headers `webhook-id` (the event's id, the same for every attempt), `webhook-timestamp`
 * (unix seconds of the attempt) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
 * `id.timestamp.body` keyed by the secret), signed with the `standardwebhooks` package.
 */
import { Webhook } from 'standardwebhooks';

export interface OutboxMessageSource {
  eventId: string;
  type: string;
  occurredAt: Date;
  complaintId: string;
  reference: string | null;
  customerId: string | null;
  sequence: number;
  payload: Record<string, unknown>;
}

/** The body: the same bytes for every attempt of the event. */
export function messageBody(e: OutboxMessageSource): string {
  const { complaintId: _c, reference: _r, customerId: _u, sequence: _s, ...rest } = e.payload;
  return JSON.stringify({
    type: e.type,
    timestamp: e.occurredAt.toISOString(),
    data: { complaintId: e.complaintId, reference: e.reference, customerId: e.customerId, sequence: e.sequence, ...rest },
  });
}

export function signedHeaders(secret: string, eventId: string, body: string, at: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'complaint-desk-webhooks/1',
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}
