import { businessSecondsBetween, CalendarDefinition } from '../../src/sla/clock/business-calendar';
import { AuthHeaders, complaintBody, createTestApp, TestApp, uniqueRef } from '../support/test-app';
import { deactivatePolicy, sleep, TimelineItem } from '../sla/sla-support';

const DAY = 86_400;
const OFFICE = [['09:00', '18:00']];
const SHANGHAI_OFFICE: CalendarDefinition = { timezone: 'Asia/Shanghai', weeklyHours: { mon: OFFICE as [string, string][], tue: OFFICE as [string, string][], wed: OFFICE as [string, string][], thu: OFFICE as [string, string][], fri: OFFICE as [string, string][] }, holidays: [], extraWorkingDays: [] };

/** Nearest-rank percentile, as the definitions say (PostgreSQL percentile_disc). */
function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}
const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);
const seconds = (from: string, to: string) => ms(from, to) / 1000;

/** Parses our CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  expect(field).toBe('');
  return rows;
}

/** Each JSON row as the CSV writes it: '' for null, ISO for dates, String otherwise. */
const asCsv = (columns: string[], rows: Record<string, unknown>[]) => rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))));

/**
 * A small known history, backdated 20 days so deadlines are missed without waiting (a backdated
 * intake fires its missed deadlines inside the intake), and every figure of the reports is
 * asserted exactly, JSON and CSV alike. The expectations are computed here from the complaints'
 * timelines (their instants), independently of the report's SQL.
 *
 * Policies (dedicated to channel `social`, one per customer tier):
 * - diamond: acknowledge 25 d, resolve 30 d (24x7) — met clocks, a paused one, a withdrawal, a pause and a reopen;
 * - platinum: acknowledge 1 h, resolve 40 d, escalation at the breach — a late acknowledgement, and an acknowledge clock still running past its deadline;
 * - gold: acknowledge 25 d, resolve 10 d, escalation at the breach — a resolve clock paused after its deadline, and one resolved late;
 * - silver: acknowledge 200 business hours on a Mon–Fri 09:00–18:00 Shanghai calendar — business seconds, not calendar seconds.
 */
describe('SLA reports over a known history (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: AuthHeaders;
  let supId: string;
  let supName: string;
  const policies: string[] = [];
  /** The window the history is received in: 10:00–11:00 Shanghai, 20 days ago. */
  let from: string;
  let to: string;
  let q: string;
  const c: Record<string, { id: string; receivedAt: string; reference: string }> = {};

  const policy = async (body: Record<string, unknown>) => {
    const res = await t.http().post('/api/v1/sla-policies').set(admin).send({ rank: -900, warnAtRatio: 0, escalation: [], ...body }).expect(201);
    policies.push(res.body.id);
  };
  const intake = async (name: string, tier: string, minute: number, customerRef = uniqueRef()) => {
    const receivedAt = new Date(Date.parse(from) + minute * 60_000).toISOString();
    const res = await t.http().post('/api/v1/complaints').set(sup).send(complaintBody({ channel: 'social', receivedAt, customer: { externalRef: customerRef, name: `客户 ${name}`, tier } })).expect(201);
    c[name] = { id: res.body.id, receivedAt: res.body.receivedAt, reference: res.body.reference };
    return res.body;
  };
  const move = async (name: string, to: string) => t.http().post(`/api/v1/complaints/${c[name].id}/transition`).set(sup).send({ to, reason: '测试' }).expect(200);
  const ack = async (name: string) => t.http().post(`/api/v1/complaints/${c[name].id}/acknowledge`).set(sup).send({ note: '已收到' }).expect(200);
  const events = async (name: string): Promise<TimelineItem[]> => (await t.http().get(`/api/v1/complaints/${c[name].id}/timeline?limit=200`).set(admin).expect(200)).body.items;
  const at = async (name: string, type: string, to?: string, nth = 0) => (await events(name)).filter((e) => e.type === type && (to === undefined || e.data.to === to))[nth].at;
  const report = async (path: string, headers: AuthHeaders = admin) => (await t.http().get(`/api/v1/reports/${path}`).set(headers).expect(200)).body;
  const csv = async (path: string) => {
    const res = await t.http().get(`/api/v1/reports/${path}`).set(admin).buffer(true).parse((r, cb) => { let s = ''; r.setEncoding('utf8'); r.on('data', (d: string) => (s += d)); r.on('end', () => cb(null, s)); }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    return parseCsv(res.body as string);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
    sup = await t.auth('supervisor');
    const me = (await t.http().get('/api/v1/auth/me').set(sup).expect(200)).body;
    supId = me.id;
    supName = me.name;
    const day = new Date(Date.now() - 20 * DAY * 1000);
    from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2, 0, 0)).toISOString(); // 10:00 in Shanghai
    to = new Date(Date.parse(from) + 3600_000).toISOString();
    q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

    const cal = (await t.http().post('/api/v1/calendars').set(admin).send({ name: '上海办公时间', ...SHANGHAI_OFFICE }).expect(201)).body;
    const ladder = [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }];
    await policy({ name: 'report diamond', match: { channel: 'social', customerTier: 'diamond' }, acknowledgeWithinSeconds: 25 * DAY, resolveWithinSeconds: 30 * DAY });
    await policy({ name: 'report platinum', match: { channel: 'social', customerTier: 'platinum' }, acknowledgeWithinSeconds: 3600, resolveWithinSeconds: 40 * DAY, escalation: ladder });
    await policy({ name: 'report gold', match: { channel: 'social', customerTier: 'gold' }, acknowledgeWithinSeconds: 25 * DAY, resolveWithinSeconds: 10 * DAY, escalation: ladder });
    await policy({ name: 'report silver', match: { channel: 'social', customerTier: 'silver' }, calendarId: cal.id, acknowledgeWithinSeconds: 200 * 3600, resolveWithinSeconds: 400 * 3600 });

    const repeater = uniqueRef();
    await intake('C1', 'diamond', 1, repeater);
    await intake('C2', 'platinum', 2);
    await intake('C3', 'platinum', 3);
    await intake('C4', 'diamond', 4);
    await intake('C5', 'gold', 5);
    await intake('C6', 'gold', 6);
    await intake('C7', 'diamond', 7, repeater); // a repeat of C1
    await intake('C8', 'diamond', 8);
    await intake('C9', 'silver', 9);

    await ack('C1'); // met
    await move('C1', 'resolved'); // met
    await sleep(300);
    await move('C1', 'in_progress'); // reopened: the time it stood resolved does not count
    await move('C1', 'resolved');
    await ack('C2'); // late: missed; resolve runs before its deadline
    // C3: never acknowledged, the acknowledge clock still runs past its deadline
    await ack('C4');
    await move('C4', 'pending_customer'); // resolve paused before its deadline: neither
    await ack('C5');
    await move('C5', 'pending_customer'); // resolve paused after its deadline: missed
    await ack('C6');
    await move('C6', 'resolved'); // late
    await move('C7', 'withdrawn'); // before any deadline: neither
    await ack('C8');
    await move('C8', 'pending_customer');
    await sleep(1200);
    await move('C8', 'in_progress');
    await move('C8', 'resolved'); // met, the pause left out
    await ack('C9'); // business seconds on the Shanghai office calendar
  });

  afterAll(async () => {
    for (const id of policies) await deactivatePolicy(t, admin, id);
    await t.close();
  });

  it('groupBy=tier: every figure of every group, exactly', async () => {
    const ackS = async (n: string) => seconds(c[n].receivedAt, await at(n, 'acknowledged'));
    const c1 = { r1: await at('C1', 'status_changed', 'resolved', 0), reopened: await at('C1', 'reopened'), r2: await at('C1', 'status_changed', 'resolved', 1) };
    // sums in whole milliseconds, as the clock counts them
    const c1Resolve = (ms(c['C1'].receivedAt, c1.r1) + ms(c1.reopened, c1.r2)) / 1000;
    const c8Pause = ms(await at('C8', 'status_changed', 'pending_customer'), await at('C8', 'status_changed', 'in_progress'));
    const c8Resolve = (ms(c['C8'].receivedAt, await at('C8', 'status_changed', 'resolved')) - c8Pause) / 1000;
    expect(c8Pause).toBeGreaterThanOrEqual(1200);
    const c6Resolve = seconds(c['C6'].receivedAt, await at('C6', 'status_changed', 'resolved'));
    const diamondAck = [await ackS('C1'), await ackS('C4'), await ackS('C8')];
    const c9Ack = businessSecondsBetween(new Date(c['C9'].receivedAt), new Date(await at('C9', 'acknowledged')), SHANGHAI_OFFICE);
    expect(c9Ack).toBeLessThan((await ackS('C9')) - 3 * DAY); // nights and weekends are left out

    const body = await report(`sla?${q}&groupBy=tier`);
    expect(body.groupBy).toBe('tier');
    expect(body.period).toMatchObject({ from, to });
    const base = { escalated: 0, breached: 0 };
    expect(body.rows).toEqual([
      {
        group: 'diamond', label: 'diamond', total: 4, ...base,
        acknowledged: 3, acknowledgedOnTime: 3, acknowledgeMissed: 0, acknowledgeCompliance: 1,
        resolved: 2, resolvedOnTime: 2, resolveMissed: 0, resolveCompliance: 1,
        acknowledgeSecondsP50: nearestRank(diamondAck, 0.5), acknowledgeSecondsP90: nearestRank(diamondAck, 0.9),
        resolveSecondsP50: nearestRank([c1Resolve, c8Resolve], 0.5), resolveSecondsP90: nearestRank([c1Resolve, c8Resolve], 0.9),
      },
      {
        group: 'gold', label: 'gold', total: 2, breached: 2, escalated: 2,
        acknowledged: 2, acknowledgedOnTime: 2, acknowledgeMissed: 0, acknowledgeCompliance: 1,
        resolved: 1, resolvedOnTime: 0, resolveMissed: 2, resolveCompliance: 0,
        acknowledgeSecondsP50: nearestRank([await ackS('C5'), await ackS('C6')], 0.5), acknowledgeSecondsP90: nearestRank([await ackS('C5'), await ackS('C6')], 0.9),
        resolveSecondsP50: c6Resolve, resolveSecondsP90: c6Resolve,
      },
      {
        group: 'platinum', label: 'platinum', total: 2, breached: 2, escalated: 2,
        acknowledged: 1, acknowledgedOnTime: 0, acknowledgeMissed: 2, acknowledgeCompliance: 0,
        resolved: 0, resolvedOnTime: 0, resolveMissed: 0, resolveCompliance: null,
        acknowledgeSecondsP50: await ackS('C2'), acknowledgeSecondsP90: await ackS('C2'),
        resolveSecondsP50: null, resolveSecondsP90: null,
      },
      {
        group: 'silver', label: 'silver', total: 1, ...base,
        acknowledged: 1, acknowledgedOnTime: 1, acknowledgeMissed: 0, acknowledgeCompliance: 1,
        resolved: 0, resolvedOnTime: 0, resolveMissed: 0, resolveCompliance: null,
        acknowledgeSecondsP50: c9Ack, acknowledgeSecondsP90: c9Ack, resolveSecondsP50: null, resolveSecondsP90: null,
      },
    ]);

    // The CSV: the same rows, the contract's header names, RFC 4180, a BOM.
    const rows = await csv(`sla?${q}&groupBy=tier&format=csv`);
    const columns = rows[0];
    expect(columns).toEqual(expect.arrayContaining(['group', 'total', 'acknowledged', 'acknowledgedOnTime', 'acknowledgeCompliance', 'resolved', 'resolvedOnTime', 'resolveCompliance', 'breached', 'escalated', 'acknowledgeSecondsP50', 'acknowledgeSecondsP90', 'resolveSecondsP50', 'resolveSecondsP90']));
    expect(rows.slice(1)).toEqual(asCsv(columns, body.rows));
  });

  it('groupBy=team, channel and day (in a time zone): one group each, with the totals', async () => {
    const team = await report(`sla?${q}&groupBy=team`);
    expect(team.rows).toHaveLength(1);
    expect(team.rows[0]).toMatchObject({ group: supId, label: supName, total: 9, acknowledged: 7, acknowledgedOnTime: 6, acknowledgeMissed: 2, resolved: 3, resolvedOnTime: 2, resolveMissed: 2, breached: 4, escalated: 4 });
    expect(team.rows[0].acknowledgeCompliance).toBeCloseTo(6 / 8, 12);
    expect(team.rows[0].resolveCompliance).toBe(0.5);
    const channel = await report(`sla?${q}&groupBy=channel`);
    expect(channel.rows.map((r: { group: string; total: number }) => [r.group, r.total])).toEqual([['social', 9]]);
    const day = await report(`sla?${q}&groupBy=day&tz=Asia/Shanghai`);
    expect(day.rows.map((r: { group: string; total: number }) => [r.group, r.total])).toEqual([[from.slice(0, 10), 9]]);
    // 10:00-11:00 in Shanghai is 02:00-03:00 UTC; at UTC-12 it is still the day before
    const west = await report(`sla?${q}&groupBy=day&tz=Etc/GMT%2B12`);
    expect(west.rows.map((r: { group: string }) => r.group)).toEqual([new Date(Date.parse(from) - DAY * 1000).toISOString().slice(0, 10)]);
    const assignee = await report(`sla?${q}&groupBy=assignee`);
    expect(assignee.rows.map((r: { group: string; label: string; total: number }) => [r.group, r.label, r.total])).toEqual([[supId, supName, 9]]);
  });

  it('breach list: every missed clock, late stops and clocks still open past their deadline', async () => {
    const before = await report(`breaches?${q}`);
    expect(before.rows.map((r: { reference: string; clock: string }) => `${r.reference}/${r.clock}`)).toEqual([
      `${c['C2'].reference}/acknowledge`,
      `${c['C3'].reference}/acknowledge`,
      `${c['C5'].reference}/resolve`,
      `${c['C6'].reference}/resolve`,
    ]);
    const c2 = before.rows[0];
    expect(c2.lateBySeconds).toBe(seconds(c2.dueAt, c2.stoppedAt));
    expect(c2.dueAt).toBe(new Date(Date.parse(c['C2'].receivedAt) + 3600_000).toISOString());
    expect(before.rows[1].stoppedAt).toBeNull();
    expect(before.truncated).toBe(false);
    // The CSV: the same rows; an open clock's lateness runs on between the two requests.
    const rows = await csv(`breaches?${q}&format=csv`);
    const late = rows[0].indexOf('lateBySeconds');
    const json = asCsv(rows[0], before.rows);
    expect(rows.slice(1).map((r) => r.filter((_, i) => i !== late))).toEqual(json.map((r) => r.filter((_, i) => i !== late)));
    rows.slice(1).forEach((r, i) => expect(Number(r[late])).toBeGreaterThanOrEqual(Number(json[i][late])));
  });

  it('backlog: open complaints by age bucket and level, breached first', async () => {
    const body = await report(`backlog?${q}`);
    expect(body.rows.map((r: Record<string, unknown>) => ({ ...r, oldestReceivedAt: undefined }))).toEqual([
      { breached: true, escalationLevel: 1, ageBucket: '7-30d', count: 3, oldestReceivedAt: undefined }, // C2, C3, C5
      { breached: false, escalationLevel: 0, ageBucket: '7-30d', count: 2, oldestReceivedAt: undefined }, // C4, C9
    ]);
    expect(body.rows[0].oldestReceivedAt).toBe(c['C2'].receivedAt);
    expect(body.rows[1].oldestReceivedAt).toBe(c['C4'].receivedAt);
    const rows = await csv(`backlog?${q}&format=csv`);
    expect(rows).toEqual([['breached', 'escalationLevel', 'ageBucket', 'count', 'oldestReceivedAt'], ...asCsv(rows[0], body.rows)]);
  });

  it('escalations, repeat complaints and agents', async () => {
    const escalatedAt = await at('C6', 'escalated');
    const c6End = seconds(escalatedAt, await at('C6', 'status_changed', 'resolved'));
    const esc = await report(`escalations?${q}`);
    expect(esc.rows).toEqual([{ level: 1, team: supId, teamName: supName, escalations: 4, deescalated: 1, stillEscalated: 3, deescalateSecondsP50: c6End, deescalateSecondsP90: c6End }]);

    const rates = await report(`repeat-complaints?${q}`);
    expect(rates.rows).toEqual([
      { category: 'billing', tier: 'diamond', complaints: 4, repeats: 1, repeatRate: 0.25 },
      { category: 'billing', tier: 'gold', complaints: 2, repeats: 0, repeatRate: 0 },
      { category: 'billing', tier: 'platinum', complaints: 2, repeats: 0, repeatRate: 0 },
      { category: 'billing', tier: 'silver', complaints: 1, repeats: 0, repeatRate: 0 },
    ]);
    const customers = await report(`repeat-complaints?${q}&view=customers`);
    // the customer's name is the latest intake's (C7 named the same customer)
    expect(customers.rows).toEqual([expect.objectContaining({ customerName: '客户 C7', tier: 'diamond', complaints: 2, repeats: 1, repeatRate: 0.5 })]);
    const csvRows = await csv(`repeat-complaints?${q}&view=customers&format=csv`);
    expect(csvRows[1]).toContain('客户 C7');

    const agents = await report(`agents?${q}`);
    expect(agents.rows).toEqual([{ assigneeId: supId, assigneeName: supName, complaints: 9, handled: 3, onTimeRatio: 0.5, reopened: 1, reopenRatio: 1 / 3, csatAverage: null }]);
  });

  it('definitions: every SLA field is defined, and the same text is in the OpenAPI description', async () => {
    const defs = await report('definitions');
    const sla = defs.reports.find((r: { report: string }) => r.report === 'sla');
    const fields = sla.metrics.map((m: { name: string }) => m.name);
    for (const f of ['group', 'total', 'acknowledged', 'acknowledgedOnTime', 'acknowledgeCompliance', 'resolved', 'resolvedOnTime', 'resolveCompliance', 'breached', 'escalated', 'acknowledgeSecondsP50', 'acknowledgeSecondsP90', 'resolveSecondsP50', 'resolveSecondsP90']) expect(fields).toContain(f);
    expect(sla.rules.join(' ')).toMatch(/still runs \(or was paused\) past its deadline/);
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(doc.paths['/api/v1/reports/sla'].get.description).toContain(sla.rules[2]);
  });

  it('bad input is 400 naming the parameter; front desk and agents get 403; supervisors and managers read', async () => {
    const bad = async (query: string, field: string) => {
      const res = await t.http().get(`/api/v1/reports/sla?${query}`).set(admin).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad(`${q}&groupBy=horoscope`, 'groupBy');
    await bad('from=yesterday', 'from');
    await bad('to=2026-13-45', 'to');
    await bad(`from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, 'from');
    await bad('from=2024-01-01T00:00:00Z&to=2025-06-01T00:00:00Z', 'to');
    await bad(`${q}&format=xlsx`, 'format');
    await bad(`${q}&tz=Mars/Olympus`, 'tz');
    await bad(`${q}&colour=red`, 'colour');
    const badBreach = await t.http().get(`/api/v1/reports/breaches?${q}&limit=5000`).set(admin).expect(400);
    expect(badBreach.body.errors[0].field).toBe('limit');

    for (const role of ['front_desk', 'agent']) {
      await t.http().get(`/api/v1/reports/sla?${q}`).set(await t.auth(role)).expect(403);
      await t.http().get(`/api/v1/reports/backlog`).set(await t.auth(role)).expect(403);
    }
    await t.http().get(`/api/v1/reports/sla?${q}`).expect(401);
    await report(`sla?${q}`, await t.auth('manager'));
    await report(`agents?${q}`, sup);
  });
});
