import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const MAIN_UNITS = ['calendar_days', 'business_days', 'weeks'] as const;
const SUB_UNITS = [...MAIN_UNITS, 'hours'] as const;

/** A secondary clock of a regulator preset (e.g. a 24-hour acknowledgement). */
export class RegulatorSubClockResponse {
  @ApiProperty({ example: 'acknowledge' }) code: string;
  @ApiProperty({ example: 'Acknowledgement' }) name: string;
  @ApiProperty({ enum: SUB_UNITS }) unit: string;
  @ApiProperty({ minimum: 1, example: 24 }) amount: number;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ description: 'Shown for reference only: no SLA clock is derived from it' }) informational?: boolean;
}

export class RegulatorPresetExtraResponse {
  @ApiPropertyOptional({ type: () => [RegulatorSubClockResponse] }) clocks?: RegulatorSubClockResponse[];
}

/** A regulator final-response clock a policy can select by code (`regulatorPreset`). */
export class RegulatorPresetResponse {
  @ApiProperty({ example: 'uk-fca-disp' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code, or EU', example: 'GB' }) jurisdiction: string;
  @ApiProperty({ enum: MAIN_UNITS }) unit: string;
  @ApiProperty({ minimum: 1, example: 8 }) amount: number;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: () => RegulatorPresetExtraResponse }) extra?: RegulatorPresetExtraResponse;
}

export class RegulatorPresetList {
  @ApiProperty({ type: () => [RegulatorPresetResponse] }) items: RegulatorPresetResponse[];
}
