import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CalendarEntity } from '../calendar.entity';
import { CalendarDefinition } from '../clock/business-calendar';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateCalendarDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) name: string;

  @ApiProperty({ example: 'Asia/Shanghai', description: 'IANA time zone' })
  @IsString() @MaxLength(64)
  timezone: string;

  @ApiProperty({
    example: { mon: [['09:00', '12:00'], ['13:00', '18:00']], tue: [['09:00', '18:00']] },
    description: 'Open intervals per weekday (mon..sun), local "HH:mm"; a day left out is closed',
  })
  @IsObject()
  weeklyHours: CalendarDefinition['weeklyHours'];

  @ApiPropertyOptional({ type: [String], example: ['2026-10-01'] })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @Matches(DATE, { each: true, message: 'holidays must be YYYY-MM-DD dates' })
  holidays?: string[];

  @ApiPropertyOptional({ type: [String], example: ['2026-10-11'], description: 'Make-up working days; they use Monday’s hours' })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @Matches(DATE, { each: true, message: 'extraWorkingDays must be YYYY-MM-DD dates' })
  extraWorkingDays?: string[];
}

export class UpdateCalendarDto extends PartialType(CreateCalendarDto) {}

export class CalendarResponse {
  id: string;
  name: string;
  timezone: string;
  @ApiProperty({ type: Object }) weeklyHours: CalendarDefinition['weeklyHours'];
  holidays: string[];
  extraWorkingDays: string[];
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(c: CalendarEntity): CalendarResponse {
    return {
      id: c.id,
      name: c.name,
      timezone: c.timezone,
      weeklyHours: c.weeklyHours,
      holidays: c.holidays,
      extraWorkingDays: c.extraWorkingDays,
      version: c.version,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class CalendarPage {
  items: CalendarResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
