import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Actor, RequestWithActor, StaffRole } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { problemFor, sendProblem } from '../common/errors/problem-details.filter';
import { forbiddenPage, sendPage } from './admin-pages';
import { currentAuthService } from './auth.service';
import { currentStaffSessions, STAFF_SESSION_COOKIE } from './staff-session.service';

export const STAFF_LOGIN_PATH = '/admin/login';
export const DEFAULT_AFTER_LOGIN = '/admin/queues';
/** The managers' reports page (supervisors, managers, admins). */
export const REPORTS_PAGE = '/reports';
/** Pages a login may send the browser on to (`?next=`); anything else goes to the dashboard. */
export const STAFF_PAGES: readonly string[] = ['/admin/queues', REPORTS_PAGE];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `next` when it is one of the staff pages on this server (no open redirect), else the dashboard. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000 || /[\\\s\u0000-\u001f]/.test(next)) return DEFAULT_AFTER_LOGIN;
  return STAFF_PAGES.some((page) => next === page || next.startsWith(`${page}/`) || next.startsWith(`${page}?`)) ? next : DEFAULT_AFTER_LOGIN;
}

// ---- the cookie --------------------------------------------------------------------------

/** The session value of the request's cookie header, if any. */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parseCookies(header)[STAFF_SESSION_COOKIE];
  return value ? value : undefined;
}

/** HTTPS as the app sees it: req.secure, which honours X-Forwarded-Proto when Express's `trust proxy` is set. */
const cookieOptions = (req: Request) => ({ httpOnly: true, secure: req.secure, sameSite: 'strict' as const, path: '/' });

export function setSessionCookie(req: Request, res: Response, token: string, ttlSeconds: number): void {
  res.cookie(STAFF_SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: ttlSeconds * 1000 });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(STAFF_SESSION_COOKIE, cookieOptions(req));
}

// ---- cross-site request forgery ------------------------------------------------------------

/** This server's origin as the browser sees it (scheme and host, honouring `trust proxy`). */
function ownOrigin(req: Request): string | undefined {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * Where a request says it comes from: its Origin header, else its Referer's origin.
 * `same` / `cross` / `unknown` (neither header).
 */
export function requestOrigin(req: Request): 'same' | 'cross' | 'unknown' {
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  const claimed = origin !== undefined ? origin : referer;
  if (claimed === undefined || claimed === '') return 'unknown';
  const own = ownOrigin(req);
  try {
    return own !== undefined && new URL(claimed).origin === own ? 'same' : 'cross';
  } catch {
    return 'cross'; // "null" and anything unparsable
  }
}

/**
 * The CSRF rule of the staff pages (on top of SameSite=Strict): a write (anything but GET,
 * HEAD, OPTIONS) must name this server as its Origin (or Referer). Only a request that
 * authenticates with an Authorization header, which a browser never adds by itself, may
 * name no origin at all. Returns the problem to answer with, or null to go on.
 */
export function crossSiteWriteProblem(req: Request): AppException | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = requestOrigin(req);
  if (origin === 'same') return null;
  if (origin === 'unknown' && req.headers.authorization !== undefined) return null;
  return new AppException(
    ErrorCode.FORBIDDEN,
    origin === 'cross' ? 'Cross-origin requests to the staff pages are refused' : 'Send an Origin (or Referer) header of this server with this request',
  );
}

// ---- the middleware ------------------------------------------------------------------------

/** A browser navigating (it asks for HTML), as opposed to a script or an API client. */
const isBrowserNavigation = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && /\btext\/html\b/i.test(req.headers.accept ?? '');

export interface StaffSessionOptions {
  /** Staff roles allowed through. */
  roles: readonly StaffRole[];
}

/**
 * Express middleware for staff pages and mounts outside Nest's router (bull-board at
 * /admin/queues; the managers' reports page later): lets through an active user of one of
 * `roles` who sends either `Authorization: Bearer <token>` or the staff session cookie from
 * /admin/login. The user row is re-read on every request. Writes must pass the origin check.
 * Without credentials a browser is redirected (302) to the login page; other clients get
 * problem+json 401, and a role not allowed gets 403. Sets req.actor.
 */
export function requireStaffSession({ roles }: StaffSessionOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void authenticate(req, res, roles)
      .then((actor) => {
        if (!actor) return;
        (req as Request & RequestWithActor).actor = actor;
        next();
      })
      .catch((error: unknown) => {
        if (res.headersSent) return;
        const problem = error instanceof AppException ? problemFor(error.code, error.detail) : problemFor(ErrorCode.INTERNAL, 'An unexpected error occurred');
        sendProblem(req, res, problem);
      });
  };
}

/** The allowed actor, or null once the refusal has been sent. */
async function authenticate(req: Request, res: Response, roles: readonly StaffRole[]): Promise<Actor | null> {
  const auth = currentAuthService();
  const sessions = currentStaffSessions();
  if (!auth || !sessions) throw new AppException(ErrorCode.UNAUTHENTICATED, 'The service is starting');
  const forgery = crossSiteWriteProblem(req);
  if (forgery) throw forgery;

  let actor: Actor | null = null;
  if (req.headers.authorization !== undefined) {
    actor = await auth.authenticate({ authorization: req.headers.authorization });
  } else {
    const token = readSessionCookie(req);
    if (token !== undefined) {
      actor = await sessions.verify(token);
      // Forged, expired, or its user deactivated: the browser may as well forget it.
      if (!actor) clearSessionCookie(req, res);
    }
  }

  if (!actor) {
    if (isBrowserNavigation(req)) {
      res.redirect(302, `${STAFF_LOGIN_PATH}?next=${encodeURIComponent(safeNextPath(req.originalUrl))}`);
      return null;
    }
    throw new AppException(ErrorCode.UNAUTHENTICATED, `Sign in at ${STAFF_LOGIN_PATH}, or send Authorization: Bearer <token>`);
  }
  if (actor.type !== 'user' || !(roles as readonly string[]).includes(actor.role)) {
    const detail = `The ${actor.role} role may not open this page`;
    if (isBrowserNavigation(req)) {
      sendPage(res, 403, forbiddenPage(detail));
      return null;
    }
    throw new AppException(ErrorCode.FORBIDDEN, detail);
  }
  return actor;
}
