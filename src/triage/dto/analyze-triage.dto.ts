import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CUSTOMER_TIERS, CustomerTier, Language } from '../engine';

export const TRIAGE_LANGUAGES = ['zh', 'en'] as const;
export const MAX_TRIAGE_TEXT = 10000;

export class AnalyzeTriageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TRIAGE_TEXT, example: '我已经第三次来了，你们根本不当回事！再不解决我就携号转网。' })
  @IsString() @MinLength(1) @MaxLength(MAX_TRIAGE_TEXT)
  text: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS, description: 'Adds `high_value_customer` for diamond and platinum customers' })
  @IsOptional() @IsIn(CUSTOMER_TIERS)
  customerTier?: CustomerTier;

  @ApiPropertyOptional({ enum: TRIAGE_LANGUAGES, description: 'Language of the guidance phrases; detected from the text when absent' })
  @IsOptional() @IsIn(TRIAGE_LANGUAGES)
  lang?: Language;
}
