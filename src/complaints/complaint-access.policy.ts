import { isOwnComplaintsOnly } from '../auth/permissions';
import type { Actor } from '../common/actor/actor';

/** Permission-table keys of the routes that work a complaint (see canWorkComplaint). */
export const ACKNOWLEDGE_ROUTE = 'POST /api/v1/complaints/:id/acknowledge';
export const TRANSITION_ROUTE = 'POST /api/v1/complaints/:id/transition';
export const TRIAGE_ROUTE = 'PUT /api/v1/complaints/:id/triage';

/**
 * Whether the actor may work this complaint through the route `routeKey` (`METHOD /path` as in
 * the permission table). The table already decided the role may call the route at all; this adds
 * its one row-level rule: a role listed as `own` for the route (agents; front desk for
 * acknowledge and transition) works only the complaints assigned to it.
 */
export function canWorkComplaint(actor: Actor, complaint: { assigneeId: string | null }, routeKey: string): boolean {
  if (!isOwnComplaintsOnly(routeKey, actor.role)) return true;
  return actor.type === 'user' && actor.id !== null && complaint.assigneeId === actor.id;
}

/** The 403 detail when canWorkComplaint says no. */
export const notOwnComplaint = (actor: Actor): string => `The ${actor.role} role may only work complaints assigned to it`;
