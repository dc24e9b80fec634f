import { Actor } from '../common/actor/actor';
import { ComplaintEventType } from '../domain/complaint.enums';

/** A timeline event a change appends (TimelineService.append writes it, and its outbox copy). */
export interface NewEvent {
  /** Generated when left out. */
  id?: string;
  complaintId: string;
  type: ComplaintEventType;
  actor: Actor;
  data: Record<string, unknown>;
  at: Date;
}

