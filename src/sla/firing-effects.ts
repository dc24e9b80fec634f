/**
 * What fired deadline moments do (pure): a warning tells the assignee the deadline is near, a
 * breach marks the clock and the complaint and tells the assignee, an escalation step raises
 * the complaint's level and tells the step's role, a revisit's `due` records that its call is
 * due (`revisit_due`, which integrations hear of as `revisit.due`). The caller resolves roles
 * to people.
 */
import { ComplaintEventType } from '../domain/complaint.enums';
import { FiredPoint } from './clock-settlement';

export interface FiringEvent {
  complaintId: string;
  type: ComplaintEventType;
  data: Record<string, unknown>;
}

export interface FiringNotice {
  complaintId: string;
  /** `assignee` or a staff role. */
  role: string;
  type: 'sla_warning' | 'sla_breached' | 'escalated';
  title: string;
  data: Record<string, unknown>;
}

export interface FiringEffects {
  events: FiringEvent[];
  breachedClockIds: string[];
  outcomes: Map<string, { breached: boolean; escalationLevel: number }>;
  notices: FiringNotice[];
}

export function firingEffects(points: FiredPoint[], now: Date, referenceOf: (complaintId: string) => string): FiringEffects {
  const effects: FiringEffects = { events: [], breachedClockIds: [], outcomes: new Map(), notices: [] };
  const outcome = (id: string) => {
    let o = effects.outcomes.get(id);
    if (!o) effects.outcomes.set(id, (o = { breached: false, escalationLevel: 0 }));
    return o;
  };
  const ordered = [...points].sort((a, b) => a.complaintId.localeCompare(b.complaintId) || a.dueAt.getTime() - b.dueAt.getTime() || order(a.firing) - order(b.firing));
  for (const f of ordered) {
    const base = { clock: f.kind, firing: f.firing, dueAt: f.dueAt.toISOString(), latenessMs: now.getTime() - f.dueAt.getTime() };
    const title = (what: string) => `${referenceOf(f.complaintId)}: ${f.kind} ${what}`;
    if (f.firing === 'due') {
      if (!f.call) continue;
      const { revisitId, round, attempt, assigneeId } = f.call;
      effects.events.push({ complaintId: f.complaintId, type: 'revisit_due', data: { revisitId, kind: 'revisit', round, attempt, assigneeId, dueAt: base.dueAt, latenessMs: base.latenessMs } });
    } else if (f.firing === 'warning') {
      effects.events.push({ complaintId: f.complaintId, type: 'sla_warning', data: base });
      effects.notices.push({ complaintId: f.complaintId, role: 'assignee', type: 'sla_warning', title: title('deadline approaching'), data: base });
    } else if (f.firing === 'breach') {
      effects.events.push({ complaintId: f.complaintId, type: 'sla_breached', data: base });
      effects.breachedClockIds.push(f.clockId);
      outcome(f.complaintId).breached = true;
      effects.notices.push({ complaintId: f.complaintId, role: 'assignee', type: 'sla_breached', title: title('deadline missed'), data: base });
    } else {
      const level = Number(/^escalation-(\d+)$/.exec(f.firing)?.[1]);
      const step = f.escalation.find((s) => s.level === level);
      if (!step) continue;
      const data = { ...base, level, notifyRole: step.notifyRole };
      effects.events.push({ complaintId: f.complaintId, type: 'escalated', data });
      const o = outcome(f.complaintId);
      o.escalationLevel = Math.max(o.escalationLevel, level);
      effects.notices.push({ complaintId: f.complaintId, role: step.notifyRole, type: 'escalated', title: title(`escalated to level ${level}`), data });
    }
  }
  return effects;
}

/** due < warning < breach < escalation-1 < escalation-2 … at the same instant. */
function order(firing: string): number {
  if (firing === 'due') return -1;
  if (firing === 'warning') return 0;
  if (firing === 'breach') return 1;
  return 1 + Number(/^escalation-(\d+)$/.exec(firing)?.[1] ?? 0);
}
