import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_ROLES, decide, isOwnComplaintsOnly, isPublicRoute, matchConcretePath, normalisePath, PERMISSIONS, PUBLIC_ROUTES, routeKey } from './permissions';
import { routeKeysOfControllers } from './route-key';

/** Every controller class under src/, found by file name so a new controller cannot be forgotten. */
function allControllers(): Function[] {
  const root = join(__dirname, '..');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
  const out: Function[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(root, file)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value === 'function' && Reflect.getMetadata(PATH_METADATA, value) !== undefined) out.push(value);
    }
  }
  return out;
}

describe('permission table', () => {
  const mapped = routeKeysOfControllers(allControllers());

  it('finds the controllers', () => {
    expect(mapped).toEqual(expect.arrayContaining(['POST /api/v1/complaints', 'GET /health', 'POST /api/v1/auth/login', 'DELETE /api/v1/api-keys/:id']));
  });

  it('lists every route a controller maps (a route missing from the table is denied to all)', () => {
    const missing = mapped.filter((key) => !isPublicRoute(key) && !(key in PERMISSIONS));
    expect(missing).toEqual([]);
  });

  it('uses only known roles, gives every route at least one, and never lists a route both public and restricted', () => {
    for (const [key, entry] of Object.entries(PERMISSIONS)) {
      expect(entry.roles.length).toBeGreaterThan(0);
      for (const role of [...entry.roles, ...(entry.ownComplaintsOnly ?? [])]) expect(ACCESS_ROLES).toContain(role);
      for (const role of entry.ownComplaintsOnly ?? []) expect(entry.roles).toContain(role);
      expect(PUBLIC_ROUTES).not.toContain(key);
      expect(key).toBe(routeKey(key.split(' ')[0], key.split(' ')[1]));
    }
  });

  it('keeps only ops routes and login public', () => {
    expect([...PUBLIC_ROUTES].sort()).toEqual(['GET /admin/login', 'GET /health', 'GET /health/ready', 'GET /metrics', 'POST /admin/login', 'POST /admin/logout', 'POST /api/v1/auth/login']);
  });

  it('decides public, allow, forbidden and unlisted', () => {
    expect(decide('GET /health', null)).toBe('public');
    expect(decide('POST /api/v1/complaints', 'front_desk')).toBe('allow');
    expect(decide('POST /api/v1/complaints', 'integration')).toBe('allow');
    expect(decide('POST /api/v1/complaints', 'manager')).toBe('forbidden');
    expect(decide('POST /api/v1/complaints', null)).toBe('forbidden');
    expect(decide('GET /api/v1/nowhere', 'admin')).toBe('unlisted');
    expect(decide('toString', 'admin')).toBe('unlisted');
  });

  it('holds the must-deny and must-allow rules', () => {
    const deny: [string, string][] = [
      ['POST /api/v1/sla-policies', 'front_desk'],
      ['POST /api/v1/users', 'front_desk'],
      ['POST /api/v1/users', 'manager'],
      ['POST /api/v1/sla-policies', 'integration'],
      ['PATCH /api/v1/calendars/:id', 'integration'],
      ['POST /api/v1/api-keys', 'integration'],
      ['POST /api/v1/complaints/:id/assign', 'agent'],
      ['POST /api/v1/complaints/:id/transition', 'integration'],
      ['POST /api/v1/complaints/:id/assign', 'front_desk'],
      ['PATCH /api/v1/users/:id', 'manager'],
      ['POST /api/v1/auth/password', 'integration'],
      ['GET /api/v1/notifications', 'integration'],
      ...(['front_desk', 'agent', 'supervisor', 'manager', 'integration'].map((r) => ['GET /api/v1/api-keys', r]) as [string, string][]),
    ];
    for (const [key, role] of deny) expect([key, role, decide(key, role)]).toEqual([key, role, 'forbidden']);
    const allow: [string, string][] = [
      ['POST /api/v1/complaints', 'front_desk'],
      ['POST /api/v1/complaints/:id/notes', 'integration'],
      ['POST /api/v1/complaints/:id/assign', 'supervisor'],
      ['POST /api/v1/complaints/:id/transition', 'agent'],
      // managers have supervisor rights on complaints
      ...(['assign', 'transition', 'acknowledge', 'notes'].map((a) => [`POST /api/v1/complaints/:id/${a}`, 'manager']) as [string, string][]),
      ['PUT /api/v1/complaints/:id/triage', 'manager'],
      // front desk works the complaints it took in (own)
      ['POST /api/v1/complaints/:id/acknowledge', 'front_desk'],
      ['POST /api/v1/complaints/:id/transition', 'front_desk'],
      ['POST /api/v1/auth/password', 'agent'],
      ['GET /api/v1/sla-policies', 'manager'],
      ['GET /api/v1/complaints/:id/sla', 'integration'],
      ['GET /api/v1/triage/corrections', 'manager'],
    ];
    for (const [key, role] of allow) expect([key, role, decide(key, role)]).toEqual([key, role, 'allow']);
    for (const key of Object.keys(PERMISSIONS)) expect([key, decide(key, 'admin')]).toEqual([key, 'allow']);
  });

  it('marks own-complaints-only roles: agents on working routes, front desk on acknowledge and transition', () => {
    expect(isOwnComplaintsOnly('POST /api/v1/complaints/:id/transition', 'agent')).toBe(true);
    expect(isOwnComplaintsOnly('POST /api/v1/complaints/:id/acknowledge', 'front_desk')).toBe(true);
    expect(isOwnComplaintsOnly('POST /api/v1/complaints/:id/transition', 'front_desk')).toBe(true);
    expect(isOwnComplaintsOnly('PUT /api/v1/complaints/:id/triage', 'front_desk')).toBe(false);
    expect(isOwnComplaintsOnly('POST /api/v1/complaints/:id/transition', 'manager')).toBe(false);
    expect(isOwnComplaintsOnly('POST /api/v1/complaints/:id/transition', 'supervisor')).toBe(false);
  });

  it('matches concrete paths to table keys', () => {
    expect(matchConcretePath('POST', '/api/v1/sla-policies')).toBe('POST /api/v1/sla-policies');
    expect(matchConcretePath('PATCH', '/api/v1/sla-policies/abc?x=1')).toBe('PATCH /api/v1/sla-policies/:id');
    expect(matchConcretePath('HEAD', '/api/v1/complaints/abc/sla')).toBe('GET /api/v1/complaints/:id/sla');
    expect(matchConcretePath('GET', '/api/v1/complaints/a/b/sla')).toBeUndefined();
    expect(matchConcretePath('GET', '/api/v1/unknown')).toBeUndefined();
    expect(normalisePath('api/v1/x/')).toBe('/api/v1/x');
  });
});
