/**
 * Which timeline events integrations hear of, and as what (pure). The contract's webhook types
 * are coarser than the timeline: an acknowledgement and a reopen are status changes; a
 * customer-visible note and the status changes a customer should hear about are also a
 * `complaint.customer_update` with a text the client app or an SMS/e-mail gateway can pass on.
 */
import { ComplaintStatus } from '../domain/complaint.enums';
import { WebhookEventType } from '../domain/webhook-events';
import { OutboxDraft } from '../outbox/outbox.service';
import { NewEvent } from './new-event';

/** Status changes the customer is told of, with the text sent when staff gave none for the customer. */
export const CUSTOMER_STATUS_NEWS: Readonly<Partial<Record<ComplaintStatus, string>>> = {
  acknowledged: '您的投诉已受理，我们正在处理。 Your complaint has been received and is being handled.',
  pending_customer: '我们需要您补充信息，请留意我们的联系。 We need some information from you; we will be in touch.',
  resolved: '您的投诉已处理完毕，如有疑问请随时联系我们。 Your complaint has been resolved; contact us if anything remains.',
  closed: '您的投诉已结案，感谢您的耐心。 Your complaint is closed. Thank you for your patience.',
  withdrawn: '您的投诉已撤回。 Your complaint has been withdrawn.',
};
export const REOPEN_NEWS = '您的投诉已重新处理，我们会尽快跟进。 Your complaint has been reopened; we are following it up.';

/**
 * Timeline event type → webhook type, by name, so that feature modules' events (compensation,
 * revisits) are relayed as soon as they are appended.
 */
const DIRECT: Readonly<Record<string, WebhookEventType>> = {
  created: 'complaint.created',
  status_changed: 'complaint.status_changed',
  reopened: 'complaint.status_changed',
  assigned: 'complaint.assigned',
  escalated: 'complaint.escalated',
  sla_warning: 'sla.warning',
  sla_breached: 'sla.breached',
  compensation_decided: 'compensation.decided',
  revisit_due: 'revisit.due',
};

type AppendedEvent = Omit<NewEvent, 'type'> & { id: string; type: string };

/** The outbox events of appended timeline events, in timeline order. */
export function outboxEventsOf(events: AppendedEvent[]): OutboxDraft[] {
  const out: OutboxDraft[] = [];
  for (const e of events) {
    const base = { complaintId: e.complaintId, occurredAt: e.at };
    const payload = { ...e.data, timelineEventId: e.id, actor: { type: e.actor.type, id: e.actor.id, name: e.actor.name ?? null } };
    if (e.type === 'acknowledged') {
      // An implicit acknowledgement (leaving `new` for another status) is told by that status change.
      if (e.data.implicit) continue;
      out.push({ ...base, type: 'complaint.status_changed', payload: { ...payload, from: e.data.from ?? 'new', to: 'acknowledged' } });
      out.push({ ...base, type: 'complaint.customer_update', payload: customerUpdate(e, 'status', textOr(e.data.note, CUSTOMER_STATUS_NEWS.acknowledged!), 'acknowledged') });
      continue;
    }
    if (e.type === 'note_added') {
      if (e.data.visibility === 'customer') out.push({ ...base, type: 'complaint.customer_update', payload: customerUpdate(e, 'note', String(e.data.body ?? ''), null) });
      continue;
    }
    const type = DIRECT[e.type];
    if (!type) continue;
    out.push({ ...base, type, payload: e.type === 'reopened' ? { ...payload, reopened: true } : payload });
    if (e.type === 'reopened') {
      out.push({ ...base, type: 'complaint.customer_update', payload: customerUpdate(e, 'status', REOPEN_NEWS, String(e.data.to)) });
    } else if (e.type === 'status_changed') {
      const news = CUSTOMER_STATUS_NEWS[e.data.to as ComplaintStatus];
      if (news) out.push({ ...base, type: 'complaint.customer_update', payload: customerUpdate(e, 'status', news, String(e.data.to)) });
    }
  }
  return out;
}

/** Whether a status move is news the customer is owed (it also counts as the periodic progress update). */
export function isCustomerNews(to: ComplaintStatus, isReopen: boolean): boolean {
  return isReopen || CUSTOMER_STATUS_NEWS[to] !== undefined;
}

function customerUpdate(e: AppendedEvent, kind: 'note' | 'status', text: string, status: string | null): Record<string, unknown> {
  return { kind, text, status, timelineEventId: e.id, actor: { type: e.actor.type, id: e.actor.id, name: e.actor.name ?? null } };
}

const textOr = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value : fallback);
