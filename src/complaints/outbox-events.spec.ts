import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-events';
import { CUSTOMER_STATUS_NEWS, isCustomerNews, outboxEventsOf, REOPEN_NEWS } from './outbox-events';

const at = new Date('2026-11-24T08:00:00Z');
const actor = { type: 'user' as const, id: 'u1', role: 'agent' as const, name: '王五' };
const ev = (type: string, data: Record<string, unknown> = {}, id = `e-${type}`) => ({ id, complaintId: 'c1', type, actor, at, data });
const types = (events: ReturnType<typeof ev>[]) => outboxEventsOf(events).map((e) => e.type);

describe('timeline events → outbox events', () => {
  it('maps each contract event type', () => {
    expect(types([ev('created', { reference: 'CMP-1' })])).toEqual(['complaint.created']);
    expect(types([ev('assigned', { from: null, to: 'u2' })])).toEqual(['complaint.assigned']);
    expect(types([ev('escalated', { level: 1 })])).toEqual(['complaint.escalated']);
    expect(types([ev('sla_warning', { clock: 'acknowledge' })])).toEqual(['sla.warning']);
    expect(types([ev('sla_breached', { clock: 'acknowledge' })])).toEqual(['sla.breached']);
    expect(types([ev('compensation_decided', { decision: 'approved' })])).toEqual(['compensation.decided']);
    expect(types([ev('revisit_due', { revisitId: 'r1' })])).toEqual(['revisit.due']);
  });

  it('every contract type is reachable from some timeline event', () => {
    const all = outboxEventsOf([
      ev('created'), ev('status_changed', { from: 'acknowledged', to: 'resolved' }), ev('assigned'), ev('escalated'), ev('sla_warning'), ev('sla_breached'),
      ev('revisit_due'), ev('compensation_decided'),
    ]).map((e) => e.type);
    expect(new Set(all)).toEqual(new Set(WEBHOOK_EVENT_TYPES));
  });

  it('leaves out what integrations do not subscribe to', () => {
    expect(types([ev('triaged'), ev('sla_recalculated'), ev('priority_changed'), ev('note_added', { body: 'x', visibility: 'internal' }), ev('compensation_proposed'), ev('revisit_scheduled')])).toEqual([]);
  });

  it('an acknowledgement is a status change and news for the customer (its note as the text)', () => {
    const out = outboxEventsOf([ev('acknowledged', { from: 'new', to: 'acknowledged', reason: null, note: '已收到，马上处理' })]);
    expect(out.map((e) => e.type)).toEqual(['complaint.status_changed', 'complaint.customer_update']);
    expect(out[0].payload).toMatchObject({ from: 'new', to: 'acknowledged' });
    expect(out[1].payload).toMatchObject({ kind: 'status', status: 'acknowledged', text: '已收到，马上处理' });
    expect(outboxEventsOf([ev('acknowledged', { from: 'new', to: 'acknowledged', note: null })])[1].payload.text).toBe(CUSTOMER_STATUS_NEWS.acknowledged);
  });

  it('an implicit acknowledgement adds nothing to the status change that caused it', () => {
    expect(types([ev('status_changed', { from: 'new', to: 'in_progress' }), ev('acknowledged', { implicit: true, by: 'in_progress' })])).toEqual(['complaint.status_changed']);
  });

  it('status changes the customer should hear of also become customer updates; internal ones do not', () => {
    expect(types([ev('status_changed', { from: 'in_progress', to: 'resolved' })])).toEqual(['complaint.status_changed', 'complaint.customer_update']);
    expect(types([ev('status_changed', { from: 'in_progress', to: 'pending_customer' })])).toEqual(['complaint.status_changed', 'complaint.customer_update']);
    expect(types([ev('status_changed', { from: 'acknowledged', to: 'in_progress' })])).toEqual(['complaint.status_changed']);
    const reopen = outboxEventsOf([ev('reopened', { from: 'resolved', to: 'in_progress' })]);
    expect(reopen.map((e) => e.type)).toEqual(['complaint.status_changed', 'complaint.customer_update']);
    expect(reopen[0].payload.reopened).toBe(true);
    expect(reopen[1].payload.text).toBe(REOPEN_NEWS);
    expect(isCustomerNews('in_progress', false)).toBe(false);
    expect(isCustomerNews('in_progress', true)).toBe(true);
    expect(isCustomerNews('resolved', false)).toBe(true);
  });

  it('a customer-visible note is a customer update with its text', () => {
    const [u] = outboxEventsOf([ev('note_added', { body: '退款已到账 / refund done', visibility: 'customer' })]);
    expect(u).toMatchObject({ type: 'complaint.customer_update', complaintId: 'c1', occurredAt: at, payload: { kind: 'note', text: '退款已到账 / refund done', status: null, timelineEventId: 'e-note_added' } });
  });

  it('keeps timeline order and carries the actor and the timeline event id', () => {
    const out = outboxEventsOf([ev('created', {}, 'a'), ev('assigned', { to: 'u2' }, 'b'), ev('status_changed', { from: 'acknowledged', to: 'closed' }, 'c')]);
    expect(out.map((e) => e.payload.timelineEventId)).toEqual(['a', 'b', 'c', 'c']);
    expect(out[1].payload.actor).toEqual({ type: 'user', id: 'u1', name: '王五' });
  });
});
