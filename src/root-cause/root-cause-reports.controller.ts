import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RootCauseReportQueryDto, RootCauseReportResponse } from './dto/problem.dto';
import { RootCauseReportService } from './root-cause-report.service';

@ApiTags('reports')
@Controller('api/v1/reports')
export class RootCauseReportsController {
  constructor(private readonly reports: RootCauseReportService) {}

  @Get('root-causes')
  @ApiOperation({
    summary: 'Root-cause Pareto report / 根因帕累托分析',
    description:
      '`groupBy=category` (default): confirmed analyses by category, counted when confirmed; `groupBy=problem`: complaints linked to each problem, counted when linked. ' +
      'Rows in Pareto order with count, share and cumulativeShare (0..1, the last is 1); `vital` marks the groups that make up the first 80 %.',
  })
  rootCauses(@Query() query: RootCauseReportQueryDto): Promise<RootCauseReportResponse> {
    return this.reports.report(query);
  }
}
