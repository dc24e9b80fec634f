import { AuthHeaders, complaintBody, TestApp } from '../support/test-app';

export interface TimelineItem {
  type: string;
  at: string;
  actor: { type: string };
  data: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fast policy for one channel, so deadlines pass within the test; deactivated by the caller afterwards. */
export async function createFastPolicy(t: TestApp, admin: AuthHeaders, channel: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/sla-policies')
    .set(admin)
    .send({
      name: `fast ${channel}`,
      match: { channel },
      rank: -100,
      acknowledgeWithinSeconds: 2,
      resolveWithinSeconds: 4,
      warnAtRatio: 0.5,
      escalation: [
        { level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' },
        { level: 2, afterBreachSeconds: 1, notifyRole: 'manager' },
      ],
      ...extra,
    })
    .expect(201);
  return res.body.id;
}

export async function deactivatePolicy(t: TestApp, admin: AuthHeaders, id: string): Promise<void> {
  await t.http().patch(`/api/v1/sla-policies/${id}`).set(admin).send({ active: false }).expect(200);
}

export async function intake(t: TestApp, headers: AuthHeaders, channel: string, extra: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/v1/complaints').set(headers).send(complaintBody({ channel, ...extra })).expect(201);
  return res.body as { id: string; sla: { acknowledgeBy: string; resolveBy: string }; version: number };
}

export async function timeline(t: TestApp, headers: AuthHeaders, id: string): Promise<TimelineItem[]> {
  return (await t.http().get(`/api/v1/complaints/${id}/timeline?limit=200`).set(headers).expect(200)).body.items;
}

/** Each event of a deadline as `clock/firing`, for exact-once assertions. */
export const firingKeys = (items: TimelineItem[]) =>
  items.filter((e) => ['sla_warning', 'sla_breached', 'escalated'].includes(e.type)).map((e) => `${String(e.data.clock)}/${String(e.data.firing)}`);

/** Every firing of the fast policy's acknowledge and resolve clocks, each exactly once. */
export const ALL_FAST_POLICY_FIRINGS = [
  'acknowledge/warning',
  'acknowledge/breach',
  'acknowledge/escalation-1',
  'acknowledge/escalation-2',
  'resolve/warning',
  'resolve/breach',
  'resolve/escalation-1',
  'resolve/escalation-2',
].sort();
