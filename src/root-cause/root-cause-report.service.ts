import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { categoryLabel } from '../knowledge/dto/knowledge.dto';
import { RootCauseReportQueryDto, RootCauseReportResponse } from './dto/problem.dto';
import { pareto, vitalFew } from './rules/pareto';

const DAY_MS = 86_400_000;

/**
 * The root-cause Pareto report: which causes make up most complaints. By category: confirmed
 * analyses, counted in the period of their confirmation. By problem: complaints linked to a
 * problem, counted in the period they were linked.
 */
@Injectable()
export class RootCauseReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(query: RootCauseReportQueryDto): Promise<RootCauseReportResponse> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (!(from.getTime() < to.getTime())) throw AppException.validation([{ field: 'from', message: 'from must be before to' }]);
    const groupBy = query.groupBy ?? 'category';
    const counted: { grp: string; title: string | null; count: number }[] =
      groupBy === 'category'
        ? await this.dataSource.query(
            `SELECT category AS grp, NULL AS title, count(*)::int AS count FROM root_cause_analyses
              WHERE status = 'confirmed' AND confirmed_at >= $1 AND confirmed_at < $2 GROUP BY category`,
            [from, to],
          )
        : await this.dataSource.query(
            `SELECT p.id::text AS grp, p.title, c.count FROM (
               SELECT problem_id, count(*)::int AS count FROM problem_complaints WHERE linked_at >= $1 AND linked_at < $2 GROUP BY problem_id) c
             JOIN problems p ON p.id = c.problem_id`,
            [from, to],
          );
    const titles = new Map(counted.map((c) => [c.grp, c.title]));
    const rows = pareto(counted.map((c) => ({ group: c.grp, count: c.count })));
    const vital = new Set(vitalFew(rows));
    return {
      groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      total: rows.reduce((a, r) => a + r.count, 0),
      rows: rows.map((r) => ({
        ...r,
        ...(groupBy === 'category' ? { category: r.group, label: categoryLabel(r.group) } : { label: { zh: titles.get(r.group) ?? r.group, en: titles.get(r.group) ?? r.group } }),
        vital: vital.has(r.group),
      })),
    };
  }
}
