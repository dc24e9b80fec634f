/**
 * Regulator-style final-response clocks, as data (regulator-presets.data.json), with a typed,
 * validated loader and the due-date arithmetic. Pure: no I/O beyond the bundled JSON.
 */
import { IANAZone } from 'luxon';
import { addBusinessDays, addCalendarDays, CalendarDefinition } from '../clock/business-calendar';
import rawPresets from './regulator-presets.data.json';

export type RegulatorClockUnit = 'calendar_days' | 'business_days' | 'weeks';
/** Secondary clocks may also be expressed in elapsed hours (e.g. a 24-hour acknowledgement). */
export type RegulatorSubClockUnit = RegulatorClockUnit | 'hours';

export interface RegulatorSubClock {
  code: string;
  name: string;
  unit: RegulatorSubClockUnit;
  amount: number;
  description: string;
  /**
   * An informational clock is not a deadline the firm must meet (e.g. the FCA summary
   * resolution: resolving by then only permits a shorter final response). No SLA clock is
   * derived from it; it is shown for reference.
   */
  informational?: boolean;
}

/** Code of the sub-clock that caps the acknowledge target (must be in `hours`). */
export const ACKNOWLEDGE_SUB_CLOCK = 'acknowledge';

export interface RegulatorPreset {
  code: string;
  name: string;
  /** ISO 3166-1 alpha-2 country code, or `EU`. */
  jurisdiction: string;
  unit: RegulatorClockUnit;
  amount: number;
  description: string;
  extra?: { clocks?: RegulatorSubClock[] };
}

const MAIN_UNITS: readonly string[] = ['calendar_days', 'business_days', 'weeks'];
const SUB_UNITS: readonly string[] = [...MAIN_UNITS, 'hours'];
const CODE_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function fail(where: string, message: string): never {
  throw new Error(`regulator-presets.data.json ${where}: ${message}`);
}

function checkClockFields(value: Record<string, unknown>, where: string, units: readonly string[]): void {
  for (const key of ['code', 'name', 'description'] as const) {
    if (typeof value[key] !== 'string' || (value[key] as string).trim() === '') fail(where, `${key} must be a non-empty string`);
  }
  if (!CODE_RE.test(value.code as string)) fail(where, `code ${JSON.stringify(value.code)} must be lower-case kebab-case`);
  if (!units.includes(value.unit as string)) fail(where, `unit must be one of ${units.join(', ')}`);
  if (!Number.isInteger(value.amount) || (value.amount as number) <= 0) fail(where, 'amount must be a positive integer');
}

/** Validate raw preset data; exported for tests. Throws on the first problem. */
export function parseRegulatorPresets(raw: unknown): RegulatorPreset[] {
  if (!Array.isArray(raw)) fail('root', 'must be an array');
  const seen = new Set<string>();
  return raw.map((entry: unknown, i: number): RegulatorPreset => {
    const where = `[${i}]`;
    if (entry === null || typeof entry !== 'object') fail(where, 'must be an object');
    const preset = entry as Record<string, unknown>;
    checkClockFields(preset, where, MAIN_UNITS);
    if (typeof preset.jurisdiction !== 'string' || !/^[A-Z]{2}$/.test(preset.jurisdiction)) {
      fail(where, 'jurisdiction must be a two-letter upper-case code');
    }
    if (seen.has(preset.code as string)) fail(where, `duplicate code ${preset.code}`);
    seen.add(preset.code as string);
    let extra: RegulatorPreset['extra'];
    if (preset.extra !== undefined) {
      const rawExtra = preset.extra as Record<string, unknown>;
      if (rawExtra === null || typeof rawExtra !== 'object') fail(where, 'extra must be an object');
      const clocks = rawExtra.clocks;
      if (clocks !== undefined && !Array.isArray(clocks)) fail(where, 'extra.clocks must be an array');
      const subCodes = new Set<string>();
      extra = {
        clocks: (clocks as unknown[] | undefined)?.map((clock, j) => {
          const at = `${where}.extra.clocks[${j}]`;
          if (clock === null || typeof clock !== 'object') fail(at, 'must be an object');
          const sub = clock as Record<string, unknown>;
          checkClockFields(sub, at, SUB_UNITS);
          if (subCodes.has(sub.code as string)) fail(at, `duplicate code ${sub.code}`);
          subCodes.add(sub.code as string);
          if (sub.informational !== undefined && typeof sub.informational !== 'boolean') fail(at, 'informational must be a boolean');
          if (sub.code === ACKNOWLEDGE_SUB_CLOCK && sub.unit !== 'hours') fail(at, `the ${ACKNOWLEDGE_SUB_CLOCK} clock must be in hours`);
          return Object.freeze({
            code: sub.code as string,
            name: sub.name as string,
            unit: sub.unit as RegulatorSubClockUnit,
            amount: sub.amount as number,
            description: sub.description as string,
            ...(sub.informational !== undefined ? { informational: sub.informational as boolean } : {}),
          });
        }),
      };
    }
    return Object.freeze({
      code: preset.code as string,
      name: preset.name as string,
      jurisdiction: preset.jurisdiction as string,
      unit: preset.unit as RegulatorClockUnit,
      amount: preset.amount as number,
      description: preset.description as string,
      ...(extra ? { extra: Object.freeze(extra) } : {}),
    });
  });
}

const PRESETS: readonly RegulatorPreset[] = Object.freeze(parseRegulatorPresets(rawPresets));

/** All bundled presets, in file order. */
export function listRegulatorPresets(): readonly RegulatorPreset[] {
  return PRESETS;
}

/** The preset with this code (case-insensitive), or undefined. */
export function findRegulatorPreset(code: string): RegulatorPreset | undefined {
  const wanted = String(code).toLowerCase();
  return PRESETS.find((p) => p.code === wanted);
}

/** Mon-Fri, whole days, no holidays, in `timezone`: business days when no calendar is given. */
function weekdayCalendar(timezone: string): CalendarDefinition {
  const day: [string, string][] = [['00:00', '24:00']];
  return { timezone, weeklyHours: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: [], extraWorkingDays: [] };
}

/**
 * Due instant of a regulator clock for a complaint received at `receivedAt`:
 * - `calendar_days`: same local time N days later in `timezone` (DST-safe);
 * - `weeks`: 7 x N calendar days;
 * - `business_days`: close of the N-th business day following the day of receipt in the
 *   calendar's zone; with a null (24x7) calendar the business days are Monday to Friday in
 *   `timezone` (no holidays known), each closing at local midnight;
 * - `hours`: N elapsed hours.
 */
export function regulatorClockDueAt(
  clock: { unit: RegulatorSubClockUnit; amount: number },
  receivedAt: Date,
  timezone: string,
  calendar: CalendarDefinition | null,
): Date {
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`timezone must be a valid IANA time zone, got ${JSON.stringify(timezone)}`);
  switch (clock.unit) {
    case 'calendar_days':
      return addCalendarDays(receivedAt, clock.amount, timezone);
    case 'weeks':
      return addCalendarDays(receivedAt, 7 * clock.amount, timezone);
    case 'business_days':
      return addBusinessDays(receivedAt, clock.amount, calendar ?? weekdayCalendar(timezone));
    case 'hours': {
      const start = receivedAt.getTime();
      if (!Number.isFinite(start)) throw new RangeError('receivedAt must be a valid Date');
      return new Date(start + clock.amount * 3_600_000);
    }
    default:
      throw new RangeError(`unknown regulator clock unit ${JSON.stringify((clock as { unit: unknown }).unit)}`);
  }
}

/** Final-response due instant of a preset (see `regulatorClockDueAt`). */
export function finalResponseDueAt(
  preset: RegulatorPreset,
  receivedAt: Date,
  timezone: string,
  calendar: CalendarDefinition | null,
): Date {
  return regulatorClockDueAt(preset, receivedAt, timezone, calendar);
}

/**
 * Cap (seconds) that a preset puts on the acknowledge target: its non-informational
 * `acknowledge` sub-clock in hours (ASIC RG 271: 24 h = 86400), or null when it has none.
 * The policy's own acknowledge target applies when it is shorter.
 */
export function acknowledgeCapSeconds(preset: RegulatorPreset): number | null {
  const clock = preset.extra?.clocks?.find((c) => c.code === ACKNOWLEDGE_SUB_CLOCK && !c.informational);
  return clock && clock.unit === 'hours' ? clock.amount * 3600 : null;
}
