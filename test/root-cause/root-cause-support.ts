import { randomUUID } from 'node:crypto';
import { AuthHeaders, complaintBody, TEST_PASSWORD, TestApp } from '../support/test-app';

export interface Staff {
  id: string;
  headers: AuthHeaders;
}

/** A new staff member of the role (each call a different person). */
export async function staff(t: TestApp, admin: AuthHeaders, role: string, extra: Record<string, unknown> = {}): Promise<Staff> {
  const email = `${role}.${randomUUID().slice(0, 8)}@rc.example.com`;
  const user = await t.http().post('/api/v1/users').set(admin).send({ email, name: `${role} ${email.slice(0, 12)}`, password: TEST_PASSWORD, role, ...extra }).expect(201);
  const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
  return { id: user.body.id, headers: { Authorization: `Bearer ${login.body.accessToken}` } };
}

/** A complaint taken in by the admin and assigned to `assignee`. */
export async function complaintOf(t: TestApp, admin: AuthHeaders, assignee: Staff | null, extra: Record<string, unknown> = {}) {
  const c = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody(extra)).expect(201);
  if (assignee) await t.http().post(`/api/v1/complaints/${c.body.id}/assign`).set(admin).send({ assigneeId: assignee.id }).expect(200);
  return c.body as { id: string; reference: string; version: number };
}

export const why = (q: string, a: string, evidence: unknown[] = [{ kind: 'service_log', ref: 'OLT-17', description: '端口告警日志' }]) => ({ question: q, answer: a, evidence });

export const analysisBody = (extra: Record<string, unknown> = {}) => ({
  problemStatement: '客户宽带晚间频繁断网',
  expected: '全天在线',
  actual: '每晚 20:00 后断线',
  whys: [why('为什么断网?', '晚高峰端口拥塞'), why('为什么拥塞?', '用户数超出端口容量'), why('为什么没扩容?', '扩容计划延误', [{ kind: 'document', description: '扩容计划表' }])],
  rootCause: 'OLT 端口容量不足,扩容计划延误',
  category: 'product',
  ...extra,
});

export async function timelineTypes(t: TestApp, headers: AuthHeaders, id: string): Promise<{ type: string; data: Record<string, unknown>; actor: { id: string | null } }[]> {
  return (await t.http().get(`/api/v1/complaints/${id}/timeline?limit=200`).set(headers).expect(200)).body.items;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
