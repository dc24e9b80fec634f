import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BreachListQueryDto, ReportDefinitionsResponse, ReportQueryDto, ReportRowsResponse, RepeatReportQueryDto, SlaReportQueryDto, SlaReportResponse } from './dto/report-query.dto';
import { openApiDescription, REPORT_DEFINITIONS, ReportDefinition } from './report-definitions';
import { ReportResult, ReportsService } from './reports.service';

/** `{ period, groupBy?, rows, truncated? }` for JSON; CSV is written to the response. */
type ReportBody = Omit<ReportResult, 'columns' | 'report'>;

const fileName = (result: ReportResult) => `${result.report}${result.groupBy ? `-${result.groupBy}` : ''}-${result.period.from.slice(0, 10)}-${result.period.to.slice(0, 10)}.csv`;

function respond(result: ReportResult, format: string | undefined, res: Response, reports: ReportsService): ReportBody | undefined {
  if (format === 'csv') {
    reports.sendCsv(result, res, fileName(result));
    return undefined;
  }
  const { columns: _columns, report: _report, ...body } = result;
  return body;
}

/**
 * Manager reports over /api/v1/reports/* (supervisors, managers, admins). Every figure's
 * definition is in the operation's description and at GET /api/v1/reports/definitions.
 * The reports page at /reports reads them with its session cookie (GET only, see permissions.ts).
 */
@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('sla')
  @ApiOperation({ summary: 'SLA compliance by group / 按分组的SLA达标率', description: openApiDescription('sla') })
  @ApiOkResponse({ type: SlaReportResponse })
  @ApiProduces('application/json', 'text/csv')
  async sla(@Query() query: SlaReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | undefined> {
    return respond(await this.reports.sla(query), query.format, res, this.reports);
  }

  @Get('backlog')
  @ApiOperation({ summary: 'Open complaints by age and escalation level / 积压投诉(按时长与升级级别)', description: openApiDescription('backlog') })
  @ApiOkResponse({ type: ReportRowsResponse })
  @ApiProduces('application/json', 'text/csv')
  async backlog(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | undefined> {
    return respond(await this.reports.backlog(query), query.format, res, this.reports);
  }

  @Get('escalations')
  @ApiOperation({ summary: 'Escalations by level and team / 按级别与团队的升级', description: openApiDescription('escalations') })
  @ApiOkResponse({ type: ReportRowsResponse })
  @ApiProduces('application/json', 'text/csv')
  async escalations(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | undefined> {
    return respond(await this.reports.escalations(query), query.format, res, this.reports);
  }

  @Get('repeat-complaints')
  @ApiOperation({ summary: 'Repeat complaints by category and tier / 重复投诉率', description: openApiDescription('repeat-complaints') })
  @ApiOkResponse({ type: ReportRowsResponse })
  @ApiProduces('application/json', 'text/csv')
  async repeats(@Query() query: RepeatReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | undefined> {
    return respond(await this.reports.repeats(query), query.format, res, this.reports);
  }

  @Get('agents')
  @ApiOperation({ summary: 'Per assignee: handled, on time, reopened / 坐席绩效', description: openApiDescription('agents') })
  @ApiOkResponse({ type: ReportRowsResponse })
  @ApiProduces('application/json', 'text/csv')
  async agents(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | undefined> {
    return respond(await this.reports.agents(query), query.format, res, this.reports);
  }

  @Get('breaches')
  @ApiOperation({ summary: 'Breach list: every missed clock / 超时清单', description: openApiDescription('breaches') })
  @ApiOkResponse({ type: ReportRowsResponse })
  @ApiProduces('application/json', 'text/csv')
  async breaches(@Query() query: BreachListQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | undefined> {
    if (query.format === 'csv') {
      const period = `${query.from?.slice(0, 10) ?? 'last-30-days'}-${query.to?.slice(0, 10) ?? 'now'}`;
      await this.reports.streamBreachesCsv(query, res, `breaches-${period}.csv`);
      return undefined;
    }
    return respond(await this.reports.breaches(query), query.format, res, this.reports);
  }

  @Get('definitions')
  @ApiOkResponse({ type: ReportDefinitionsResponse })
  @ApiOperation({ summary: 'What every report figure means / 指标定义', description: 'Each report\'s rules (period, clocks, met and missed, business seconds, pauses, percentiles) and the definition of each field: the companion of the CSV files.' })
  definitions(): { reports: readonly ReportDefinition[] } {
    return { reports: REPORT_DEFINITIONS };
  }
}
