import { UnrelayedEvent } from '../../outbox/outbox.service';
import { laneHeads, planDeliveries } from './webhook-relay.service';

describe('relay planning', () => {
  const events: UnrelayedEvent[] = [
    { id: 'e1', complaintId: 'A', sequence: 1, type: 'complaint.created' },
    { id: 'e2', complaintId: 'B', sequence: 1, type: 'complaint.created' },
    { id: 'e3', complaintId: 'A', sequence: 2, type: 'complaint.status_changed' },
    { id: 'e4', complaintId: 'A', sequence: 3, type: 'complaint.customer_update' },
  ];
  const webhooks = [
    { id: 'w1', events: ['complaint.created', 'complaint.status_changed'] },
    { id: 'w2', events: ['complaint.customer_update'] },
  ];
  let n = 0;
  const planned = planDeliveries(events, webhooks, () => `d${++n}`);

  it('one delivery per subscribed webhook and event', () => {
    expect(planned.map((d) => `${d.webhookId}:${d.eventId}`)).toEqual(['w1:e1', 'w1:e2', 'w1:e3', 'w2:e4']);
    expect(planned.find((d) => d.eventId === 'e3')).toMatchObject({ complaintId: 'A', sequence: 2, eventType: 'complaint.status_changed' });
  });

  it('wakes only the first delivery of each lane (webhook × complaint)', () => {
    expect(laneHeads(planned).map((d) => d.eventId).sort()).toEqual(['e1', 'e2', 'e4']);
  });

  it('nothing for no webhook', () => {
    expect(planDeliveries(events, [])).toEqual([]);
  });
});
