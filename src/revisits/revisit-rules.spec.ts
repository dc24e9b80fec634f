import fc from 'fast-check';
import { DateTime } from 'luxon';
import { CUSTOMER_TIERS } from '../domain/customer.enums';
import { CalendarDefinition } from '../sla/clock/business-calendar';
import { REVISIT_DEFAULTS } from '../sla/revisit-settings';
import {
  afterDays,
  attemptInputErrors,
  AttemptPolicy,
  AttemptRevisit,
  closeRefusal,
  decideAttempt,
  nextBusinessInstant,
  nextWorkingDay,
  npsGroup,
  retryAt,
  satisfactionRow,
  SatisfactionCounts,
  tierRank,
  wireStatus,
} from './revisit-rules';

const SHANGHAI: CalendarDefinition = {
  timezone: 'Asia/Shanghai',
  weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '12:00'], ['13:00', '18:00']]])),
  holidays: ['2026-10-01'],
  extraWorkingDays: [],
};
const local = (iso: string, zone = 'Asia/Shanghai') => DateTime.fromISO(iso, { zone }).toJSDate();
const POLICY: AttemptPolicy = { maxAttempts: REVISIT_DEFAULTS.maxAttempts, retryDelays: REVISIT_DEFAULTS.retryDelays, secondRevisitTiers: REVISIT_DEFAULTS.secondRevisitTiers };
const FIRST: AttemptRevisit = { kind: 'revisit', round: 1, status: 'scheduled', attemptCount: 0 };
const NOW = local('2026-11-24T10:00:00'); // a Tuesday

describe('revisit rules', () => {
  describe('time', () => {
    it('2 h counts business hours: 17:30 on a working day is 10:30 the next day', () => {
      expect(retryAt(local('2026-11-24T17:30:00'), '2h', SHANGHAI)).toEqual(local('2026-11-25T10:30:00'));
      expect(retryAt(local('2026-11-24T16:00:00'), '2h', SHANGHAI)).toEqual(local('2026-11-25T09:00:00')); // not at 18:00, the close
      expect(retryAt(local('2026-11-24T11:00:00'), '2h', SHANGHAI)).toEqual(local('2026-11-24T14:00:00')); // over the lunch hour
    });
    it('next_working_day is the opening of the next business day, skipping weekends and holidays', () => {
      expect(nextWorkingDay(local('2026-11-27T11:00:00'), SHANGHAI)).toEqual(local('2026-11-30T09:00:00')); // Friday → Monday
      expect(nextWorkingDay(local('2026-09-30T16:00:00'), SHANGHAI)).toEqual(local('2026-10-02T09:00:00')); // holiday skipped
      expect(retryAt(local('2026-11-24T08:00:00'), 'next_working_day', SHANGHAI)).toEqual(local('2026-11-25T09:00:00'));
    });
    it('days are calendar days, then the next business instant', () => {
      expect(retryAt(local('2026-11-26T15:00:00'), '2d', SHANGHAI)).toEqual(local('2026-11-30T09:00:00')); // Thursday + 2 d = Saturday → Monday
      expect(afterDays(local('2026-11-24T15:00:00'), 30, SHANGHAI)).toEqual(local('2026-12-24T15:00:00'));
    });
    it('24x7: plain arithmetic, next working day is a day later', () => {
      const at = new Date('2026-11-24T10:00:00Z');
      expect(retryAt(at, '90s', null)).toEqual(new Date('2026-11-24T10:01:30Z'));
      expect(retryAt(at, '30m', null)).toEqual(new Date('2026-11-24T10:30:00Z'));
      expect(retryAt(at, 'next_working_day', null)).toEqual(new Date('2026-11-25T10:00:00Z'));
      expect(nextBusinessInstant(at, null)).toEqual(at);
      expect(() => retryAt(at, '2w', null)).toThrow(RangeError);
    });
    it('a retry is never earlier than the call and always falls in business time (property)', () => {
      fc.assert(
        // half-hour steps land on interval edges often
        fc.property(fc.integer({ min: 0, max: 365 * 48 }), fc.constantFrom('90s', '30m', '2h', '2d', 'next_working_day'), (halfHours, spec) => {
          const at = new Date(local('2026-01-01T00:00:00').getTime() + halfHours * 1800_000);
          const next = retryAt(at, spec, SHANGHAI);
          const open = nextBusinessInstant(next, SHANGHAI);
          return next.getTime() > at.getTime() && open.getTime() === next.getTime();
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('attempts', () => {
    it('no answer and busy reschedule by the backoff, then end unreachable at the attempt count and tell the supervisor', () => {
      let revisit = FIRST;
      let at = NOW;
      const due: Date[] = [];
      for (const outcome of ['no_answer', 'busy', 'no_answer'] as const) {
        const d = decideAttempt(revisit, { outcome }, POLICY, 'gold', at, SHANGHAI);
        expect(d).toMatchObject({ status: 'scheduled', ended: null, notifySupervisor: false });
        due.push(d.nextDueAt!);
        revisit = { ...revisit, attemptCount: d.seq };
        at = d.nextDueAt!;
      }
      // 10:00 + 2 business hours is the lunch break's edge, so 13:00; the next working day's opening; 2 calendar days later
      expect(due).toEqual([local('2026-11-24T13:00:00'), local('2026-11-25T09:00:00'), local('2026-11-27T09:00:00')]);
      const last = decideAttempt(revisit, { outcome: 'no_answer' }, POLICY, 'gold', at, SHANGHAI);
      expect(last).toMatchObject({ seq: 4, status: 'unreachable', ended: 'unreachable', nextDueAt: null, notifySupervisor: true, flagPhone: false });
    });
    it('the last delay repeats when the count allows more attempts than delays', () => {
      const d = decideAttempt({ ...FIRST, attemptCount: 5 }, { outcome: 'busy' }, { ...POLICY, maxAttempts: 10, retryDelays: ['1h'] }, 'gold', NOW, null);
      expect(d.nextDueAt).toEqual(new Date(NOW.getTime() + 3600_000));
    });
    it('a wrong number ends the revisit at once and flags the phone', () => {
      expect(decideAttempt(FIRST, { outcome: 'wrong_number' }, POLICY, 'gold', NOW, SHANGHAI)).toMatchObject({ status: 'unreachable', flagPhone: true, notifySupervisor: true, reopen: false });
    });
    it('reached and not satisfied reopens; satisfied completes, with a second revisit for the listed tiers only', () => {
      expect(decideAttempt(FIRST, { outcome: 'reached', satisfied: false, csat: 2 }, POLICY, 'gold', NOW, null)).toMatchObject({ status: 'completed', reopen: true, secondRevisit: false });
      for (const tier of CUSTOMER_TIERS) {
        const d = decideAttempt(FIRST, { outcome: 'reached', satisfied: true, nps: 9 }, POLICY, tier, NOW, null);
        expect([tier, d.reopen, d.secondRevisit]).toEqual([tier, false, tier === 'diamond' || tier === 'platinum']);
      }
      // the second revisit gets no third
      expect(decideAttempt({ ...FIRST, round: 2 }, { outcome: 'reached', satisfied: true }, POLICY, 'diamond', NOW, null).secondRevisit).toBe(false);
    });
    it('NPS 0-6 on a revisit starts a recovery plan; on a recovery contact ≥ 7 recovers it, anything else schedules the next contact', () => {
      for (let nps = 0; nps <= 10; nps++) {
        expect(decideAttempt(FIRST, { outcome: 'reached', satisfied: true, nps }, POLICY, 'gold', NOW, null).recovery).toBe(nps <= 6 ? 'start' : null);
        const contact = decideAttempt({ ...FIRST, kind: 'recovery' }, { outcome: 'reached', satisfied: nps >= 7, nps }, POLICY, 'gold', NOW, null);
        expect(contact.recovery).toBe(nps >= 7 ? 'recovered' : 'next_contact');
        expect(contact.reopen).toBe(false); // a recovery contact never reopens the complaint
      }
      expect(decideAttempt({ ...FIRST, kind: 'recovery' }, { outcome: 'reached', satisfied: true }, POLICY, 'gold', NOW, null).recovery).toBe('next_contact');
      expect(decideAttempt({ ...FIRST, kind: 'recovery' }, { outcome: 'wrong_number' }, POLICY, 'gold', NOW, null).recovery).toBe('next_contact');
    });
    it('refuses a revisit that is over', () => {
      for (const status of ['completed', 'unreachable', 'cancelled'] as const) {
        expect(() => decideAttempt({ ...FIRST, status }, { outcome: 'no_answer' }, POLICY, 'gold', NOW, null)).toThrow(RangeError);
      }
    });
    it('reached needs satisfied; satisfaction is only recorded when reached', () => {
      expect(attemptInputErrors({ outcome: 'reached' })).toEqual([{ field: 'satisfied', message: expect.any(String) }]);
      expect(attemptInputErrors({ outcome: 'reached', satisfied: false })).toEqual([]);
      expect(attemptInputErrors({ outcome: 'no_answer', nps: 3, csat: 1 }).map((e) => e.field)).toEqual(['csat', 'nps']);
      expect(attemptInputErrors({ outcome: 'busy' })).toEqual([]);
    });
  });

  describe('closing before the revisit is done', () => {
    const pending = { id: 'r1', dueAt: NOW };
    it('needs a supervisor, manager or admin, and a reason', () => {
      for (const role of ['front_desk', 'agent', 'integration']) expect(closeRefusal({ actorRole: role, reason: 'x', pending })?.code).toBe('supervisor_required');
      for (const role of ['supervisor', 'manager', 'admin']) {
        expect(closeRefusal({ actorRole: role, reason: undefined, pending })?.code).toBe('revisit_pending');
        expect(closeRefusal({ actorRole: role, reason: '  ', pending })?.code).toBe('revisit_pending');
        expect(closeRefusal({ actorRole: role, reason: '客户已确认', pending })).toBeNull();
      }
    });
    it('anyone may close once the revisit is done', () => {
      expect(closeRefusal({ actorRole: 'agent', reason: undefined, pending: null })).toBeNull();
    });
  });

  describe('satisfaction', () => {
    it('NPS groups: promoters 9-10, passives 7-8, detractors 0-6', () => {
      expect(Array.from({ length: 11 }, (_, i) => npsGroup(i))).toEqual([...Array(7).fill('detractor'), 'passive', 'passive', 'promoter', 'promoter']);
      expect(() => npsGroup(11)).toThrow(RangeError);
      expect(() => npsGroup(3.5)).toThrow(RangeError);
    });
    const counts = (c: Partial<SatisfactionCounts>): SatisfactionCounts => ({
      group: 'all', revisits: 0, reached: 0, unreachable: 0, csatCount: 0, csatSum: 0, csatDistribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      promoters: 0, passives: 0, detractors: 0, reopened: 0, detractorsRecovered: 0, ...c,
    });
    it('NPS is % promoters − % detractors; rates are ratios; nothing to divide is null', () => {
      const row = satisfactionRow(counts({ revisits: 10, reached: 8, unreachable: 1, csatCount: 4, csatSum: 15, promoters: 5, passives: 2, detractors: 1, reopened: 2 }));
      expect(row).toMatchObject({ nps: 50, npsResponses: 8, completionRate: 0.8, unreachableRate: 0.1, csatAverage: 3.75, reopenRate: 0.25 });
      expect(row).not.toHaveProperty('csatSum');
      expect(satisfactionRow(counts({}))).toMatchObject({ nps: null, completionRate: null, csatAverage: null, reopenRate: null });
    });
    it('NPS stays within −100..100 (property)', () => {
      fc.assert(
        fc.property(fc.nat(50), fc.nat(50), fc.nat(50), (p, q, d) => {
          const nps = satisfactionRow(counts({ promoters: p, passives: q, detractors: d })).nps;
          return p + q + d === 0 ? nps === null : nps! >= -100 && nps! <= 100;
        }),
      );
    });
  });

  it('worklist order and wire status', () => {
    expect(CUSTOMER_TIERS.map(tierRank)).toEqual([0, 1, 2, 3, 4]);
    expect(wireStatus('scheduled', NOW, new Date(NOW.getTime() - 1))).toBe('scheduled');
    expect(wireStatus('scheduled', NOW, NOW)).toBe('due');
    expect(wireStatus('completed', NOW, new Date(NOW.getTime() + 1))).toBe('completed');
  });
});
