import { Logger as TypeOrmLogger } from 'typeorm';
import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

/**
 * The hot paths' statement budgets: every statement PostgreSQL parses is counted (a counting
 * logger on the data source; TypeORM hands every query to its logger), so a change that adds
 * a round trip fails here. Intake: the user's re-read, BEGIN, the customer upsert, one read,
 * one batched write, COMMIT.
 */
describe('statement budget of the hot paths (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const statements: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    const original = t.dataSource.logger;
    const counting: TypeOrmLogger = {
      logQuery: (query) => void statements.push(query),
      logQueryError: (...args) => original.logQueryError(...args),
      logQuerySlow: (...args) => original.logQuerySlow(...args),
      logSchemaBuild: (...args) => original.logSchemaBuild(...args),
      logMigration: (...args) => original.logMigration(...args),
      log: (...args) => original.log(...args),
    };
    (t.dataSource as unknown as { logger: TypeOrmLogger }).logger = counting;
    // Warm the policy cache, as any running instance is.
    await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
  });
  afterAll(() => t.close());

  const count = async (call: () => Promise<unknown>): Promise<string[]> => {
    statements.length = 0;
    await call();
    return [...statements];
  };

  it('an intake issues at most 6 statements', async () => {
    const sql = await count(() => t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201));
    expect(sql.length).toBeLessThanOrEqual(6);
    expect(sql.filter((s) => /^\s*(START TRANSACTION|COMMIT)/i.test(s))).toHaveLength(2);
  });

  it('an intake with an Idempotency-Key issues at most 7, and its replay at most 5', async () => {
    const body = complaintBody();
    const key = `budget-${Date.now()}`;
    expect((await count(() => t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(body).expect(201))).length).toBeLessThanOrEqual(7);
    expect((await count(() => t.http().post('/api/v1/complaints').set(admin).set('Idempotency-Key', key).send(body).expect(201))).length).toBeLessThanOrEqual(5);
  });

  it('reading a complaint or a page of 50 costs the user re-read and one query (a complaint: one more for its knowledge articles)', async () => {
    const created = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201)).body;
    // 3: the user re-read, the complaint, and the knowledge articles that match its text (their
    // search needs the complaint's text, tokenised in the application, so it cannot join the first read).
    expect((await count(() => t.http().get(`/api/v1/complaints/${created.id}`).set(admin).expect(200))).length).toBeLessThanOrEqual(3);
    expect((await count(() => t.http().get('/api/v1/complaints?limit=50').set(admin).expect(200))).length).toBeLessThanOrEqual(2);
  });

  it('acknowledging issues at most 6 statements (lock, clocks, one write)', async () => {
    const created = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201)).body;
    const sql = await count(() => t.http().post(`/api/v1/complaints/${created.id}/acknowledge`).set(admin).send({}).expect(200));
    expect(sql.length).toBeLessThanOrEqual(6);
  });
});
