import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompensationReportService } from './compensation-report.service';
import { CompensationReportQueryDto, CompensationReportResponse } from './dto/report.dto';
import { TeamBudgetsQueryDto, TeamBudgetsResponse } from './dto/settings.dto';

@ApiTags('reports')
@Controller('api/v1/reports')
export class CompensationReportsController {
  constructor(private readonly reports: CompensationReportService) {}

  @Get('compensation')
  @ApiOperation({
    summary: '补偿报表 / Compensation report',
    description:
      'Proposals made in [from, to) grouped by type, tier, dominant or team: count, accepted, acceptance rate, total and average value of accepted remedies; and the cost per resolved complaint by dominance and by whether the emotion was addressed first.',
  })
  @ApiOkResponse({ type: CompensationReportResponse })
  report(@Query() query: CompensationReportQueryDto): Promise<CompensationReportResponse> {
    return this.reports.report(query);
  }

  @Get('compensation-budgets')
  @ApiOperation({ summary: '团队预算执行 / Team budgets against spend', description: 'Budget, committed value and what remains per team for a month (UTC).' })
  @ApiOkResponse({ type: TeamBudgetsResponse })
  budgets(@Query() query: TeamBudgetsQueryDto): Promise<TeamBudgetsResponse> {
    return this.reports.budgets(query.month);
  }
}
