import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { ActionPage, ListActionsQueryDto, UpdateActionDto } from './dto/action.dto';
import { ActionResponse } from './dto/analysis.dto';
import { RootCauseActionsService } from './root-cause-actions.service';

@ApiTags('root cause')
@Controller('api/v1/root-cause-actions')
export class RootCauseActionsController {
  constructor(private readonly actions: RootCauseActionsService) {}

  @Get()
  @ApiOperation({ summary: 'Corrective and preventive actions / 整改措施列表', description: 'Due first. `?overdue=true&ownerId=` is the owner\'s list of what is late.' })
  list(@Query() query: ListActionsQueryDto): Promise<ActionPage> {
    return this.actions.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One action / 整改措施' })
  get(@Param('id', UuidParamPipe) id: string): Promise<ActionResponse> {
    return this.actions.get(id);
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected action version; a stale one gets 409' })
  @ApiOperation({
    summary: 'Move or reschedule an action / 更新整改措施状态',
    description: 'open → in_progress → done → verified, e.g. `{"status":"done","note":"已完成扩容"}`. The owner (or a lead) works it; a supervisor, manager or admin other than the owner verifies it (the owner gets 403 `four_eyes`).',
  })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateActionDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number): Promise<ActionResponse> {
    return this.actions.update(id, dto, actor, version);
  }
}
