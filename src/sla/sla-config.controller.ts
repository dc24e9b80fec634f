import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { PageQueryDto } from '../common/pagination/cursor';
import { CalendarPage, CalendarResponse, CreateCalendarDto, UpdateCalendarDto } from './dto/calendar.dto';
import { CreateSlaPolicyDto, SlaPolicyPage, SlaPolicyResponse, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { listRegulatorPresets, RegulatorPreset } from './regulator-presets/regulator-presets';
import { SlaConfigService } from './sla-config.service';

@ApiTags('sla')
@Controller('api/v1/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly config: SlaConfigService) {}

  @Post()
  create(@Body() dto: CreateSlaPolicyDto): Promise<SlaPolicyResponse> {
    return this.config.createPolicy(dto);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<SlaPolicyPage> {
    return this.config.listPolicies(query);
  }

  @Get(':id')
  get(@Param('id', UuidParamPipe) id: string): Promise<SlaPolicyResponse> {
    return this.config.getPolicy(id);
  }

  /** Changes apply to complaints taken in (or re-prioritised) from now on. */
  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateSlaPolicyDto, @IfMatchVersion() version?: number): Promise<SlaPolicyResponse> {
    return this.config.updatePolicy(id, dto, version);
  }
}

@ApiTags('sla')
@Controller('api/v1/calendars')
export class CalendarsController {
  constructor(private readonly config: SlaConfigService) {}

  @Post()
  create(@Body() dto: CreateCalendarDto): Promise<CalendarResponse> {
    return this.config.createCalendar(dto);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<CalendarPage> {
    return this.config.listCalendars(query);
  }

  @Get(':id')
  get(@Param('id', UuidParamPipe) id: string): Promise<CalendarResponse> {
    return this.config.getCalendar(id);
  }

  @Patch(':id')
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateCalendarDto): Promise<CalendarResponse> {
    return this.config.updateCalendar(id, dto);
  }
}

@ApiTags('sla')
@Controller('api/v1/sla/regulator-presets')
export class RegulatorPresetsController {
  /** Regulator final-response clocks a policy can select by code. */
  @Get()
  list(): { items: RegulatorPreset[] } {
    return { items: [...listRegulatorPresets()] };
  }
}
