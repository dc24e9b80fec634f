import type { RequestHandler } from 'express';
import { requireStaffSession } from './staff-session.middleware';

/**
 * Express middleware for mounts outside Nest's router (bull-board at /admin/queues): lets
 * through an active admin with a Bearer token or the staff session cookie of /admin/login;
 * browsers without credentials are sent to the login page. See requireStaffSession.
 */
export function requireAdminForMount(): RequestHandler {
  return requireStaffSession({ roles: ['admin'] });
}
