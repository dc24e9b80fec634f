import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RequestWithActor } from '../common/actor/actor';
import { readSessionCookie, requireStaffSession, safeNextPath, STAFF_LOGIN_PATH } from '../auth/staff-session.middleware';
import { reportsPage, sendReportsPage } from './page/reports-page';

/** Roles that open the reports page (the same as read the reports). */
export const REPORTS_PAGE_ROLES = ['supervisor', 'manager', 'admin'] as const;

interface Asset {
  type: string;
  body: Buffer;
}

/** The page's static files: its own script and style, and uPlot's UMD build from node_modules (no CDN). */
function loadAssets(): Map<string, Asset> {
  const own = (name: string) => readFileSync(join(__dirname, 'page', 'assets', name));
  const uplot = (name: string) => readFileSync(require.resolve(`uplot/dist/${name}`));
  return new Map<string, Asset>([
    ['reports.js', { type: 'text/javascript; charset=utf-8', body: own('reports.js') }],
    ['reports.css', { type: 'text/css; charset=utf-8', body: own('reports.css') }],
    ['uPlot.iife.min.js', { type: 'text/javascript; charset=utf-8', body: uplot('uPlot.iife.min.js') }],
    ['uPlot.min.css', { type: 'text/css; charset=utf-8', body: uplot('uPlot.min.css') }],
  ]);
}

/**
 * Mounted at /reports (outside Nest's router, like the queue dashboard):
 * - `GET /reports`: the page, for supervisors, managers and admins with the session cookie of
 *   /admin/login or a Bearer token (requireStaffSession). A request with no credentials at all
 *   is redirected to the sign-in form whatever it accepts; a wrong role gets 403.
 * - `GET /reports/assets/<file>`: the page's script, style and charting library; public (no data).
 */
export function reportsPageMount(): RequestHandler {
  const assets = loadAssets();
  const guard = requireStaffSession({ roles: REPORTS_PAGE_ROLES });
  return (req: Request, res: Response, next: NextFunction) => {
    // The path below /reports, whether Nest mounted this with app.use('/reports') or per route.
    const full = (req.originalUrl.split('?')[0] ?? '').replace(/\/+$/, '');
    if (full !== '/reports' && !full.startsWith('/reports/')) return next();
    const path = full.slice('/reports'.length) || '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = /^\/assets\/([A-Za-z0-9.]+)$/.exec(path);
    if (asset) {
      const file = assets.get(asset[1]);
      if (!file) return next();
      res.status(200).set({ 'Content-Type': file.type, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }).send(file.body);
      return;
    }
    if (path !== '/') return next();
    if (req.headers.authorization === undefined && readSessionCookie(req) === undefined) {
      res.redirect(302, `${STAFF_LOGIN_PATH}?next=${encodeURIComponent(safeNextPath(req.originalUrl))}`);
      return;
    }
    guard(req, res, () => {
      const actor = (req as Request & RequestWithActor).actor!;
      sendReportsPage(res, reportsPage(actor.name ?? actor.role, actor.role));
    });
  };
}
