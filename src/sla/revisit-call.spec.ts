import { ClockState, firingSchedule, recalculateClock, RevisitCall, startClock, stopClock } from './clock/complaint-clock';
import { ClockRecord, revisitCallFromJson, revisitCallToJson } from './clock-record';
import { emptyChangeSet, settleFirings } from './clock-settlement';
import { firingEffects } from './firing-effects';

const T0 = new Date('2026-11-24T08:00:00.000Z');
const sec = (s: number) => new Date(T0.getTime() + s * 1000);
const CALL: RevisitCall = { at: sec(10), revisitId: '9c8b7a6f-5e4d-4c3b-8a29-180f7e6d5c4b', round: 1, attempt: 1, assigneeId: null };

/** A revisit clock started at T0: 10 s to the call, 100 s to reach the customer in all. */
function revisitClock(call: RevisitCall | null = CALL): ClockState {
  const { state } = startClock('revisit', T0, { targetSeconds: 100, warnAtRatio: 0.75, escalation: [{ level: 1, afterBreachSeconds: 5, notifyRole: 'supervisor' }] }, 'revisit scheduled', null);
  return { ...state, call };
}

function record(state: ClockState, firings: ClockRecord['firings'] = []): ClockRecord {
  return { id: 'clock-1', complaintId: 'complaint-1', policyId: null, calendarId: null, state, breachedAt: null, firings };
}

describe('a revisit clock with a call', () => {
  it('has a due point at the call, first among equal instants; none without a call', () => {
    expect(firingSchedule(revisitClock(), null)).toEqual([
      { firing: 'due', at: sec(10) },
      { firing: 'warning', at: sec(75) },
      { firing: 'breach', at: sec(100) },
      { firing: 'escalation-1', at: sec(105) },
    ]);
    expect(firingSchedule(revisitClock({ ...CALL, at: sec(75) }), null).map((f) => f.firing)).toEqual(['due', 'warning', 'breach', 'escalation-1']);
    expect(firingSchedule(revisitClock(null), null).map((f) => f.firing)).toEqual(['warning', 'breach', 'escalation-1']);
  });

  it('is no longer due once the clock stopped (completed or cancelled), even past the call', () => {
    const stopped = stopClock(revisitClock(), sec(50), 'revisit completed', null)!.state;
    expect(firingSchedule(stopped, null).map((f) => f.firing)).toEqual([]);
  });

  it('keeps the call through a recalculation (another policy or calendar)', () => {
    const t = recalculateClock(revisitClock(), 200, 0.5, [], sec(5), 'triage_confirmed', null)!;
    expect(t.state.call).toEqual(CALL);
    expect(firingSchedule(t.state, null)[0]).toEqual({ firing: 'due', at: sec(10) });
  });

  it('settling: pending while ahead; fired in the change when already due (backdated); a fired due is re-armed when the call moves on', () => {
    const ahead = emptyChangeSet();
    settleFirings(ahead, record(revisitClock()), null, sec(1));
    expect(ahead.fired).toEqual([]);
    expect(ahead.upserts.find((u) => u.firing === 'due')).toMatchObject({ dueAt: sec(10), firedAt: null });
    expect(ahead.pending).toContainEqual(sec(10));

    const backdated = emptyChangeSet();
    settleFirings(backdated, record(revisitClock({ ...CALL, at: sec(-30) })), null, sec(1));
    expect(backdated.fired).toEqual([expect.objectContaining({ firing: 'due', dueAt: sec(-30), kind: 'revisit', call: { ...CALL, at: sec(-30) } })]);
    expect(backdated.upserts.find((u) => u.firing === 'due')).toMatchObject({ firedAt: sec(1) });

    const alreadyFired = emptyChangeSet();
    settleFirings(alreadyFired, record(revisitClock(), [{ firing: 'due', dueAt: sec(10), firedAt: sec(10) }]), null, sec(20));
    expect(alreadyFired.fired).toEqual([]);
    expect(alreadyFired.upserts.filter((u) => u.firing === 'due')).toEqual([]);

    const moved = emptyChangeSet();
    settleFirings(moved, record(revisitClock({ ...CALL, at: sec(40), attempt: 2 }), [{ firing: 'due', dueAt: sec(10), firedAt: sec(10) }]), null, sec(20));
    expect(moved.upserts.find((u) => u.firing === 'due')).toMatchObject({ dueAt: sec(40), firedAt: null });
  });

  it('settling a stop takes the pending due away and keeps a fired one as history', () => {
    const stopped = stopClock(revisitClock(), sec(5), 'revisit completed', null)!.state;
    const pending = emptyChangeSet();
    settleFirings(pending, record(stopped, [{ firing: 'due', dueAt: sec(10), firedAt: null }]), null, sec(5));
    expect(pending.deletes).toEqual([{ clockId: 'clock-1', firing: 'due' }]);
    expect(pending.fired).toEqual([]);

    const late = stopClock(revisitClock(), sec(50), 'revisit completed', null)!.state;
    const fired = emptyChangeSet();
    settleFirings(fired, record(late, [{ firing: 'due', dueAt: sec(10), firedAt: sec(10) }]), null, sec(50));
    expect(fired.deletes).toEqual([]);
    expect(fired.fired).toEqual([]);
  });

  it('a fired due is a revisit_due event with the call, and nothing else (no breach, no notice)', () => {
    const effects = firingEffects(
      [{ clockId: 'clock-1', complaintId: 'complaint-1', kind: 'revisit', firing: 'due', dueAt: sec(10), escalation: [], call: { ...CALL, attempt: 2, assigneeId: 'user-1' } }],
      sec(10.25),
      () => 'CMP-1',
    );
    expect(effects.events).toEqual([
      { complaintId: 'complaint-1', type: 'revisit_due', data: { revisitId: CALL.revisitId, kind: 'revisit', round: 1, attempt: 2, assigneeId: 'user-1', dueAt: sec(10).toISOString(), latenessMs: 250 } },
    ]);
    expect(effects.notices).toEqual([]);
    expect(effects.breachedClockIds).toEqual([]);
    expect(effects.outcomes.size).toBe(0);
  });

  it('stores the call as JSON and reads it back', () => {
    expect(revisitCallFromJson(JSON.parse(revisitCallToJson(CALL)!))).toEqual(CALL);
    expect(revisitCallToJson(null)).toBeNull();
    expect(revisitCallFromJson(null)).toBeNull();
  });
});
