import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { COMPLAINT_STATUSES, ComplaintStatus, Priority, PRIORITIES, Severity, SEVERITIES } from '../../domain/complaint.enums';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListComplaintsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional() @IsIn(COMPLAINT_STATUSES)
  status?: ComplaintStatus;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional() @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional() @IsIn(PRIORITIES)
  priority?: Priority;

  @IsOptional() @IsUUID()
  assigneeId?: string;

  @IsOptional() @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  breached?: boolean;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10)
  escalationLevel?: number;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional() @IsDateString()
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional() @IsDateString()
  createdTo?: string;
}
