import { Logger as TypeOrmLogger } from 'typeorm';
import { AuthHeaders, createTestApp, TestApp } from '../support/test-app';
import { analysisBody, complaintOf, Staff, staff } from './root-cause-support';

/**
 * Statements per root-cause change: the user re-read, BEGIN, the complaint's row lock, one read
 * of the analysis, one batched write (analysis, its version, the timeline event), COMMIT.
 */
describe('statement budget of root-cause changes (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let agent: Staff;
  let sup: Staff;
  const statements: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    sup = await staff(t, admin, 'supervisor');
    agent = await staff(t, admin, 'agent');
    const original = t.dataSource.logger;
    (t.dataSource as unknown as { logger: TypeOrmLogger }).logger = {
      logQuery: (query) => void statements.push(query),
      logQueryError: (...args) => original.logQueryError(...args),
      logQuerySlow: (...args) => original.logQuerySlow(...args),
      logSchemaBuild: (...args) => original.logSchemaBuild(...args),
      logMigration: (...args) => original.logMigration(...args),
      log: (...args) => original.log(...args),
    };
  });
  afterAll(() => t.close());

  const count = async (call: () => Promise<unknown>) => {
    statements.length = 0;
    await call();
    return statements.length;
  };

  it('writing, editing, submitting and confirming an analysis take 6 statements each; reading it 2', async () => {
    const c = await complaintOf(t, admin, agent);
    const url = `/api/v1/complaints/${c.id}/root-cause`;
    expect(await count(() => t.http().put(url).set(agent.headers).send(analysisBody()).expect(201))).toBeLessThanOrEqual(6);
    expect(await count(() => t.http().put(url).set(agent.headers).send(analysisBody({ rootCause: '第二版' })).expect(200))).toBeLessThanOrEqual(6);
    expect(await count(() => t.http().post(`${url}/submit`).set(agent.headers).send({}).expect(200))).toBeLessThanOrEqual(6);
    expect(await count(() => t.http().post(`${url}/confirm`).set(sup.headers).send({}).expect(200))).toBeLessThanOrEqual(6);
    expect(await count(() => t.http().get(url).set(agent.headers).expect(200))).toBeLessThanOrEqual(2);
  });

  it('closing a serious complaint adds one statement (the analysis status) to the transition', async () => {
    const ordinary = await complaintOf(t, admin, agent);
    const serious = await complaintOf(t, admin, agent, { severity: 'serious' });
    for (const id of [ordinary.id, serious.id]) {
      for (const to of ['in_progress', 'resolved']) await t.http().post(`/api/v1/complaints/${id}/transition`).set(admin).send({ to }).expect(200);
    }
    const plain = await count(() => t.http().post(`/api/v1/complaints/${ordinary.id}/transition`).set(admin).send({ to: 'closed', reason: '客户确认已解决' }).expect(200));
    const refused = await count(() => t.http().post(`/api/v1/complaints/${serious.id}/transition`).set(admin).send({ to: 'closed', reason: '客户确认已解决' }).expect(409));
    expect(refused).toBeLessThanOrEqual(plain); // the refusal rolls back before the write
    expect(statements.some((s) => /FROM root_cause_analyses/.test(s))).toBe(true);
  });
});
