import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { messageBody, signedHeaders } from './webhook-message';
import { generateSecret } from './webhook-secret';

describe('webhook message', () => {
  const source = {
    eventId: '6f1c1f7e-7f0e-4a43-9d4c-2a8f3c9b1d11',
    type: 'complaint.status_changed',
    occurredAt: new Date('2026-11-24T08:00:00.123Z'),
    complaintId: 'c1',
    reference: 'CMP-2026-000001',
    customerId: 'u1',
    sequence: 3,
    payload: { from: 'new', to: 'acknowledged', reference: 'stale', sequence: 99 },
  };

  it('is { type, timestamp, data } with the complaint, its reference and sequence first', () => {
    const body = JSON.parse(messageBody(source));
    expect(body).toEqual({
      type: 'complaint.status_changed',
      timestamp: '2026-11-24T08:00:00.123Z',
      data: { complaintId: 'c1', reference: 'CMP-2026-000001', customerId: 'u1', sequence: 3, from: 'new', to: 'acknowledged' },
    });
    expect(messageBody(source)).toBe(messageBody({ ...source }));
  });

  it('is signed per Standard Webhooks: v1,base64(HMAC-SHA256(id.timestamp.body)) with the decoded secret', () => {
    const secret = generateSecret();
    const body = messageBody(source);
    const at = new Date();
    const h = signedHeaders(secret, source.eventId, body, at);
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`${source.eventId}.${h['webhook-timestamp']}.${body}`).digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${expected}`);
    expect(h['webhook-id']).toBe(source.eventId);
    expect(new Webhook(secret).verify(body, h)).toEqual(JSON.parse(body));
  });
});
