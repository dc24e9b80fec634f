import { ComplaintStatus, Priority, Severity } from '../domain/complaint.enums';
import { ComplaintFields, ComplaintView } from './complaint-view';

export type ComplaintPatch = Partial<Omit<ComplaintFields, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

/**
 * The named operations that change a complaint, and the one place that holds the version
 * rule: what staff do to a complaint (status, assignment, severity, priority) moves its
 * version, the optimistic lock clients hold; what follows from it (deadlines, breach,
 * escalation) does not. The complaints module writes the accumulated patch in one UPDATE.
 */
export class ComplaintChange {
  readonly patch: ComplaintPatch = {};
  private staffChange = false;

  constructor(readonly before: ComplaintView) {}

  setStatus(to: ComplaintStatus, at: Date, flags: { isFirstResponse: boolean; isReopen: boolean }): this {
    this.staff({ status: to });
    if (flags.isFirstResponse && !this.current.acknowledgedAt) this.patch.acknowledgedAt = at;
    if (to === 'resolved') this.patch.resolvedAt = at;
    if (to === 'closed') this.patch.closedAt = at;
    if (flags.isReopen) Object.assign(this.patch, { resolvedAt: null, closedAt: null });
    return this;
  }

  assign(assigneeId: string): this {
    return this.staff({ assigneeId });
  }

  setSeverity(severity: Severity): this {
    return severity === this.current.severity ? this : this.staff({ severity });
  }

  setPriority(priority: Priority): this {
    return priority === this.current.priority ? this : this.staff({ priority });
  }

  /** Escalation raised by staff or by an unsatisfied revisit (a staff-visible change). */
  raiseEscalation(level: number): this {
    return level > this.current.escalationLevel ? this.staff({ escalationLevel: level }) : this;
  }

  /** Deadlines follow from the change being made: the version stays. */
  setDeadlines(deadlines: { slaPolicyId?: string | null; acknowledgeBy?: Date | null; resolveBy?: Date | null }): this {
    for (const [key, value] of Object.entries(deadlines) as [keyof ComplaintPatch, Date | string | null | undefined][]) {
      if (value !== undefined && !sameValue(this.current[key], value)) (this.patch as Record<string, unknown>)[key] = value;
    }
    return this;
  }

  /** A deadline was missed (recorded by the SLA module): the version stays. */
  recordSlaOutcome(outcome: { breached: boolean; escalationLevel: number }): this {
    if (outcome.breached && !this.current.slaBreached) this.patch.slaBreached = true;
    if (outcome.escalationLevel > this.current.escalationLevel) this.patch.escalationLevel = outcome.escalationLevel;
    return this;
  }

  /** Staff changed the complaint without changing one of its columns (e.g. confirmed its triage). */
  touch(): this {
    this.staffChange = true;
    return this;
  }

  get changed(): boolean {
    return this.staffChange || Object.keys(this.patch).length > 0;
  }

  get bumpsVersion(): boolean {
    return this.staffChange;
  }

  /** The complaint as it is after the change (what the response shows). */
  get current(): ComplaintView {
    return { ...this.before, ...this.patch };
  }

  /** The complaint after it was written at `at`. */
  written(at: Date): ComplaintView {
    if (!this.changed) return this.before;
    return { ...this.current, version: this.before.version + (this.staffChange ? 1 : 0), updatedAt: at };
  }

  private staff(patch: ComplaintPatch): this {
    Object.assign(this.patch, patch);
    this.staffChange = true;
    return this;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
