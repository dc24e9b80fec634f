import { IANAZone } from 'luxon';
import { AppException, FieldError } from '../common/errors/app.exception';
import { MAX_REPORT_DAYS } from './report-definitions';

export interface ReportPeriod {
  from: Date;
  to: Date;
  /** IANA zone for day/week/month groups. */
  tz: string;
}

const DAY_MS = 86_400_000;
/** Default period: the 30 days before now. */
export const DEFAULT_PERIOD_DAYS = 30;

/** The service's time zone: TIMEZONE (as the SLA module reads it), else UTC. */
export function serviceTimezone(): string {
  const tz = process.env.TIMEZONE;
  return tz && IANAZone.isValidZone(tz) ? tz : 'UTC';
}

/**
 * A report's period from its query: `from` inclusive, `to` exclusive (ISO-8601; `to` defaults
 * to now, `from` to 30 days before `to`), `tz` an IANA zone. 400 naming the parameter when a
 * date is not one, `from` is not before `to`, the span exceeds MAX_REPORT_DAYS, or the zone is
 * unknown. Pure apart from `now`.
 */
export function parsePeriod(query: { from?: string; to?: string; tz?: string }, now: Date, requirePeriod = true): ReportPeriod {
  const errors: FieldError[] = [];
  const parse = (name: 'from' | 'to', value: string | undefined): Date | null => {
    if (value === undefined) return null;
    const d = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) {
      errors.push({ field: name, message: `${name} must be an ISO-8601 date or date-time` });
      return null;
    }
    return d;
  };
  const from = parse('from', query.from);
  const to = parse('to', query.to);
  const tz = query.tz ?? serviceTimezone();
  if (!IANAZone.isValidZone(tz)) errors.push({ field: 'tz', message: 'tz must be an IANA time zone such as Asia/Shanghai or UTC' });
  if (errors.length) throw AppException.validation(errors);
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (start.getTime() >= end.getTime()) throw AppException.validation([{ field: 'from', message: 'from must be before to' }]);
  if (requirePeriod && end.getTime() - start.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    throw AppException.validation([{ field: 'to', message: `the period from..to may span at most ${MAX_REPORT_DAYS} days` }]);
  }
  return { from: start, to: end, tz };
}
