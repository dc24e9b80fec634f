import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { csvHeader, csvRow } from './csv';
import { BREACH_LIST_MAX, BreachListQueryDto, ReportQueryDto, RepeatReportQueryDto, SlaReportQueryDto } from './dto/report-query.dto';
import { definitionOf, ReportName } from './report-definitions';
import { parsePeriod, ReportPeriod } from './report-period';
import { AGENTS_SQL, BACKLOG_SQL, BREACHES_SQL, ESCALATIONS_SQL, REPEAT_CUSTOMERS_SQL, REPEAT_RATES_SQL, slaReportSql } from './reports.queries';

export interface ReportResult {
  report: ReportName;
  period: { from: string; to: string; tz: string; asOf: string };
  groupBy?: string;
  rows: Record<string, unknown>[];
  truncated?: boolean;
  /** CSV columns, in order. */
  columns: string[];
}

/** Sort and hash memory of a report statement. */
const REPORT_WORK_MEM = '64MB';

/** Rows fetched per round trip while a CSV streams. */
const CSV_FETCH = 1000;

/** The column order of each report's CSV (and of its JSON rows). */
const COLUMNS: Record<string, string[]> = {
  sla: ['group', 'label', 'total', 'acknowledged', 'acknowledgedOnTime', 'acknowledgeMissed', 'acknowledgeCompliance', 'resolved', 'resolvedOnTime', 'resolveMissed', 'resolveCompliance', 'breached', 'escalated', 'acknowledgeSecondsP50', 'acknowledgeSecondsP90', 'resolveSecondsP50', 'resolveSecondsP90'],
  backlog: ['breached', 'escalationLevel', 'ageBucket', 'count', 'oldestReceivedAt'],
  escalations: ['level', 'team', 'teamName', 'escalations', 'deescalated', 'stillEscalated', 'deescalateSecondsP50', 'deescalateSecondsP90'],
  'repeat-complaints': ['category', 'tier', 'complaints', 'repeats', 'repeatRate'],
  'repeat-customers': ['customerId', 'customerName', 'externalRef', 'tier', 'complaints', 'repeats', 'repeatRate'],
  agents: ['assigneeId', 'assigneeName', 'complaints', 'handled', 'onTimeRatio', 'reopened', 'reopenRatio', 'csatAverage'],
  breaches: ['complaintId', 'reference', 'receivedAt', 'clock', 'dueAt', 'stoppedAt', 'lateBySeconds', 'status', 'severity', 'channel', 'category', 'tier', 'assigneeName', 'escalationLevel'],
};

/**
 * The manager reports: read-only SQL over the complaints, clocks, events, customers and users
 * tables (see reports.queries.ts and report-definitions.ts). Nothing is written; every figure
 * is computed from the committed rows at the moment of the request, so a clock changed after
 * the fact (a reopen, a recalculation) shows in the next report at once.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One report statement in a read-only transaction, without JIT (compiling these one-off
   * aggregates cost seconds and saves nothing) and with enough sort and hash memory for a
   * year of complaints.
   */
  private async read(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`SET LOCAL jit = off; SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      const rows: Record<string, unknown>[] = await runner.query(sql, params);
      await runner.query('COMMIT');
      return rows;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  async sla(query: SlaReportQueryDto, now = new Date()): Promise<ReportResult> {
    const period = parsePeriod(query, now);
    const groupBy = query.groupBy ?? 'severity';
    const byTime = groupBy === 'day' || groupBy === 'week' || groupBy === 'month';
    const rows = await this.read(slaReportSql(groupBy), byTime ? [period.from, period.to, now, period.tz] : [period.from, period.to, now]);
    return { report: 'sla', period: this.periodOf(period, now), groupBy, rows, columns: COLUMNS.sla };
  }

  async backlog(query: ReportQueryDto, now = new Date()): Promise<ReportResult> {
    // The backlog is "open now": without from/to it covers every open complaint.
    const period = parsePeriod({ ...query, from: query.from ?? (query.to === undefined ? '1970-01-01T00:00:00Z' : undefined) }, now, query.from !== undefined || query.to !== undefined);
    const rows = await this.read(BACKLOG_SQL, [period.from, period.to, now]);
    return { report: 'backlog', period: this.periodOf(period, now), rows, columns: COLUMNS.backlog };
  }

  async escalations(query: ReportQueryDto, now = new Date()): Promise<ReportResult> {
    const period = parsePeriod(query, now);
    const rows = await this.read(ESCALATIONS_SQL, [period.from, period.to]);
    return { report: 'escalations', period: this.periodOf(period, now), rows, columns: COLUMNS.escalations };
  }

  async repeats(query: RepeatReportQueryDto, now = new Date()): Promise<ReportResult> {
    const period = parsePeriod(query, now);
    const customers = query.view === 'customers';
    const rows = await this.read(customers ? REPEAT_CUSTOMERS_SQL : REPEAT_RATES_SQL, [period.from, period.to]);
    return { report: 'repeat-complaints', period: this.periodOf(period, now), groupBy: customers ? 'customers' : 'rates', rows, columns: COLUMNS[customers ? 'repeat-customers' : 'repeat-complaints'] };
  }

  async agents(query: ReportQueryDto, now = new Date()): Promise<ReportResult> {
    const period = parsePeriod(query, now);
    const rows = await this.read(AGENTS_SQL, [period.from, period.to, now]);
    return { report: 'agents', period: this.periodOf(period, now), rows, columns: COLUMNS.agents };
  }

  /** The breach list as JSON: the first `limit` rows (oldest first). */
  async breaches(query: BreachListQueryDto, now = new Date()): Promise<ReportResult> {
    const period = parsePeriod(query, now);
    const limit = Math.min(query.limit ?? 100, BREACH_LIST_MAX);
    const rows = await this.read(`${BREACHES_SQL} LIMIT $4`, [period.from, period.to, now, limit + 1]);
    return { report: 'breaches', period: this.periodOf(period, now), rows: rows.slice(0, limit), truncated: rows.length > limit, columns: COLUMNS.breaches };
  }

  /**
   * The whole breach list as CSV, streamed: a read-only snapshot transaction and a server-side
   * cursor fetched CSV_FETCH rows at a time, piped to the response with its backpressure (the
   * next batch is fetched only when the socket has taken the last), so memory stays flat however
   * long the period. A client that goes away ends the cursor.
   */
  async streamBreachesCsv(query: BreachListQueryDto, res: Response, filename: string, now = new Date()): Promise<void> {
    const period = parsePeriod(query, now);
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Every row is read, so the plan that yields them all soonest, not the first ones (a cursor's default).
      await runner.query(`SET LOCAL jit = off; SET LOCAL work_mem = '${REPORT_WORK_MEM}'; SET LOCAL cursor_tuple_fraction = 1`);
      await runner.query(`DECLARE breach_list NO SCROLL CURSOR FOR ${BREACHES_SQL}`, [period.from, period.to, now]);
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
      throw error;
    }
    async function* csv(): AsyncGenerator<string> {
      yield csvHeader(COLUMNS.breaches);
      for (;;) {
        const rows: Record<string, unknown>[] = await runner.query(`FETCH ${CSV_FETCH} FROM breach_list`);
        if (rows.length === 0) return;
        yield rows.map((r) => csvRow(COLUMNS.breaches, r)).join('');
      }
    }
    this.csvHeaders(res, filename);
    try {
      // One batch read ahead at most.
      await pipeline(Readable.from(csv(), { highWaterMark: 1 }), res);
      await runner.query('COMMIT');
    } catch {
      // The response is cut short (the client left, or a fetch failed): nothing more can be said to the client.
      await runner.query('ROLLBACK').catch(() => undefined);
    } finally {
      await runner.release();
    }
  }

  /** A computed report as CSV (aggregates: a few hundred rows at most). */
  sendCsv(result: ReportResult, res: Response, filename: string): void {
    this.csvHeaders(res, filename);
    res.end(csvHeader(result.columns) + result.rows.map((r) => csvRow(result.columns, r)).join(''));
  }

  private csvHeaders(res: Response, filename: string): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
  }

  private periodOf(period: ReportPeriod, now: Date) {
    return { from: period.from.toISOString(), to: period.to.toISOString(), tz: period.tz, asOf: now.toISOString() };
  }
}

export { definitionOf };
