import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { zhEnExamples } from '../common/http/api-examples';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IdempotencyKey, IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { AcknowledgeComplaintDto, AddNoteDto, AssignComplaintDto, TransitionComplaintDto } from '../complaints/dto/complaint-actions.dto';
import { ComplaintResponse, TimelineEventResponse } from '../complaints/dto/complaint.response';
import { CreateComplaintDto, CreateComplaintForCustomerDto, CreateComplaintWithCustomerDto } from '../complaints/dto/create-complaint.dto';
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
  @ApiOperation({
    summary: 'Take a complaint in',
    description:
      'Intake: the customer is given inline (`customer`, upserted by externalRef) or by `customerId`, exactly one of the two. ' +
      'The answer is the complaint with its reference, triage, priority and SLA deadlines; a staff member taking it in becomes its first assignee.',
  })
  @ApiExtraModels(CreateComplaintWithCustomerDto, CreateComplaintForCustomerDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(CreateComplaintWithCustomerDto) }, { $ref: getSchemaPath(CreateComplaintForCustomerDto) }] },
    examples: {
      ...zhEnExamples(
        {
          customer: { externalRef: '13900001111', name: '张三', phone: '13900001111', tier: 'gold' },
          channel: 'front_desk',
          category: 'billing',
          summary: '话费多扣了50元',
          description: '上个月账单多扣了50元，营业厅说是系统问题，至今未处理。我已经来了三次了！',
          desiredOutcome: '退还多扣的费用并道歉',
        },
        {
          customer: { externalRef: 'ACC-100234', name: 'Jane Smith', phone: '+44 20 7946 0000', tier: 'platinum' },
          channel: 'call_center',
          category: 'billing',
          summary: 'Charged twice for the same month',
          description: 'My card was charged twice for March. This is the second time I am calling about it.',
          desiredOutcome: 'Refund the duplicate charge',
        },
        'customer inline',
      ),
      existingCustomer: {
        summary: '已有客户 / existing customer (customerId)',
        value: { customerId: '0b8f6a9e-3c1d-4f3a-9a57-0d1c2b3a4f5e', channel: 'web', category: 'network', summary: '家里宽带经常断线 / Home broadband keeps dropping', description: '最近一周每天晚上断线多次。It drops several times every evening this week.', severity: 'major' },
      },
    },
  })
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
  @ApiOperation({ summary: 'Acknowledge a complaint', description: 'First response to the customer; stops the acknowledge clock.' })
  @ApiBody({ type: AcknowledgeComplaintDto, examples: zhEnExamples({ note: '已致电客户，确认收到投诉，48小时内给出处理方案。' }, { note: 'Called the customer back and confirmed we received the complaint.' }) })
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  acknowledge(@Param('id', UuidParamPipe) id: string, @Body() dto: AcknowledgeComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return (this.workflow.acknowledge(id, dto, actor, version)) as Promise<ComplaintResponse>;
  }

  @Post(':id/assign')
  @ApiOperation({ summary: 'Assign a complaint', description: 'assigneeId must be an active user.' })
  @ApiBody({
    type: AssignComplaintDto,
    examples: zhEnExamples({ assigneeId: '6d1f3c2a-8b4e-4f1a-9c3d-2e5f7a9b1c0d', reason: '账务问题，转账务专员处理' }, { assigneeId: '6d1f3c2a-8b4e-4f1a-9c3d-2e5f7a9b1c0d', reason: 'Billing specialist' }),
  })
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  assign(@Param('id', UuidParamPipe) id: string, @Body() dto: AssignComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return (this.workflow.assign(id, dto, actor, version)) as Promise<ComplaintResponse>;
  }

  /** Moves the complaint to another status; a refused move is 409 with the allowed targets. */
  @Post(':id/transition')
  @ApiOperation({ summary: 'Change the status of a complaint', description: 'Moves the complaint to another status through the status machine; a refused move is 409 with the `allowed` targets.' })
  @ApiBody({
    type: TransitionComplaintDto,
    examples: zhEnExamples({ to: 'resolved', reason: '已退还多扣的50元，客户表示满意。' }, { to: 'resolved', reason: 'Refunded the duplicate charge; the customer is satisfied.' }),
  })
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  transition(@Param('id', UuidParamPipe) id: string, @Body() dto: TransitionComplaintDto, @CurrentActor() actor: Actor, @IfMatchVersion() version?: number) {
    return (this.workflow.transition(id, dto, actor, version)) as Promise<ComplaintResponse>;
  }

  @Post(':id/notes')
  @ApiOperation({ summary: 'Add a note to a complaint', description: 'An internal note or one the customer may see; it becomes a `note_added` event of the timeline.' })
  @ApiBody({
    type: AddNoteDto,
    examples: zhEnExamples({ body: '客户情绪激动，已安抚，约定明天上午回电。', visibility: 'internal' }, { body: 'Customer was upset; calmed down, promised a call back tomorrow morning.', visibility: 'internal' }),
  })
  addNote(@Param('id', UuidParamPipe) id: string, @Body() dto: AddNoteDto, @CurrentActor() actor: Actor): Promise<TimelineEventResponse> {
    return this.workflow.addNote(id, dto, actor);
  }

  /** Confirms or corrects the triage; returns the complaint with its recomputed priority (and SLA deadlines). */
  @Put(':id/triage')
  @ApiOperation({ summary: 'Confirm or correct the triage', description: 'Confirms or corrects the triage; returns the complaint with its recomputed priority (and SLA deadlines).' })
  @ApiBody({
    type: ConfirmTriageDto,
    examples: zhEnExamples(
      { emotionalNeeds: ['be_heard', 'taken_seriously'], rationalNeeds: ['fix_problem', 'compensation'], emotionalIntensity: 2, riskFlags: ['churn_threat'], note: '客户提到携号转网' },
      { emotionalNeeds: ['be_respected'], rationalNeeds: ['fix_problem'], emotionalIntensity: 1, riskFlags: [], severity: 'major', note: 'Regulator was mentioned' },
    ),
  })
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
