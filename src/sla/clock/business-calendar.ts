/**
 * Business-calendar arithmetic for SLA clocks.
 *
 * Pure functions only (no I/O, no framework). All instants are JS `Date`s (UTC
 * milliseconds); opening hours are local wall-clock times in the calendar's IANA
 * zone. Each local day's opening intervals are converted to instants through
 * luxon, so DST transitions are handled by construction: an interval counts for
 * its real elapsed length (an interval swallowed by a spring-forward gap counts
 * for nothing, an interval spanning a fall-back overlap counts the extra hour).
 */
import { DateTime, IANAZone } from 'luxon';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface CalendarDefinition {
  /** IANA zone, e.g. `Europe/London`. */
  timezone: string;
  /** Local "HH:mm" intervals per weekday; "24:00" is allowed as an end. A missing day is closed. */
  weeklyHours: Partial<Record<Weekday, [string, string][]>>;
  /** Closed dates (YYYY-MM-DD, local), whatever their weekday. */
  holidays: string[];
  /** Make-up working dates (YYYY-MM-DD, local), open with Monday's hours. */
  extraWorkingDays: string[];
}

export interface CalendarValidationError {
  field: string;
  message: string;
}

/** Consecutive days without any business time after which a search gives up. */
export const MAX_CLOSED_DAYS_SEARCH = 3660;

export class CalendarNeverOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarNeverOpenError';
  }
}

export class InvalidCalendarError extends Error {
  constructor(readonly errors: CalendarValidationError[]) {
    super(`Invalid business calendar: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    this.name = 'InvalidCalendarError';
  }
}

// ---------------------------------------------------------------------------
// Civil-date helpers (proleptic Gregorian, day 0 = 1970-01-01)
// ---------------------------------------------------------------------------

const MINUTES_PER_DAY = 24 * 60;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { year: number; month: number; day: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Weekday key of a civil day number (1970-01-01 was a Thursday). */
function weekdayOfDay(dayNumber: number): Weekday {
  return WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number of a well-formed real YYYY-MM-DD date, or null. */
function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const n = daysFromCivil(y, mo, d);
  const back = civilFromDays(n);
  return back.year === y && back.month === mo && back.day === d ? n : null;
}

/** Minutes since local midnight of "HH:mm" ("24:00" only when `allow24`), or null. */
function parseTime(value: unknown, allow24: boolean): number | null {
  if (typeof value !== 'string') return null;
  if (value === '24:00') return allow24 ? MINUTES_PER_DAY : null;
  const m = TIME_RE.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

interface ClassifiedError extends CalendarValidationError {
  /** `structure` errors make the calendar unusable; `coverage` ones are definition mistakes. */
  kind: 'structure' | 'coverage';
}

function collectErrors(def: CalendarDefinition): ClassifiedError[] {
  const errors: ClassifiedError[] = [];
  const structure = (field: string, message: string) => errors.push({ field, message, kind: 'structure' });
  const coverage = (field: string, message: string) => errors.push({ field, message, kind: 'coverage' });

  if (def === null || typeof def !== 'object') {
    structure('calendar', 'must be an object');
    return errors;
  }
  if (typeof def.timezone !== 'string' || !IANAZone.isValidZone(def.timezone)) {
    structure('timezone', `must be a valid IANA time zone, got ${JSON.stringify(def.timezone)}`);
  }

  let openIntervals = 0;
  let mondayIntervals = 0;
  const weekly = def.weeklyHours as unknown;
  if (weekly === null || typeof weekly !== 'object' || Array.isArray(weekly)) {
    structure('weeklyHours', 'must be an object keyed by mon..sun');
  } else {
    for (const [key, value] of Object.entries(weekly as Record<string, unknown>)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) {
        structure(`weeklyHours.${key}`, 'unknown weekday (expected mon, tue, wed, thu, fri, sat or sun)');
        continue;
      }
      if (value === undefined) continue;
      if (!Array.isArray(value)) {
        structure(`weeklyHours.${key}`, 'must be an array of ["HH:mm", "HH:mm"] intervals');
        continue;
      }
      const parsed: { start: number; end: number; index: number }[] = [];
      value.forEach((interval: unknown, index: number) => {
        const field = `weeklyHours.${key}[${index}]`;
        if (!Array.isArray(interval) || interval.length !== 2) {
          structure(field, 'must be a ["HH:mm", "HH:mm"] pair');
          return;
        }
        const start = parseTime(interval[0], false);
        const end = parseTime(interval[1], true);
        if (start === null) {
          structure(field, `start must be a well-formed HH:mm time (00:00-23:59), got ${JSON.stringify(interval[0])}`);
        }
        if (end === null) {
          structure(field, `end must be a well-formed HH:mm time (00:01-24:00), got ${JSON.stringify(interval[1])}`);
        }
        if (start === null || end === null) return;
        if (start >= end) {
          structure(field, `start ${interval[0]} must be before end ${interval[1]}`);
          return;
        }
        parsed.push({ start, end, index });
      });
      const sorted = [...parsed].sort((a, b) => a.start - b.start || a.end - b.end);
      // Compare each interval with the one reaching furthest so far (catches nested overlaps too).
      let widest = sorted[0];
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].start < widest.end) {
          const later = Math.max(sorted[i].index, widest.index);
          const earlier = Math.min(sorted[i].index, widest.index);
          structure(`weeklyHours.${key}[${later}]`, `overlaps weeklyHours.${key}[${earlier}]`);
        }
        if (sorted[i].end > widest.end) widest = sorted[i];
      }
      openIntervals += parsed.length;
      if (key === 'mon') mondayIntervals = parsed.length;
    }
  }

  const holidayDays = new Map<number, number>();
  const checkDates = (name: 'holidays' | 'extraWorkingDays'): number[] => {
    const list = def[name] as unknown;
    const days: number[] = [];
    if (!Array.isArray(list)) {
      structure(name, 'must be an array of YYYY-MM-DD dates');
      return days;
    }
    list.forEach((value: unknown, index: number) => {
      const day = parseDate(value);
      if (day === null) structure(`${name}[${index}]`, `must be a real date in YYYY-MM-DD form, got ${JSON.stringify(value)}`);
      else days[index] = day;
    });
    return days;
  };
  checkDates('holidays').forEach((day, index) => {
    if (!holidayDays.has(day)) holidayDays.set(day, index);
  });
  const extraDays = checkDates('extraWorkingDays');
  extraDays.forEach((day, index) => {
    if (holidayDays.has(day)) {
      structure(`extraWorkingDays[${index}]`, `${def.extraWorkingDays[index]} is also holidays[${holidayDays.get(day)}]`);
    }
  });
  const extraCount = Array.isArray(def.extraWorkingDays) ? def.extraWorkingDays.length : 0;

  if (openIntervals === 0 && extraCount === 0) {
    coverage('weeklyHours', 'the calendar is never open: define at least one opening interval');
  } else if (extraCount > 0 && mondayIntervals === 0) {
    coverage('extraWorkingDays', "extra working days use Monday's hours, but weeklyHours.mon has none");
  }
  return errors;
}

/** All problems of a calendar definition; an empty array means it is valid. */
export function validateCalendar(def: CalendarDefinition): CalendarValidationError[] {
  return collectErrors(def).map(({ field, message }) => ({ field, message }));
}

// ---------------------------------------------------------------------------
// Compiled calendar (cached by content)
// ---------------------------------------------------------------------------

/** [startMs, endMs) instants of one local day's opening, sorted and disjoint. */
type Span = readonly [number, number];

interface CompiledCalendar {
  zone: string;
  weekly: Record<Weekday, readonly (readonly [number, number])[]>;
  holidays: ReadonlySet<number>;
  extra: ReadonlySet<number>;
  dayCache: Map<number, readonly Span[]>;
}

const COMPILED_CACHE_LIMIT = 200;
const DAY_CACHE_LIMIT = 20_000;
const compiledCache = new Map<string, CompiledCalendar>();
const NO_SPANS: readonly Span[] = [];

function compile(def: CalendarDefinition): CompiledCalendar {
  const key = JSON.stringify([def.timezone, def.weeklyHours, def.holidays, def.extraWorkingDays]);
  const cached = compiledCache.get(key);
  if (cached) return cached;

  const fatal = collectErrors(def).filter((e) => e.kind === 'structure');
  if (fatal.length > 0) throw new InvalidCalendarError(fatal.map(({ field, message }) => ({ field, message })));

  const weekly = {} as Record<Weekday, (readonly [number, number])[]>;
  for (const day of WEEKDAYS) {
    weekly[day] = (def.weeklyHours[day] ?? [])
      .map(([s, e]) => [parseTime(s, false)!, parseTime(e, true)!] as const)
      .sort((a, b) => a[0] - b[0]);
  }
  const compiled: CompiledCalendar = {
    zone: def.timezone,
    weekly,
    holidays: new Set(def.holidays.map((d) => parseDate(d)!)),
    extra: new Set(def.extraWorkingDays.map((d) => parseDate(d)!)),
    dayCache: new Map(),
  };
  if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(key, compiled);
  return compiled;
}

/** Instant of a local wall-clock time; gap times move forward, ambiguous ones resolve as luxon does. */
function localInstant(zone: string, dayNumber: number, minutes: number): number {
  const dn = dayNumber + Math.floor(minutes / MINUTES_PER_DAY);
  const mins = minutes % MINUTES_PER_DAY;
  const { year, month, day } = civilFromDays(dn);
  return DateTime.fromObject({ year, month, day, hour: Math.floor(mins / 60), minute: mins % 60 }, { zone }).toMillis();
}

/** Local civil day number of an instant in a zone. */
function localDayNumber(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  return daysFromCivil(dt.year, dt.month, dt.day);
}

function hoursOfDay(cal: CompiledCalendar, dayNumber: number): readonly (readonly [number, number])[] {
  if (cal.holidays.has(dayNumber)) return [];
  if (cal.extra.has(dayNumber)) return cal.weekly.mon;
  return cal.weekly[weekdayOfDay(dayNumber)];
}

/** Opening spans of one local day as instants (cheap for closed days: no luxon call). */
function daySpans(cal: CompiledCalendar, dayNumber: number): readonly Span[] {
  const hours = hoursOfDay(cal, dayNumber);
  if (hours.length === 0) return NO_SPANS;
  const cached = cal.dayCache.get(dayNumber);
  if (cached) return cached;

  const dayStart = localInstant(cal.zone, dayNumber, 0);
  const nextDayStart = localInstant(cal.zone, dayNumber + 1, 0);
  const raw: [number, number][] = [];
  for (const [s, e] of hours) {
    const start = Math.max(dayStart, localInstant(cal.zone, dayNumber, s));
    const end = Math.min(nextDayStart, localInstant(cal.zone, dayNumber, e));
    if (end > start) raw.push([start, end]);
  }
  // DST can reorder or overlap converted edges: sort and merge.
  raw.sort((a, b) => a[0] - b[0]);
  const spans: [number, number][] = [];
  for (const span of raw) {
    const last = spans[spans.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else spans.push(span);
  }
  if (cal.dayCache.size >= DAY_CACHE_LIMIT) cal.dayCache.clear();
  cal.dayCache.set(dayNumber, spans);
  return spans;
}

// ---------------------------------------------------------------------------
// Input guards
// ---------------------------------------------------------------------------

function instantOf(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** Seconds (fractional allowed) to whole milliseconds. */
function secondsToMs(seconds: number, name: string): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`${name} must be a finite, non-negative number of seconds, got ${seconds}`);
  }
  return Math.round(seconds * 1000);
}

function checkZone(timezone: string): void {
  if (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone)) {
    throw new RangeError(`timezone must be a valid IANA time zone, got ${JSON.stringify(timezone)}`);
  }
}

function checkDayCount(days: number): void {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
}

function neverOpen(fromMs: number): CalendarNeverOpenError {
  return new CalendarNeverOpenError(
    `business calendar has no open time within ${MAX_CLOSED_DAYS_SEARCH} days after ${new Date(fromMs).toISOString()}`,
  );
}

// ---------------------------------------------------------------------------
// Public arithmetic
// ---------------------------------------------------------------------------

/** Business milliseconds in [fromMs, toMs). */
export function businessMsBetween(fromMs: number, toMs: number, calendar: CalendarDefinition | null): number {
  if (toMs <= fromMs) return 0;
  if (calendar === null) return toMs - fromMs;
  const cal = compile(calendar);
  const first = localDayNumber(fromMs, cal.zone) - 1;
  const last = localDayNumber(toMs, cal.zone) + 1;
  let total = 0;
  for (let day = first; day <= last; day++) {
    for (const [s, e] of daySpans(cal, day)) {
      const lo = Math.max(s, fromMs);
      const hi = Math.min(e, toMs);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** Earliest instant (ms) at which `ms` business milliseconds have elapsed since `startMs`. */
export function addBusinessMs(startMs: number, ms: number, calendar: CalendarDefinition | null): number {
  if (ms === 0) return startMs;
  if (calendar === null) return startMs + ms;
  const cal = compile(calendar);
  let remaining = ms;
  let closedStreak = 0;
  // Start one local day early: with an ambiguous local midnight the previous day's spans can reach past it.
  for (let day = localDayNumber(startMs, cal.zone) - 1; ; day++) {
    let open = false;
    for (const [s, e] of daySpans(cal, day)) {
      const from = Math.max(s, startMs);
      const available = e - from;
      if (available <= 0) continue;
      open = true;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    closedStreak = open ? 0 : closedStreak + 1;
    if (closedStreak > MAX_CLOSED_DAYS_SEARCH) throw neverOpen(startMs);
  }
}

/**
 * The earliest instant at which `seconds` business seconds have elapsed since `start`
 * (fractional seconds allowed, rounded to the millisecond). `0` returns `start` itself;
 * a target ending exactly at the close of an interval returns that close.
 * `calendar === null` means 24x7.
 */
export function addBusinessSeconds(start: Date, seconds: number, calendar: CalendarDefinition | null): Date {
  return new Date(addBusinessMs(instantOf(start, 'start'), secondsToMs(seconds, 'seconds'), calendar));
}

/** Business seconds in [from, to) (ms precision, may be fractional); 0 when `to <= from`. */
export function businessSecondsBetween(from: Date, to: Date, calendar: CalendarDefinition | null): number {
  return businessMsBetween(instantOf(from, 'from'), instantOf(to, 'to'), calendar) / 1000;
}

/** Whether `at` falls inside an opening interval of the calendar (always true for 24x7). */
export function isBusinessTime(at: Date, calendar: CalendarDefinition | null): boolean {
  const ms = instantOf(at, 'at');
  return businessMsBetween(ms, ms + 1, calendar) > 0;
}

/** Same local wall-clock time `days` calendar days later in `timezone` (DST-safe; gap times move forward). */
export function addCalendarDays(start: Date, days: number, timezone: string): Date {
  const ms = instantOf(start, 'start');
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  checkZone(timezone);
  return DateTime.fromMillis(ms, { zone: timezone }).plus({ days }).toJSDate();
}

/**
 * Close of the `days`-th business day following the local day of `start`, in the calendar's zone
 * (the end of that day's last opening interval). The day of `start` itself never counts.
 * `days === 0` returns `start`. With a `null` (24x7) calendar every day is a business day closing
 * at local midnight in `timezone` (default UTC).
 */
export function addBusinessDays(
  start: Date,
  days: number,
  calendar: CalendarDefinition | null,
  timezone = 'UTC',
): Date {
  const startMs = instantOf(start, 'start');
  checkDayCount(days);
  if (days === 0) return new Date(startMs);
  if (calendar === null) {
    checkZone(timezone);
    return new Date(localInstant(timezone, localDayNumber(startMs, timezone) + days + 1, 0));
  }
  const cal = compile(calendar);
  let counted = 0;
  let closedStreak = 0;
  for (let day = localDayNumber(startMs, cal.zone) + 1; ; day++) {
    const spans = daySpans(cal, day);
    if (spans.length > 0) {
      closedStreak = 0;
      if (++counted === days) return new Date(spans[spans.length - 1][1]);
    } else if (++closedStreak > MAX_CLOSED_DAYS_SEARCH) {
      throw neverOpen(startMs);
    }
  }
}
