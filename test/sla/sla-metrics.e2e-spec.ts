import { AuthHeaders, complaintBody, createTestApp, TestApp, uniqueRef } from '../support/test-app';
import { deactivatePolicy, firingKeys, sleep, timeline } from './sla-support';

/**
 * The deadline workers count what they fire on GET /metrics (Prometheus text). A 1 s acknowledge /
 * 2 s resolve policy on a channel/tier combination no other spec uses (web, standard customer);
 * deactivated afterwards.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (enough of it for these metrics). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const value = (samples: Sample[], name: string, labels: Record<string, string>): number =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe('SLA metrics (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let policyId: string;
  const CHANNEL = 'web';
  const TIER = 'standard';

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.auth('admin');
    await t.auth('supervisor');
    const res = await t
      .http()
      .post('/api/v1/sla-policies')
      .set(admin)
      .send({
        name: 'metrics: 1 s / 2 s',
        match: { channel: CHANNEL, customerTier: TIER },
        rank: -1000,
        acknowledgeWithinSeconds: 1,
        resolveWithinSeconds: 2,
        warnAtRatio: 0.5,
        escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }],
      })
      .expect(201);
    policyId = res.body.id;
  });
  afterAll(async () => {
    if (policyId) await deactivatePolicy(t, admin, policyId);
    await t.close();
  });

  const scrape = async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  it('a complaint left alone shows up in the firing lateness histogram and the breach, warning and escalation counters', async () => {
    const before = parseMetrics(await scrape());
    const ackBreachesBefore = value(before, 'sla_breaches_total', { clock: 'acknowledge' });
    const resolveBreachesBefore = value(before, 'sla_breaches_total', { clock: 'resolve' });
    const ackWarningsBefore = value(before, 'sla_warnings_total', { clock: 'acknowledge' });
    const ackEscalationsBefore = value(before, 'sla_escalations_total', { clock: 'acknowledge', level: '1' });
    const latenessBefore = value(before, 'sla_firing_lateness_seconds_count', { clock: 'acknowledge', firing: 'breach' });

    const res = await t
      .http()
      .post('/api/v1/complaints')
      .set(admin)
      .send(complaintBody({ customer: { externalRef: uniqueRef(), name: '王五', phone: '13900000002', tier: TIER }, channel: CHANNEL }))
      .expect(201);
    expect(res.body.sla.policyId).toBe(policyId);
    await sleep(3500);

    // The deadlines did fire (so the counters have something to count).
    const keys = firingKeys(await timeline(t, admin, res.body.id));
    expect(keys).toEqual(expect.arrayContaining(['acknowledge/warning', 'acknowledge/breach', 'acknowledge/escalation-1', 'resolve/breach']));

    const text = await scrape();
    // Histogram buckets per clock and firing kind (escalation levels folded into "escalation").
    const bucketLines = text.split('\n').filter((l) => l.startsWith('sla_firing_lateness_seconds_bucket{') && l.includes('clock="acknowledge"') && l.includes('firing="breach"'));
    expect(bucketLines.length).toBeGreaterThanOrEqual(2);
    expect(bucketLines.some((l) => l.includes('le="+Inf"'))).toBe(true);
    expect(text).toMatch(/^# TYPE sla_firing_lateness_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE sla_breaches_total counter$/m);
    expect(text).toMatch(/^# TYPE sla_warnings_total counter$/m);
    expect(text).toMatch(/^# TYPE sla_escalations_total counter$/m);

    const after = parseMetrics(text);
    expect(value(after, 'sla_breaches_total', { clock: 'acknowledge' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sla_breaches_total', { clock: 'acknowledge' }) - ackBreachesBefore).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sla_breaches_total', { clock: 'resolve' }) - resolveBreachesBefore).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sla_warnings_total', { clock: 'acknowledge' }) - ackWarningsBefore).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sla_escalations_total', { clock: 'acknowledge', level: '1' }) - ackEscalationsBefore).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sla_firing_lateness_seconds_count', { clock: 'acknowledge', firing: 'breach' }) - latenessBefore).toBeGreaterThanOrEqual(1);
    expect(after.some((s) => s.name === 'sla_firing_lateness_seconds_bucket' && s.labels.firing === 'escalation')).toBe(true);
    expect(after.some((s) => s.labels.firing?.startsWith('escalation-'))).toBe(false);

    // Buckets are cumulative, and a breach fired on time lands well inside the histogram.
    const buckets = after
      .filter((s) => s.name === 'sla_firing_lateness_seconds_bucket' && s.labels.clock === 'acknowledge' && s.labels.firing === 'breach')
      .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }))
      .sort((a, b) => a.le - b.le);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i].count).toBeGreaterThanOrEqual(buckets[i - 1].count);
    expect(buckets.find((b) => b.le === 2.5)!.count).toBeGreaterThanOrEqual(1);
    expect(buckets[buckets.length - 1].count).toBe(value(after, 'sla_firing_lateness_seconds_count', { clock: 'acknowledge', firing: 'breach' }));
  });
});
