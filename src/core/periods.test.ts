import { afterEach, describe, expect, it } from 'vitest';
import { dayWindow, inWindow, monthWindow, startOfLocalDay, weekWindow, zonedParts, type WeekStart, type Window } from './periods';

const H = 3_600_000;
const iso = (text: string) => Date.parse(text);
const hours = (w: Window) => (w.end - w.start) / H;
const isoWindow = (w: Window) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()];

describe('zonedParts', () => {
  it('reads the wall clock, including :30 and :45 offsets and the weekday', () => {
    expect(zonedParts(iso('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toEqual({ year: 2026, month: 1, day: 1, hour: 5, minute: 30, second: 0, weekday: 4 });
    expect(zonedParts(iso('2025-12-31T18:15:00Z'), 'Asia/Kathmandu')).toMatchObject({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 });
    expect(zonedParts(iso('2026-03-08T04:59:59Z'), 'America/New_York')).toMatchObject({ day: 7, hour: 23, minute: 59, second: 59, weekday: 6 });
  });

  it('reports midnight as hour 0, never 24', () => {
    expect(zonedParts(iso('2026-06-15T00:00:00Z'), 'UTC').hour).toBe(0);
  });

  it('rejects an unknown time zone', () => {
    expect(() => zonedParts(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight on ordinary days', () => {
    expect(startOfLocalDay(2026, 1, 1, 'UTC')).toBe(iso('2026-01-01T00:00:00Z'));
    expect(startOfLocalDay(2026, 1, 1, 'Asia/Kolkata')).toBe(iso('2025-12-31T18:30:00Z'));
    expect(startOfLocalDay(2026, 1, 1, 'Asia/Kathmandu')).toBe(iso('2025-12-31T18:15:00Z'));
    expect(startOfLocalDay(2026, 7, 1, 'Europe/London')).toBe(iso('2026-06-30T23:00:00Z'));
  });

  it('starts at the jump when midnight itself was skipped (São Paulo 2018, Havana 2026)', () => {
    // 2018-11-04 00:00 -03 became 01:00 -02: the day's first instant is 01:00 local.
    expect(startOfLocalDay(2018, 11, 4, 'America/Sao_Paulo')).toBe(iso('2018-11-04T03:00:00Z'));
    expect(zonedParts(iso('2018-11-04T03:00:00Z'), 'America/Sao_Paulo')).toMatchObject({ day: 4, hour: 1, minute: 0 });
    expect(startOfLocalDay(2026, 3, 8, 'America/Havana')).toBe(iso('2026-03-08T05:00:00Z'));
  });

  it('takes the earlier of two midnights when the clocks fall back onto midnight (Havana 2026, Amman 2021)', () => {
    expect(startOfLocalDay(2026, 11, 1, 'America/Havana')).toBe(iso('2026-11-01T04:00:00Z'));
    // East of UTC the offset in force at UTC midnight is the later one, so the first guess is the second midnight.
    expect(startOfLocalDay(2021, 10, 29, 'Asia/Amman')).toBe(iso('2021-10-28T21:00:00Z'));
    expect(hours(dayWindow(iso('2021-10-29T12:00:00Z'), 'Asia/Amman'))).toBe(25);
  });

  it('falls through to the next existing date when a whole date was skipped (Samoa 2011-12-30)', () => {
    expect(startOfLocalDay(2011, 12, 30, 'Pacific/Apia')).toBe(iso('2011-12-30T10:00:00Z'));
    expect(startOfLocalDay(2011, 12, 31, 'Pacific/Apia')).toBe(iso('2011-12-30T10:00:00Z'));
  });

  it('rolls over days and months like Date.UTC', () => {
    expect(startOfLocalDay(2026, 13, 1, 'UTC')).toBe(iso('2027-01-01T00:00:00Z'));
    expect(startOfLocalDay(2026, 3, 0, 'UTC')).toBe(iso('2026-02-28T00:00:00Z'));
  });
});

describe('dayWindow', () => {
  it('is 24 hours in UTC and contains now', () => {
    const now = iso('2026-05-17T13:45:12.345Z');
    const w = dayWindow(now, 'UTC');
    expect(isoWindow(w)).toEqual(['2026-05-17T00:00:00.000Z', '2026-05-18T00:00:00.000Z']);
    expect(inWindow(now, w)).toBe(true);
  });

  it('is 23 hours on the New York spring-forward day and 25 on the fall-back day', () => {
    const spring = dayWindow(iso('2026-03-08T15:00:00Z'), 'America/New_York');
    expect(isoWindow(spring)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(hours(spring)).toBe(23);
    const fall = dayWindow(iso('2026-11-01T15:00:00Z'), 'America/New_York');
    expect(isoWindow(fall)).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(hours(fall)).toBe(25);
  });

  it('covers both passes through the repeated hour on the fall-back day', () => {
    const first = dayWindow(iso('2026-11-01T05:30:00Z'), 'America/New_York'); // 01:30 EDT
    const second = dayWindow(iso('2026-11-01T06:30:00Z'), 'America/New_York'); // 01:30 EST
    expect(first).toEqual(second);
  });

  it('handles London clock changes', () => {
    expect(hours(dayWindow(iso('2026-03-29T12:00:00Z'), 'Europe/London'))).toBe(23);
    expect(hours(dayWindow(iso('2026-10-25T12:00:00Z'), 'Europe/London'))).toBe(25);
    expect(hours(dayWindow(iso('2026-10-26T12:00:00Z'), 'Europe/London'))).toBe(24);
  });

  it('starts mid-hour in Kolkata and Kathmandu', () => {
    expect(isoWindow(dayWindow(iso('2026-01-01T00:00:00Z'), 'Asia/Kolkata'))).toEqual(['2025-12-31T18:30:00.000Z', '2026-01-01T18:30:00.000Z']);
    // 18:14:59Z is still the 31st in Kathmandu.
    expect(isoWindow(dayWindow(iso('2025-12-31T18:14:59.999Z'), 'Asia/Kathmandu'))).toEqual(['2025-12-30T18:15:00.000Z', '2025-12-31T18:15:00.000Z']);
  });

  it('is 23.5 and 24.5 hours on Lord Howe Island, whose DST shift is 30 minutes', () => {
    expect(hours(dayWindow(iso('2026-10-04T06:00:00Z'), 'Australia/Lord_Howe'))).toBe(23.5);
    expect(hours(dayWindow(iso('2026-04-05T06:00:00Z'), 'Australia/Lord_Howe'))).toBe(24.5);
  });

  it('is 23 hours on the São Paulo day whose midnight was skipped, and 25 when it fell back onto the day before', () => {
    expect(hours(dayWindow(iso('2018-11-04T12:00:00Z'), 'America/Sao_Paulo'))).toBe(23);
    expect(hours(dayWindow(iso('2018-11-03T12:00:00Z'), 'America/Sao_Paulo'))).toBe(24);
    expect(hours(dayWindow(iso('2019-02-16T12:00:00Z'), 'America/Sao_Paulo'))).toBe(25);
  });

  it('ends Samoa’s 29 December 2011 where 31 December began', () => {
    const w = dayWindow(iso('2011-12-29T22:00:00Z'), 'Pacific/Apia');
    expect(isoWindow(w)).toEqual(['2011-12-29T10:00:00.000Z', '2011-12-30T10:00:00.000Z']);
    expect(dayWindow(w.end, 'Pacific/Apia').start).toBe(w.end);
    // Today Apia is +13 all year.
    expect(isoWindow(dayWindow(iso('2026-06-01T12:00:00Z'), 'Pacific/Apia'))).toEqual(['2026-06-01T11:00:00.000Z', '2026-06-02T11:00:00.000Z']);
  });

  it('tiles time: every window starts where the previous ended, contains its instants and one local date only', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/Sao_Paulo', 'America/Havana'];
    for (const zone of zones) {
      // Walk a year that includes both clock changes (2018 for São Paulo, whose DST ended in 2019).
      let w = dayWindow(iso(zone === 'America/Sao_Paulo' ? '2018-01-01T12:00:00Z' : '2026-01-01T12:00:00Z'), zone);
      for (let i = 0; i < 370; i++) {
        const first = zonedParts(w.start, zone);
        const last = zonedParts(w.end - 1, zone);
        expect([first.year, first.month, first.day]).toEqual([last.year, last.month, last.day]);
        expect(zonedParts(w.start - 1, zone).day).not.toBe(first.day);
        expect(hours(w)).toBeGreaterThanOrEqual(23);
        expect(hours(w)).toBeLessThanOrEqual(25);
        const next = dayWindow(w.end, zone);
        expect(next.start).toBe(w.end);
        w = next;
      }
    }
  });
});

describe('weekWindow', () => {
  // Thursday 1 January 2026, around noon in UTC.
  const newYear = iso('2026-01-01T12:00:00Z');
  const cases: [WeekStart, string, string][] = [
    [0, '2025-12-28T00:00:00.000Z', '2026-01-04T00:00:00.000Z'],
    [1, '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
    [6, '2025-12-27T00:00:00.000Z', '2026-01-03T00:00:00.000Z'],
  ];
  it.each(cases)('with weekStart %i spans the year boundary in UTC', (weekStart, start, end) => {
    expect(isoWindow(weekWindow(newYear, 'UTC', weekStart))).toEqual([start, end]);
  });

  it('uses the local date, not the UTC one, in Kolkata', () => {
    // Sunday 2026-03-01 02:00 in Kolkata is still Saturday 28 February in UTC.
    const now = iso('2026-02-28T20:30:00Z');
    expect(isoWindow(weekWindow(now, 'Asia/Kolkata', 1))).toEqual(['2026-02-22T18:30:00.000Z', '2026-03-01T18:30:00.000Z']);
    expect(isoWindow(weekWindow(now, 'Asia/Kolkata', 0))).toEqual(['2026-02-28T18:30:00.000Z', '2026-03-07T18:30:00.000Z']);
    expect(isoWindow(weekWindow(now, 'Asia/Kolkata', 6))).toEqual(['2026-02-27T18:30:00.000Z', '2026-03-06T18:30:00.000Z']);
    expect(isoWindow(weekWindow(now, 'UTC', 0))).toEqual(['2026-02-22T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  });

  it('starts exactly at now when now is the first instant of the week', () => {
    const mondayMidnight = iso('2026-03-02T05:00:00Z'); // 00:00 EST
    expect(weekWindow(mondayMidnight, 'America/New_York', 1).start).toBe(mondayMidnight);
    expect(weekWindow(mondayMidnight - 1, 'America/New_York', 1).end).toBe(mondayMidnight);
  });

  it('is one hour short across the New York spring-forward and spans a month boundary', () => {
    const w = weekWindow(iso('2026-03-05T12:00:00Z'), 'America/New_York', 1);
    expect(isoWindow(w)).toEqual(['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(hours(w)).toBe(7 * 24 - 1);
    const across = weekWindow(iso('2026-03-31T12:00:00Z'), 'America/New_York', 6);
    expect(isoWindow(across)).toEqual(['2026-03-28T04:00:00.000Z', '2026-04-04T04:00:00.000Z']);
  });

  it('contains now for every week start, in every zone, at random instants', () => {
    const zones = ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia'];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const now = iso('2025-01-01T00:00:00Z') + Math.floor(random() * 2 * 365 * 24 * H);
      const zone = zones[i % zones.length]!;
      for (const weekStart of [0, 1, 6] as const) {
        const w = weekWindow(now, zone, weekStart);
        expect(inWindow(now, w)).toBe(true);
        expect(zonedParts(w.start, zone).weekday).toBe(weekStart);
        expect(zonedParts(w.end, zone).weekday).toBe(weekStart);
        expect(Math.abs(hours(w) - 168)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('monthWindow', () => {
  it('spans the calendar month, with December rolling into the next year', () => {
    expect(isoWindow(monthWindow(iso('2026-02-14T00:00:00Z'), 'UTC'))).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(isoWindow(monthWindow(iso('2026-12-31T23:59:59.999Z'), 'UTC'))).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  it('is already the next month in Kolkata while UTC is still on the last evening', () => {
    const now = iso('2026-01-31T19:00:00Z'); // 00:30 on 1 February in Kolkata
    expect(isoWindow(monthWindow(now, 'Asia/Kolkata'))).toEqual(['2026-01-31T18:30:00.000Z', '2026-02-28T18:30:00.000Z']);
    expect(isoWindow(monthWindow(now, 'UTC'))).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
  });

  it('loses and regains the DST hour in New York and half an hour on Lord Howe', () => {
    expect(hours(monthWindow(iso('2026-03-15T12:00:00Z'), 'America/New_York'))).toBe(31 * 24 - 1);
    expect(hours(monthWindow(iso('2026-11-15T12:00:00Z'), 'America/New_York'))).toBe(30 * 24 + 1);
    expect(hours(monthWindow(iso('2026-10-15T12:00:00Z'), 'Australia/Lord_Howe'))).toBe(31 * 24 - 0.5);
  });

  it('is 30 days long for Samoa’s December 2011', () => {
    expect(hours(monthWindow(iso('2011-12-15T12:00:00Z'), 'Pacific/Apia'))).toBe(30 * 24);
  });
});

describe('formatter cache', () => {
  const Original = Intl.DateTimeFormat;
  afterEach(() => {
    Intl.DateTimeFormat = Original;
  });

  it('builds one Intl.DateTimeFormat per time zone, however many windows are asked for', () => {
    let built = 0;
    Intl.DateTimeFormat = function (...args: ConstructorParameters<typeof Original>) {
      built++;
      return new Original(...args);
    } as unknown as typeof Original;
    for (let i = 0; i < 50; i++) {
      dayWindow(iso('2026-03-08T12:00:00Z') + i * H, 'America/Chicago');
      weekWindow(iso('2026-03-08T12:00:00Z') + i * H, 'America/Chicago', 1);
      monthWindow(iso('2026-03-08T12:00:00Z') + i * H, 'America/Chicago');
    }
    expect(built).toBe(1);
  });
});
