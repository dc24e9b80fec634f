import { randomUUID } from 'node:crypto';
import { AuthHeaders, complaintBody, createTestApp, TestApp, uniqueRef } from '../support/test-app';
import { deactivatePolicy } from './sla-support';

/**
 * SLA configuration through the API: policies, business calendars, regulator presets, the
 * periodic update clock and who may change what. No workers: nothing here waits for a deadline.
 *
 * Every policy this file creates matches only a channel/tier combination no other spec uses
 * (the regulator channel with a silver/standard/diamond customer, the web channel with a silver
 * one) and is deactivated in afterAll.
 */

const HOUR = 3600;
const MIN = 60;

interface Policy {
  id: string;
  name: string;
  match: Record<string, string>;
  rank: number;
  calendarId: string | null;
  acknowledgeWithinSeconds: number;
  resolveWithinSeconds: number;
  updateEverySeconds: number | null;
  finalResponseWithinDays: number | null;
  regulatorPreset: string | null;
  warnAtRatio: number;
  escalation: { level: number; afterBreachSeconds: number; notifyRole: string }[];
  notifyAtIntakeRole: string | null;
  active: boolean;
  version: number;
  createdAt: string;
}

interface Clock {
  id: string;
  kind: string;
  state: string;
  startedAt: string;
  dueAt: string | null;
  targetSeconds: number;
  elapsedBusinessSeconds: number;
  remainingBusinessSeconds: number;
  pausedBusinessSeconds: number;
  breached: boolean;
  calendarId: string | null;
  ledger: { action: string; at: string; reason: string; dueAt: string | null }[];
  firings: { firing: string; dueAt: string; firedAt: string | null }[];
}

const validPolicy = (extra: Record<string, unknown> = {}) => ({
  name: `config spec ${Math.random().toString(36).slice(2, 8)}`,
  match: { channel: 'regulator', customerTier: 'diamond' },
  rank: 900_000,
  acknowledgeWithinSeconds: 2 * HOUR,
  resolveWithinSeconds: 24 * HOUR,
  warnAtRatio: 0.75,
  escalation: [
    { level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' },
    { level: 2, afterBreachSeconds: HOUR, notifyRole: 'manager' },
  ],
  ...extra,
});

const SHANGHAI_HOURS: [string, string][] = [
  ['09:00', '12:00'],
  ['13:00', '18:00'],
];
const HOLIDAY = '2026-11-18'; // a Wednesday
const MAKE_UP_SATURDAY = '2026-11-21';

const validCalendar = (extra: Record<string, unknown> = {}) => ({
  name: `Shanghai office ${Math.random().toString(36).slice(2, 8)}`,
  timezone: 'Asia/Shanghai',
  weeklyHours: { mon: SHANGHAI_HOURS, tue: SHANGHAI_HOURS, wed: SHANGHAI_HOURS, thu: SHANGHAI_HOURS, fri: SHANGHAI_HOURS },
  holidays: [HOLIDAY],
  extraWorkingDays: [MAKE_UP_SATURDAY],
  ...extra,
});

/**
 * An independent reckoning of the calendar above (Shanghai is UTC+8 all year, no DST): business
 * seconds in [from, to).
 */
function shanghaiBusinessSeconds(from: number, to: number): number {
  const OFFSET = 8 * HOUR * 1000;
  let total = 0;
  const firstLocalMidnight = Math.floor((from + OFFSET) / 86_400_000) * 86_400_000 - OFFSET;
  for (let dayStart = firstLocalMidnight; dayStart < to; dayStart += 86_400_000) {
    const local = new Date(dayStart + OFFSET);
    const date = local.toISOString().slice(0, 10);
    const weekday = local.getUTCDay();
    const open = date !== HOLIDAY && ((weekday >= 1 && weekday <= 5) || date === MAKE_UP_SATURDAY);
    if (!open) continue;
    for (const [s, e] of [
      [9, 12],
      [13, 18],
    ]) {
      const lo = Math.max(from, dayStart + s * HOUR * 1000);
      const hi = Math.min(to, dayStart + e * HOUR * 1000);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / 1000;
}

describe('SLA configuration (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const toDeactivate: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(async () => {
    for (const id of toDeactivate) await deactivatePolicy(t, admin, id);
    await t.close();
  });

  const createPolicy = async (body: Record<string, unknown>): Promise<Policy> => {
    const res = await t.http().post('/api/v1/sla-policies').set(admin).send(body);
    expect(res.status).toBe(201);
    toDeactivate.push(res.body.id);
    return res.body;
  };

  /** Files a complaint for a fresh customer of `tier`. */
  const fileComplaint = async (channel: string, tier: string, extra: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post('/api/v1/complaints')
      .set(admin)
      .send(complaintBody({ customer: { externalRef: uniqueRef(), name: '李四', phone: '13900000001', tier }, channel, ...extra }));
    expect(res.status).toBe(201);
    return res.body as { id: string; receivedAt: string; severity: string; version: number; sla: { policyId: string; acknowledgeBy: string; resolveBy: string; breached: boolean } };
  };

  const slaOf = async (id: string) => (await t.http().get(`/api/v1/complaints/${id}/sla`).set(admin).expect(200)).body as { policyId: string; clocks: Clock[] };

  const allPolicies = async (limit: number): Promise<Policy[]> => {
    const out: Policy[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await t
        .http()
        .get('/api/v1/sla-policies')
        .query({ limit, ...(cursor ? { cursor } : {}) })
        .set(admin)
        .expect(200);
      const body = res.body as { items: Policy[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      out.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return out;
    }
    throw new Error('pagination did not end');
  };

  const expectFieldError = (res: { status: number; body: { code?: string; errors?: { field: string }[] } }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect((res.body.errors ?? []).map((e) => e.field)).toContain(field);
  };

  describe('policies', () => {
    it('admin creates, gets, patches (with If-Match) a policy; a stale If-Match is 409', async () => {
      const created = await createPolicy(validPolicy({ name: 'crud policy', updateEverySeconds: 6 * HOUR, finalResponseWithinDays: 10 }));
      expect(created).toMatchObject({
        id: expect.any(String),
        name: 'crud policy',
        match: { channel: 'regulator', customerTier: 'diamond' },
        rank: 900_000,
        calendarId: null,
        acknowledgeWithinSeconds: 2 * HOUR,
        resolveWithinSeconds: 24 * HOUR,
        updateEverySeconds: 6 * HOUR,
        finalResponseWithinDays: 10,
        regulatorPreset: null,
        warnAtRatio: 0.75,
        notifyAtIntakeRole: null,
        active: true,
        version: 1,
      });
      expect(created.escalation).toEqual([
        { level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' },
        { level: 2, afterBreachSeconds: HOUR, notifyRole: 'manager' },
      ]);

      const got = await t.http().get(`/api/v1/sla-policies/${created.id}`).set(admin).expect(200);
      expect(got.body).toEqual(created);

      const patched = await t
        .http()
        .patch(`/api/v1/sla-policies/${created.id}`)
        .set(admin)
        .set('If-Match', `"${created.version}"`)
        .send({ name: 'crud policy (renamed)', acknowledgeWithinSeconds: 3 * HOUR, match: { channel: 'regulator', customerTier: 'diamond', severity: 'serious' } })
        .expect(200);
      expect(patched.body).toMatchObject({
        id: created.id,
        name: 'crud policy (renamed)',
        acknowledgeWithinSeconds: 3 * HOUR,
        resolveWithinSeconds: 24 * HOUR, // untouched fields stay
        match: { channel: 'regulator', customerTier: 'diamond', severity: 'serious' },
        version: created.version + 1,
      });
      expect((await t.http().get(`/api/v1/sla-policies/${created.id}`).set(admin).expect(200)).body.name).toBe('crud policy (renamed)');

      const stale = await t.http().patch(`/api/v1/sla-policies/${created.id}`).set(admin).set('If-Match', `"${created.version}"`).send({ name: 'lost update' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('stale_version');
      expect((await t.http().get(`/api/v1/sla-policies/${created.id}`).set(admin).expect(200)).body.name).toBe('crud policy (renamed)');

      await t.http().get(`/api/v1/sla-policies/${randomUUID()}`).set(admin).expect(404);
    });

    it('lists policies newest first with cursor pagination, every policy exactly once', async () => {
      const mine = [];
      for (let i = 0; i < 3; i++) mine.push(await createPolicy(validPolicy({ name: `page policy ${i}`, rank: 900_100 + i })));

      const first = await t.http().get('/api/v1/sla-policies?limit=2').set(admin).expect(200);
      expect(first.body.items.map((p: Policy) => p.id)).toEqual([mine[2].id, mine[1].id]);
      expect(typeof first.body.nextCursor).toBe('string');
      const second = await t.http().get('/api/v1/sla-policies').query({ limit: 2, cursor: first.body.nextCursor }).set(admin).expect(200);
      expect(second.body.items[0].id).toBe(mine[0].id);

      const everything = (await t.http().get('/api/v1/sla-policies?limit=200').set(admin).expect(200)).body;
      expect(everything.nextCursor).toBeNull();
      const paged = await allPolicies(3);
      expect(paged.map((p) => p.id)).toEqual(everything.items.map((p: Policy) => p.id));
      expect(new Set(paged.map((p) => p.id)).size).toBe(paged.length);
      for (let i = 1; i < paged.length; i++) expect(Date.parse(paged[i - 1].createdAt)).toBeGreaterThanOrEqual(Date.parse(paged[i].createdAt));

      await t.http().get('/api/v1/sla-policies?cursor=not-a-cursor').set(admin).expect(400);
      await t.http().get('/api/v1/sla-policies?limit=0').set(admin).expect(400);
    });

    it.each([
      ['a negative acknowledgeWithinSeconds', { acknowledgeWithinSeconds: -5 }, 'acknowledgeWithinSeconds'],
      ['a zero resolveWithinSeconds', { resolveWithinSeconds: 0 }, 'resolveWithinSeconds'],
      ['warnAtRatio 1.5', { warnAtRatio: 1.5 }, 'warnAtRatio'],
      [
        'duplicate escalation levels',
        {
          escalation: [
            { level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' },
            { level: 1, afterBreachSeconds: 60, notifyRole: 'manager' },
          ],
        },
        'escalation',
      ],
      ['an unknown notifyRole', { escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'ceo' }] }, 'escalation[0].notifyRole'],
      ['an unknown calendarId', { calendarId: randomUUID() }, 'calendarId'],
      ['a calendarId that is not a UUID', { calendarId: 'office' }, 'calendarId'],
      ['an unknown regulatorPreset', { regulatorPreset: 'xx-nowhere' }, 'regulatorPreset'],
      ['an unknown match field', { match: { channel: 'regulator', region: 'north' } }, 'match.region'],
      ['an unknown match channel', { match: { channel: 'carrier_pigeon' } }, 'match.channel'],
      ['an unknown notifyAtIntakeRole', { notifyAtIntakeRole: 'ceo' }, 'notifyAtIntakeRole'],
      ['match as a list (it would match everything)', { match: [] }, 'match'],
      ['an escalation step that is a list', { escalation: [[]] }, 'escalation'],
    ])('400 naming the field for %s', async (_what, extra, field) => {
      const before = (await t.http().get('/api/v1/sla-policies?limit=1').set(admin).expect(200)).body.items[0]?.id;
      const res = await t.http().post('/api/v1/sla-policies').set(admin).send(validPolicy(extra));
      if (res.status === 201) toDeactivate.push(res.body.id);
      expectFieldError(res, field);
      // Nothing was created.
      expect((await t.http().get('/api/v1/sla-policies?limit=1').set(admin).expect(200)).body.items[0]?.id).toBe(before);
    });

    it('PATCH validates too: duplicate levels and an unknown calendar are 400 and change nothing', async () => {
      const p = await createPolicy(validPolicy({ name: 'patch validation' }));
      const dup = await t
        .http()
        .patch(`/api/v1/sla-policies/${p.id}`)
        .set(admin)
        .send({
          escalation: [
            { level: 2, afterBreachSeconds: 0, notifyRole: 'supervisor' },
            { level: 2, afterBreachSeconds: 0, notifyRole: 'manager' },
          ],
        });
      expectFieldError(dup, 'escalation');
      expectFieldError(await t.http().patch(`/api/v1/sla-policies/${p.id}`).set(admin).send({ calendarId: randomUUID() }), 'calendarId');
      expectFieldError(await t.http().patch(`/api/v1/sla-policies/${p.id}`).set(admin).send({ warnAtRatio: 1.5 }), 'warnAtRatio');
      const after = (await t.http().get(`/api/v1/sla-policies/${p.id}`).set(admin).expect(200)).body;
      expect(after).toEqual(p);
    });

    it('the seeded defaults exist: 4 h / 1 h / 30 min acknowledge, 24 h resolve, diamond and platinum halved', async () => {
      const policies = (await allPolicies(50)).filter((p) => p.active);
      const seeded = (name: string) => {
        const found = policies.filter((p) => p.name === name);
        expect(found).toHaveLength(1);
        return found[0];
      };
      expect(seeded('Default (any complaint)')).toMatchObject({ match: {}, acknowledgeWithinSeconds: 4 * HOUR, resolveWithinSeconds: 24 * HOUR });
      const base = { ordinary: 4 * HOUR, serious: 1 * HOUR, major: 30 * MIN } as const;
      const names = { ordinary: 'Ordinary', serious: 'Serious', major: 'Major' } as const;
      for (const severity of ['ordinary', 'serious', 'major'] as const) {
        const plain = seeded(names[severity]);
        expect(plain).toMatchObject({ match: { severity }, acknowledgeWithinSeconds: base[severity], resolveWithinSeconds: 24 * HOUR });
        for (const tier of ['diamond', 'platinum'] as const) {
          const vip = seeded(`${names[severity]}, ${tier} customer`);
          expect(vip).toMatchObject({ match: { severity, customerTier: tier }, acknowledgeWithinSeconds: base[severity] / 2, resolveWithinSeconds: 24 * HOUR });
          expect(vip.rank).toBeLessThan(plain.rank);
          expect(vip.notifyAtIntakeRole).toBe(severity === 'major' ? 'manager' : null);
        }
        expect(plain.notifyAtIntakeRole).toBe(severity === 'major' ? 'manager' : null);
      }
    });

    it('the seeded defaults apply at intake: serious + platinum is acknowledged within 30 min, resolved within 24 h', async () => {
      const c = await fileComplaint('front_desk', 'platinum', { severity: 'serious' });
      expect(c.severity).toBe('serious');
      const received = Date.parse(c.receivedAt);
      expect(Date.parse(c.sla.acknowledgeBy) - received).toBe(30 * MIN * 1000);
      expect(Date.parse(c.sla.resolveBy) - received).toBe(24 * HOUR * 1000);
      const policy = (await t.http().get(`/api/v1/sla-policies/${c.sla.policyId}`).set(admin).expect(200)).body;
      expect(policy.name).toBe('Serious, platinum customer');

      const ordinary = await fileComplaint('front_desk', 'gold', { severity: 'ordinary' });
      expect(Date.parse(ordinary.sla.acknowledgeBy) - Date.parse(ordinary.receivedAt)).toBe(4 * HOUR * 1000);
    });

    it('a major complaint notifies the managers at intake', async () => {
      const manager = await t.auth('manager');
      const c = await fileComplaint('front_desk', 'gold', { severity: 'major' });
      expect(Date.parse(c.sla.acknowledgeBy) - Date.parse(c.receivedAt)).toBe(30 * MIN * 1000);
      const inbox = (await t.http().get('/api/v1/notifications').set(manager).expect(200)).body.items as { type: string; complaintId: string; data: Record<string, unknown> }[];
      const mine = inbox.filter((n) => n.complaintId === c.id);
      expect(mine.map((n) => n.type)).toEqual(['major_complaint']);
      expect(mine[0].data).toMatchObject({ severity: 'major', policyId: c.sla.policyId });

      // An ordinary one does not.
      const quiet = await fileComplaint('front_desk', 'gold', { severity: 'ordinary' });
      const after = (await t.http().get('/api/v1/notifications').set(manager).expect(200)).body.items as { complaintId: string }[];
      expect(after.filter((n) => n.complaintId === quiet.id)).toEqual([]);
    });
  });

  describe('business calendars', () => {
    let calendarId: string;
    const CHANNEL = 'regulator';
    const TIER = 'silver';

    beforeAll(async () => {
      const res = await t.http().post('/api/v1/calendars').set(admin).send(validCalendar());
      expect(res.status).toBe(201);
      calendarId = res.body.id;
      await createPolicy({
        name: 'Shanghai business hours',
        match: { channel: CHANNEL, customerTier: TIER },
        rank: -1000,
        calendarId,
        acknowledgeWithinSeconds: 8 * HOUR,
        resolveWithinSeconds: 2 * 8 * HOUR,
        warnAtRatio: 0.75,
        escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }],
      });
    });

    it('creates and reads back a calendar', async () => {
      const got = (await t.http().get(`/api/v1/calendars/${calendarId}`).set(admin).expect(200)).body;
      expect(got).toMatchObject({
        id: calendarId,
        timezone: 'Asia/Shanghai',
        weeklyHours: { mon: SHANGHAI_HOURS, fri: SHANGHAI_HOURS },
        holidays: [HOLIDAY],
        extraWorkingDays: [MAKE_UP_SATURDAY],
        version: expect.any(Number),
      });
      expect(got.weeklyHours.sat).toBeUndefined();
      const list = (await t.http().get('/api/v1/calendars?limit=200').set(admin).expect(200)).body;
      expect(list.items.map((c: { id: string }) => c.id)).toContain(calendarId);
    });

    it.each([
      ['a bad timezone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      ['an interval ending before it starts', { weeklyHours: { mon: [['18:00', '09:00']] } }, 'weeklyHours.mon[0]'],
      [
        'overlapping intervals',
        {
          weeklyHours: {
            mon: [
              ['09:00', '12:00'],
              ['11:00', '14:00'],
            ],
          },
        },
        'weeklyHours.mon[1]',
      ],
      ['a malformed time', { weeklyHours: { mon: [['9am', '18:00']] } }, 'weeklyHours.mon[0]'],
      ['an unknown weekday', { weeklyHours: { mon: SHANGHAI_HOURS, funday: SHANGHAI_HOURS } }, 'weeklyHours.funday'],
      ['a date that does not exist', { holidays: ['2026-02-30'] }, 'holidays[0]'],
      ['a make-up day that is also a holiday', { holidays: ['2026-11-21'], extraWorkingDays: ['2026-11-21'] }, 'extraWorkingDays[0]'],
      ['a calendar that is never open', { weeklyHours: {}, extraWorkingDays: [] }, 'weeklyHours'],
    ])('400 naming the field for %s', async (_what, extra, field) => {
      const res = await t.http().post('/api/v1/calendars').set(admin).send(validCalendar(extra));
      expectFieldError(res, field);
    });

    const expectCalendarClocks = async (id: string, acknowledgeBy: string, resolveBy: string) => {
      const sla = await slaOf(id);
      const byKind = new Map(sla.clocks.map((k) => [k.kind, k]));
      expect([...byKind.keys()].sort()).toEqual(['acknowledge', 'resolve']);
      const now = Date.now();
      for (const [kind, dueAt, target] of [
        ['acknowledge', acknowledgeBy, 8 * HOUR],
        ['resolve', resolveBy, 16 * HOUR],
      ] as const) {
        const clock = byKind.get(kind)!;
        expect(clock).toMatchObject({ calendarId, state: 'running', dueAt, targetSeconds: target, pausedBusinessSeconds: 0 });
        // Elapsed business time up to now, by an independent reckoning of the calendar.
        const expected = shanghaiBusinessSeconds(Date.parse(clock.startedAt), now);
        expect(Math.abs(clock.elapsedBusinessSeconds - expected)).toBeLessThan(30);
        expect(clock.remainingBusinessSeconds).toBeCloseTo(target - clock.elapsedBusinessSeconds, 3);
        // Past-dated: both deadlines are behind us.
        expect(clock.remainingBusinessSeconds).toBeLessThan(0);
        expect(clock.breached).toBe(true);
        expect(clock.ledger).toEqual([expect.objectContaining({ action: 'start', at: clock.startedAt, dueAt })]);
        expect(clock.firings.find((f) => f.firing === 'breach')?.dueAt).toBe(dueAt);
      }
    };

    it('Monday 09:00 Shanghai: 8 business hours is 18:00 the same day, 16 is 18:00 the next day', async () => {
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-16T01:00:00.000Z' });
      expect(c.receivedAt).toBe('2026-11-16T01:00:00.000Z');
      expect(c.sla).toMatchObject({ acknowledgeBy: '2026-11-16T10:00:00.000Z', resolveBy: '2026-11-17T10:00:00.000Z' });
      await expectCalendarClocks(c.id, c.sla.acknowledgeBy, c.sla.resolveBy);
      const sla = await slaOf(c.id);
      expect(sla.policyId).toBe(c.sla.policyId);
      expect(sla.clocks.every((k) => k.startedAt === '2026-11-16T01:00:00.000Z')).toBe(true);
    });

    it('Friday 17:00: one hour on Friday, the rest on Monday (acknowledge Monday 17:00)', async () => {
      // 1 h Friday + 3 h Monday morning + 4 h Monday afternoon = 8 h → Monday 17:00 local.
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-13T09:00:00.000Z' });
      expect(c.sla).toMatchObject({ acknowledgeBy: '2026-11-16T09:00:00.000Z', resolveBy: '2026-11-17T09:00:00.000Z' });
      await expectCalendarClocks(c.id, c.sla.acknowledgeBy, c.sla.resolveBy);
    });

    it('Friday 16:00: acknowledge is due Monday 16:00', async () => {
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-13T08:00:00.000Z' });
      expect(c.sla).toMatchObject({ acknowledgeBy: '2026-11-16T08:00:00.000Z', resolveBy: '2026-11-17T08:00:00.000Z' });
    });

    it('just before the holiday: the holiday is skipped', async () => {
      // Tuesday 17:00; Wednesday is a holiday; 1 h Tuesday + 7 h Thursday → Thursday 17:00.
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-17T09:00:00.000Z' });
      expect(c.sla).toMatchObject({ acknowledgeBy: '2026-11-19T09:00:00.000Z', resolveBy: '2026-11-20T09:00:00.000Z' });
      await expectCalendarClocks(c.id, c.sla.acknowledgeBy, c.sla.resolveBy);
    });

    it('the make-up Saturday is a working day with Monday hours', async () => {
      // Friday 17:00 before the make-up Saturday: 1 h Friday + 7 h Saturday → Saturday 17:00;
      // resolve: 1 h Friday + 8 h Saturday + 7 h Monday → Monday 17:00.
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-20T09:00:00.000Z' });
      expect(c.sla).toMatchObject({ acknowledgeBy: '2026-11-21T09:00:00.000Z', resolveBy: '2026-11-23T09:00:00.000Z' });
    });

    it('a complaint received while closed starts counting at the next opening', async () => {
      // Sunday 2026-11-15 10:00 local → Monday 09:00 start → Monday 18:00.
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-15T02:00:00.000Z' });
      expect(c.sla).toMatchObject({ acknowledgeBy: '2026-11-16T10:00:00.000Z', resolveBy: '2026-11-17T10:00:00.000Z' });
      // Lunch counts for nothing: Monday 12:30 local → 12:30..18:00 is 5 h, then 3 h Tuesday → Tuesday 12:00.
      const lunch = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-16T04:30:00.000Z' });
      expect(lunch.sla.acknowledgeBy).toBe('2026-11-17T04:00:00.000Z');
    });
  });

  describe('regulator presets', () => {
    const CHANNEL = 'regulator';
    const TIER = 'standard';
    let policy: Policy;

    beforeAll(async () => {
      policy = await createPolicy({
        name: 'MIIT referral',
        match: { channel: CHANNEL, customerTier: TIER },
        rank: -1000,
        acknowledgeWithinSeconds: HOUR,
        resolveWithinSeconds: 24 * HOUR,
        regulatorPreset: 'cn-miit',
        warnAtRatio: 0.75,
        escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }],
      });
    });

    it('lists the presets, cn-miit among them', async () => {
      const res = await t.http().get('/api/v1/sla/regulator-presets').set(admin).expect(200);
      const codes = res.body.items.map((p: { code: string }) => p.code);
      expect(codes).toEqual(expect.arrayContaining(['cn-miit', 'uk-fca-disp', 'eu-psd2']));
      expect(res.body.items.find((p: { code: string }) => p.code === 'cn-miit')).toMatchObject({ jurisdiction: 'CN', unit: 'calendar_days', amount: 15 });
      expect(policy.regulatorPreset).toBe('cn-miit');
    });

    it('a cn-miit policy gives a final_response clock 15 days out that keeps running while the customer is awaited', async () => {
      const c = await fileComplaint(CHANNEL, TIER);
      expect(c.sla.policyId).toBe(policy.id);
      const received = Date.parse(c.receivedAt);
      let clocks = (await slaOf(c.id)).clocks;
      const final = clocks.find((k) => k.kind === 'final_response')!;
      expect(final).toMatchObject({ state: 'running', calendarId: null, targetSeconds: 15 * 24 * HOUR, startedAt: c.receivedAt });
      expect(Date.parse(final.dueAt!) - received).toBe(15 * 24 * HOUR * 1000);
      // The regulator clock climbs the policy's escalation ladder too.
      expect(final.firings.map((f) => f.firing).sort()).toEqual(['breach', 'escalation-1', 'warning']);

      await t.http().post(`/api/v1/complaints/${c.id}/acknowledge`).set(admin).send({}).expect(200);
      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'pending_customer', reason: '等待客户补充材料' }).expect(200);
      clocks = (await slaOf(c.id)).clocks;
      const byKind = new Map(clocks.map((k) => [k.kind, k]));
      expect(byKind.get('acknowledge')!.state).toBe('stopped');
      expect(byKind.get('resolve')!.state).toBe('paused');
      expect(byKind.get('resolve')!.ledger.map((l) => l.action)).toEqual(['start', 'pause']);
      expect(byKind.get('final_response')).toMatchObject({ state: 'running', dueAt: final.dueAt });
      expect(byKind.get('final_response')!.ledger.map((l) => l.action)).toEqual(['start']);

      await t.http().post(`/api/v1/complaints/${c.id}/transition`).set(admin).send({ to: 'in_progress' }).expect(200);
      const resumed = new Map((await slaOf(c.id)).clocks.map((k) => [k.kind, k]));
      expect(resumed.get('resolve')!.state).toBe('running');
      expect(resumed.get('final_response')).toMatchObject({ state: 'running', dueAt: final.dueAt, pausedBusinessSeconds: 0 });
    });

    it('finalResponseWithinDays without a preset gives a final_response clock of that many days', async () => {
      const p = await t
        .http()
        .patch(`/api/v1/sla-policies/${policy.id}`)
        .set(admin)
        .send({ regulatorPreset: null, finalResponseWithinDays: 15 })
        .expect(200);
      expect(p.body).toMatchObject({ regulatorPreset: null, finalResponseWithinDays: 15 });
      const c = await fileComplaint(CHANNEL, TIER, { receivedAt: '2026-11-20T03:00:00.000Z' });
      const final = (await slaOf(c.id)).clocks.find((k) => k.kind === 'final_response')!;
      expect(final.dueAt).toBe('2026-12-05T03:00:00.000Z');
      expect(final.state).toBe('running');
    });
  });

  describe('the periodic update clock', () => {
    const CHANNEL = 'web';
    const TIER = 'silver';
    let policy: Policy;

    beforeAll(async () => {
      policy = await createPolicy({
        name: 'hourly updates',
        match: { channel: CHANNEL, customerTier: TIER },
        rank: -1000,
        acknowledgeWithinSeconds: 4 * HOUR,
        resolveWithinSeconds: 24 * HOUR,
        updateEverySeconds: HOUR,
        warnAtRatio: 0.75,
        escalation: [{ level: 1, afterBreachSeconds: 0, notifyRole: 'supervisor' }],
      });
    });

    it('a customer-visible note restarts it; an internal note does not', async () => {
      const c = await fileComplaint(CHANNEL, TIER);
      expect(c.sla.policyId).toBe(policy.id);
      const updates = async () => (await slaOf(c.id)).clocks.filter((k) => k.kind === 'update');

      const [first] = await updates();
      expect(first).toMatchObject({ state: 'running', targetSeconds: HOUR, startedAt: c.receivedAt });
      expect(Date.parse(first.dueAt!) - Date.parse(c.receivedAt)).toBe(HOUR * 1000);
      expect(first.firings.map((f) => f.firing).sort()).toEqual(['breach', 'escalation-1', 'warning']);

      await t.http().post(`/api/v1/complaints/${c.id}/notes`).set(admin).send({ body: '内部备注:已联系计费部门', visibility: 'internal' }).expect(201);
      const afterInternal = await updates();
      expect(afterInternal).toHaveLength(1);
      expect(afterInternal[0]).toMatchObject({ id: first.id, state: 'running', dueAt: first.dueAt });

      await t.http().post(`/api/v1/complaints/${c.id}/notes`).set(admin).send({ body: '您好,我们正在核查您的账单。', visibility: 'customer' }).expect(201);
      const afterCustomer = await updates();
      expect(afterCustomer).toHaveLength(2);
      const old = afterCustomer.find((k) => k.id === first.id)!;
      const next = afterCustomer.find((k) => k.id !== first.id)!;
      expect(old.state).toBe('stopped');
      expect(old.ledger.map((l) => l.action)).toEqual(['start', 'stop']);
      expect(old.breached).toBe(false);
      expect(next.state).toBe('running');
      expect(Date.parse(next.startedAt)).toBeGreaterThan(Date.parse(first.startedAt));
      expect(Date.parse(next.dueAt!) - Date.parse(next.startedAt)).toBe(HOUR * 1000);
      expect(next.ledger.map((l) => l.action)).toEqual(['start']);
      // The acknowledge and resolve clocks are not touched by notes.
      const others = (await slaOf(c.id)).clocks.filter((k) => k.kind !== 'update');
      expect(others.map((k) => [k.kind, k.state]).sort()).toEqual([
        ['acknowledge', 'running'],
        ['resolve', 'running'],
      ]);
    });

    it('a policy without updateEverySeconds gives no update clock', async () => {
      const c = await fileComplaint('front_desk', 'gold');
      expect((await slaOf(c.id)).clocks.map((k) => k.kind).sort()).toEqual(['acknowledge', 'resolve']);
    });
  });

  describe('roles', () => {
    it('front_desk may not create policies or calendars, nor read them', async () => {
      const frontDesk = await t.auth('front_desk');
      const policy = await t.http().post('/api/v1/sla-policies').set(frontDesk).send(validPolicy());
      if (policy.status === 201) toDeactivate.push(policy.body.id);
      expect(policy.status).toBe(403);
      expect((await t.http().post('/api/v1/calendars').set(frontDesk).send(validCalendar())).status).toBe(403);
      expect((await t.http().get('/api/v1/sla-policies').set(frontDesk)).status).toBe(403);
    });

    it('a supervisor reads policies, calendars and presets but may not change them', async () => {
      const supervisor = await t.auth('supervisor');
      const list = await t.http().get('/api/v1/sla-policies').set(supervisor).expect(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      await t.http().get(`/api/v1/sla-policies/${list.body.items[0].id}`).set(supervisor).expect(200);
      await t.http().get('/api/v1/calendars').set(supervisor).expect(200);
      await t.http().get('/api/v1/sla/regulator-presets').set(supervisor).expect(200);
      const created = await t.http().post('/api/v1/sla-policies').set(supervisor).send(validPolicy());
      if (created.status === 201) toDeactivate.push(created.body.id);
      expect(created.status).toBe(403);
      expect((await t.http().patch(`/api/v1/sla-policies/${list.body.items[0].id}`).set(supervisor).send({ name: 'x' })).status).toBe(403);
    });

    it('without credentials the SLA configuration is 401', async () => {
      expect((await t.http().get('/api/v1/sla-policies')).status).toBe(401);
      expect((await t.http().post('/api/v1/calendars').send(validCalendar())).status).toBe(401);
    });
  });
});
