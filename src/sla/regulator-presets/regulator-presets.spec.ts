import { DateTime } from 'luxon';
import { CalendarDefinition } from '../clock/business-calendar';
import {
  acknowledgeCapSeconds,
  finalResponseDueAt,
  findRegulatorPreset,
  listRegulatorPresets,
  parseRegulatorPresets,
  regulatorClockDueAt,
  RegulatorPreset,
} from './regulator-presets';
import raw from './regulator-presets.data.json';

const at = (local: string, zone: string): Date => DateTime.fromISO(local, { zone }).toJSDate();
const weekdays = (hours: [string, string][]): CalendarDefinition['weeklyHours'] => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
});
const LONDON: CalendarDefinition = {
  timezone: 'Europe/London',
  weeklyHours: weekdays([['09:00', '17:30']]),
  holidays: ['2026-05-04', '2026-05-25'],
  extraWorkingDays: [],
};
const FRANKFURT: CalendarDefinition = {
  timezone: 'Europe/Berlin',
  weeklyHours: weekdays([['08:00', '18:00']]),
  holidays: ['2026-05-01', '2026-05-14'],
  extraWorkingDays: [],
};

function preset(code: string): RegulatorPreset {
  const found = findRegulatorPreset(code);
  if (!found) throw new Error(`missing preset ${code}`);
  return found;
}

describe('regulator presets data', () => {
  it('bundles the five regulator clocks with their amounts and units', () => {
    const summary = listRegulatorPresets().map((p) => [p.code, p.jurisdiction, p.unit, p.amount]);
    expect(summary).toEqual([
      ['uk-fca-disp', 'GB', 'weeks', 8],
      ['eu-psd2', 'EU', 'business_days', 15],
      ['us-cfpb', 'US', 'calendar_days', 60],
      ['cn-miit', 'CN', 'calendar_days', 15],
      ['au-asic-rg271', 'AU', 'calendar_days', 30],
    ]);
    expect(preset('uk-fca-disp').extra?.clocks).toEqual([expect.objectContaining({ code: 'summary-resolution', unit: 'business_days', amount: 3 })]);
    expect(preset('eu-psd2').extra?.clocks).toEqual([expect.objectContaining({ unit: 'business_days', amount: 35 })]);
    expect(preset('us-cfpb').extra?.clocks).toEqual([expect.objectContaining({ code: 'company-response', unit: 'calendar_days', amount: 15 })]);
    expect(preset('au-asic-rg271').extra?.clocks).toEqual([expect.objectContaining({ code: 'acknowledge', unit: 'hours', amount: 24 })]);
  });

  it('finds presets by code, case-insensitively, and returns undefined for unknown codes', () => {
    expect(findRegulatorPreset('EU-PSD2')?.name).toMatch(/PSD2/);
    expect(findRegulatorPreset('xx-nothing')).toBeUndefined();
  });

  it('exposes frozen data', () => {
    expect(Object.isFrozen(listRegulatorPresets())).toBe(true);
    expect(Object.isFrozen(preset('cn-miit'))).toBe(true);
  });

  it('rejects malformed preset data', () => {
    const good = (raw as unknown[])[0] as Record<string, unknown>;
    expect(() => parseRegulatorPresets({})).toThrow(/must be an array/);
    expect(() => parseRegulatorPresets([{ ...good, unit: 'fortnights' }])).toThrow(/\[0\]: unit/);
    expect(() => parseRegulatorPresets([{ ...good, amount: 0 }])).toThrow(/amount/);
    expect(() => parseRegulatorPresets([{ ...good, amount: 2.5 }])).toThrow(/amount/);
    expect(() => parseRegulatorPresets([{ ...good, code: 'UK FCA' }])).toThrow(/kebab-case/);
    expect(() => parseRegulatorPresets([good, good])).toThrow(/duplicate code/);
    expect(() => parseRegulatorPresets([{ ...good, jurisdiction: 'Britain' }])).toThrow(/jurisdiction/);
    expect(() => parseRegulatorPresets([{ ...good, extra: { clocks: [{ code: 'x' }] } }])).toThrow(/extra\.clocks\[0\]/);
    expect(parseRegulatorPresets(raw)).toHaveLength(5);
  });
});

describe('sub-clocks', () => {
  it('FCA summary resolution is informational, not a deadline', () => {
    const summary = preset('uk-fca-disp').extra!.clocks!.find((c) => c.code === 'summary-resolution')!;
    expect(summary.informational).toBe(true);
    expect(preset('uk-fca-disp').description).toMatch(/informational/);
    // Nothing else is informational.
    const others = listRegulatorPresets().flatMap((p) => p.extra?.clocks ?? []).filter((c) => c !== summary);
    expect(others.every((c) => !c.informational)).toBe(true);
  });

  it('ASIC caps the acknowledge target at 24 h; the others do not', () => {
    expect(acknowledgeCapSeconds(preset('au-asic-rg271'))).toBe(86400);
    for (const code of ['uk-fca-disp', 'eu-psd2', 'us-cfpb', 'cn-miit']) expect(acknowledgeCapSeconds(preset(code))).toBeNull();
  });

  it('validates the informational flag and the acknowledge unit', () => {
    const good = (raw as unknown[])[0] as Record<string, unknown>;
    const sub = { code: 'acknowledge', name: 'Ack', unit: 'hours', amount: 48, description: 'Ack within 48 h' };
    expect(() => parseRegulatorPresets([{ ...good, extra: { clocks: [{ ...sub, informational: 'yes' }] } }])).toThrow(/informational/);
    expect(() => parseRegulatorPresets([{ ...good, extra: { clocks: [{ ...sub, unit: 'business_days' }] } }])).toThrow(/hours/);
    const [parsed] = parseRegulatorPresets([{ ...good, extra: { clocks: [sub] } }]);
    expect(acknowledgeCapSeconds(parsed)).toBe(48 * 3600);
    expect(parsed.extra!.clocks![0]).not.toHaveProperty('informational');
    const [informational] = parseRegulatorPresets([{ ...good, extra: { clocks: [{ ...sub, informational: true }] } }]);
    expect(acknowledgeCapSeconds(informational)).toBeNull();
  });

  it('CFPB: final response within 60 calendar days, company response within 15', () => {
    expect(preset('us-cfpb')).toMatchObject({ unit: 'calendar_days', amount: 60 });
    expect(preset('us-cfpb').extra!.clocks).toEqual([
      expect.objectContaining({ code: 'company-response', unit: 'calendar_days', amount: 15 }),
    ]);
  });
});

describe('finalResponseDueAt', () => {
  it('FCA: 8 weeks keep the local time across the spring DST change', () => {
    const due = finalResponseDueAt(preset('uk-fca-disp'), at('2026-03-01T10:00', 'Europe/London'), 'Europe/London', LONDON);
    expect(due.toISOString()).toBe('2026-04-26T09:00:00.000Z'); // 10:00 BST
  });

  it('FCA summary resolution: close of the 3rd business day after receipt, skipping a bank holiday', () => {
    const summary = preset('uk-fca-disp').extra!.clocks![0];
    // Received Friday 2026-05-01; Monday 05-04 is a bank holiday → Tue, Wed, Thu.
    expect(regulatorClockDueAt(summary, at('2026-05-01T16:00', 'Europe/London'), 'Europe/London', LONDON)).toEqual(
      at('2026-05-07T17:30', 'Europe/London'),
    );
  });

  it('PSD2: 15 business days in the calendar, and 35 in exceptional cases', () => {
    // Received Thursday 2026-04-30; holidays 05-01 and 05-14.
    // Business days: May 4-8 (5), 11-13, 15 (9), 18-22 (14), 25 (15).
    expect(finalResponseDueAt(preset('eu-psd2'), at('2026-04-30T11:00', 'Europe/Berlin'), 'Europe/Berlin', FRANKFURT)).toEqual(
      at('2026-05-25T18:00', 'Europe/Berlin'),
    );
    const extended = preset('eu-psd2').extra!.clocks![0];
    // 20 more business days after 05-25: 4 weeks → 2026-06-22.
    expect(regulatorClockDueAt(extended, at('2026-04-30T11:00', 'Europe/Berlin'), 'Europe/Berlin', FRANKFURT)).toEqual(
      at('2026-06-22T18:00', 'Europe/Berlin'),
    );
  });

  it('PSD2 without a calendar counts weekdays (Mon-Fri) in the time zone, closing at local midnight', () => {
    // Received Thursday 2026-04-30: May 1 (1), 4-8 (6), 11-15 (11), 18-21 (15) -> end of Thursday 05-21.
    // Counting every day would land on 05-16, five business days early.
    expect(finalResponseDueAt(preset('eu-psd2'), at('2026-04-30T11:00', 'Europe/Berlin'), 'Europe/Berlin', null)).toEqual(
      at('2026-05-22T00:00', 'Europe/Berlin'),
    );
    // Received on a Saturday: the first business day is Monday 05-04; 15th is Friday 05-22.
    expect(finalResponseDueAt(preset('eu-psd2'), at('2026-05-02T10:00', 'Europe/Berlin'), 'Europe/Berlin', null)).toEqual(
      at('2026-05-23T00:00', 'Europe/Berlin'),
    );
    // The weekdays are those of the given zone: Thursday 23:30 in New York is already Friday in UTC,
    // so the next business day is Friday there (not Monday).
    const thursday = at('2026-04-30T23:30', 'America/New_York');
    expect(regulatorClockDueAt({ unit: 'business_days', amount: 1 }, thursday, 'America/New_York', null)).toEqual(
      at('2026-05-02T00:00', 'America/New_York'),
    );
  });

  it('FCA summary resolution without a calendar: 3 weekdays after receipt', () => {
    const summary = preset('uk-fca-disp').extra!.clocks![0];
    // Received Friday 2026-05-01 -> Mon, Tue, Wed (no bank holidays are known without a calendar).
    expect(regulatorClockDueAt(summary, at('2026-05-01T16:00', 'Europe/London'), 'Europe/London', null)).toEqual(
      at('2026-05-07T00:00', 'Europe/London'),
    );
  });

  it('CFPB: 15 and 60 calendar days, across the autumn DST change', () => {
    const received = at('2026-10-01T09:30', 'America/New_York');
    expect(finalResponseDueAt(preset('us-cfpb'), received, 'America/New_York', null)).toEqual(at('2026-11-30T09:30', 'America/New_York'));
    expect(at('2026-11-30T09:30', 'America/New_York').toISOString()).toBe('2026-11-30T14:30:00.000Z');
    const company = preset('us-cfpb').extra!.clocks![0];
    expect(regulatorClockDueAt(company, received, 'America/New_York', null)).toEqual(at('2026-10-16T09:30', 'America/New_York'));
  });

  it('MIIT: 15 calendar days in Asia/Shanghai, regardless of the business calendar', () => {
    const received = at('2026-09-28T20:00', 'Asia/Shanghai');
    const due = finalResponseDueAt(preset('cn-miit'), received, 'Asia/Shanghai', {
      timezone: 'Asia/Shanghai',
      weeklyHours: weekdays([['09:00', '18:00']]),
      holidays: ['2026-10-01', '2026-10-02'],
      extraWorkingDays: [],
    });
    expect(due.toISOString()).toBe('2026-10-13T12:00:00.000Z');
  });

  it('ASIC RG 271: 24-hour acknowledgement and 30 calendar days', () => {
    const received = at('2026-04-02T15:00', 'Australia/Sydney'); // AEDT; DST ends 2026-04-05
    expect(finalResponseDueAt(preset('au-asic-rg271'), received, 'Australia/Sydney', null)).toEqual(
      at('2026-05-02T15:00', 'Australia/Sydney'),
    );
    expect(at('2026-05-02T15:00', 'Australia/Sydney').getTime() - received.getTime()).toBe((30 * 24 + 1) * 3600 * 1000);
    const ack = preset('au-asic-rg271').extra!.clocks![0];
    expect(regulatorClockDueAt(ack, received, 'Australia/Sydney', null).getTime() - received.getTime()).toBe(24 * 3600 * 1000);
  });

  it('rejects an invalid time zone', () => {
    expect(() => finalResponseDueAt(preset('us-cfpb'), new Date(), 'Moon/Base', null)).toThrow(RangeError);
  });
});
