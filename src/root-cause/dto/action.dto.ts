import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { VersionedDto } from '../../complaints/dto/complaint-actions.dto';
import { PageQueryDto } from '../../common/pagination/cursor';
import { ACTION_KINDS, ACTION_STATUSES, ActionKind, ActionStatus } from '../../domain/root-cause';
import { ActionResponse } from './analysis.dto';

export class CreateActionDto {
  @ApiProperty({ enum: ACTION_KINDS, example: 'corrective', description: 'corrective: fix this cause; preventive: keep it from recurring' })
  @IsIn(ACTION_KINDS)
  kind: ActionKind;

  @ApiProperty({ maxLength: 2000, example: '扩容 OLT 端口 / expand the OLT ports' })
  @IsString() @Matches(/\S/, { message: 'description must not be empty' }) @MaxLength(2000)
  description: string;

  @ApiProperty({ format: 'uuid', description: 'An active user who carries it out' })
  @IsUUID()
  ownerId: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-15T10:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dueAt must be an ISO-8601 date-time' })
  dueAt: string;
}

export class UpdateActionDto extends VersionedDto {
  @ApiPropertyOptional({ enum: ACTION_STATUSES, description: 'open → in_progress → done → verified (verified by someone other than the owner)' })
  @IsOptional() @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'A new due time; the owner is told again when it falls due' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dueAt must be an ISO-8601 date-time' })
  dueAt?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: '已完成扩容 / expansion done' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListActionsQueryDto extends PageQueryDto {
  /** Only actions not done whose due time has passed. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional() @Transform(toBool) @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional() @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  complaintId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  problemId?: string;
}

export class ActionPage {
  items: ActionResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
