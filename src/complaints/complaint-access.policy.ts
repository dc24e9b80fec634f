import type { Actor } from '../common/actor/actor';

/**
 * Whether the actor may work (acknowledge, transition, re-triage) this complaint. The route
 * table already decided the role may call the route at all; this adds the one row-level rule:
 * an agent works only the complaints assigned to him.
 */
export function canWorkComplaint(actor: Actor, complaint: { assigneeId: string | null }): boolean {
  if (actor.role === 'agent') return actor.type === 'user' && actor.id !== null && complaint.assigneeId === actor.id;
  return true;
}
