import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors/app.exception';
import { SatisfactionQueryDto, SatisfactionReport } from '../dto/satisfaction-report.dto';
import { SatisfactionCounts, satisfactionRow } from '../revisit-rules';

const GROUPS: Record<string, string> = {
  all: `'all'`,
  tier: 'r.customer_tier',
  category: 'c.category',
  channel: 'c.channel',
  severity: 'c.severity',
  assignee: `COALESCE(r.assignee_id::text, 'pool')`,
  day: `to_char(r.created_at AT TIME ZONE $3, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', r.created_at AT TIME ZONE $3), 'YYYY-MM-DD')`,
  month: `to_char(r.created_at AT TIME ZONE $3, 'YYYY-MM')`,
};

/**
 * Satisfaction after resolution: the revisits scheduled in [from, to) (cancelled ones left out;
 * recovery contacts are not revisits) by group — how many were reached or ended unreachable,
 * CSAT average and distribution, NPS, reopens after a revisit, detractors whose plan recovered.
 */
@Injectable()
export class SatisfactionReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(query: SatisfactionQueryDto): Promise<SatisfactionReport> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86400_000);
    if (from.getTime() >= to.getTime()) throw AppException.validation([{ field: 'from', message: 'from must be before to' }]);
    const groupBy = query.groupBy ?? 'all';
    const params: unknown[] = [from, to];
    if (['day', 'week', 'month'].includes(groupBy)) params.push(process.env.TIMEZONE ?? 'UTC');
    const rows: Record<string, string | number>[] = await this.dataSource.query(
      `SELECT ${GROUPS[groupBy]} AS grp,
              count(*) AS revisits,
              count(*) FILTER (WHERE r.status = 'completed') AS reached,
              count(*) FILTER (WHERE r.status = 'unreachable') AS unreachable,
              count(r.csat) AS csat_count, COALESCE(sum(r.csat), 0) AS csat_sum,
              count(*) FILTER (WHERE r.csat = 1) AS c1, count(*) FILTER (WHERE r.csat = 2) AS c2, count(*) FILTER (WHERE r.csat = 3) AS c3,
              count(*) FILTER (WHERE r.csat = 4) AS c4, count(*) FILTER (WHERE r.csat = 5) AS c5,
              count(*) FILTER (WHERE r.nps >= 9) AS promoters, count(*) FILTER (WHERE r.nps BETWEEN 7 AND 8) AS passives, count(*) FILTER (WHERE r.nps <= 6) AS detractors,
              count(*) FILTER (WHERE r.reopened) AS reopened,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM recovery_plans p WHERE p.origin_revisit_id = r.id AND p.status = 'recovered')) AS detractors_recovered
         FROM revisits r JOIN complaints c ON c.id = r.complaint_id
        WHERE r.kind = 'revisit' AND r.status <> 'cancelled' AND r.created_at >= $1 AND r.created_at < $2
        GROUP BY 1 ORDER BY 1`,
      params,
    );
    const n = (v: string | number) => Number(v);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      rows: rows.map((r) =>
        satisfactionRow({
          group: String(r.grp),
          revisits: n(r.revisits),
          reached: n(r.reached),
          unreachable: n(r.unreachable),
          csatCount: n(r.csat_count),
          csatSum: n(r.csat_sum),
          csatDistribution: { '1': n(r.c1), '2': n(r.c2), '3': n(r.c3), '4': n(r.c4), '5': n(r.c5) },
          promoters: n(r.promoters),
          passives: n(r.passives),
          detractors: n(r.detractors),
          reopened: n(r.reopened),
          detractorsRecovered: n(r.detractors_recovered),
        } satisfies SatisfactionCounts),
      ),
    };
  }
}
