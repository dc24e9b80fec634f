import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { PageQueryDto } from '../common/pagination/cursor';
import { CalendarPage, CalendarResponse, CreateCalendarDto, UpdateCalendarDto } from './dto/calendar.dto';
import { RegulatorPresetList } from './dto/regulator-preset.dto';
import { CreateSlaPolicyDto, SlaPolicyPage, SlaPolicyResponse, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { listRegulatorPresets, RegulatorPreset } from './regulator-presets/regulator-presets';
import { SlaConfigService } from './sla-config.service';

@ApiTags('sla')
@Controller('api/v1/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly config: SlaConfigService) {}

  @Post()
  @ApiOperation({ summary: 'Create an SLA policy', description: 'Response targets, warning ratio and escalation ladder for the complaints it matches (lowest rank wins).' })
  create(@Body() dto: CreateSlaPolicyDto): Promise<SlaPolicyResponse> {
    return this.config.createPolicy(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List SLA policies' })
  list(@Query() query: PageQueryDto): Promise<SlaPolicyPage> {
    return this.config.listPolicies(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an SLA policy' })
  get(@Param('id', UuidParamPipe) id: string): Promise<SlaPolicyResponse> {
    return this.config.getPolicy(id);
  }

  /** Changes apply to complaints taken in (or re-prioritised) from now on. */
  @Patch(':id')
  @ApiOperation({ summary: 'Change an SLA policy', description: 'Changes apply to complaints taken in (or re-prioritised) from now on.' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected policy version; a stale one gets 409' })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateSlaPolicyDto, @IfMatchVersion() version?: number): Promise<SlaPolicyResponse> {
    return this.config.updatePolicy(id, dto, version);
  }
}

@ApiTags('sla')
@Controller('api/v1/calendars')
export class CalendarsController {
  constructor(private readonly config: SlaConfigService) {}

  @Post()
  @ApiOperation({ summary: 'Create a business calendar', description: 'Time zone, weekly business hours and holidays that SLA clocks count in.' })
  create(@Body() dto: CreateCalendarDto): Promise<CalendarResponse> {
    return this.config.createCalendar(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List business calendars' })
  list(@Query() query: PageQueryDto): Promise<CalendarPage> {
    return this.config.listCalendars(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a business calendar' })
  get(@Param('id', UuidParamPipe) id: string): Promise<CalendarResponse> {
    return this.config.getCalendar(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a business calendar', description: 'Running clocks that count in this calendar have their deadlines recomputed (by a worker, in batches).' })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateCalendarDto): Promise<CalendarResponse> {
    return this.config.updateCalendar(id, dto);
  }
}

@ApiTags('sla')
@Controller('api/v1/sla/regulator-presets')
export class RegulatorPresetsController {
  /** Regulator final-response clocks a policy can select by code. */
  @Get()
  @ApiOperation({ summary: 'List regulator presets', description: 'Regulator final-response clocks a policy can select by code.' })
  @ApiOkResponse({ type: RegulatorPresetList })
  list(): { items: RegulatorPreset[] } {
    return { items: [...listRegulatorPresets()] };
  }
}
