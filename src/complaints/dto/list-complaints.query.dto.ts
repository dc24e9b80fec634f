import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { Category, CATEGORIES, Channel, CHANNELS, COMPLAINT_STATUSES, ComplaintStatus, Priority, PRIORITIES, Severity, SEVERITIES } from '../../domain/complaint.enums';
import { CUSTOMER_TIERS, CustomerTier } from '../../domain/customer.enums';
import { COMPLAINT_SORTS, ComplaintSort } from '../complaint-list-order';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** A UUID, or `me` for the caller. */
const UUID_OR_ME = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

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

  @ApiPropertyOptional({ description: 'A user id, or `me` for the caller', example: 'me' })
  @IsOptional() @Matches(UUID_OR_ME, { message: 'assigneeId must be a UUID or me' })
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'Who took it in: a user or API key id, or `me` for the caller (first-contact responsibility)', example: 'me' })
  @IsOptional() @Matches(UUID_OR_ME, { message: 'takenInBy must be a UUID or me' })
  takenInBy?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional() @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional() @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional() @IsIn(CUSTOMER_TIERS)
  customerTier?: CustomerTier;

  @ApiPropertyOptional({ format: 'date-time', description: 'Open complaints whose next deadline (acknowledgement while new, else resolution) falls before this time' })
  @IsOptional() @IsDateString()
  dueBefore?: string;

  @ApiPropertyOptional({ description: "The customer's phone number or externalRef (an agent on the phone: 来电号码)", example: '13900001234' })
  @IsOptional() @IsString() @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ description: 'The complaint reference', example: 'CMP-2026-000042' })
  @IsOptional() @IsString() @MaxLength(32) @Matches(/^[A-Za-z0-9-]+$/, { message: 'reference must be letters, digits and dashes' })
  reference?: string;

  @ApiPropertyOptional({
    enum: COMPLAINT_SORTS,
    default: '-createdAt',
    description: '`-createdAt` newest first (default); `createdAt` oldest first; `priority` P1 first, oldest first within; `dueAt` open complaints by their next deadline, soonest first',
  })
  @IsOptional() @IsIn(COMPLAINT_SORTS)
  sort?: ComplaintSort;

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
