import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarEntity, toCalendarDefinition } from './calendar.entity';
import { CalendarDefinition } from './clock/business-calendar';
import { ComplaintFacts, selectPolicy } from './policy-selection';
import { SlaPolicyEntity } from './sla-policy.entity';

/** Every policy and calendar, as one immutable snapshot. */
export class SlaConfig {
  constructor(
    readonly stamp: string,
    readonly policies: readonly SlaPolicyEntity[],
    private readonly calendars: ReadonlyMap<string, CalendarDefinition>,
  ) {}

  /** The policy that governs a complaint with these facts, or null when none matches. */
  policyFor(facts: ComplaintFacts): SlaPolicyEntity | null {
    return selectPolicy(this.policies, facts);
  }

  policy(id: string | null): SlaPolicyEntity | null {
    return this.policies.find((p) => p.id === id) ?? null;
  }

  /** Null is 24x7 (no calendar, or one that no longer exists). */
  calendar(id: string | null): CalendarDefinition | null {
    return id ? (this.calendars.get(id) ?? null) : null;
  }
}

/** How long a snapshot is used before its stamp is checked again (other instances' edits). */
const RECHECK_MS = 1000;

/**
 * Policies and calendars cached in memory: intake selects a policy and computes deadlines
 * without reading them. Edits through this instance invalidate at once; edits through another
 * instance are seen within a second (a one-row stamp query, at most once a second).
 */
@Injectable()
export class SlaConfigCache {
  private snapshot: SlaConfig | null = null;
  private checkedAt = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(manager: EntityManager = this.dataSource.manager): Promise<SlaConfig> {
    const now = Date.now();
    if (this.snapshot && now - this.checkedAt < RECHECK_MS) return this.snapshot;
    const [{ stamp }]: { stamp: string }[] = await manager.query(
      `SELECT (SELECT count(*) || '@' || COALESCE(max(updated_at)::text, '') FROM sla_policies) || '/' ||
              (SELECT count(*) || '@' || COALESCE(max(updated_at)::text, '') FROM calendars) AS stamp`,
    );
    if (!this.snapshot || this.snapshot.stamp !== stamp) this.snapshot = await this.load(manager, stamp);
    this.checkedAt = now;
    return this.snapshot;
  }

  invalidate(): void {
    this.snapshot = null;
  }

  private async load(manager: EntityManager, stamp: string): Promise<SlaConfig> {
    const [policies, calendars] = [await manager.find(SlaPolicyEntity, { where: { active: true } }), await manager.find(CalendarEntity)];
    return new SlaConfig(stamp, policies, new Map(calendars.map((c) => [c.id, toCalendarDefinition(c)!])));
  }
}
