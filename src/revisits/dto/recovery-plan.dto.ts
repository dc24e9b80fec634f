import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { RECOVERY_PLAN_STATUSES, RecoveryPlanStatus } from '../revisit-rules';

export class ListRecoveryPlansQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECOVERY_PLAN_STATUSES })
  @IsOptional() @IsIn(RECOVERY_PLAN_STATUSES)
  status?: RecoveryPlanStatus;
}

export class EndRecoveryPlanDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: '客户已携号转网 / the customer ported out' })
  @IsString() @MinLength(1) @MaxLength(1000)
  reason: string;
}

export interface RecoveryPlanView {
  id: string;
  customerId: string;
  originComplaintId: string;
  originRevisitId: string;
  status: RecoveryPlanStatus;
  startNps: number;
  lastNps: number;
  contactEveryDays: number;
  nextContactAt: Date | null;
  contactCount: number;
  endedAt: Date | null;
  endReason: string | null;
  endedById: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A detractor's recovery plan: contacts at least monthly until an NPS of 7 or more, or a manager ends it. */
export class RecoveryPlanResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ format: 'uuid' }) originComplaintId: string;
  @ApiProperty({ enum: RECOVERY_PLAN_STATUSES, example: 'active' }) status: RecoveryPlanStatus;
  @ApiProperty({ example: 3 }) startNps: number;
  @ApiProperty({ example: 5 }) lastNps: number;
  @ApiProperty({ example: 30 }) contactEveryDays: number;
  @ApiProperty({ nullable: true, type: String, description: 'Due time of the next contact (a recovery item of the revisit worklist)' }) nextContactAt: string | null;
  contactCount: number;
  @ApiProperty({ nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '客户已携号转网' }) endReason: string | null;
  @ApiProperty({ nullable: true, type: String }) endedById: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(p: RecoveryPlanView): RecoveryPlanResponse {
    return {
      id: p.id,
      customerId: p.customerId,
      originComplaintId: p.originComplaintId,
      status: p.status,
      startNps: p.startNps,
      lastNps: p.lastNps,
      contactEveryDays: p.contactEveryDays,
      nextContactAt: p.nextContactAt?.toISOString() ?? null,
      contactCount: p.contactCount,
      endedAt: p.endedAt?.toISOString() ?? null,
      endReason: p.endReason,
      endedById: p.endedById,
      version: p.version,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class RecoveryPlanPage {
  @ApiProperty({ type: [RecoveryPlanResponse] }) items: RecoveryPlanResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
