import { ROLES, StaffRole } from '../common/actor/actor';

/**
 * THE permission matrix: every route of the API and the roles allowed to call it.
 * The global AccessGuard authorises from this table alone; a mapped route missing here is
 * denied to everyone (a unit test fails when a controller maps a route this table lacks).
 * Keys are `METHOD path` with the path exactly as Nest declares it (controller path + method
 * path, `:id` params). The table in README.md is generated from this file (scripts/print-permissions.ts).
 */
export type AccessRole = StaffRole | 'integration';
export const ACCESS_ROLES: readonly AccessRole[] = [...ROLES, 'integration'];

export interface RoutePermission {
  /** Roles allowed through the guard. */
  roles: readonly AccessRole[];
  /**
   * Roles allowed only on complaints assigned to them (`own`): the change checks it under the
   * complaint's row lock (canWorkComplaint).
   */
  ownComplaintsOnly?: readonly AccessRole[];
  /** What the route is for, printed in the README table. */
  note?: string;
  /**
   * GET routes that also accept the staff session cookie of /admin/login (the reports page
   * reads them from the browser), when the request carries no Authorization or X-API-Key and
   * names no foreign Origin. Read-only, so a forged cross-site request could change nothing,
   * and the SameSite=Strict cookie is not sent with one anyway.
   */
  sessionCookie?: boolean;
}

const FD = 'front_desk', AG = 'agent', SU = 'supervisor', MA = 'manager', AD = 'admin', IN = 'integration';
const STAFF: AccessRole[] = [FD, AG, SU, MA, AD];
const EVERYONE: AccessRole[] = [...STAFF, IN];
const INTAKE: AccessRole[] = [FD, SU, AD, IN];
const CONFIG_READERS: AccessRole[] = [SU, MA, AD];
/** Managers pulling SLA reports, and the supervisors and admins beside them. */
export const REPORT_READERS: AccessRole[] = [SU, MA, AD];

/** Routes open to anyone, ops only (plus login itself). */
export const PUBLIC_ROUTES: readonly string[] = [
  'GET /health',
  'GET /health/ready',
  'GET /metrics', // may require METRICS_TOKEN, checked by the metrics route itself
  'POST /api/v1/auth/login',
  // the staff pages' sign-in (HTML form, session cookie; POSTs pass an Origin check)
  'GET /admin/login',
  'POST /admin/login',
  'POST /admin/logout',
];

/** Express mounts that are not Nest routes (the guard never sees them); listed for the README. */
export const MOUNTS: Readonly<Record<string, string>> = {
  'GET /docs': 'public (Swagger UI)',
  'GET /docs-json': 'public (OpenAPI document)',
  'ALL /admin/queues': 'admin, Bearer token or session cookie of /admin/login (bull-board, guarded by requireAdminForMount())',
  'GET /reports': 'supervisor, manager, admin: the reports page, Bearer token or session cookie of /admin/login (requireStaffSession; without credentials a redirect to /admin/login)',
  'GET /reports/assets/*': 'public: the page\'s script, style and charting library (uPlot), no data',
};

export const PERMISSIONS: Readonly<Record<string, RoutePermission>> = {
  // auth, users, keys
  'GET /api/v1/auth/me': { roles: EVERYONE, note: 'who am I' },
  'POST /api/v1/auth/password': { roles: STAFF, note: 'change one\'s own password (currentPassword, newPassword)' },
  'POST /api/v1/users': { roles: [AD], note: 'supervisorId must be an active supervisor or manager' },
  'GET /api/v1/users': { roles: [SU, MA, AD], note: 'supervisors pick assignees; managers read everything' },
  'GET /api/v1/users/:id': { roles: [SU, MA, AD] },
  'PATCH /api/v1/users/:id': { roles: [AD], note: 'name, role, supervisorId, active; password resets it' },
  'POST /api/v1/users/:id/deactivate': { roles: [AD] },
  'POST /api/v1/users/:id/reactivate': { roles: [AD] },
  'POST /api/v1/api-keys': { roles: [AD] },
  'GET /api/v1/api-keys': { roles: [AD] },
  'DELETE /api/v1/api-keys/:id': { roles: [AD] },

  // customers
  'POST /api/v1/customers': { roles: INTAKE },
  'GET /api/v1/customers': { roles: EVERYONE },
  'GET /api/v1/customers/:id': { roles: EVERYONE },
  'GET /api/v1/customers/:id/complaints': { roles: EVERYONE, note: "the customer's complaints as lists show them (owner, promise, last customer-visible note)" },

  // complaints
  'POST /api/v1/complaints': { roles: INTAKE, note: 'intake; a staff member taking it in becomes its first assignee' },
  'GET /api/v1/complaints': { roles: EVERYONE, note: 'filters incl. phone, reference, assigneeId=me, takenInBy=me, category, channel, customerTier, dueBefore; sort' },
  'GET /api/v1/complaints/by-reference/:reference': { roles: EVERYONE, note: 'one complaint by its reference, as lists show it' },
  'GET /api/v1/complaints/:id': { roles: EVERYONE },
  'GET /api/v1/complaints/:id/timeline': { roles: EVERYONE },
  'POST /api/v1/complaints/:id/acknowledge': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [FD, AG] },
  'POST /api/v1/complaints/:id/assign': { roles: [SU, MA, AD], note: 'assigneeId must be an active user' },
  'POST /api/v1/complaints/:id/transition': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [FD, AG] },
  'POST /api/v1/complaints/:id/notes': { roles: [FD, AG, SU, MA, AD, IN] },
  'GET /api/v1/complaints/:id/sla': { roles: EVERYONE },

  // triage
  'POST /api/v1/triage/analyze': { roles: EVERYONE },
  'GET /api/v1/complaints/:id/triage': { roles: EVERYONE, note: 'suggestion, confirmation and handling guidance' },
  'PUT /api/v1/complaints/:id/triage': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [AG] },
  'GET /api/v1/triage/corrections': { roles: [MA, AD] },

  // SLA configuration
  'GET /api/v1/sla-policies': { roles: CONFIG_READERS },
  'POST /api/v1/sla-policies': { roles: [AD] },
  'GET /api/v1/sla-policies/:id': { roles: CONFIG_READERS },
  'PATCH /api/v1/sla-policies/:id': { roles: [AD] },
  'GET /api/v1/calendars': { roles: CONFIG_READERS },
  'POST /api/v1/calendars': { roles: [AD] },
  'GET /api/v1/calendars/:id': { roles: CONFIG_READERS },
  'PATCH /api/v1/calendars/:id': { roles: [AD] },
  'GET /api/v1/sla/regulator-presets': { roles: CONFIG_READERS },

  // root cause: 5-Whys analyses, sign-off, solutions, actions, problems, knowledge
  'GET /api/v1/root-cause-categories': { roles: EVERYONE, note: 'the root-cause taxonomy (data)' },
  'GET /api/v1/complaints/:id/root-cause': { roles: STAFF },
  'PUT /api/v1/complaints/:id/root-cause': { roles: [AG, SU, MA, AD], ownComplaintsOnly: [AG], note: 'agents write analyses of their own complaints' },
  'GET /api/v1/complaints/:id/root-cause/versions': { roles: STAFF },
  'POST /api/v1/complaints/:id/root-cause/submit': { roles: [AG, SU, MA, AD], ownComplaintsOnly: [AG], note: 'by an author of the chain' },
  'POST /api/v1/complaints/:id/root-cause/confirm': { roles: [SU, MA, AD], note: 'not by an author (four_eyes)' },
  'POST /api/v1/complaints/:id/root-cause/reopen': { roles: [AG, SU, MA, AD], ownComplaintsOnly: [AG] },
  'POST /api/v1/complaints/:id/root-cause/solutions': { roles: [AG, SU, MA, AD], ownComplaintsOnly: [AG] },
  'POST /api/v1/complaints/:id/root-cause/solutions/:solutionId/choose': { roles: [AG, SU, MA, AD], ownComplaintsOnly: [AG] },
  'POST /api/v1/complaints/:id/root-cause/actions': { roles: [AG, SU, MA, AD], ownComplaintsOnly: [AG], note: 'ownerId must be an active user' },
  'POST /api/v1/complaints/:id/root-cause/publish': { roles: [SU, MA, AD], note: 'a confirmed analysis becomes a knowledge article' },
  'GET /api/v1/complaints/:id/similar-problems': { roles: STAFF },
  'GET /api/v1/complaints/:id/knowledge': { roles: EVERYONE, note: 'what the front desk should say about this complaint' },
  'GET /api/v1/root-cause-actions': { roles: [AG, SU, MA, AD], note: '?overdue=true&ownerId=' },
  'GET /api/v1/root-cause-actions/:id': { roles: [AG, SU, MA, AD] },
  'PATCH /api/v1/root-cause-actions/:id': { roles: [AG, SU, MA, AD], note: 'the owner (or a lead) works it; a lead other than the owner verifies it' },
  'POST /api/v1/problems': { roles: [SU, MA, AD] },
  'GET /api/v1/problems': { roles: [AG, SU, MA, AD] },
  'GET /api/v1/problems/:id': { roles: [AG, SU, MA, AD] },
  'PATCH /api/v1/problems/:id': { roles: [SU, MA, AD] },
  'POST /api/v1/problems/:id/complaints': { roles: [SU, MA, AD] },
  'POST /api/v1/problems/:id/actions': { roles: [SU, MA, AD] },
  'GET /api/v1/knowledge': { roles: EVERYONE, note: 'search in Chinese or English (?q=)' },
  'GET /api/v1/knowledge/:id': { roles: EVERYONE },
  'GET /api/v1/reports/root-causes': { roles: [SU, MA, AD], note: 'Pareto by category or problem' },

  // compensation (approval rule: src/compensation/approval-limits.ts; four eyes and limits are checked under the complaint's lock)
  'POST /api/v1/complaints/:id/compensations': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [FD, AG], note: 'approved at once within the proposer\'s limit (front desk: the agent\'s)' },
  'GET /api/v1/complaints/:id/compensations': { roles: EVERYONE },
  'GET /api/v1/complaints/:id/compensation-suggestions': { roles: STAFF },
  'GET /api/v1/compensations': { roles: [SU, MA, AD], note: '?status=fulfilment_failed: remedies that could not be delivered' },
  'GET /api/v1/compensations/:id': { roles: EVERYONE },
  'POST /api/v1/compensations/:id/approve': { roles: [SU, MA, AD], note: 'not one\'s own (four_eyes); role and limits must cover it (approval_limit_exceeded)' },
  'POST /api/v1/compensations/:id/reject': { roles: [SU, MA, AD], note: 'not one\'s own; role must reach the required one' },
  'POST /api/v1/compensations/:id/offer': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [FD, AG] },
  'POST /api/v1/compensations/:id/accept': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [FD, AG], note: 'records the customer\'s yes; starts the fulfilment' },
  'POST /api/v1/compensations/:id/decline': { roles: [FD, AG, SU, MA, AD], ownComplaintsOnly: [FD, AG] },
  'POST /api/v1/compensations/:id/fulfil': { roles: [SU, MA, AD], note: 'records a manual fulfilment' },
  'POST /api/v1/compensations/:id/retry-fulfilment': { roles: [SU, MA, AD] },
  'GET /api/v1/settings/approval-limits': { roles: STAFF },
  'PUT /api/v1/settings/approval-limits': { roles: [AD] },
  'GET /api/v1/settings/team-budgets': { roles: [SU, MA, AD] },
  'PUT /api/v1/settings/team-budgets': { roles: [MA, AD] },
  'GET /api/v1/reports/compensation': { roles: [SU, MA, AD] },
  'GET /api/v1/reports/compensation-budgets': { roles: [SU, MA, AD] },
  // revisits (callbacks after resolution), recovery plans, satisfaction
  'GET /api/v1/complaints/:id/revisits': { roles: EVERYONE },
  'GET /api/v1/revisits': { roles: EVERYONE, note: 'call-center worklist; ?status=due|scheduled|completed|unreachable&assigneeId=' },
  'GET /api/v1/revisits/:id': { roles: EVERYONE },
  'POST /api/v1/revisits/:id/attempts': { roles: EVERYONE, note: 'agents and front desk: revisits assigned to them or to the pool' },
  'GET /api/v1/customers/:id/recovery-plans': { roles: EVERYONE },
  'GET /api/v1/recovery-plans': { roles: EVERYONE },
  'POST /api/v1/recovery-plans/:id/end': { roles: [MA, AD], note: 'a manager ends an active plan with a reason' },
  'GET /api/v1/reports/satisfaction': { roles: [SU, MA, AD] },

  // notifications (staff inboxes)
  'GET /api/v1/notifications': { roles: STAFF },
  'POST /api/v1/notifications/:id/read': { roles: STAFF },

  // manager reports (read-only; the reports page reads them with its session cookie)
  'GET /api/v1/reports/sla': { roles: REPORT_READERS, sessionCookie: true, note: 'JSON or CSV; also the session cookie of /admin/login' },
  'GET /api/v1/reports/backlog': { roles: REPORT_READERS, sessionCookie: true },
  'GET /api/v1/reports/escalations': { roles: REPORT_READERS, sessionCookie: true },
  'GET /api/v1/reports/repeat-complaints': { roles: REPORT_READERS, sessionCookie: true },
  'GET /api/v1/reports/agents': { roles: REPORT_READERS, sessionCookie: true },
  'GET /api/v1/reports/breaches': { roles: REPORT_READERS, sessionCookie: true, note: 'the breach list; CSV streams the whole period' },
  'GET /api/v1/reports/definitions': { roles: REPORT_READERS, sessionCookie: true, note: 'what every report figure means' },

  // webhooks (outbound events to integrations)
  'POST /api/v1/webhooks': { roles: [AD], note: 'url, events, secret?; a whsec_ secret is generated when absent and shown once' },
  'GET /api/v1/webhooks': { roles: [AD] },
  'DELETE /api/v1/webhooks/:id': { roles: [AD] },
  'GET /api/v1/webhooks/:id/deliveries': { roles: [AD], note: 'each attempt with status code, latency and error' },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': { roles: [AD] },
};

export type Decision = 'public' | 'allow' | 'forbidden' | 'unlisted';

/** Normalises a declared path: one leading slash, no trailing slash, no doubled slashes. */
export function normalisePath(path: string): string {
  const p = ('/' + path).replace(/\/+/g, '/').replace(/\/$/, '');
  return p === '' ? '/' : p;
}

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${normalisePath(path)}`;
}

export function isPublicRoute(key: string): boolean {
  return PUBLIC_ROUTES.includes(key);
}

export function permissionFor(key: string): RoutePermission | undefined {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, key) ? PERMISSIONS[key] : undefined;
}

/** What the table says about `role` calling the route `key`. */
export function decide(key: string, role: string | null): Decision {
  if (isPublicRoute(key)) return 'public';
  const entry = permissionFor(key);
  if (!entry) return 'unlisted';
  return role !== null && (entry.roles as readonly string[]).includes(role) ? 'allow' : 'forbidden';
}

/** Whether `role` may call the route `key` only on complaints assigned to it. */
export function isOwnComplaintsOnly(key: string, role: string): boolean {
  return (permissionFor(key)?.ownComplaintsOnly as readonly string[] | undefined)?.includes(role) ?? false;
}

/** Finds the table key a concrete request path matches (for requests no Nest route matched). */
export function matchConcretePath(method: string, concretePath: string): string | undefined {
  const path = normalisePath(concretePath.split('?')[0]);
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  for (const key of [...PUBLIC_ROUTES, ...Object.keys(PERMISSIONS)]) {
    const [m, pattern] = key.split(' ');
    if (m !== wanted) continue;
    const a = pattern.split('/');
    const b = path.split('/');
    if (a.length === b.length && a.every((seg, i) => seg.startsWith(':') ? b[i].length > 0 : seg === b[i])) return key;
  }
  return undefined;
}
