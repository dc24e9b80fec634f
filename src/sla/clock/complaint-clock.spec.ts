import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addBusinessSeconds, businessSecondsBetween, CalendarDefinition } from './business-calendar';
import {
  ClockFiring,
  ClockPolicyTargets,
  ClockState,
  dueAt,
  elapsedBusinessSeconds,
  firingSchedule,
  isBreached,
  pauseClock,
  pausesFromLedger,
  planFirings,
  pointAt,
  projectedDueAt,
  recalculateClock,
  remainingBusinessSeconds,
  reopenClock,
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
      pauses: [],
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
    const rec2 = recalculateClock(p2, 5 * HOUR, 0, [], at('2026-06-16T14:00'), 'again', CAL)!;
    expect(rec2.state).toMatchObject({ status: 'paused', pausedAt: at('2026-06-16T13:30'), pausedBusinessSeconds: HOUR });
    // 5 h are not reached before the pause at 13:30 (counted 09-10, 11-12, 13-13:30): not determined.
    expect(rec2.ledger.dueAt).toBeNull();
    // 2 h were reached at 12:00, before the pause: that deadline stands while paused.
    const rec3 = recalculateClock(p2, 2 * HOUR, 0, [], at('2026-06-16T14:00'), 'again', CAL)!;
    expect(rec3.ledger.dueAt).toEqual(at('2026-06-16T12:00'));
    expect(isBreached(rec3.state, at('2026-06-16T14:00'), CAL)).toBe(true);
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

  it('is empty for clocks paused or stopped before their first point', () => {
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


describe('points and pauses', () => {
  // Tue 2026-06-16 09:00, 8 h: warning 16:00, breach 18:00, escalation-1 Wed 10:00, escalation-2 Wed 14:00.
  const s0 = started('2026-06-16T09:00');

  it('pointAt walks the counted business time across the pauses', () => {
    expect(pointAt(s0, 0, CAL)).toEqual(at('2026-06-16T09:00'));
    expect(pointAt(s0, 8 * HOUR * 1000, CAL)).toEqual(at('2026-06-16T18:00'));
    const p = pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state;
    expect(pointAt(p, HOUR * 1000, CAL)).toEqual(at('2026-06-16T10:00')); // reached exactly when the pause began
    expect(pointAt(p, HOUR * 1000 + 1, CAL)).toBeNull(); // after the start of the pause in progress
    const r = resumeClock(p, at('2026-06-16T11:00'), 'r', CAL)!.state;
    expect(r.pauses).toEqual([{ from: at('2026-06-16T10:00'), to: at('2026-06-16T11:00') }]);
    expect(pointAt(r, 2 * HOUR * 1000, CAL)).toEqual(at('2026-06-16T12:00'));
    expect(() => pointAt(r, -1, CAL)).toThrow(RangeError);
  });

  it('a pause that begins after the warning leaves the warning where it was', () => {
    const p = pauseClock(s0, at('2026-06-16T17:00'), 'awaiting customer', CAL)!.state;
    const r = resumeClock(p, at('2026-06-17T11:00'), 'customer replied', CAL)!.state;
    expect(r.pausedBusinessSeconds).toBe(3 * HOUR); // Tue 17-18, Wed 09-11
    // 7 h counted before the pause; 1 more from Wed 11:00.
    expect(firingSchedule(r, CAL)).toEqual([
      { firing: 'warning', at: at('2026-06-16T16:00') },
      { firing: 'breach', at: at('2026-06-17T12:00') },
      { firing: 'escalation-1', at: at('2026-06-17T14:00') },
      { firing: 'escalation-2', at: at('2026-06-17T17:00') },
    ]);
  });

  it('a pause that begins after the breach leaves the breach and its escalation ladder where they were', () => {
    const p = pauseClock(s0, at('2026-06-17T09:30'), 'awaiting customer', CAL)!;
    expect(p.ledger.dueAt).toEqual(at('2026-06-16T18:00'));
    expect(dueAt(p.state, CAL)).toEqual(at('2026-06-16T18:00'));
    expect(projectedDueAt(p.state, at('2026-06-17T11:00'), CAL)).toEqual(at('2026-06-16T18:00'));
    expect(isBreached(p.state, at('2026-06-17T11:00'), CAL)).toBe(true);
    // While paused after the breach the ladder keeps climbing: parking a missed complaint hides nothing.
    expect(firingSchedule(p.state, CAL).map((f) => f.firing)).toEqual(['warning', 'breach', 'escalation-1', 'escalation-2']);

    const r = resumeClock(p.state, at('2026-06-17T11:30'), 'customer replied', CAL)!;
    expect(r.ledger.dueAt).toEqual(at('2026-06-16T18:00'));
    expect(dueAt(r.state, CAL)).toEqual(at('2026-06-16T18:00'));
    expect(isBreached(r.state, at('2026-06-17T11:30'), CAL)).toBe(true);
    expect(remainingBusinessSeconds(r.state, at('2026-06-17T12:00'), CAL)).toBe(-HOUR); // 8.5 + 0.5 counted
    expect(firingSchedule(r.state, CAL)).toEqual([
      { firing: 'warning', at: at('2026-06-16T16:00') },
      { firing: 'breach', at: at('2026-06-16T18:00') },
      { firing: 'escalation-1', at: at('2026-06-17T10:00') }, // 1 business hour after the breach
      { firing: 'escalation-2', at: at('2026-06-17T14:00') },
    ]);
  });

  it('a paused clock: deadline undetermined before it is reached; reached exactly at the pause counts', () => {
    const before = pauseClock(s0, at('2026-06-16T17:00'), 'p', CAL)!.state;
    expect(dueAt(before, CAL)).toBeNull();
    expect(projectedDueAt(before, at('2026-06-17T10:00'), CAL)).toEqual(at('2026-06-17T11:00'));
    expect(firingSchedule(before, CAL)).toEqual([{ firing: 'warning', at: at('2026-06-16T16:00') }]);

    const exactly = pauseClock(s0, at('2026-06-16T18:00'), 'p', CAL)!.state;
    expect(dueAt(exactly, CAL)).toEqual(at('2026-06-16T18:00'));
    expect(isBreached(exactly, at('2026-06-16T18:00'), CAL)).toBe(true);
    expect(firingSchedule(exactly, CAL).map((f) => f.firing)).toEqual(['warning', 'breach', 'escalation-1', 'escalation-2']);
  });

  it('a stopped clock lists the points it reached before the stop; stopping at the deadline is on time', () => {
    const onTime = stopClock(s0, at('2026-06-16T18:00'), 'resolved', CAL)!;
    expect(onTime.ledger.detail).toMatchObject({ breached: false });
    expect(firingSchedule(onTime.state, CAL)).toEqual([{ firing: 'warning', at: at('2026-06-16T16:00') }]);
    const late = stopClock(s0, new Date(at('2026-06-16T18:00').getTime() + 1), 'resolved', CAL)!;
    expect(late.ledger.detail).toMatchObject({ breached: true });
    expect(firingSchedule(late.state, CAL).map((f) => f.firing)).toEqual(['warning', 'breach']);
    // Stopped while paused: what the pause had reached (here exactly the deadline).
    const paused = pauseClock(s0, at('2026-06-16T18:00'), 'p', CAL)!.state;
    const stoppedPaused = stopClock(paused, at('2026-06-18T10:00'), 'withdrawn', CAL)!;
    expect(stoppedPaused.state.pauses).toEqual([{ from: at('2026-06-16T18:00'), to: null }]);
    expect(stoppedPaused.ledger.dueAt).toEqual(at('2026-06-16T18:00'));
    expect(isBreached(stoppedPaused.state, at('2026-06-30T00:00'), CAL)).toBe(true);
    // The ladder climbed while it stood paused, until the stop.
    expect(firingSchedule(stoppedPaused.state, CAL).map((f) => f.firing)).toEqual(['warning', 'breach', 'escalation-1', 'escalation-2']);
    // Stopped while paused before the deadline: it never has one.
    const early = stopClock(pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state, at('2026-06-16T11:00'), 'withdrawn', CAL)!;
    expect(early.ledger.dueAt).toBeNull();
    expect(projectedDueAt(early.state, at('2026-06-16T12:00'), CAL)).toBeNull();
  });

  it('rejects a pause or a stop before the end of the last pause, and inconsistent pauses', () => {
    const r = resumeClock(pauseClock(s0, at('2026-06-16T10:00'), 'p', CAL)!.state, at('2026-06-16T11:00'), 'r', CAL)!.state;
    expect(pauseClock(r, at('2026-06-16T10:30'), 'p', CAL)).toBeNull();
    expect(stopClock(r, at('2026-06-16T10:30'), 's')).toBeNull();
    expect(() => dueAt({ ...r, pauses: [{ from: at('2026-06-16T08:00'), to: at('2026-06-16T08:30') }] }, CAL)).toThrow(/starts before/);
    expect(() => dueAt({ ...r, pausedAt: at('2026-06-16T10:00') }, CAL)).toThrow(/pausedAt/);
    expect(() => dueAt({ ...r, status: 'paused' }, CAL)).toThrow(/pausedAt|open pause/);
  });
});

describe('reopenClock', () => {
  // Mon 2026-06-22 09:00, 8 h: warning 16:00, breach 18:00, escalation-1 Tue 10:00.
  const s0 = started('2026-06-22T09:00');

  it('turns the time the clock stood stopped into a completed pause', () => {
    const stopped = stopClock(s0, at('2026-06-22T11:00'), 'resolved', CAL)!.state;
    const reopened = reopenClock(stopped, at('2026-06-23T10:00'), 'reopened', CAL)!;
    expect(reopened.state).toMatchObject({
      status: 'running',
      stoppedAt: null,
      pausedAt: null,
      pauses: [{ from: at('2026-06-22T11:00'), to: at('2026-06-23T10:00') }],
      pausedBusinessSeconds: 7 * HOUR, // Mon 11-12, 13-18, Tue 09-10
    });
    // 2 h counted before the stop, 6 h from Tue 10:00.
    expect(reopened.ledger).toMatchObject({ action: 'resume', reason: 'reopened', dueAt: at('2026-06-23T17:00') });
    expect(reopened.ledger.detail).toMatchObject({ reopened: true, pauseBusinessSeconds: 7 * HOUR });
    expect(elapsedBusinessSeconds(reopened.state, at('2026-06-23T10:00'), CAL)).toBe(2 * HOUR);
  });

  it('keeps the instants of points reached before a late stop', () => {
    const stopped = stopClock(s0, at('2026-06-23T09:30'), 'resolved', CAL)!.state;
    const reopened = reopenClock(stopped, at('2026-06-25T10:00'), 'reopened', CAL)!.state; // Wed 24th is a holiday
    expect(firingSchedule(reopened, CAL)).toEqual([
      { firing: 'warning', at: at('2026-06-22T16:00') },
      { firing: 'breach', at: at('2026-06-22T18:00') },
      { firing: 'escalation-1', at: at('2026-06-23T10:00') }, // anchored at the breach, not moved by the reopen
      { firing: 'escalation-2', at: at('2026-06-23T14:00') },
    ]);
    expect(isBreached(reopened, at('2026-06-25T10:00'), CAL)).toBe(true);
  });

  it('closes the pause of a clock stopped while paused', () => {
    const paused = pauseClock(s0, at('2026-06-22T10:00'), 'p', CAL)!.state;
    const stopped = stopClock(paused, at('2026-06-22T15:00'), 'withdrawn', CAL)!.state;
    const reopened = reopenClock(stopped, at('2026-06-23T09:00'), 'reopened', CAL)!.state;
    expect(reopened.pauses).toEqual([{ from: at('2026-06-22T10:00'), to: at('2026-06-23T09:00') }]);
    expect(reopened.pausedBusinessSeconds).toBe(7 * HOUR);
    expect(dueAt(reopened, CAL)).toEqual(at('2026-06-23T17:00')); // 1 h counted, 7 h from Tue 09:00
  });

  it('is null for a clock that is not stopped or a time before the stop', () => {
    const stopped = stopClock(s0, at('2026-06-22T11:00'), 'resolved', CAL)!.state;
    expect(reopenClock(s0, at('2026-06-22T12:00'), 'r', CAL)).toBeNull();
    expect(reopenClock(pauseClock(s0, at('2026-06-22T10:00'), 'p', CAL)!.state, at('2026-06-22T12:00'), 'r', CAL)).toBeNull();
    expect(reopenClock(stopped, at('2026-06-22T10:59'), 'r', CAL)).toBeNull();
    expect(stopped.status).toBe('stopped');
  });
});

describe('pausesFromLedger', () => {
  it('rebuilds the pauses that the transitions recorded, including a reopen and a stop while paused', () => {
    const s0 = startClock('resolve', at('2026-06-22T09:00'), POLICY, 'received', CAL);
    const moves = [s0];
    moves.push(pauseClock(moves[moves.length - 1].state, at('2026-06-22T10:00'), 'p', CAL)!);
    moves.push(resumeClock(moves[moves.length - 1].state, at('2026-06-22T11:00'), 'r', CAL)!);
    moves.push(recalculateClock(moves[moves.length - 1].state, HOUR, 0, [], at('2026-06-22T11:30'), 'x', CAL)!);
    moves.push(stopClock(moves[moves.length - 1].state, at('2026-06-22T12:00'), 'resolved', CAL)!);
    moves.push(reopenClock(moves[moves.length - 1].state, at('2026-06-23T09:00'), 'reopened', CAL)!);
    moves.push(pauseClock(moves[moves.length - 1].state, at('2026-06-23T10:00'), 'p', CAL)!);
    moves.push(stopClock(moves[moves.length - 1].state, at('2026-06-23T11:00'), 'withdrawn', CAL)!);
    const last = moves[moves.length - 1].state;
    // Ledger rows may come back in any order.
    const ledger = moves.map((m) => m.ledger).reverse();
    expect(pausesFromLedger(ledger)).toEqual(last.pauses);
    expect(last.pauses).toEqual([
      { from: at('2026-06-22T10:00'), to: at('2026-06-22T11:00') },
      { from: at('2026-06-22T12:00'), to: at('2026-06-23T09:00') },
      { from: at('2026-06-23T10:00'), to: null },
    ]);
  });

  it('refuses sequences the clock cannot produce', () => {
    expect(() => pausesFromLedger([{ action: 'resume', at: at('2026-06-22T10:00') }])).toThrow(/resume of a running/);
    expect(() =>
      pausesFromLedger([
        { action: 'pause', at: at('2026-06-22T10:00') },
        { action: 'pause', at: at('2026-06-22T11:00') },
      ]),
    ).toThrow(/pause of a paused/);
  });
});

describe('recalculation on another calendar', () => {
  const nineToSix: [string, string][] = [['09:00', '18:00']];
  const BIZ: CalendarDefinition = {
    timezone: Z,
    weeklyHours: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
    holidays: [],
    extraWorkingDays: [],
  };
  const fifteen: ClockPolicyTargets = { targetSeconds: 15 * 60, warnAtRatio: 0, escalation: [] };
  const friday = at('2026-06-19T17:55');

  it('business calendar to 24x7: due Friday 18:10, not Monday 09:10', () => {
    const s = startClock('acknowledge', friday, fifteen, 'received', BIZ);
    expect(s.ledger.dueAt).toEqual(at('2026-06-22T09:10'));
    const rec = recalculateClock(s.state, 15 * 60, 0, [], at('2026-06-19T17:56'), 'policy changed', null, {
      previousCalendar: BIZ,
      previousCalendarId: 'cal-uk',
      calendarId: null,
    })!;
    expect(rec.ledger.dueAt).toEqual(at('2026-06-19T18:10'));
    expect(firingSchedule(rec.state, null)).toEqual([{ firing: 'breach', at: at('2026-06-19T18:10') }]);
    expect(rec.ledger.detail).toMatchObject({
      previous: { calendarId: 'cal-uk', dueAt: at('2026-06-22T09:10').toISOString() },
      next: { calendarId: null, dueAt: at('2026-06-19T18:10').toISOString() },
    });
  });

  it('24x7 to business calendar: due Monday 09:10', () => {
    const s = startClock('acknowledge', friday, fifteen, 'received', null);
    expect(s.ledger.dueAt).toEqual(at('2026-06-19T18:10'));
    const rec = recalculateClock(s.state, 15 * 60, 0, [], at('2026-06-19T17:56'), 'policy changed', BIZ, { previousCalendar: null })!;
    expect(rec.ledger.dueAt).toEqual(at('2026-06-22T09:10'));
    expect(rec.ledger.detail).toMatchObject({ previous: { dueAt: at('2026-06-19T18:10').toISOString() } });
    expect(rec.ledger.detail).not.toHaveProperty('previous.calendarId');
  });

  it('re-measures the pauses in the new calendar', () => {
    const s = startClock('acknowledge', friday, fifteen, 'received', BIZ).state;
    const p = pauseClock(s, at('2026-06-19T17:56'), 'p', BIZ)!.state;
    const r = resumeClock(p, at('2026-06-20T10:00'), 'r', BIZ)!.state; // Saturday
    expect(r.pausedBusinessSeconds).toBe(4 * 60);
    expect(dueAt(r, BIZ)).toEqual(at('2026-06-22T09:14'));
    const rec = recalculateClock(r, 15 * 60, 0, [], at('2026-06-20T10:05'), 'policy changed', null, { previousCalendar: BIZ })!;
    // 1 minute counted before the pause, 14 after Saturday 10:00 on a 24x7 clock.
    expect(rec.state.pausedBusinessSeconds).toBe(16 * HOUR + 4 * 60);
    expect(rec.ledger.dueAt).toEqual(at('2026-06-20T10:14'));
    expect(rec.ledger.detail).toMatchObject({
      previous: { pausedBusinessSeconds: 4 * 60, dueAt: at('2026-06-22T09:14').toISOString() },
      next: { pausedBusinessSeconds: 16 * HOUR + 4 * 60 },
    });
    // And back: the same pauses measured in the business calendar again.
    const back = recalculateClock(rec.state, 15 * 60, 0, [], at('2026-06-20T10:06'), 'again', BIZ)!;
    expect(back.state.pausedBusinessSeconds).toBe(4 * 60);
    expect(back.ledger.dueAt).toEqual(at('2026-06-22T09:14'));
  });
});

describe('planFirings', () => {
  const schedule: ClockFiring[] = [
    { firing: 'warning', at: at('2026-06-16T16:00') },
    { firing: 'breach', at: at('2026-06-16T18:00') },
    { firing: 'escalation-1', at: at('2026-06-17T10:00') },
  ];
  const names = (list: ClockFiring[]) => list.map((f) => f.firing);

  it('fires due points not fired yet, keeps future ones for later', () => {
    const plan = planFirings(schedule, new Set(), at('2026-06-16T17:00'));
    expect(names(plan.fireNow)).toEqual(['warning']);
    expect(names(plan.later)).toEqual(['breach', 'escalation-1']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a warning overtaken by its breach (backdated intake)', () => {
    const plan = planFirings(schedule, new Set(), at('2026-06-17T09:00'));
    expect(names(plan.fireNow)).toEqual(['breach']);
    expect(names(plan.skipped)).toEqual(['warning']);
    expect(names(plan.later)).toEqual(['escalation-1']);
    // A breach due exactly now also overtakes the warning.
    expect(names(planFirings(schedule, new Set(), at('2026-06-16T18:00')).skipped)).toEqual(['warning']);
  });

  it('leaves due points already fired out of every list', () => {
    const plan = planFirings(schedule, new Set(['warning', 'breach']), at('2026-06-17T10:00'));
    expect(names(plan.fireNow)).toEqual(['escalation-1']);
    expect(plan.later).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it('re-arms points fired for an earlier deadline that now lie in the future (target extended)', () => {
    const s0 = started('2026-06-16T09:00', { ...POLICY, targetSeconds: 2 * HOUR }); // warning 10:30, breach 11:00
    const now = at('2026-06-16T11:30');
    expect(names(planFirings(firingSchedule(s0, CAL), new Set(), now).fireNow)).toEqual(['breach']);
    const extended = recalculateClock(s0, 8 * HOUR, 0.75, POLICY.escalation, now, 'target extended', CAL)!.state;
    const plan = planFirings(firingSchedule(extended, CAL), new Set(['warning', 'breach']), now);
    expect(plan.fireNow).toEqual([]);
    expect(names(plan.later)).toEqual(['warning', 'breach', 'escalation-1', 'escalation-2']);
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
const arbPolicy: fc.Arbitrary<ClockPolicyTargets> = fc.record({
  targetSeconds: arbTarget,
  warnAtRatio: fc.constantFrom(0, 0.5, 0.75, 1),
  escalation: fc.constantFrom(
    [],
    [{ level: 1, afterBreachSeconds: HOUR, notifyRole: 'lead' }],
    [
      { level: 1, afterBreachSeconds: 0, notifyRole: 'lead' },
      { level: 2, afterBreachSeconds: 10 * HOUR, notifyRole: 'head' },
    ],
  ),
});

describe('clock properties', () => {
  it('(a) a pause beginning after a point never moves it; (b) one beginning before shifts it by its business duration', () => {
    fc.assert(
      fc.property(arbCal, arbStart, arbPolicy, arbGap, arbGap, (cal, startMs, policy, g1, g2) => {
        const s0 = startClock('resolve', new Date(startMs), policy, 'r').state;
        const pauseAt = new Date(startMs + g1);
        const resumeAt = new Date(startMs + g1 + g2);
        const resumed = resumeClock(pauseClock(s0, pauseAt, 'p', cal)!.state, resumeAt, 'r', cal)!.state;
        const pauseBusiness = businessSecondsBetween(pauseAt, resumeAt, cal);
        expect(resumed.pausedBusinessSeconds).toBe(pauseBusiness);
        const before = firingSchedule(s0, cal);
        const after = new Map(firingSchedule(resumed, cal).map((f) => [f.firing, f.at.getTime()]));
        expect(after.size).toBe(before.length);
        const breachAt = before.find((f) => f.firing === 'breach')!.at.getTime();
        for (const point of before) {
          // Escalations follow the breach: a pause after the breach leaves them where they were.
          const anchor = point.firing.startsWith('escalation-') ? breachAt : point.at.getTime();
          const expected = anchor <= pauseAt.getTime() ? point.at.getTime() : addBusinessSeconds(point.at, pauseBusiness, cal).getTime();
          expect(after.get(point.firing)).toBe(expected);
        }
        // The projection made at the resume instant matches the deadline after resuming.
        expect(projectedDueAt(pauseClock(s0, pauseAt, 'p', cal)!.state, resumeAt, cal)!.getTime()).toBe(dueAt(resumed, cal)!.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('(b) on a 24x7 clock a pause before a point shifts it by exactly the pause length', () => {
    fc.assert(
      fc.property(arbStart, arbPolicy, arbGap, arbGap, (startMs, policy, g1, g2) => {
        const s0 = startClock('resolve', new Date(startMs), policy, 'r').state;
        const pauseAt = startMs + g1;
        const resumed = resumeClock(pauseClock(s0, new Date(pauseAt), 'p', null)!.state, new Date(pauseAt + g2), 'r', null)!.state;
        const after = new Map(firingSchedule(resumed, null).map((f) => [f.firing, f.at.getTime()]));
        const before = firingSchedule(s0, null);
        const breachAt = before.find((f) => f.firing === 'breach')!.at.getTime();
        for (const point of before) {
          const anchor = point.firing.startsWith('escalation-') ? breachAt : point.at.getTime();
          expect(after.get(point.firing)).toBe(point.at.getTime() + (anchor > pauseAt ? g2 : 0));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('(c) a paused clock schedules exactly the points reached by the start of its pause', () => {
    fc.assert(
      fc.property(arbCal, arbStart, arbPolicy, arbGap, (cal, startMs, policy, g1) => {
        const s0 = startClock('resolve', new Date(startMs), policy, 'r').state;
        const pauseAt = startMs + g1;
        const paused = pauseClock(s0, new Date(pauseAt), 'p', cal)!.state;
        const schedule = firingSchedule(paused, cal);
        const full = firingSchedule(s0, cal);
        const breachAt = full.find((f) => f.firing === 'breach')!.at.getTime();
        // The points reached before the pause, and the ladder of a breach reached before it.
        expect(schedule).toEqual(full.filter((f) => f.at.getTime() <= pauseAt || (f.firing.startsWith('escalation-') && breachAt <= pauseAt)));
        const due = dueAt(s0, cal)!.getTime();
        expect(isBreached(paused, new Date(pauseAt + g1), cal)).toBe(due <= pauseAt);
      }),
      { numRuns: 200 },
    );
  });

  type Op = { kind: 'pause' | 'resume' | 'recalc' | 'stop' | 'reopen'; gap: number; target: number; ratio: number; cal: number };
  const arbOp: fc.Arbitrary<Op> = fc.record({
    kind: fc.constantFrom<Op['kind']>('pause', 'resume', 'recalc', 'pause', 'resume', 'stop', 'reopen'),
    gap: arbGap,
    target: arbTarget,
    ratio: fc.constantFrom(0, 0.5, 0.8, 1),
    cal: fc.integer({ min: 0, max: CALENDARS.length - 1 }),
  });

  it('random transition sequences keep startedAt and the pauses, and every point is the earliest instant its offset is counted', () => {
    fc.assert(
      fc.property(arbCal, arbStart, arbTarget, fc.array(arbOp, { maxLength: 8 }), (cal0, startMs, target, ops) => {
        let cal = cal0;
        let state = startClock('final_response', new Date(startMs), { targetSeconds: target, warnAtRatio: 0.5, escalation: [] }, 'r').state;
        let t = startMs;
        const model: { from: number; to: number | null }[] = [];
        for (const op of ops) {
          t += op.gap;
          const now = new Date(t);
          const prev = state;
          if (op.kind === 'pause') {
            const res = pauseClock(state, now, 'p', cal);
            expect(res === null).toBe(prev.status !== 'running');
            if (res) {
              state = res.state;
              model.push({ from: t, to: null });
            }
          } else if (op.kind === 'resume') {
            const res = resumeClock(state, now, 'r', cal);
            expect(res === null).toBe(prev.status !== 'paused');
            if (res) {
              model[model.length - 1].to = t;
              state = res.state;
              expect(res.ledger.dueAt!.getTime()).toBe(dueAt(state, cal)!.getTime());
            }
          } else if (op.kind === 'reopen') {
            const res = reopenClock(state, now, 'reopened', cal);
            expect(res === null).toBe(prev.status !== 'stopped');
            if (res) {
              if (prev.pausedAt) model[model.length - 1].to = t;
              else model.push({ from: prev.stoppedAt!.getTime(), to: t });
              state = res.state;
            }
          } else if (op.kind === 'recalc') {
            const nextCal = CALENDARS[op.cal];
            const res = recalculateClock(state, op.target, op.ratio, [], now, 'x', nextCal, { previousCalendar: cal });
            expect(res === null).toBe(prev.status === 'stopped');
            if (res) {
              cal = nextCal;
              state = res.state;
              expect(state.status).toBe(prev.status);
              expect(state.pausedAt).toEqual(prev.pausedAt);
            }
          } else {
            const res = stopClock(state, now, 's');
            expect(res === null).toBe(prev.status === 'stopped');
            if (res) state = res.state;
          }
          expect(state.startedAt.getTime()).toBe(startMs);
          expect(state.pauses.map((p) => ({ from: p.from.getTime(), to: p.to?.getTime() ?? null }))).toEqual(model);
          const completed = model.reduce((sum, p) => (p.to === null ? sum : sum + businessSecondsBetween(new Date(p.from), new Date(p.to), cal) * 1000), 0);
          expect(Math.round(state.pausedBusinessSeconds * 1000)).toBe(Math.round(completed));

          const targetMs = Math.round(state.targetSeconds * 1000);
          const counted = (ms: number) => Math.round(elapsedBusinessSeconds(state, new Date(ms), cal) * 1000);
          const due = dueAt(state, cal);
          if (due) {
            // The earliest instant at which the counted time reaches the target.
            if (state.status !== 'stopped' || state.pausedAt) expect(counted(due.getTime())).toBe(targetMs);
            if (targetMs > 0) expect(counted(due.getTime() - 1)).toBeLessThan(targetMs);
          } else {
            expect(state.pausedAt).not.toBeNull();
            expect(counted(state.pausedAt!.getTime())).toBeLessThan(targetMs);
          }
          if (state.status === 'running') {
            expect(isBreached(state, now, cal)).toBe(now.getTime() >= due!.getTime());
            expect(remainingBusinessSeconds(state, now, cal) <= 0).toBe(isBreached(state, now, cal) || counted(t) === targetMs);
          }
          const schedule = firingSchedule(state, cal);
          for (let i = 1; i < schedule.length; i++) expect(schedule[i - 1].at.getTime()).toBeLessThanOrEqual(schedule[i].at.getTime());
          const breach = schedule.find((f) => f.firing === 'breach');
          expect(breach !== undefined).toBe(isBreached(state, state.status === 'running' ? new Date(8.64e15) : now, cal));
          if (state.pausedAt) for (const f of schedule) expect(f.at.getTime()).toBeLessThanOrEqual(state.pausedAt.getTime());
          else if (state.stoppedAt) for (const f of schedule) expect(f.at.getTime()).toBeLessThan(state.stoppedAt.getTime());
        }
      }),
      { numRuns: 300 },
    );
  });
});
