import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { ExclusiveWith } from '../../common/validation/exclusive-with';
import { CreateCustomerDto } from '../../customers/dto/customer.dto';
import { CATEGORIES, Category, Channel, CHANNELS, Severity, SEVERITIES } from '../../domain/complaint.enums';

export class CreateComplaintDto {
  @ApiPropertyOptional({ type: () => CreateCustomerDto, description: 'The customer inline, upserted by externalRef; or give customerId (exactly one of the two)' })
  @ValidateIf((o: CreateComplaintDto) => o.customerId === undefined || o.customer !== undefined)
  @IsDefined({ message: 'customer or customerId is required' })
  @ExclusiveWith('customerId')
  @IsObject({ message: 'customer must be an object' })
  @ValidateNested()
  @Type(() => CreateCustomerDto)
  customer?: CreateCustomerDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing customer; or give customer (exactly one of the two)' })
  @IsOptional() @IsUUID()
  customerId?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category: Category;

  @ApiProperty({ maxLength: 200 })
  @IsString() @MinLength(1) @MaxLength(200)
  summary: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString() @MinLength(1) @MaxLength(10000)
  description: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  desiredOutcome?: string;

  @ApiPropertyOptional({ enum: SEVERITIES, default: 'ordinary' })
  @IsOptional() @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the complaint first reached the company; defaults to now, never in the future' })
  @IsOptional() @IsDateString({ strict: true })
  receivedAt?: string;
}

/*
 * The request body of POST /complaints as the OpenAPI document states it: exactly one of
 * `customer` and `customerId`, as a oneOf of these two shapes (CreateComplaintDto, which
 * validates the request, holds both as optional and refuses both or neither).
 */
const INTAKE_FIELDS = ['channel', 'category', 'summary', 'description', 'desiredOutcome', 'severity', 'receivedAt'] as const;

/** Intake with the customer inline (upserted by externalRef). */
export class CreateComplaintWithCustomerDto extends PickType(CreateComplaintDto, INTAKE_FIELDS) {
  @ApiProperty({ type: () => CreateCustomerDto, description: 'The customer, upserted by externalRef' })
  customer: CreateCustomerDto;
}

/** Intake for an existing customer. */
export class CreateComplaintForCustomerDto extends PickType(CreateComplaintDto, INTAKE_FIELDS) {
  @ApiProperty({ format: 'uuid', description: 'An existing customer' })
  customerId: string;
}
