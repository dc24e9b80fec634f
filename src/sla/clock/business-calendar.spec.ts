import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addBusinessDays,
  addBusinessSeconds,
  addCalendarDays,
  businessSecondsBetween,
  CalendarDefinition,
  CalendarNeverOpenError,
  InvalidCalendarError,
  isBusinessTime,
  validateCalendar,
  Weekday,
} from './business-calendar';

const HOUR = 3600;

/** Local wall-clock ISO string (no offset) in a zone → Date. */
function at(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toJSDate();
}

function weekdays(hours: [string, string][]): CalendarDefinition['weeklyHours'] {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours };
}

const LONDON_SPLIT: CalendarDefinition = {
  timezone: 'Europe/London',
  weeklyHours: weekdays([
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ]),
  holidays: [],
  extraWorkingDays: [],
};
const LONDON_9_18: CalendarDefinition = { ...LONDON_SPLIT, weeklyHours: weekdays([['09:00', '18:00']]) };
const LONDON_9_17: CalendarDefinition = { ...LONDON_SPLIT, weeklyHours: weekdays([['09:00', '17:00']]) };
const LONDON_SUNDAY_ALL_DAY: CalendarDefinition = {
  timezone: 'Europe/London',
  weeklyHours: { sun: [['00:00', '24:00']] },
  holidays: [],
  extraWorkingDays: [],
};
const LONDON_9_17_WITH_SUNDAY: CalendarDefinition = {
  ...LONDON_9_17,
  weeklyHours: { ...weekdays([['09:00', '17:00']]), sun: [['09:00', '17:00']] },
};
const SHANGHAI: CalendarDefinition = {
  timezone: 'Asia/Shanghai',
  weeklyHours: weekdays([
    ['09:00', '12:00'],
    ['13:30', '18:00'],
  ]),
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkingDays: ['2026-09-27', '2026-10-10'],
};
const NEW_YORK: CalendarDefinition = {
  timezone: 'America/New_York',
  weeklyHours: { ...weekdays([['08:00', '20:00']]), sat: [['10:00', '14:00']] },
  holidays: ['2026-07-03', '2026-11-26', '2026-12-25'],
  extraWorkingDays: [],
};

describe('addBusinessSeconds — fixed cases', () => {
  const Z = 'Europe/London';

  it('carries over night: 17:30 + 1 h → 09:30 next day', () => {
    expect(addBusinessSeconds(at('2026-06-16T17:30', Z), HOUR, LONDON_9_18)).toEqual(at('2026-06-17T09:30', Z));
  });

  it('skips the weekend: Friday 17:00 + 2 h → Monday 10:00', () => {
    expect(addBusinessSeconds(at('2026-06-19T17:00', Z), 2 * HOUR, LONDON_9_18)).toEqual(at('2026-06-22T10:00', Z));
  });

  it('skips a holiday', () => {
    const cal = { ...LONDON_9_18, holidays: ['2026-06-17'] };
    expect(addBusinessSeconds(at('2026-06-16T17:30', Z), HOUR, cal)).toEqual(at('2026-06-18T09:30', Z));
    expect(businessSecondsBetween(at('2026-06-16T00:00', Z), at('2026-06-19T00:00', Z), cal)).toBe(18 * HOUR);
  });

  it('skips the lunch break: 11:30 + 1 h → 13:30', () => {
    expect(addBusinessSeconds(at('2026-06-16T11:30', Z), HOUR, LONDON_SPLIT)).toEqual(at('2026-06-16T13:30', Z));
  });

  it('8 business hours from 09:00 end at 18:00 the same day, not 09:00 the next', () => {
    expect(addBusinessSeconds(at('2026-06-16T09:00', Z), 8 * HOUR, LONDON_SPLIT)).toEqual(at('2026-06-16T18:00', Z));
  });

  it('a target ending exactly at 12:00 returns 12:00, not 13:00', () => {
    expect(addBusinessSeconds(at('2026-06-16T11:00', Z), HOUR, LONDON_SPLIT)).toEqual(at('2026-06-16T12:00', Z));
  });

  it('starting exactly at 12:00 (a close) continues at 13:00', () => {
    expect(addBusinessSeconds(at('2026-06-16T12:00', Z), HOUR, LONDON_SPLIT)).toEqual(at('2026-06-16T14:00', Z));
    expect(isBusinessTime(at('2026-06-16T12:00', Z), LONDON_SPLIT)).toBe(false);
    expect(isBusinessTime(at('2026-06-16T11:59:59.999', Z), LONDON_SPLIT)).toBe(true);
    expect(isBusinessTime(at('2026-06-16T13:00', Z), LONDON_SPLIT)).toBe(true);
  });

  it('starting exactly at an opening counts from the opening', () => {
    expect(addBusinessSeconds(at('2026-06-16T13:00', Z), 30 * 60, LONDON_SPLIT)).toEqual(at('2026-06-16T13:30', Z));
  });

  it('1 ms past a close moves to the next opening', () => {
    expect(addBusinessSeconds(at('2026-06-16T18:00', Z), 0.001, LONDON_SPLIT)).toEqual(at('2026-06-17T09:00:00.001', Z));
  });

  it('0 seconds from a closed moment returns the start itself', () => {
    const saturday = new Date(at('2026-06-20T03:17:45', Z).getTime() + 123);
    const result = addBusinessSeconds(saturday, 0, LONDON_SPLIT);
    expect(result.getTime()).toBe(saturday.getTime());
    expect(result).not.toBe(saturday);
  });

  it('keeps millisecond precision for fractional seconds', () => {
    const start = at('2026-06-16T11:59:59.250', Z);
    expect(addBusinessSeconds(start, 1.5, LONDON_SPLIT)).toEqual(at('2026-06-16T13:00:00.750', Z));
    expect(businessSecondsBetween(start, at('2026-06-16T13:00:00.750', Z), LONDON_SPLIT)).toBe(1.5);
  });

  it('rejects negative and non-finite durations and invalid dates', () => {
    expect(() => addBusinessSeconds(at('2026-06-16T09:00', Z), -1, LONDON_SPLIT)).toThrow(RangeError);
    expect(() => addBusinessSeconds(at('2026-06-16T09:00', Z), NaN, LONDON_SPLIT)).toThrow(RangeError);
    expect(() => addBusinessSeconds(new Date(NaN), 1, LONDON_SPLIT)).toThrow(RangeError);
  });

  it('rejects a structurally invalid calendar with its field errors', () => {
    const bad = { ...LONDON_SPLIT, timezone: 'Mars/Olympus' };
    expect(() => addBusinessSeconds(at('2026-06-16T09:00', Z), 1, bad)).toThrow(InvalidCalendarError);
    expect(() => addBusinessSeconds(at('2026-06-16T09:00', Z), 1, bad)).toThrow(/timezone/);
  });
});

describe('make-up working days and Asia/Shanghai', () => {
  const Z = 'Asia/Shanghai';

  it('opens a make-up Saturday with Monday hours', () => {
    // Friday 2026-10-09 17:30 + 1 h: Saturday 10-10 is a make-up working day.
    expect(addBusinessSeconds(at('2026-10-09T17:30', Z), HOUR, SHANGHAI)).toEqual(at('2026-10-10T09:30', Z));
    expect(at('2026-10-10T09:30', Z).toISOString()).toBe('2026-10-10T01:30:00.000Z');
    const withoutMakeUp = { ...SHANGHAI, extraWorkingDays: [] };
    expect(addBusinessSeconds(at('2026-10-09T17:30', Z), HOUR, withoutMakeUp)).toEqual(at('2026-10-12T09:30', Z));
  });

  it('skips the National Day holidays, then works the make-up Sunday', () => {
    // Wednesday 09-30 17:00 + 2 h → 1 h on 09-30, holidays 10-01..10-07 (weekend 10-03/04 closed), 10-08 09:00-10:00.
    expect(addBusinessSeconds(at('2026-09-30T17:00', Z), 2 * HOUR, SHANGHAI)).toEqual(at('2026-10-08T10:00', Z));
    // Make-up Sunday 09-27 has Monday's 7.5 h.
    expect(businessSecondsBetween(at('2026-09-27T00:00', Z), at('2026-09-28T00:00', Z), SHANGHAI)).toBe(7.5 * HOUR);
  });

  it('uses the 13:30 reopening after lunch', () => {
    expect(addBusinessSeconds(at('2026-06-15T11:00', Z), 2 * HOUR, SHANGHAI)).toEqual(at('2026-06-15T14:30', Z));
    expect(at('2026-06-15T14:30', Z).toISOString()).toBe('2026-06-15T06:30:00.000Z');
  });
});

describe('DST in Europe/London (2026-03-29 and 2026-10-25)', () => {
  const Z = 'Europe/London';

  it('a Sunday open 00:00-24:00 has 23 h on spring-forward day and 25 h on fall-back day', () => {
    expect(businessSecondsBetween(at('2026-03-28T00:00', Z), at('2026-03-31T00:00', Z), LONDON_SUNDAY_ALL_DAY)).toBe(23 * HOUR);
    expect(businessSecondsBetween(at('2026-10-24T00:00', Z), at('2026-10-27T00:00', Z), LONDON_SUNDAY_ALL_DAY)).toBe(25 * HOUR);
    expect(businessSecondsBetween(at('2026-06-20T00:00', Z), at('2026-06-23T00:00', Z), LONDON_SUNDAY_ALL_DAY)).toBe(24 * HOUR);
  });

  it('23 business hours from Saturday fill spring-forward Sunday exactly (ends at its close, not the next Sunday)', () => {
    const end = addBusinessSeconds(at('2026-03-28T12:00', Z), 23 * HOUR, LONDON_SUNDAY_ALL_DAY);
    expect(end.toISOString()).toBe('2026-03-29T23:00:00.000Z'); // Monday 00:00 BST
    const next = addBusinessSeconds(at('2026-03-28T12:00', Z), 23 * HOUR + 1, LONDON_SUNDAY_ALL_DAY);
    expect(next.toISOString()).toBe('2026-04-04T23:00:01.000Z'); // Sunday 2026-04-05 00:00:01 BST
  });

  it('fall-back Sunday holds 25 h: 24 h from its start is 23:00 local', () => {
    const end = addBusinessSeconds(at('2026-10-25T00:00', Z), 24 * HOUR, LONDON_SUNDAY_ALL_DAY);
    expect(end.toISOString()).toBe('2026-10-25T23:00:00.000Z'); // 23:00 GMT
    expect(addBusinessSeconds(at('2026-10-25T00:00', Z), 25 * HOUR, LONDON_SUNDAY_ALL_DAY).toISOString()).toBe(
      '2026-10-26T00:00:00.000Z',
    );
  });

  it('crosses each DST weekend on a 09:00-17:00 weekday calendar', () => {
    expect(addBusinessSeconds(at('2026-03-27T16:00', Z), 2 * HOUR, LONDON_9_17).toISOString()).toBe('2026-03-30T09:00:00.000Z');
    expect(addBusinessSeconds(at('2026-10-23T16:00', Z), 2 * HOUR, LONDON_9_17).toISOString()).toBe('2026-10-26T10:00:00.000Z');
  });

  it('a 09:00-17:00 Sunday keeps 8 h on both DST Sundays', () => {
    expect(businessSecondsBetween(at('2026-03-29T00:00', Z), at('2026-03-30T00:00', Z), LONDON_9_17_WITH_SUNDAY)).toBe(8 * HOUR);
    expect(businessSecondsBetween(at('2026-10-25T00:00', Z), at('2026-10-26T00:00', Z), LONDON_9_17_WITH_SUNDAY)).toBe(8 * HOUR);
    expect(addBusinessSeconds(at('2026-03-29T08:00', Z), HOUR, LONDON_9_17_WITH_SUNDAY).toISOString()).toBe(
      '2026-03-29T09:00:00.000Z', // 10:00 BST
    );
  });

  it('counts the real elapsed length of intervals in a gap or an overlap', () => {
    const gap: CalendarDefinition = { ...LONDON_SUNDAY_ALL_DAY, weeklyHours: { sun: [['01:00', '02:00']] } };
    // 01:00-02:00 does not exist on 2026-03-29: no business time that Sunday.
    expect(businessSecondsBetween(at('2026-03-28T00:00', Z), at('2026-03-30T00:00', Z), gap)).toBe(0);
    expect(businessSecondsBetween(at('2026-03-21T00:00', Z), at('2026-03-23T00:00', Z), gap)).toBe(HOUR);
    const partGap: CalendarDefinition = { ...LONDON_SUNDAY_ALL_DAY, weeklyHours: { sun: [['00:30', '03:00']] } };
    // 00:30 GMT → 03:00 BST is 1.5 h of real time.
    expect(businessSecondsBetween(at('2026-03-28T00:00', Z), at('2026-03-30T00:00', Z), partGap)).toBe(1.5 * HOUR);
    // 00:30 BST → 03:00 GMT is 3.5 h of real time.
    expect(businessSecondsBetween(at('2026-10-24T00:00', Z), at('2026-10-26T00:00', Z), partGap)).toBe(3.5 * HOUR);
    const result = addBusinessSeconds(at('2026-10-24T12:00', Z), 3.5 * HOUR, partGap);
    expect(result.toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });
});

describe('24x7 (null calendar)', () => {
  it('adds and measures plain elapsed time, with ms precision', () => {
    const start = new Date('2026-03-29T00:30:00.250Z');
    expect(addBusinessSeconds(start, 90061.5, null).toISOString()).toBe('2026-03-30T01:31:01.750Z');
    expect(businessSecondsBetween(start, new Date('2026-03-30T01:31:01.750Z'), null)).toBe(90061.5);
    expect(businessSecondsBetween(new Date('2026-03-30T00:00:00Z'), start, null)).toBe(0);
    expect(isBusinessTime(start, null)).toBe(true);
  });
});

describe('never-open calendars', () => {
  const never: CalendarDefinition = { timezone: 'UTC', weeklyHours: {}, holidays: [], extraWorkingDays: [] };

  it('throws a clear error after a bounded search, quickly', () => {
    const t0 = Date.now();
    expect(() => addBusinessSeconds(new Date('2026-01-01T00:00:00Z'), 1, never)).toThrow(CalendarNeverOpenError);
    expect(() => addBusinessSeconds(new Date('2026-01-01T00:00:00Z'), 1, never)).toThrow(/no open time within 3660 days/);
    expect(() => addBusinessDays(new Date('2026-01-01T00:00:00Z'), 1, never)).toThrow(CalendarNeverOpenError);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('returns the start for 0 seconds and measures 0 between any instants', () => {
    const start = new Date('2026-01-01T05:00:00Z');
    expect(addBusinessSeconds(start, 0, never).getTime()).toBe(start.getTime());
    expect(businessSecondsBetween(start, new Date('2027-01-01T00:00:00Z'), never)).toBe(0);
  });
});

describe('addCalendarDays and addBusinessDays', () => {
  const Z = 'Europe/London';

  it('keeps the local time across DST', () => {
    expect(addCalendarDays(at('2026-03-28T12:00', Z), 1, Z).toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(addCalendarDays(at('2026-10-24T12:00', Z), 1, Z).toISOString()).toBe('2026-10-25T12:00:00.000Z');
    expect(addCalendarDays(at('2026-03-01T10:00', Z), 56, Z)).toEqual(at('2026-04-26T10:00', Z));
    expect(() => addCalendarDays(new Date(), 1.5, Z)).toThrow(RangeError);
    expect(() => addCalendarDays(new Date(), 1, 'Nowhere/Land')).toThrow(RangeError);
  });

  it('ends at the close of the Nth following business day', () => {
    // Received Thursday: Fri (1), Mon (2), Tue (3) → Tue 18:00.
    expect(addBusinessDays(at('2026-06-18T10:00', Z), 3, LONDON_SPLIT)).toEqual(at('2026-06-23T18:00', Z));
    // The day of receipt never counts, even if received before opening.
    expect(addBusinessDays(at('2026-06-18T07:00', Z), 1, LONDON_SPLIT)).toEqual(at('2026-06-19T18:00', Z));
    // A holiday is not a business day.
    expect(addBusinessDays(at('2026-06-18T10:00', Z), 3, { ...LONDON_SPLIT, holidays: ['2026-06-22'] })).toEqual(
      at('2026-06-24T18:00', Z),
    );
    // Received Saturday → Mon, Tue, Wed.
    expect(addBusinessDays(at('2026-06-20T10:00', Z), 3, LONDON_SPLIT)).toEqual(at('2026-06-24T18:00', Z));
    // A make-up Saturday counts.
    expect(addBusinessDays(at('2026-10-09T10:00', 'Asia/Shanghai'), 1, SHANGHAI)).toEqual(at('2026-10-10T18:00', 'Asia/Shanghai'));
    // A 24:00 close is the next local midnight.
    expect(addBusinessDays(at('2026-03-27T10:00', Z), 1, LONDON_SUNDAY_ALL_DAY).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(addBusinessDays(at('2026-06-18T10:00', Z), 0, LONDON_SPLIT)).toEqual(at('2026-06-18T10:00', Z));
    expect(() => addBusinessDays(at('2026-06-18T10:00', Z), -1, LONDON_SPLIT)).toThrow(RangeError);
  });

  it('treats every day as a business day closing at local midnight with a null calendar', () => {
    expect(addBusinessDays(at('2026-03-27T10:00', Z), 2, null, Z).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(addBusinessDays(new Date('2026-06-18T23:30:00Z'), 1, null).toISOString()).toBe('2026-06-20T00:00:00.000Z');
  });
});

describe('validateCalendar', () => {
  it('accepts well-formed calendars', () => {
    for (const cal of [LONDON_SPLIT, LONDON_SUNDAY_ALL_DAY, SHANGHAI, NEW_YORK]) expect(validateCalendar(cal)).toEqual([]);
  });

  it('reports each problem with its field', () => {
    const errors = validateCalendar({
      timezone: 'Europe/Atlantis',
      weeklyHours: {
        mon: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
          ['14:00', '14:00'],
          ['9:00', '10:00'],
          ['17:00', '24:00'],
          ['24:00', '24:00'],
        ],
        tue: [
          ['08:00', '18:00'],
          ['09:00', '10:00'],
          ['11:00', '12:00'],
        ],
      },
      holidays: ['2026-02-30', '2026-12-25', '25/12/2026'],
      extraWorkingDays: ['2026-12-25', '2026-13-01'],
    });
    const fields = errors.map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        'timezone',
        'weeklyHours.mon[1]',
        'weeklyHours.mon[2]',
        'weeklyHours.mon[3]',
        'weeklyHours.mon[5]',
        'weeklyHours.tue[1]',
        'weeklyHours.tue[2]',
        'holidays[0]',
        'holidays[2]',
        'extraWorkingDays[0]',
        'extraWorkingDays[1]',
      ].sort(),
    );
    const byField = (f: string) => errors.filter((e) => e.field === f).map((e) => e.message).join(' | ');
    expect(byField('weeklyHours.mon[1]')).toMatch(/overlaps weeklyHours\.mon\[0\]/);
    expect(byField('weeklyHours.mon[2]')).toMatch(/before/);
    expect(byField('weeklyHours.mon[3]')).toMatch(/HH:mm/);
    expect(byField('weeklyHours.tue[2]')).toMatch(/overlaps weeklyHours\.tue\[0\]/);
    expect(byField('extraWorkingDays[0]')).toMatch(/holidays\[1\]/);
  });

  it('flags a never-open calendar and make-up days without Monday hours', () => {
    expect(validateCalendar({ timezone: 'UTC', weeklyHours: {}, holidays: [], extraWorkingDays: [] })).toEqual([
      { field: 'weeklyHours', message: expect.stringMatching(/never open/) },
    ]);
    expect(
      validateCalendar({ timezone: 'UTC', weeklyHours: { sat: [['09:00', '10:00']] }, holidays: [], extraWorkingDays: ['2026-01-05'] }),
    ).toEqual([{ field: 'extraWorkingDays', message: expect.stringMatching(/Monday/) }]);
  });

  it('rejects unknown weekdays and malformed shapes', () => {
    const errors = validateCalendar({
      timezone: 'UTC',
      weeklyHours: { mon: [['09:00', '10:00']], funday: [['09:00', '10:00']] } as unknown as CalendarDefinition['weeklyHours'],
      holidays: 'none' as unknown as string[],
      extraWorkingDays: [],
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['holidays', 'weeklyHours.funday']);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Shanghai', 'Australia/Sydney', 'UTC'];

/** Random but valid calendars: per day up to 3 disjoint intervals on a 15-minute grid. */
const arbDayHours = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const fmt = (q: number) => (q === 96 ? '24:00' : `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
    const intervals: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([fmt(sorted[i]), fmt(sorted[i + 1])]);
    return intervals;
  });

const arbRandomCalendar: fc.Arbitrary<CalendarDefinition> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    hours: fc.tuple(...DAYS.map(() => arbDayHours)),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 730 }), { maxLength: 20 }),
  })
  .map(({ timezone, hours, holidays }) => {
    const weeklyHours: CalendarDefinition['weeklyHours'] = {};
    DAYS.forEach((d, i) => {
      if (hours[i].length > 0) weeklyHours[d] = hours[i];
    });
    const dates = holidays.map((n) => DateTime.fromISO('2026-01-01', { zone: 'UTC' }).plus({ days: n }).toISODate()!);
    return { timezone, weeklyHours, holidays: dates, extraWorkingDays: [] };
  })
  .filter((cal) => Object.keys(cal.weeklyHours).length > 0);

const arbCalendar: fc.Arbitrary<CalendarDefinition | null> = fc.oneof(
  fc.constantFrom<CalendarDefinition | null>(null, LONDON_SPLIT, LONDON_SUNDAY_ALL_DAY, LONDON_9_17_WITH_SUNDAY, SHANGHAI, NEW_YORK),
  arbRandomCalendar,
);

const T_MIN = Date.parse('2026-01-01T00:00:00Z');
const T_MAX = Date.parse('2027-12-31T00:00:00Z');
const arbInstant = fc.integer({ min: T_MIN, max: T_MAX }).map((ms) => new Date(ms));
/** Up to 60 business hours (weeks of a sparse calendar), in whole milliseconds. */
const arbSeconds = fc.integer({ min: 0, max: 60 * 3600 * 1000 }).map((ms) => ms / 1000);

describe('properties', () => {
  it('add-then-measure gives N back, and the result is the earliest such instant', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbSeconds, (cal, start, n) => {
        const end = addBusinessSeconds(start, n, cal);
        expect(Math.abs(businessSecondsBetween(start, end, cal) - n)).toBeLessThan(0.001);
        if (n > 0) expect(businessSecondsBetween(start, new Date(end.getTime() - 1), cal)).toBeLessThan(n);
        else expect(end.getTime()).toBe(start.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('is monotonic in N and in the start', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbInstant, arbSeconds, arbSeconds, (cal, s1, s2, n1, n2) => {
        const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [m, n] = n1 <= n2 ? [n1, n2] : [n2, n1];
        expect(addBusinessSeconds(a, m, cal).getTime()).toBeLessThanOrEqual(addBusinessSeconds(a, n, cal).getTime());
        expect(addBusinessSeconds(a, m, cal).getTime()).toBeLessThanOrEqual(addBusinessSeconds(b, m, cal).getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('measures additively and composes additions', () => {
    fc.assert(
      fc.property(arbCalendar, arbInstant, arbSeconds, arbSeconds, (cal, start, n1, n2) => {
        const mid = addBusinessSeconds(start, n1, cal);
        const end = addBusinessSeconds(start, n1 + n2, cal);
        if (n2 > 0) expect(addBusinessSeconds(mid, n2, cal).getTime()).toBe(end.getTime());
        const total = businessSecondsBetween(start, end, cal);
        const parts = businessSecondsBetween(start, mid, cal) + businessSecondsBetween(mid, end, cal);
        expect(Math.abs(total - parts)).toBeLessThan(0.001);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with a minute-by-minute oracle on fixed-offset zones', () => {
    // Independent brute force: Asia/Shanghai (UTC+8, no DST since 1991) walked minute by minute.
    const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    const openMinutes = (cal: CalendarDefinition, startMin: number, span: number): number => {
      const hoursByDay = new Map<number, [number, number][]>();
      const hoursOf = (dayNumber: number): [number, number][] => {
        let hours = hoursByDay.get(dayNumber);
        if (!hours) {
          const date = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
          const day: Weekday = cal.extraWorkingDays.includes(date) ? 'mon' : DAYS[(dayNumber + 3) % 7];
          hours = cal.holidays.includes(date) ? [] : (cal.weeklyHours[day] ?? []).map(([s, e]) => [toMin(s), toMin(e)]);
          hoursByDay.set(dayNumber, hours);
        }
        return hours;
      };
      let open = 0;
      for (let m = startMin; m < startMin + span; m++) {
        const local = m + 8 * 60; // UTC+8
        const dayNumber = Math.floor(local / 1440);
        const minute = local - dayNumber * 1440;
        if (hoursOf(dayNumber).some(([s, e]) => minute >= s && minute < e)) open++;
      }
      return open;
    };
    const arbShanghai = fc.oneof(
      fc.constant(SHANGHAI),
      arbRandomCalendar.map((c) => ({ ...c, timezone: 'Asia/Shanghai' })),
    );
    const arbMinute = fc.integer({ min: Date.parse('2026-09-20T00:00:00Z') / 60000, max: Date.parse('2026-10-20T00:00:00Z') / 60000 });
    fc.assert(
      fc.property(arbShanghai, arbMinute, fc.integer({ min: 0, max: 3 * 24 * 60 }), (cal, startMin, span) => {
        const expected = openMinutes(cal, startMin, span) * 60;
        const got = businessSecondsBetween(new Date(startMin * 60000), new Date((startMin + span) * 60000), cal);
        expect(got).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});
