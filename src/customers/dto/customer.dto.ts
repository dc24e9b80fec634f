import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor';
import { CUSTOMER_TIERS, CustomerTier, LIFECYCLE_STAGES, LifecycleStage, VALUE_SEGMENTS, ValueSegment } from '../../domain/customer.enums';
import { CustomerEntity } from '../customer.entity';

/** Profile fields that can be given at creation and when a complaint upserts its customer. */
export class CustomerProfileDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 32, example: '13900000000' })
  @IsOptional() @IsString() @Matches(/^\+?[0-9 ()-]{3,32}$/, { message: 'phone must be digits, spaces, +, -, ( or )' })
  phone?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS, default: 'standard' })
  @IsOptional() @IsIn(CUSTOMER_TIERS)
  tier?: CustomerTier;

  @ApiPropertyOptional({ enum: VALUE_SEGMENTS })
  @IsOptional() @IsIn(VALUE_SEGMENTS)
  valueSegment?: ValueSegment;

  @ApiPropertyOptional({ enum: LIFECYCLE_STAGES })
  @IsOptional() @IsIn(LIFECYCLE_STAGES)
  lifecycleStage?: LifecycleStage;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(2400)
  tenureMonths?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Complaint credit grade, 1 is handled first' })
  @IsOptional() @IsInt() @Min(1) @Max(5)
  creditGrade?: number;

  @ApiPropertyOptional({ type: [String], example: ['contract_expiring', 'usage_drop'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true })
  churnSignals?: string[];

  @ApiPropertyOptional({ maxLength: 100, example: '工作日19:00以后 / weekday evenings', description: 'When the customer likes to be called back' })
  @IsOptional() @IsString() @MaxLength(100)
  preferredContactTime?: string;
}

export class CreateCustomerDto extends CustomerProfileDto {
  @ApiProperty({ maxLength: 64, description: 'Phone or account number; unique' })
  @IsString() @MinLength(1) @MaxLength(64)
  externalRef: string;
}

export class ListCustomersQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(64)
  externalRef?: string;

  @IsOptional() @IsIn(CUSTOMER_TIERS)
  tier?: CustomerTier;
}

export class CustomerResponse {
  id: string;
  externalRef: string;
  name: string | null;
  phone: string | null;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty({ enum: VALUE_SEGMENTS, nullable: true }) valueSegment: ValueSegment | null;
  @ApiProperty({ enum: LIFECYCLE_STAGES, nullable: true }) lifecycleStage: LifecycleStage | null;
  tenureMonths: number | null;
  creditGrade: number | null;
  churnSignals: string[];
  @ApiProperty({ nullable: true, type: String, example: '工作日19:00以后' }) preferredContactTime: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set when a callback found the phone number wrong' }) phoneFlaggedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) phoneFlagReason: string | null;
  createdAt: string;
  updatedAt: string;

  static from(c: CustomerEntity): CustomerResponse {
    return {
      id: c.id,
      externalRef: c.externalRef,
      name: c.name,
      phone: c.phone,
      tier: c.tier,
      valueSegment: c.valueSegment,
      lifecycleStage: c.lifecycleStage,
      tenureMonths: c.tenureMonths,
      creditGrade: c.creditGrade,
      churnSignals: c.churnSignals,
      preferredContactTime: c.preferredContactTime ?? null,
      phoneFlaggedAt: c.phoneFlaggedAt?.toISOString() ?? null,
      phoneFlagReason: c.phoneFlagReason ?? null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class CustomerPage {
  @Type(() => CustomerResponse) items: CustomerResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
