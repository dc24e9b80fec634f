import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { PageQueryDto } from '../common/pagination/cursor';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import { ComplaintsService } from './complaints.service';
import { AcknowledgeComplaintDto, AddNoteDto, AssignComplaintDto, TransitionComplaintDto } from './dto/complaint-actions.dto';
import { ComplaintPage, ComplaintResponse, TimelineEventResponse, TimelinePage } from './dto/complaint.response';
import { CreateComplaintDto } from './dto/create-complaint.dto';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.dto';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Expected complaint version; a stale one gets 409' };

@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly workflow: ComplaintWorkflowService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Takes a complaint in. The customer is given inline (upserted by externalRef) or by customerId. */
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body return the first response' })
  async create(
    @Body() dto: CreateComplaintDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintResponse> {
    let touched: string[] = [];
    const result = await this.idempotency.run({ key, scope: `${actor.type}:${actor.id ?? '-'}:POST /complaints`, body: dto }, async (manager) => {
      const { complaint, reprioritized } = await this.complaints.intake(manager, dto, actor);
      touched = [complaint.id, ...reprioritized];
      return { status: 201, body: ComplaintResponse.from(await this.complaints.findEntity(complaint.id, manager)) };
    });
    for (const id of result.replayed ? [] : touched) await this.workflow.afterCommit(id);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('ETag', `"${result.body.version}"`);
    return result.body;
  }

  @Get()
  list(@Query() query: ListComplaintsQueryDto): Promise<ComplaintPage> {
    return this.complaints.list(query);
  }

  @Get(':id')
  async get(@Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<ComplaintResponse> {
    const complaint = await this.complaints.get(id);
    res.setHeader('ETag', `"${complaint.version}"`);
    return complaint;
  }

  /** The complaint's history, oldest first. */
  @Get(':id/timeline')
  async timeline(@Param('id', UuidParamPipe) id: string, @Query() query: PageQueryDto): Promise<TimelinePage> {
    await this.complaints.findEntity(id);
    return this.workflow.timeline(id, query);
  }

  /** First response to the customer; stops the acknowledge clock. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  acknowledge(@Param('id', UuidParamPipe) id: string, @Body() dto: AcknowledgeComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.workflow.acknowledge(id, dto, actor, version) as Promise<ComplaintResponse>;
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  assign(@Param('id', UuidParamPipe) id: string, @Body() dto: AssignComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.workflow.assign(id, dto, actor, version) as Promise<ComplaintResponse>;
  }

  /** Moves the complaint to another status; a refused move is 409 with the allowed targets. */
  @Post(':id/transition')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  transition(@Param('id', UuidParamPipe) id: string, @Body() dto: TransitionComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return this.workflow.transition(id, dto, actor, version) as Promise<ComplaintResponse>;
  }

  @Post(':id/notes')
  addNote(@Param('id', UuidParamPipe) id: string, @Body() dto: AddNoteDto, @CurrentActor() actor: Actor): Promise<TimelineEventResponse> {
    return this.workflow.addNote(id, dto, actor);
  }
}
