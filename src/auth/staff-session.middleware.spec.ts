import type { Request } from 'express';
import { crossSiteWriteProblem, requestOrigin, safeNextPath } from './staff-session.middleware';
import { deriveSessionKey } from './staff-session.service';

const req = (method: string, headers: Record<string, string> = {}, protocol = 'http', host = 'desk.example.com:3000') =>
  ({ method, headers, protocol, host }) as unknown as Request;

describe('staff session rules', () => {
  it('sends a login on only to the staff pages of this server', () => {
    expect(safeNextPath('/admin/queues')).toBe('/admin/queues');
    expect(safeNextPath('/admin/queues/queue/sla-deadlines?status=failed')).toBe('/admin/queues/queue/sla-deadlines?status=failed');
    expect(safeNextPath('/reports')).toBe('/reports');
    for (const bad of ['https://evil.example/admin/queues', '//evil.example/admin/queues', '/admin/queuesx', '/\\evil.example', '/api/v1/users', '', undefined, ['/admin/queues'], '/admin/queues\nSet-Cookie: x']) {
      expect(safeNextPath(bad)).toBe('/admin/queues');
    }
  });

  it('tells same-origin, cross-origin and unknown requests apart by Origin, else Referer', () => {
    expect(requestOrigin(req('POST', { origin: 'http://desk.example.com:3000' }))).toBe('same');
    expect(requestOrigin(req('POST', { origin: 'http://DESK.example.com:3000' }))).toBe('same');
    expect(requestOrigin(req('POST', { referer: 'http://desk.example.com:3000/admin/login?next=%2Fadmin%2Fqueues' }))).toBe('same');
    expect(requestOrigin(req('POST', { origin: 'https://desk.example.com' }, 'https', 'desk.example.com'))).toBe('same');
    expect(requestOrigin(req('POST', { origin: 'https://desk.example.com:443' }, 'https', 'desk.example.com'))).toBe('same');
    expect(requestOrigin(req('POST', { origin: 'http://desk.example.com:3000' }, 'https'))).toBe('cross'); // scheme differs
    expect(requestOrigin(req('POST', { origin: 'http://desk.example.com:3001' }))).toBe('cross');
    expect(requestOrigin(req('POST', { origin: 'https://evil.example' }))).toBe('cross');
    expect(requestOrigin(req('POST', { origin: 'null' }))).toBe('cross');
    // Origin wins over a matching Referer
    expect(requestOrigin(req('POST', { origin: 'https://evil.example', referer: 'http://desk.example.com:3000/admin/login' }))).toBe('cross');
    expect(requestOrigin(req('POST'))).toBe('unknown');
  });

  it('refuses writes that are cross-origin, or name no origin without an Authorization header; never reads', () => {
    expect(crossSiteWriteProblem(req('GET', { origin: 'https://evil.example' }))).toBeNull();
    expect(crossSiteWriteProblem(req('POST', { origin: 'http://desk.example.com:3000' }))).toBeNull();
    expect(crossSiteWriteProblem(req('PUT', { authorization: 'Bearer x' }))).toBeNull();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(crossSiteWriteProblem(req(method, { origin: 'https://evil.example', cookie: 'cd_staff_session=x' }))?.code).toBe('forbidden');
      expect(crossSiteWriteProblem(req(method, { origin: 'https://evil.example', authorization: 'Bearer x' }))?.code).toBe('forbidden');
      expect(crossSiteWriteProblem(req(method, { cookie: 'cd_staff_session=x' }))?.code).toBe('forbidden');
    }
  });

  it('derives the cookie key from JWT_SECRET under its own label', () => {
    const key = deriveSessionKey('a-secret-of-sixteen-plus');
    expect(key).toHaveLength(32);
    expect(key.equals(deriveSessionKey('a-secret-of-sixteen-plus'))).toBe(true);
    expect(key.equals(deriveSessionKey('another-secret-sixteen+'))).toBe(false);
    expect(key.toString('utf8')).not.toContain('a-secret');
  });
});
