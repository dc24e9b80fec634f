import { AuthHeaders, complaintBody, createTestApp, TestApp } from '../support/test-app';

/**
 * Many staff acting on one complaint at once: the complaint's row lock serialises the changes,
 * so every success moves the version by one and writes its timeline event, and every loser is
 * told 409 (stale version or a move its current status does not allow), never 5xx.
 */
describe('concurrent changes of one complaint (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  it('200 concurrent transitions: versions without gaps, one event per success, losers 409', async () => {
    const { body: created } = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
    const { body: acked } = await t.http().post(`/api/v1/complaints/${created.id}/acknowledge`).set(admin).send({}).expect(200);
    const start = acked.version as number;

    // Half ask for pending_customer, half for in_progress, so whoever finds the other status
    // wins; one in four also sends If-Match with the version all of them saw.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const req = t.http().post(`/api/v1/complaints/${created.id}/transition`).set(admin);
        if (i % 4 === 3) req.set('If-Match', `"${start}"`);
        return req.send({ to: i % 2 === 0 ? 'pending_customer' : 'in_progress' });
      }),
    );

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409 && s !== 412)).toEqual([]);
    const losers = answers.filter((a) => a.status !== 200);
    expect(new Set(losers.map((a) => a.body.code))).toEqual(new Set(['illegal_transition', 'stale_version']));
    const wins = answers.filter((a) => a.status === 200).map((a) => a.body as { version: number; status: string });
    expect(wins.length).toBeGreaterThan(1);
    // Each success saw the complaint as the previous one left it.
    const versions = wins.map((w) => w.version).sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_, i) => start + 1 + i));

    const { body: final } = await t.http().get(`/api/v1/complaints/${created.id}`).set(admin).expect(200);
    expect(final.version).toBe(start + wins.length);
    expect(final.status).toBe(wins.find((w) => w.version === final.version)!.status);

    const moves: { from: string; to: string }[] = (
      await t.dataSource.query(`SELECT data FROM complaint_events WHERE complaint_id = $1 AND type = 'status_changed' ORDER BY seq`, [created.id])
    ).map((r: { data: { from: string; to: string } }) => r.data);
    expect(moves).toHaveLength(wins.length);
    // An unbroken chain: each move starts where the one before ended.
    expect(moves.map((m) => m.from)).toEqual(['acknowledged', ...moves.slice(0, -1).map((m) => m.to)]);
    expect(moves.at(-1)!.to).toBe(final.status);

    const sequences: number[] = (await t.dataSource.query(`SELECT sequence FROM outbox_events WHERE complaint_id = $1 ORDER BY sequence`, [created.id])).map((r: { sequence: number }) => r.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    const [resolve] = await t.dataSource.query(`SELECT status FROM sla_clocks WHERE complaint_id = $1 AND kind = 'resolve'`, [created.id]);
    expect(resolve.status).toBe(final.status === 'pending_customer' ? 'paused' : 'running');
  });
});
