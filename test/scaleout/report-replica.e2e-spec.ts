import { Client } from 'pg';
import type { AuthHeaders, TestApp } from '../support/test-app';
import { ADMIN_DB_URL, databaseUrl, templateDatabase, workerDatabase } from '../support/test-env';

// The "replica" is a fresh clone of the migrated template: it holds no complaints, so a report
// read from it differs from one read from the primary, and the spec can tell which one answered.
const replicaDatabase = `${workerDatabase()}_replica`;
process.env.DATABASE_REPLICA_URL = databaseUrl(replicaDatabase);

const REPORTS = ['sla', 'backlog', 'escalations', 'repeat-complaints', 'agents', 'breaches'];

describe('Reports from a read replica (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let support: typeof import('../support/test-app');

  beforeAll(async () => {
    const pg = new Client({ connectionString: ADMIN_DB_URL });
    await pg.connect();
    try {
      const exists = await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [replicaDatabase]);
      if (exists.rowCount === 0) await pg.query(`CREATE DATABASE "${replicaDatabase}" TEMPLATE "${templateDatabase()}"`);
    } finally {
      await pg.end();
    }
    // Imported after DATABASE_REPLICA_URL is set: the app reads its environment when its modules load.
    support = require('../support/test-app') as typeof import('../support/test-app');
    t = await support.createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('reads the reports from the replica while everything else reads and writes the primary', async () => {
    const created = await t.http().post('/api/v1/complaints').set(admin).send(support.complaintBody()).expect(201);
    await t.http().get(`/api/v1/complaints/${created.body.id}`).set(admin).expect(200);
    const [{ open }] = await t.dataSource.query(`SELECT count(*)::int AS open FROM complaints WHERE status NOT IN ('resolved', 'closed', 'withdrawn')`);
    expect(open).toBeGreaterThan(0);

    const backlog = await t.http().get('/api/v1/reports/backlog').set(admin).expect(200);
    expect(backlog.body.rows).toEqual([]);
  });

  it('answers every report, JSON and CSV, from the replica', async () => {
    for (const name of REPORTS) {
      const json = await t.http().get(`/api/v1/reports/${name}`).set(admin);
      const csv = await t.http().get(`/api/v1/reports/${name}?format=csv`).set(admin);
      expect([name, json.status, csv.status, csv.headers['content-type']]).toEqual([name, 200, 200, expect.stringMatching(/^text\/csv/)]);
    }
  });
});
