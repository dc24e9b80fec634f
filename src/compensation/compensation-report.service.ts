import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ACCEPTED_STATUSES } from './compensation.enums';
import { CompensationSettingsService, monthOf } from './compensation-settings.service';
import { CompensationGroup, CompensationReportQueryDto, CompensationReportResponse } from './dto/report.dto';
import { TeamBudgetsResponse } from './dto/settings.dto';
import { COMMITTED_STATUSES } from './compensation.enums';

const GROUP_SQL: Record<CompensationGroup, string> = {
  type: 'p.type',
  tier: 'p.customer_tier',
  dominant: `COALESCE(t.dominant, 'unknown')`,
  team: `COALESCE(p.team_id::text, 'none')`,
};

const MAX_RANGE_DAYS = 366;

/** Compensation reports: what was proposed, accepted and given, and what it cost per resolved complaint. */
@Injectable()
export class CompensationReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: CompensationSettingsService,
  ) {}

  async report(query: CompensationReportQueryDto): Promise<CompensationReportResponse> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86400_000);
    if (from >= to) throw AppException.validation([{ field: 'from', message: 'from must be before to' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86400_000) throw AppException.validation([{ field: 'to', message: `the period may span at most ${MAX_RANGE_DAYS} days` }]);
    const groupBy = query.groupBy ?? 'type';
    const { currency } = await this.settings.read();
    const rows: Record<string, string | null>[] = await this.dataSource.query(
      `SELECT ${GROUP_SQL[groupBy]} AS grp, ${groupBy === 'team' ? 'min(u.name)' : 'NULL'} AS name,
              count(*) AS count,
              count(*) FILTER (WHERE p.status = ANY($4)) AS accepted,
              count(*) FILTER (WHERE p.status = 'declined') AS declined,
              COALESCE(sum(p.value) FILTER (WHERE p.status = ANY($4)), 0) AS total_value,
              COALESCE(sum(p.value), 0) AS proposed_value
         FROM compensation_proposals p
         LEFT JOIN complaint_triage t ON t.complaint_id = p.complaint_id
         ${groupBy === 'team' ? 'LEFT JOIN users u ON u.id = p.team_id' : ''}
        WHERE p.created_at >= $1 AND p.created_at < $2 AND p.value_currency = $3
        GROUP BY 1 ORDER BY 1`,
      [from, to, currency, ACCEPTED_STATUSES],
    );
    const cost: Record<string, string | boolean | null>[] = await this.dataSource.query(
      `WITH c AS (
         SELECT c.id, COALESCE(t.dominant, 'unknown') AS dominant
           FROM complaints c LEFT JOIN complaint_triage t ON t.complaint_id = c.id
          WHERE c.received_at >= $1 AND c.received_at < $2 AND c.resolved_at IS NOT NULL),
       given AS (
         SELECT p.complaint_id, min(p.created_at) AS first_at,
                sum(p.value) FILTER (WHERE p.status = ANY($4)) AS value, count(*) FILTER (WHERE p.status = ANY($4)) AS n
           FROM compensation_proposals p WHERE p.complaint_id IN (SELECT id FROM c) AND p.value_currency = $3 GROUP BY p.complaint_id),
       emotion AS (
         SELECT e.complaint_id, min(e.at) AS first_at FROM complaint_events e
          WHERE e.complaint_id IN (SELECT id FROM c)
            AND (e.type = 'acknowledged' OR (e.type = 'note_added' AND e.data->>'visibility' = 'customer'))
          GROUP BY e.complaint_id)
       SELECT c.dominant, (emotion.first_at IS NOT NULL AND (given.first_at IS NULL OR emotion.first_at <= given.first_at)) AS first,
              count(*) AS resolved, count(*) FILTER (WHERE given.n > 0) AS compensated, COALESCE(sum(given.value), 0) AS total
         FROM c LEFT JOIN given ON given.complaint_id = c.id LEFT JOIN emotion ON emotion.complaint_id = c.id
        GROUP BY 1, 2 ORDER BY 1, 2 DESC`,
      [from, to, currency, ACCEPTED_STATUSES],
    );
    return {
      groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      currency,
      rows: rows.map((r) => {
        const accepted = Number(r.accepted);
        const declined = Number(r.declined);
        const total = Number(r.total_value);
        return {
          group: r.grp as string,
          ...(groupBy === 'team' ? { name: r.name } : {}),
          count: Number(r.count),
          accepted,
          declined,
          acceptanceRate: accepted + declined > 0 ? accepted / (accepted + declined) : null,
          totalValue: total,
          averageValue: accepted > 0 ? Math.round(total / accepted) : null,
          proposedValue: Number(r.proposed_value),
          currency,
        };
      }),
      costPerResolved: cost.map((r) => {
        const resolved = Number(r.resolved);
        const total = Number(r.total);
        return {
          dominant: r.dominant as string,
          emotionalNeedsAddressedFirst: r.first as boolean,
          resolvedComplaints: resolved,
          compensated: Number(r.compensated),
          totalValue: total,
          costPerResolvedComplaint: Math.round(total / resolved),
        };
      }),
    };
  }

  /** Each team's budget and what it committed in a month (teams with a budget or with spending). */
  async budgets(month?: string): Promise<TeamBudgetsResponse> {
    const start = month ? new Date(`${month}-01T00:00:00Z`) : monthOf(new Date()).start;
    const m = monthOf(start);
    const { currency } = await this.settings.read();
    const rows: { team_id: string; name: string | null; budget: string | null; spent: string; proposals: string }[] = await this.dataSource.query(
      `WITH spent AS (
         SELECT team_id, sum(value) AS spent, count(*) AS proposals FROM compensation_proposals
          WHERE team_id IS NOT NULL AND approved_at >= $1 AND approved_at < $2 AND status = ANY($3) AND value_currency = $4 GROUP BY team_id),
       budget AS (SELECT team_id, amount FROM compensation_team_budgets WHERE month = $5::date)
       SELECT COALESCE(b.team_id, s.team_id) AS team_id, u.name, b.amount AS budget, COALESCE(s.spent, 0) AS spent, COALESCE(s.proposals, 0) AS proposals
         FROM budget b FULL JOIN spent s ON s.team_id = b.team_id
         LEFT JOIN users u ON u.id = COALESCE(b.team_id, s.team_id)
        ORDER BY u.name NULLS LAST, 1`,
      [m.start, m.end, COMMITTED_STATUSES, currency, m.month],
    );
    return {
      rows: rows.map((r) => {
        const budget = r.budget === null ? null : Number(r.budget);
        const spent = Number(r.spent);
        return { group: r.team_id, teamName: r.name, month: m.month.slice(0, 7), budget, spent, remaining: budget === null ? null : budget - spent, proposals: Number(r.proposals), currency };
      }),
    };
  }
}
