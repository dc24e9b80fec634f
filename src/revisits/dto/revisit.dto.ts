import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { COMPLAINT_STATUSES, ComplaintStatus } from '../../domain/complaint.enums';
import { CUSTOMER_TIERS, CustomerTier } from '../../domain/customer.enums';
import { REVISIT_KINDS, REVISIT_OUTCOMES, REVISIT_STATUSES, RevisitKind, RevisitOutcome, RevisitStatus, wireStatus } from '../revisit-rules';
import { AttemptView, RevisitView } from '../revisit-view';

export class RecordAttemptDto {
  @ApiProperty({ enum: REVISIT_OUTCOMES, example: 'reached', description: 'reached | no_answer | busy | wrong_number' })
  @IsIn(REVISIT_OUTCOMES)
  outcome: RevisitOutcome;

  @ApiPropertyOptional({ example: true, description: 'Required when reached: whether the fix worked and the customer is satisfied. 客户是否满意' })
  @ValidateIf((o: RecordAttemptDto) => o.outcome === 'reached' || o.satisfied !== undefined)
  @IsBoolean({ message: 'satisfied must be true or false (required when the customer was reached)' })
  satisfied?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, example: 4, description: 'CSAT 1-5' })
  @IsOptional() @IsInt({ message: 'csat must be a whole number 1-5' }) @Min(1) @Max(5)
  csat?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, example: 9, description: 'NPS 0-10 (promoters 9-10, passives 7-8, detractors 0-6)' })
  @IsOptional() @IsInt({ message: 'nps must be a whole number 0-10' }) @Min(0) @Max(10)
  nps?: number;

  @ApiPropertyOptional({ maxLength: 2000, example: '网络已恢复,客户表示满意 / the line works again, customer happy' })
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Expected revisit version; a stale one gets 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class ListRevisitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REVISIT_STATUSES, description: 'due: scheduled and its time has come; scheduled: not yet due' })
  @IsOptional() @IsIn(REVISIT_STATUSES)
  status?: RevisitStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'true: only the call-center pool (unassigned revisits)' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  pool?: boolean;

  @ApiPropertyOptional({ enum: REVISIT_KINDS })
  @IsOptional() @IsIn(REVISIT_KINDS)
  kind?: RevisitKind;
}

export class RevisitAttemptResponse {
  @ApiProperty({ example: 1 }) n: number;
  @ApiProperty({ enum: REVISIT_OUTCOMES }) outcome: RevisitOutcome;
  @ApiProperty({ nullable: true, type: Boolean }) satisfied: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) csat: number | null;
  @ApiProperty({ nullable: true, type: Number }) nps: number | null;
  @ApiProperty({ nullable: true, type: String, example: '还是断网' }) comment: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When the next call is due after this one' }) nextDueAt: string | null;
  actor: { type: string; id: string | null; name: string | null };
  at: string;

  static from(a: AttemptView): RevisitAttemptResponse {
    return {
      n: a.seq,
      outcome: a.outcome,
      satisfied: a.satisfied,
      csat: a.csat,
      nps: a.nps,
      comment: a.comment,
      nextDueAt: a.nextDueAt?.toISOString() ?? null,
      actor: a.actor,
      at: a.at.toISOString(),
    };
  }
}

class RevisitComplaintDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'C-2026-000042' }) reference: string;
  @ApiProperty({ example: '话费多扣了50元' }) summary: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
}

class RevisitCustomerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: '张三' }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty({ nullable: true, type: String, example: '工作日19:00以后' }) preferredContactTime: string | null;
  @ApiProperty({ description: 'A wrong-number callback flagged the phone' }) phoneFlagged: boolean;
}

class RevisitSlaDto {
  @ApiProperty({ nullable: true, type: String, description: 'The revisit clock deadline: the customer must be reached by then' }) dueAt: string | null;
  breached: boolean;
  @ApiProperty({ enum: ['running', 'paused', 'stopped'] }) state: string;
}

/** A revisit (a callback after resolution, or a recovery contact) with what the caller needs. */
export class RevisitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) complaintId: string;
  @ApiProperty({ enum: REVISIT_KINDS }) kind: RevisitKind;
  @ApiProperty({ description: 'revisit: 1 after the resolution, 2 the follow-up of diamond/platinum; recovery: the contact number' }) round: number;
  @ApiProperty({ enum: REVISIT_STATUSES }) status: RevisitStatus;
  @ApiProperty({ description: 'When the (next) call is due' }) dueAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null: the call-center pool' }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) recoveryPlanId: string | null;
  complaint: RevisitComplaintDto;
  customer: RevisitCustomerDto;
  @ApiProperty({ nullable: true, type: String, example: '已退还50元 / refunded 50 yuan' }) resolutionNote: string | null;
  @ApiProperty({ nullable: true, type: String, example: '50元话费补偿' }) remedy: string | null;
  @ApiProperty({ type: [RevisitAttemptResponse] }) attempts: RevisitAttemptResponse[];
  @ApiProperty({ nullable: true, type: Boolean }) satisfied: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) csat: number | null;
  @ApiProperty({ nullable: true, type: Number }) nps: number | null;
  @ApiProperty({ description: 'The customer was not satisfied and the complaint was reopened' }) reopened: boolean;
  @ApiProperty({ nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endedReason: string | null;
  @ApiProperty({ nullable: true, type: RevisitSlaDto }) sla: RevisitSlaDto | null;
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(v: RevisitView, now: Date): RevisitResponse {
    return {
      id: v.id,
      complaintId: v.complaintId,
      kind: v.kind,
      round: v.round,
      status: wireStatus(v.status, v.dueAt, now),
      dueAt: v.dueAt.toISOString(),
      assigneeId: v.assigneeId,
      recoveryPlanId: v.recoveryPlanId,
      complaint: { id: v.complaintId, reference: v.complaint.reference, summary: v.complaint.summary, status: v.complaint.status },
      customer: {
        id: v.customerId,
        name: v.customer.name,
        phone: v.customer.phone,
        tier: v.customer.tier,
        preferredContactTime: v.customer.preferredContactTime,
        phoneFlagged: v.customer.phoneFlaggedAt !== null,
      },
      resolutionNote: v.resolutionNote,
      remedy: v.remedy,
      attempts: v.attempts.map(RevisitAttemptResponse.from),
      satisfied: v.satisfied,
      csat: v.csat,
      nps: v.nps,
      reopened: v.reopened,
      endedAt: v.endedAt?.toISOString() ?? null,
      endedReason: v.endedReason,
      sla: v.sla ? { dueAt: v.sla.dueAt?.toISOString() ?? null, breached: v.sla.breachedAt !== null, state: v.sla.status } : null,
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
    };
  }
}

export class RevisitList {
  @ApiProperty({ type: [RevisitResponse] }) items: RevisitResponse[];
}

export class RevisitPage {
  @ApiProperty({ type: [RevisitResponse] }) items: RevisitResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
