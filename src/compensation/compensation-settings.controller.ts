import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IfMatchVersion } from '../common/http/if-match';
import { CompensationReportService } from './compensation-report.service';
import { CompensationSettingsService } from './compensation-settings.service';
import { ApprovalLimitsDto, ApprovalLimitsResponse, TeamBudgetDto, TeamBudgetResponse, TeamBudgetsQueryDto, TeamBudgetsResponse } from './dto/settings.dto';

/** Approval limits and team budgets, kept as data. */
@ApiTags('compensation')
@Controller('api/v1/settings')
export class CompensationSettingsController {
  constructor(
    private readonly settings: CompensationSettingsService,
    private readonly reports: CompensationReportService,
  ) {}

  @Get('approval-limits')
  @ApiOperation({ summary: '审批权限 / Approval limits', description: 'Per role: most per proposal and per customer in a rolling 30 days, minor units; null is unlimited.' })
  @ApiOkResponse({ type: ApprovalLimitsResponse })
  get(): Promise<ApprovalLimitsResponse> {
    return this.settings.get();
  }

  @Put('approval-limits')
  @ApiOperation({ summary: '设置审批权限 / Set approval limits', description: 'Replaces the table. agent, supervisor and manager must be listed (admin left out: unlimited); a higher role never below a lower one.' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected settings version' })
  @ApiOkResponse({ type: ApprovalLimitsResponse })
  put(@Body() dto: ApprovalLimitsDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number): Promise<ApprovalLimitsResponse> {
    return this.settings.put(dto, actor, version);
  }

  @Get('team-budgets')
  @ApiOperation({ summary: '团队月度预算 / Team budgets of a month', description: 'Each team\'s budget and what it committed that month.' })
  @ApiOkResponse({ type: TeamBudgetsResponse })
  budgets(@Query() query: TeamBudgetsQueryDto): Promise<TeamBudgetsResponse> {
    return this.reports.budgets(query.month);
  }

  @Put('team-budgets')
  @ApiOperation({ summary: '设置团队月度预算 / Set a team\'s monthly budget', description: 'A proposal that would take the team over it needs one level higher approval.' })
  @ApiOkResponse({ type: TeamBudgetResponse })
  putBudget(@Body() dto: TeamBudgetDto, @CurrentActor() actor: Actor): Promise<TeamBudgetResponse> {
    return this.settings.putBudget(dto, actor);
  }
}
