import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { AcknowledgeComplaintDto, AddNoteDto, AssignComplaintDto, TransitionComplaintDto } from '../complaints/dto/complaint-actions.dto';
import { ComplaintResponse, TimelineEventResponse } from '../complaints/dto/complaint.response';
import { CreateComplaintDto } from '../complaints/dto/create-complaint.dto';
import { ConfirmTriageDto } from '../triage/dto/confirm-triage.dto';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import { IntakePipeline } from './intake.pipeline';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Expected complaint version; a stale one gets 409' };

/** Intake and every change of a complaint. */
@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintActionsController {
  constructor(
    private readonly intakePipeline: IntakePipeline,
    private readonly workflow: ComplaintWorkflowService,
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
    const result = await this.intakePipeline.intake(dto, actor, key);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('ETag', `"${result.body.version}"`);
    return result.body;
  }

  /** First response to the customer; stops the acknowledge clock. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  acknowledge(@Param('id', UuidParamPipe) id: string, @Body() dto: AcknowledgeComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return (this.workflow.acknowledge(id, dto, actor, version)) as Promise<ComplaintResponse>;
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  assign(@Param('id', UuidParamPipe) id: string, @Body() dto: AssignComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return (this.workflow.assign(id, dto, actor, version)) as Promise<ComplaintResponse>;
  }

  /** Moves the complaint to another status; a refused move is 409 with the allowed targets. */
  @Post(':id/transition')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  transition(@Param('id', UuidParamPipe) id: string, @Body() dto: TransitionComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return (this.workflow.transition(id, dto, actor, version)) as Promise<ComplaintResponse>;
  }

  @Post(':id/notes')
  addNote(@Param('id', UuidParamPipe) id: string, @Body() dto: AddNoteDto, @CurrentActor() actor: Actor): Promise<TimelineEventResponse> {
    return this.workflow.addNote(id, dto, actor);
  }

  /** Confirms or corrects the triage; returns the complaint with its recomputed priority (and SLA deadlines). */
  @Put(':id/triage')
  @ApiHeader(IF_MATCH)
  async confirmTriage(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ConfirmTriageDto,
    @CurrentActor() actor: Actor,
    @IfMatchVersion() version: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintResponse> {
    const complaint = (await this.workflow.confirmTriage(id, dto, actor, version)) as ComplaintResponse;
    res.setHeader('ETag', `"${complaint.version}"`);
    return complaint;
  }
}
