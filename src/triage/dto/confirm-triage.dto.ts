import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { VersionedDto } from '../../complaints/dto/complaint-actions.dto';
import { EMOTIONAL_NEEDS, EmotionalNeed, Intensity, RATIONAL_NEEDS, RationalNeed, RISK_FLAGS, RiskFlag, SEVERITIES, Severity } from '../engine';

/** Staff's confirmation (or correction) of a complaint's triage. */
export class ConfirmTriageDto extends VersionedDto {
  @ApiProperty({ enum: EMOTIONAL_NEEDS, isArray: true })
  @IsArray() @ArrayUnique() @ArrayMaxSize(EMOTIONAL_NEEDS.length) @IsIn(EMOTIONAL_NEEDS, { each: true })
  emotionalNeeds: EmotionalNeed[];

  @ApiProperty({ enum: RATIONAL_NEEDS, isArray: true })
  @IsArray() @ArrayUnique() @ArrayMaxSize(RATIONAL_NEEDS.length) @IsIn(RATIONAL_NEEDS, { each: true })
  rationalNeeds: RationalNeed[];

  @ApiProperty({ minimum: 0, maximum: 3 })
  @IsInt() @Min(0) @Max(3)
  emotionalIntensity: Intensity;

  @ApiProperty({ enum: RISK_FLAGS, isArray: true })
  @IsArray() @ArrayUnique() @ArrayMaxSize(RISK_FLAGS.length) @IsIn(RISK_FLAGS, { each: true })
  riskFlags: RiskFlag[];

  @ApiPropertyOptional({ enum: SEVERITIES, description: "Sets the complaint's severity; priority and SLA deadlines follow" })
  @IsOptional() @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}
