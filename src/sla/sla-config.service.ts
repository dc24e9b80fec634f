import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppException, FieldError } from '../common/errors/app.exception';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, PageQueryDto, toPage } from '../common/pagination/cursor';
import { CalendarEntity } from './calendar.entity';
import { validateCalendar } from './clock/business-calendar';
import { CalendarResponse, CreateCalendarDto, UpdateCalendarDto } from './dto/calendar.dto';
import { CreateSlaPolicyDto, SlaPolicyResponse, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { findRegulatorPreset } from './regulator-presets/regulator-presets';
import { SlaJobScheduler } from './firing/sla-job.scheduler';
import { SlaConfigCache } from './sla-config.cache';
import { SlaPolicyEntity } from './sla-policy.entity';

/** Admin configuration of SLA policies and business calendars. */
@Injectable()
export class SlaConfigService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: SlaConfigCache,
    private readonly scheduler: SlaJobScheduler,
  ) {}

  // ---- policies

  async createPolicy(dto: CreateSlaPolicyDto): Promise<SlaPolicyResponse> {
    const created = await this.dataSource.transaction(async (manager) => {
      const policy = manager.create(SlaPolicyEntity, { active: true, version: 1 });
      await this.applyPolicy(manager, policy, dto);
      return SlaPolicyResponse.from(await manager.save(policy));
    });
    this.cache.invalidate();
    return created;
  }

  async updatePolicy(id: string, dto: UpdateSlaPolicyDto, expectedVersion?: number): Promise<SlaPolicyResponse> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const policy = await manager.findOne(SlaPolicyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!policy) throw AppException.notFound('SLA policy', id);
      AppException.assertVersion('policy', policy.version, expectedVersion);
      await this.applyPolicy(manager, policy, dto);
      return SlaPolicyResponse.from(await manager.save(policy));
    });
    // Running clocks keep the targets promised at intake; new complaints and recalculations use the edit.
    this.cache.invalidate();
    return updated;
  }

  async getPolicy(id: string): Promise<SlaPolicyResponse> {
    const policy = await this.dataSource.getRepository(SlaPolicyEntity).findOneBy({ id });
    if (!policy) throw AppException.notFound('SLA policy', id);
    return SlaPolicyResponse.from(policy);
  }

  listPolicies(query: PageQueryDto): Promise<Page<SlaPolicyResponse>> {
    return this.page(SlaPolicyEntity, query, SlaPolicyResponse.from);
  }

  private async applyPolicy(manager: EntityManager, policy: SlaPolicyEntity, dto: UpdateSlaPolicyDto): Promise<void> {
    const errors: FieldError[] = [];
    if (dto.escalation) {
      const levels = dto.escalation.map((s) => s.level);
      if (new Set(levels).size !== levels.length) errors.push({ field: 'escalation', message: 'escalation levels must be unique' });
    }
    if (dto.calendarId && !(await manager.existsBy(CalendarEntity, { id: dto.calendarId }))) {
      errors.push({ field: 'calendarId', message: `calendar ${dto.calendarId} does not exist` });
    }
    if (dto.regulatorPreset && !findRegulatorPreset(dto.regulatorPreset)) {
      errors.push({ field: 'regulatorPreset', message: `unknown regulator preset ${dto.regulatorPreset}` });
    }
    if (errors.length) throw AppException.validation(errors);
    const { match, escalation, ...plain } = dto;
    Object.assign(policy, plain);
    if (match) {
      policy.matchSeverity = match.severity ?? null;
      policy.matchCustomerTier = match.customerTier ?? null;
      policy.matchChannel = match.channel ?? null;
    }
    if (escalation) policy.escalation = [...escalation].sort((a, b) => a.level - b.level).map(({ level, afterBreachSeconds, notifyRole }) => ({ level, afterBreachSeconds, notifyRole }));
  }

  // ---- calendars

  async createCalendar(dto: CreateCalendarDto): Promise<CalendarResponse> {
    const calendar = this.dataSource.getRepository(CalendarEntity).create({ holidays: [], extraWorkingDays: [], ...dto, clocksVersion: 1 });
    this.checkCalendar(calendar);
    const saved = await this.dataSource.getRepository(CalendarEntity).save(calendar);
    this.cache.invalidate();
    return CalendarResponse.from(saved);
  }

  async updateCalendar(id: string, dto: UpdateCalendarDto): Promise<CalendarResponse> {
    const repo = this.dataSource.getRepository(CalendarEntity);
    const calendar = await repo.findOneBy({ id });
    if (!calendar) throw AppException.notFound('Calendar', id);
    Object.assign(calendar, dto);
    this.checkCalendar(calendar);
    const saved = await repo.save(calendar);
    this.cache.invalidate();
    // The running clocks that count in it are recomputed by a worker (calendars.clocks_version tracks it).
    await this.scheduler.calendarChanged(saved.id, saved.version);
    return CalendarResponse.from(saved);
  }

  async getCalendar(id: string): Promise<CalendarResponse> {
    const calendar = await this.dataSource.getRepository(CalendarEntity).findOneBy({ id });
    if (!calendar) throw AppException.notFound('Calendar', id);
    return CalendarResponse.from(calendar);
  }

  listCalendars(query: PageQueryDto): Promise<Page<CalendarResponse>> {
    return this.page(CalendarEntity, query, CalendarResponse.from);
  }

  private checkCalendar(calendar: CalendarEntity): void {
    let errors: FieldError[];
    try {
      errors = validateCalendar({ timezone: calendar.timezone, weeklyHours: calendar.weeklyHours, holidays: calendar.holidays, extraWorkingDays: calendar.extraWorkingDays });
    } catch (error) {
      errors = [{ field: 'weeklyHours', message: (error as Error).message }];
    }
    if (errors.length) throw AppException.validation(errors);
  }

  private async page<E extends { createdAt: Date; id: string }, R>(entity: new () => E, query: PageQueryDto, map: (e: E) => R): Promise<Page<R>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.getRepository(entity).createQueryBuilder('e');
    const after = decodeCursor(query.cursor);
    if (after) qb.where('(e.createdAt, e.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    const rows = await qb.orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, map);
  }
}
