import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { COMPLAINT_STATUSES, ComplaintStatus, NOTE_VISIBILITIES, NoteVisibility } from '../../domain/complaint.enums';

/** Optional optimistic-concurrency guard; the If-Match header does the same. */
export class VersionedDto {
  @ApiPropertyOptional({ description: 'Expected current version; a stale one gets 409' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class AcknowledgeComplaintDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class AssignComplaintDto extends VersionedDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  assigneeId: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

export class TransitionComplaintDto extends VersionedDto {
  @ApiProperty({ enum: COMPLAINT_STATUSES })
  @IsIn(COMPLAINT_STATUSES)
  to: ComplaintStatus;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 500, example: '50元话费补偿 / 50 yuan bill credit', description: 'With to=resolved: the remedy the customer was given, shown to whoever makes the revisit call' })
  @IsOptional() @IsString() @MaxLength(500)
  remedy?: string;
}

export class AddNoteDto {
  @ApiProperty({ maxLength: 10000 })
  @IsString() @MinLength(1) @MaxLength(10000)
  body: string;

  @ApiProperty({ enum: NOTE_VISIBILITIES })
  @IsIn(NOTE_VISIBILITIES)
  visibility: NoteVisibility;
}
