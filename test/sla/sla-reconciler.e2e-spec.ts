import { SlaReconcilerService } from '../../src/sla/firing/sla-reconciler.service';
import { AuthHeaders, createTestApp, TestApp } from '../support/test-app';
import { ALL_FAST_POLICY_FIRINGS, createFastPolicy, deactivatePolicy, firingKeys, intake, sleep, timeline } from './sla-support';
import { flushQueueKeys } from '../support/redis-keys';

/** Two application instances with workers on one database and one queue: two worker processes. */
describe('reconciler and several workers (e2e)', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: AuthHeaders;
  let policyId: string;
  const CHANNEL = 'email';

  beforeAll(async () => {
    first = await createTestApp({ workers: true });
    second = await createTestApp({ workers: true });
    admin = await first.auth('admin');
    policyId = await createFastPolicy(first, admin, CHANNEL);
  });
  afterAll(async () => {
    await deactivatePolicy(first, admin, policyId);
    await Promise.all([first.close(), second.close()]);
  });

  it('after Redis loses every job, the reconciler restores them and each deadline still fires exactly once', async () => {
    const lost = await intake(first, admin, CHANNEL);
    expect(await flushQueueKeys()).toBeGreaterThan(0);
    // Both workers reconcile (as each does on start and every SLA_RECONCILE_SECONDS).
    const [a, b] = await Promise.all([first.app.get(SlaReconcilerService).reconcile(), second.app.get(SlaReconcilerService).reconcile()]);
    // One wake-up per due bucket (firings due at the same quarter second share one).
    expect(a.jobsRestored + b.jobsRestored).toBeGreaterThanOrEqual(4);
    await sleep(6500);
    const items = await timeline(first, admin, lost.id);
    expect(firingKeys(items).sort()).toEqual(ALL_FAST_POLICY_FIRINGS);
  });

  it('deadlines overdue while no job existed fire once when the reconciler next runs; a warning overtaken by its breach is not sent', async () => {
    const late = await intake(first, admin, CHANNEL);
    await flushQueueKeys();
    await sleep(5500); // every firing is now overdue and has no job
    expect(firingKeys(await timeline(first, admin, late.id))).toEqual([]);
    await Promise.all([first.app.get(SlaReconcilerService).reconcile(), second.app.get(SlaReconcilerService).reconcile()]);
    const items = await timeline(first, admin, late.id);
    expect(firingKeys(items).sort()).toEqual(ALL_FAST_POLICY_FIRINGS.filter((k) => !k.endsWith('/warning')));
    const complaint = (await first.http().get(`/api/v1/complaints/${late.id}`).set(admin).expect(200)).body;
    expect(complaint.escalationLevel).toBe(2);
  });

  it('two workers, their jobs and both reconcilers racing at every due time never fire a level twice', async () => {
    const raced = await Promise.all(Array.from({ length: 5 }, () => intake(first, admin, CHANNEL)));
    const race = async () => {
      for (let i = 0; i < 14; i++) {
        await Promise.all([first.app.get(SlaReconcilerService).reconcile(), second.app.get(SlaReconcilerService).reconcile()]);
        await sleep(500);
      }
    };
    await race();
    for (const c of raced) {
      const items = await timeline(first, admin, c.id);
      expect(firingKeys(items).sort()).toEqual(ALL_FAST_POLICY_FIRINGS);
      expect(items.filter((e) => e.type === 'escalated')).toHaveLength(4);
    }
  });
});
