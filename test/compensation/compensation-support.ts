import { randomUUID } from 'node:crypto';
import { AuthHeaders, complaintBody, TEST_PASSWORD, TestApp } from '../support/test-app';

export interface Staff {
  id: string;
  h: AuthHeaders;
}

/** A user of the role (optionally in a supervisor's team), logged in. */
export async function makeUser(t: TestApp, admin: AuthHeaders, role: string, supervisorId?: string): Promise<Staff> {
  const email = `${role}.${randomUUID()}@test.example.com`;
  const res = await t.http().post('/api/v1/users').set(admin).send({ email, name: `${role} ${email.slice(0, 12)}`, password: TEST_PASSWORD, role, ...(supervisorId ? { supervisorId } : {}) });
  if (res.status !== 201) throw new Error(`creating a ${role} failed: ${res.status} ${res.text}`);
  const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
  return { id: res.body.id, h: { Authorization: `Bearer ${login.body.accessToken}` } };
}

/** The contract's limits: agent 50 / 200, supervisor 500 / 2,000, manager 5,000 / 20,000 CNY; admin unlimited. */
export const CONTRACT_LIMITS = {
  currency: 'CNY',
  limits: [
    { role: 'agent', maxPerProposal: 5000, maxPerCustomer30Days: 20000 },
    { role: 'supervisor', maxPerProposal: 50000, maxPerCustomer30Days: 200000 },
    { role: 'manager', maxPerProposal: 500000, maxPerCustomer30Days: 2000000 },
  ],
  pointRate: { points: 1, minorUnits: 1 },
};

export async function setContractLimits(t: TestApp, admin: AuthHeaders): Promise<void> {
  await t.http().put('/api/v1/settings/approval-limits').set(admin).send(CONTRACT_LIMITS).expect(200);
}

/** A complaint assigned to `assigneeId`; a given customer ref lets several complaints share a customer. */
export async function newComplaint(t: TestApp, admin: AuthHeaders, assigneeId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const c = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody(extra)).expect(201);
  await t.http().post(`/api/v1/complaints/${c.body.id}/assign`).set(admin).send({ assigneeId }).expect(200);
  return c.body.id;
}

export const proposal = (extra: Record<string, unknown> = {}) => ({ type: 'bill_credit', amount: 3000, currency: 'CNY', description: '话费补偿', rationale: '多扣话费,表示歉意', ...extra });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await sleep(100);
  }
}
