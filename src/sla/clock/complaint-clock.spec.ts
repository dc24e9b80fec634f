import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addBusinessSeconds, businessSecondsBetween, CalendarDefinition } from './business-calendar';
import {
  ClockPolicyTargets,
  ClockState,
  dueAt,
  elapsedBusinessSeconds,
  firingSchedule,
  isBreached,
  pauseClock,
  projectedDueAt,
  recalculateClock,
  remainingBusinessSeconds,
  resumeClock,
  startClock,
  stopClock,
} from './complaint-clock';

const HOUR = 3600;
const Z = 'Europe/London';
const at = (local: string): Date => DateTime.fromISO(local, { zone: Z }).toJSDate();

const split: [string, string][] = [
  ['09:00', '12:00'],
  ['13:00', '18:00'],
];
const CAL: CalendarDefinition = {
  timezone: Z,
  weeklyHours: { mon: split, tue: split, wed: split, thu: split, fri: split },
  holidays: ['2026-06-24'],
  extraWorkingDays: [],
};

const POLICY: ClockPolicyTargets = {
  targetSeconds: 8 * HOUR,
  warnAtRatio: 0.75,
  escalation: [
    { level: 2, afterBreachSeconds: 4 * HOUR, notifyRole: 'head_of_complaints' },
    { level: 1, afterBreachSeconds: HOUR, notifyRole: 'team_lead' },
  ],
};

function started(startLocal = '2026-06-16T09:00', policy = POLICY): ClockState {
  return startClock('resolve', at(startLocal), policy, 'complaint received', CAL).state;
}

describe('startClock', () => {
  it('starts a running clock with a ledger entry carrying the due date', () => {
    const { state, ledger } = startClock('resolve', at('2026-06-16T09:00'), POLICY, 'complaint received', CAL);
    expect(state).toMatchObject({
      kind: 'resolve',
      status: 'running',
      startedAt: at('2026-06-16T09:00'),
      targetSeconds: 8 * HOUR,
      pausedBusinessSeconds: 0,
      pausedAt: null,
      stoppedAt: null,
      warnAtRatio: 0.75,
    });
    expect(state.escalation.map((s) => s.level)).toEqual([1, 2]);
    expect(ledger).toEqual({
      action: 'start',
      at: at('2026-06-16T09:00'),
      reason: 'complaint received',
      dueAt: at('2026-06-16T18:00'),
      detail: { kind: 'resolve', targetSeconds: 8 * HOUR, warnAtRatio: 0.75 },
    });
  });

  it('leaves the ledger due date null when no calendar is given, and does not alias inputs', () => {
    const startedAt = at('2026-06-16T09:00');
    const { state, ledger } = startClock('acknowledge', startedAt, POLICY, 'received');
    expect(ledger.dueAt).toBeNull();
    expect(state.startedAt).not.toBe(startedAt);
    expect(state.escalation[0]).not.toBe(POLICY.escalation[1]);
  });

  it('rejects invalid policy targets', () => {
    const start = at('2026-06-16T09:00');
    expect(() => startClock('resolve', start, { ...POLICY, targetSeconds: -1 }, 'x')).toThrow(RangeError);
    expect(() => startClock('resolve', start, { ...POLICY, warnAtRatio: NaN }, 'x')).toThrow(RangeError);
    expect(() =>
      startClock('resolve', start, { ...POLICY, escalation: [{ level: 1.5, afterBreachSeconds: 0, notifyRole: 'x' }] }, 'x'),
    ).toThrow(/level/);
    expect(() =>
      startClock(
        'resolve',
        start,
        {
          ...POLICY,
          escalation: [
            { level: 1, afterBreachSeconds: 0, notifyRole: 'x' },
            { level: 1, afterBreachSeconds: 60, notifyRole: 'y' },
          ],
        },
        'x',
      ),
    ).toThrow(/duplicated/);
  });
});

describe('pause / resume / stop / recalculate', () => {
  it('pausing over a weekend extends the deadline by the business part only', () => {
    // 8 h target from Friday 09:00 would be due Friday 18:00.
    const s0 = started('2026-06-19T09:00');
    expect(dueAt(s0, CAL)).toEqual(at('2026-06-19T18:00'));
    const paused = pauseClock(s0, at('2026-06-19T17:00'), 'awaiting customer', CAL)!;
    expect(paused.state.status).toBe('paused');
    expect(paused.state.pausedAt).toEqual(at('2026-06-19T17:00'));
    expect(paused.ledger).toMatchObject({ action: 'pause', dueAt: null, reason: 'awaiting customer' });
    expect(dueAt(paused.state, CAL)).toBeNull();
    // Projected at Monday 10:00: pause so far = Fri 17-18 + Mon 09-10 = 2 h.
    expect(projectedDueAt(paused.state, at('2026-06-22T10:00'), CAL)).toEqual(at('2026-06-22T11:00'));
    const resumed = resumeClock(paused.state, at('2026-06-22T10:00'), 'customer replied', CAL)!;
    expect(resumed.state.status).toBe('running');
    expect(resumed.state.pausedAt).toBeNull();
    expect(resumed.state.pausedBusinessSeconds).toBe(2 * HOUR);
    expect(resumed.state.startedAt).toEqual(at('2026-06-19T09:00'));
    expect(resumed.ledger).toMatchObject({ action: 'resume', dueAt: at('2026-06-22T11:00') });
    expect(resumed.ledger.detail).toMatchObject({ pauseBusinessSeconds: 2 * HOUR, pausedBusinessSeconds: 2 * HOUR });
    expect(dueAt(resumed.state, CAL)).toEqual(at('2026-06-22T11:00'));
  });

  it('a pause entirely outside business hours does not move the deadline', () => {
    const s0 = started('2026-06-16T09:00');
    const p = pauseClock(s0, at('2026-06-16T18:30'), 'p', CAL)!;
    const r = resumeClock(p.state, at('2026-06-17T08:45'), 'r', CAL)!;
    expect(r.state.pausedBusinessSeconds).toBe(0);
    expect(dueAt(r.state, CAL)).toEqual(dueAt(s0, CAL));
  });

  it('measures elapsed and remaining time excluding pauses', () => {
    const s0 = started('2026-06-16T09:00');
    expect(elapsedBusinessSeconds(s0, at('2026-06-16T14:00'), CAL)).toBe(4 * HOUR);
    expect(remainingBusinessSeconds(s0, at('2026-06-16T14:00'), CAL)).toBe(4 * HOUR);
    const p = pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state;
    // While paused, elapsed stays at the pause point.
    expect(elapsedBusinessSeconds(p, at('2026-06-16T17:00'), CAL)).toBe(HOUR);
    const r = resumeClock(p, at('2026-06-16T11:00'), 'r', CAL)!.state;
    expect(elapsedBusinessSeconds(r, at('2026-06-16T14:00'), CAL)).toBe(3 * HOUR);
    expect(remainingBusinessSeconds(r, at('2026-06-17T12:00'), CAL)).toBe(-2 * HOUR);
    expect(elapsedBusinessSeconds(r, at('2026-06-16T08:00'), CAL)).toBe(0);
  });

  it('a stopped clock counts up to its stop; a clock stopped while paused up to its pause', () => {
    const s0 = started('2026-06-16T09:00');
    const stopped = stopClock(s0, at('2026-06-16T11:00'), 'resolved', CAL)!;
    expect(stopped.state).toMatchObject({ status: 'stopped', stoppedAt: at('2026-06-16T11:00') });
    expect(stopped.ledger).toMatchObject({ action: 'stop', dueAt: at('2026-06-16T18:00') });
    expect(stopped.ledger.detail).toMatchObject({ elapsedBusinessSeconds: 2 * HOUR, breached: false, stoppedWhilePaused: false });
    expect(elapsedBusinessSeconds(stopped.state, at('2026-06-20T11:00'), CAL)).toBe(2 * HOUR);

    const paused = pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state;
    const stoppedPaused = stopClock(paused, at('2026-06-17T15:00'), 'withdrawn')!;
    expect(stoppedPaused.ledger.dueAt).toBeNull(); // no calendar given
    expect(stoppedPaused.state.pausedAt).toEqual(at('2026-06-16T10:00'));
    expect(elapsedBusinessSeconds(stoppedPaused.state, at('2026-06-20T11:00'), CAL)).toBe(HOUR);
    expect(isBreached(stoppedPaused.state, at('2026-06-20T11:00'), CAL)).toBe(false);
  });

  it('recalculation keeps startedAt, paused time and a pause in progress', () => {
    const s0 = started('2026-06-16T09:00');
    const p = pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state;
    const r = resumeClock(p, at('2026-06-16T11:00'), 'r', CAL)!.state;
    const rec = recalculateClock(r, 4 * HOUR, 0.5, [], at('2026-06-16T11:30'), 'priority raised', CAL)!;
    expect(rec.state).toMatchObject({
      status: 'running',
      startedAt: at('2026-06-16T09:00'),
      pausedBusinessSeconds: HOUR,
      targetSeconds: 4 * HOUR,
      warnAtRatio: 0.5,
      escalation: [],
    });
    // 4 h + 1 h paused from 09:00 → 15:00 (across lunch).
    expect(rec.ledger).toMatchObject({ action: 'recalculate', dueAt: at('2026-06-16T15:00'), reason: 'priority raised' });
    expect(rec.ledger.detail).toMatchObject({ previous: { targetSeconds: 8 * HOUR, dueAt: at('2026-06-17T10:00').toISOString() } });

    const p2 = pauseClock(rec.state, at('2026-06-16T13:30'), 'p2', CAL)!.state;
    const rec2 = recalculateClock(p2, 2 * HOUR, 0, [], at('2026-06-16T14:00'), 'again', CAL)!;
    expect(rec2.state).toMatchObject({ status: 'paused', pausedAt: at('2026-06-16T13:30'), pausedBusinessSeconds: HOUR });
    expect(rec2.ledger.dueAt).toBeNull();
  });

  it('illegal moves are no-ops returning null', () => {
    const s0 = started('2026-06-16T09:00');
    const paused = pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state;
    const stopped = stopClock(s0, at('2026-06-16T11:00'), 's')!.state;
    expect(pauseClock(paused, at('2026-06-16T11:00'), 'again', CAL)).toBeNull();
    expect(pauseClock(stopped, at('2026-06-16T12:00'), 'p', CAL)).toBeNull();
    expect(resumeClock(s0, at('2026-06-16T11:00'), 'r', CAL)).toBeNull();
    expect(resumeClock(stopped, at('2026-06-16T12:00'), 'r', CAL)).toBeNull();
    expect(stopClock(stopped, at('2026-06-16T12:00'), 's')).toBeNull();
    expect(recalculateClock(stopped, HOUR, 0.5, [], at('2026-06-16T12:00'), 'x', CAL)).toBeNull();
    // Going back in time.
    expect(pauseClock(s0, at('2026-06-16T08:00'), 'p', CAL)).toBeNull();
    expect(resumeClock(paused, at('2026-06-16T09:30'), 'r', CAL)).toBeNull();
    expect(stopClock(paused, at('2026-06-16T09:30'), 's')).toBeNull();
    // Inputs were not mutated.
    expect(s0.status).toBe('running');
    expect(paused.status).toBe('paused');
  });
});

describe('isBreached', () => {
  const s0 = started('2026-06-16T09:00'); // due 18:00

  it('a running clock is breached from its due instant on', () => {
    expect(isBreached(s0, new Date(at('2026-06-16T18:00').getTime() - 1), CAL)).toBe(false);
    expect(isBreached(s0, at('2026-06-16T18:00'), CAL)).toBe(true);
    expect(isBreached(s0, at('2026-06-17T08:00'), CAL)).toBe(true);
  });

  it('a clock stopped in time is not breached; stopped after its due time is', () => {
    expect(isBreached(stopClock(s0, at('2026-06-16T18:00'), 's')!.state, at('2026-06-30T00:00'), CAL)).toBe(false);
    expect(isBreached(stopClock(s0, new Date(at('2026-06-16T18:00').getTime() + 1), 's')!.state, at('2026-06-30T00:00'), CAL)).toBe(
      true,
    );
    // Stopped after the deadline but outside business hours still counts as late.
    expect(isBreached(stopClock(s0, at('2026-06-16T19:00'), 's')!.state, at('2026-06-30T00:00'), CAL)).toBe(true);
  });

  it('a paused clock is breached only if paused at or after its deadline', () => {
    expect(isBreached(pauseClock(s0, at('2026-06-16T17:00'), 'p', CAL)!.state, at('2026-06-30T00:00'), CAL)).toBe(false);
    expect(isBreached(pauseClock(s0, at('2026-06-16T18:30'), 'p', CAL)!.state, at('2026-06-30T00:00'), CAL)).toBe(true);
  });
});

describe('firingSchedule', () => {
  it('lists warning, breach and each escalation step on business time, sorted', () => {
    const schedule = firingSchedule(started('2026-06-16T09:00'), CAL);
    expect(schedule).toEqual([
      { firing: 'warning', at: at('2026-06-16T16:00') }, // 6 h of 8
      { firing: 'breach', at: at('2026-06-16T18:00') },
      { firing: 'escalation-1', at: at('2026-06-17T10:00') },
      { firing: 'escalation-2', at: at('2026-06-17T14:00') },
    ]);
    for (const { firing } of schedule) expect(firing).toMatch(/^[a-z0-9-]+$/);
  });

  it('adds paused time to every firing and skips holidays', () => {
    const s0 = started('2026-06-22T09:00', {
      ...POLICY,
      escalation: [
        { level: 3, afterBreachSeconds: 8 * HOUR, notifyRole: 'director' },
        { level: 1, afterBreachSeconds: HOUR, notifyRole: 'team_lead' },
      ],
    });
    const p = pauseClock(s0, at('2026-06-22T10:00'), 'p', CAL)!.state;
    const r = resumeClock(p, at('2026-06-22T12:30'), 'r', CAL)!.state; // 2 h paused (10-12)
    expect(r.pausedBusinessSeconds).toBe(2 * HOUR);
    expect(firingSchedule(r, CAL)).toEqual([
      { firing: 'warning', at: at('2026-06-22T18:00') }, // 6 h + 2 h from Mon 09:00: the close, not Tue 09:00
      { firing: 'breach', at: at('2026-06-23T11:00') },
      { firing: 'escalation-1', at: at('2026-06-23T12:00') }, // ends exactly at lunch
      { firing: 'escalation-3', at: at('2026-06-25T11:00') }, // Wed 24th is a holiday
    ]);
  });

  it('has no warning when warnAtRatio is 0 or >= 1', () => {
    for (const warnAtRatio of [0, 1, 1.5]) {
      const firings = firingSchedule(started('2026-06-16T09:00', { ...POLICY, warnAtRatio }), CAL).map((f) => f.firing);
      expect(firings).toEqual(['breach', 'escalation-1', 'escalation-2']);
    }
  });

  it('is empty for paused and stopped clocks', () => {
    const s0 = started('2026-06-16T09:00');
    expect(firingSchedule(pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state, CAL)).toEqual([]);
    expect(firingSchedule(stopClock(s0, at('2026-06-16T10:00'), 's')!.state, CAL)).toEqual([]);
  });

  it('uses plain elapsed time with a 24x7 calendar', () => {
    const start = new Date('2026-06-16T09:00:00Z');
    const s = startClock('acknowledge', start, { targetSeconds: 100, warnAtRatio: 0.5, escalation: [] }, 'r').state;
    expect(firingSchedule(s, null)).toEqual([
      { firing: 'warning', at: new Date('2026-06-16T09:00:50Z') },
      { firing: 'breach', at: new Date('2026-06-16T09:01:40Z') },
    ]);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const CALENDARS: (CalendarDefinition | null)[] = [
  null,
  CAL,
  {
    timezone: 'Asia/Shanghai',
    weeklyHours: { mon: split, tue: split, wed: split, thu: split, fri: split },
    holidays: ['2026-10-01', '2026-10-02'],
    extraWorkingDays: ['2026-10-10'],
  },
  { timezone: Z, weeklyHours: { sun: [['00:00', '24:00']], wed: [['09:00', '17:00']] }, holidays: [], extraWorkingDays: [] },
];
const arbCal = fc.constantFrom(...CALENDARS);
const T0 = Date.parse('2026-01-01T00:00:00Z');
const arbStart = fc.integer({ min: T0, max: Date.parse('2027-06-01T00:00:00Z') });
const arbTarget = fc.integer({ min: 0, max: 40 * HOUR * 1000 }).map((ms) => ms / 1000);
/** Gaps between successive events, up to 5 days, in ms. */
const arbGap = fc.integer({ min: 0, max: 5 * 86_400_000 });

describe('clock properties', () => {
  it('pausing for T extends the deadline by exactly the business part of T', () => {
    fc.assert(
      fc.property(arbCal, arbStart, arbTarget, arbGap, arbGap, (cal, startMs, target, g1, g2) => {
        const s0 = startClock('resolve', new Date(startMs), { targetSeconds: target, warnAtRatio: 0, escalation: [] }, 'r').state;
        const pauseAt = new Date(startMs + g1);
        const resumeAt = new Date(startMs + g1 + g2);
        const before = dueAt(s0, cal)!;
        const resumed = resumeClock(pauseClock(s0, pauseAt, 'p', cal)!.state, resumeAt, 'r', cal)!.state;
        const after = dueAt(resumed, cal)!;
        const pauseBusiness = businessSecondsBetween(pauseAt, resumeAt, cal);
        expect(resumed.pausedBusinessSeconds).toBe(pauseBusiness);
        expect(Math.abs(businessSecondsBetween(before, after, cal) - pauseBusiness)).toBeLessThan(0.001);
        expect(after.getTime()).toBe(addBusinessSeconds(before, pauseBusiness, cal).getTime());
        // The projection made at the resume instant matches the deadline after resuming.
        expect(projectedDueAt(pauseClock(s0, pauseAt, 'p', cal)!.state, resumeAt, cal).getTime()).toBe(after.getTime());
      }),
      { numRuns: 200 },
    );
  });

  type Op = { kind: 'pause' | 'resume' | 'recalc' | 'stop'; gap: number; target: number; ratio: number };
  const arbOp: fc.Arbitrary<Op> = fc.record({
    kind: fc.constantFrom<Op['kind']>('pause', 'resume', 'recalc', 'pause', 'resume', 'stop'),
    gap: arbGap,
    target: arbTarget,
    ratio: fc.constantFrom(0, 0.5, 0.8, 1),
  });

  it('random transition sequences keep startedAt and account paused time exactly', () => {
    fc.assert(
      fc.property(arbCal, arbStart, arbTarget, fc.array(arbOp, { maxLength: 8 }), (cal, startMs, target, ops) => {
        let state = startClock('final_response', new Date(startMs), { targetSeconds: target, warnAtRatio: 0.5, escalation: [] }, 'r').state;
        let t = startMs;
        let pausedMs = 0; // model: business ms of completed pauses
        let pauseStart: number | null = null;
        for (const op of ops) {
          t += op.gap;
          const now = new Date(t);
          const prev = state;
          if (op.kind === 'pause') {
            const res = pauseClock(state, now, 'p', cal);
            expect(res === null).toBe(prev.status !== 'running');
            if (res) {
              state = res.state;
              pauseStart = t;
            }
          } else if (op.kind === 'resume') {
            const res = resumeClock(state, now, 'r', cal);
            expect(res === null).toBe(prev.status !== 'paused');
            if (res) {
              pausedMs += businessSecondsBetween(new Date(pauseStart!), now, cal) * 1000;
              pauseStart = null;
              state = res.state;
              expect(res.ledger.dueAt!.getTime()).toBe(dueAt(state, cal)!.getTime());
            }
          } else if (op.kind === 'recalc') {
            const res = recalculateClock(state, op.target, op.ratio, [], now, 'x', cal);
            expect(res === null).toBe(prev.status === 'stopped');
            if (res) {
              state = res.state;
              expect(state.status).toBe(prev.status);
              expect(state.pausedAt).toEqual(prev.pausedAt);
              expect(state.pausedBusinessSeconds).toBe(prev.pausedBusinessSeconds);
              // Same deadline as a fresh clock from the same start with the same paused time.
              if (state.status === 'running') {
                const fresh = startClock('final_response', new Date(startMs), { targetSeconds: op.target, warnAtRatio: 0, escalation: [] }, 'r').state;
                expect(dueAt(state, cal)!.getTime()).toBe(
                  addBusinessSeconds(fresh.startedAt, op.target + pausedMs / 1000, cal).getTime(),
                );
              }
            }
          } else {
            const res = stopClock(state, now, 's');
            expect(res === null).toBe(prev.status === 'stopped');
            if (res) state = res.state;
          }
          expect(state.startedAt.getTime()).toBe(startMs);
          expect(Math.round(state.pausedBusinessSeconds * 1000)).toBe(Math.round(pausedMs));
          // Elapsed = business time since start minus completed pauses, up to where the clock counted.
          if (state.status === 'running') {
            const gross = businessSecondsBetween(new Date(startMs), now, cal);
            expect(Math.abs(elapsedBusinessSeconds(state, now, cal) - (gross - pausedMs / 1000))).toBeLessThan(0.001);
            expect(isBreached(state, now, cal)).toBe(now.getTime() >= dueAt(state, cal)!.getTime());
            const schedule = firingSchedule(state, cal);
            const breach = schedule.find((f) => f.firing === 'breach')!;
            expect(breach.at.getTime()).toBe(dueAt(state, cal)!.getTime());
            for (let i = 1; i < schedule.length; i++) expect(schedule[i - 1].at.getTime()).toBeLessThanOrEqual(schedule[i].at.getTime());
          } else {
            expect(firingSchedule(state, cal)).toEqual([]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
