import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

/** The agents report averages the CSAT that revisits recorded for each agent's complaints. */
describe('agents report: CSAT from revisits (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('shows the average CSAT of the revisits of the agent’s complaints', async () => {
    const agent = await t.auth('agent');
    const agentId = (await t.http().get('/api/v1/auth/me').set(agent).expect(200)).body.id;
    const csats = [5, 3];
    for (const csat of csats) {
      const c = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201)).body;
      await t.http().post(`/api/v1/complaints/${c.id}/assign`).set(admin).send({ assigneeId: agentId }).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'resolved', reason: '已退还多扣的50元' }).expect(200);
      const revisit = (await t.http().get(`/api/v1/complaints/${c.id}/revisits`).set(admin).expect(200)).body.items[0];
      await t.http().post(`/api/v1/revisits/${revisit.id}/attempts`).set(admin).send({ outcome: 'reached', satisfied: true, csat, nps: 9 }).expect(201);
    }
    const rows = (await t.http().get('/api/v1/reports/agents').set(admin).expect(200)).body.rows as { assigneeId: string; csatAverage: number | null }[];
    expect(rows.find((r) => r.assigneeId === agentId)?.csatAverage).toBe(4);
  });
});
