import { describe, expect, it } from 'vitest';
import { customWindow, limitWindow, localDateOf, previousWindow } from './limit-periods';
import type { LimitPeriod } from './limits';
import type { Window } from './periods';

const H = 3_600_000;
const iso = (text: string) => Date.parse(text);
const hours = (w: Window) => (w.end - w.start) / H;
const isoWindow = (w: Window) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()];
const DAY: LimitPeriod = { kind: 'day' };
const WEEK: LimitPeriod = { kind: 'week' };
const MONTH: LimitPeriod = { kind: 'month' };

describe('limit windows across DST', () => {
  it('New York: the spring-forward day is 23 hours and the fall-back day 25, and the next day follows without a gap', () => {
    const spring = limitWindow(DAY, iso('2026-03-08T15:00:00Z'), 'America/New_York', 0);
    expect(isoWindow(spring)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    const fall = limitWindow(DAY, iso('2026-11-01T15:00:00Z'), 'America/New_York', 0);
    expect(hours(fall)).toBe(25);
    expect(previousWindow(DAY, limitWindow(DAY, iso('2026-03-09T12:00:00Z'), 'America/New_York', 0), 'America/New_York', 0)).toEqual(spring);
  });

  it('New York: a custom 7-day period across the spring change is 167 hours and starts at local midnight', () => {
    const period: LimitPeriod = { kind: 'custom', days: 7, from: '2026-03-05' };
    const w = limitWindow(period, iso('2026-03-10T12:00:00Z'), 'America/New_York', 0);
    expect(isoWindow(w)).toEqual(['2026-03-05T05:00:00.000Z', '2026-03-12T04:00:00.000Z']);
    expect(hours(w)).toBe(167);
  });

  it('Berlin: the week with the spring change (Monday start) is 167 hours, the one with the autumn change 169', () => {
    const spring = limitWindow(WEEK, iso('2026-03-29T12:00:00Z'), 'Europe/Berlin', 1);
    expect(isoWindow(spring)).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(hours(spring)).toBe(167);
    const autumn = limitWindow(WEEK, iso('2026-10-25T12:00:00Z'), 'Europe/Berlin', 1);
    expect(isoWindow(autumn)).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(hours(autumn)).toBe(169);
  });

  it('Berlin: a custom 3-day period over the autumn change is 73 hours; the one before it 72', () => {
    const period: LimitPeriod = { kind: 'custom', days: 3, from: '2026-10-01' };
    const w = limitWindow(period, iso('2026-10-25T12:00:00Z'), 'Europe/Berlin', 1);
    expect(isoWindow(w)).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-27T23:00:00.000Z']);
    expect(hours(w)).toBe(73);
    expect(hours(previousWindow(period, w, 'Europe/Berlin', 1))).toBe(72);
  });
});

describe('week starts', () => {
  const wednesday = iso('2026-05-20T12:00:00Z');
  it('starts on Sunday, Monday or Saturday as chosen', () => {
    expect(isoWindow(limitWindow(WEEK, wednesday, 'UTC', 0))).toEqual(['2026-05-17T00:00:00.000Z', '2026-05-24T00:00:00.000Z']);
    expect(isoWindow(limitWindow(WEEK, wednesday, 'UTC', 1))).toEqual(['2026-05-18T00:00:00.000Z', '2026-05-25T00:00:00.000Z']);
    expect(isoWindow(limitWindow(WEEK, wednesday, 'UTC', 6))).toEqual(['2026-05-16T00:00:00.000Z', '2026-05-23T00:00:00.000Z']);
  });

  it('puts the first instant of the start day in the new week, and the instant before in the previous one', () => {
    const saturday = iso('2026-05-16T00:00:00Z');
    expect(limitWindow(WEEK, saturday, 'UTC', 6).start).toBe(saturday);
    expect(limitWindow(WEEK, saturday - 1, 'UTC', 6).end).toBe(saturday);
    expect(limitWindow(WEEK, saturday, 'UTC', 0).start).toBe(iso('2026-05-10T00:00:00Z'));
  });

  it('gives the previous week ending where this one starts', () => {
    const w = limitWindow(WEEK, wednesday, 'America/New_York', 0);
    const before = previousWindow(WEEK, w, 'America/New_York', 0);
    expect(before.end).toBe(w.start);
    expect(hours(before)).toBe(168);
  });
});

describe('month ends and 29 February', () => {
  it('counts the last instant of January in January and midnight of 1 February in February (New York)', () => {
    const lastOfJanuary = iso('2026-02-01T04:59:59.999Z');
    expect(isoWindow(limitWindow(MONTH, lastOfJanuary, 'America/New_York', 0))).toEqual(['2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z']);
    expect(limitWindow(MONTH, lastOfJanuary + 1, 'America/New_York', 0).start).toBe(lastOfJanuary + 1);
  });

  it('has 29 days in February of a leap year and 28 otherwise', () => {
    expect(hours(limitWindow(MONTH, iso('2028-02-29T12:00:00Z'), 'UTC', 1)) / 24).toBe(29);
    expect(hours(limitWindow(MONTH, iso('2027-02-28T12:00:00Z'), 'UTC', 1)) / 24).toBe(28);
    expect(hours(previousWindow(MONTH, limitWindow(MONTH, iso('2028-03-15T00:00:00Z'), 'UTC', 1), 'UTC', 1)) / 24).toBe(29);
  });

  it('makes 29 February a day of its own, and a custom period from it keeps its rhythm', () => {
    expect(isoWindow(limitWindow(DAY, iso('2028-02-29T23:00:00Z'), 'UTC', 1))).toEqual(['2028-02-29T00:00:00.000Z', '2028-03-01T00:00:00.000Z']);
    const period: LimitPeriod = { kind: 'custom', days: 2, from: '2028-02-29' };
    expect(isoWindow(limitWindow(period, iso('2028-03-01T12:00:00Z'), 'UTC', 1))).toEqual(['2028-02-29T00:00:00.000Z', '2028-03-02T00:00:00.000Z']);
    expect(isoWindow(limitWindow(period, iso('2028-02-28T12:00:00Z'), 'UTC', 1))).toEqual(['2028-02-27T00:00:00.000Z', '2028-02-29T00:00:00.000Z']);
  });

  it('a week that contains 29 February is seven days', () => {
    expect(isoWindow(limitWindow(WEEK, iso('2028-02-29T12:00:00Z'), 'UTC', 1))).toEqual(['2028-02-28T00:00:00.000Z', '2028-03-06T00:00:00.000Z']);
  });
});

describe('custom periods', () => {
  const period = { kind: 'custom', days: 10, from: '2026-12-27' } as const;

  it('crosses a year: ten days from 27 December run into January', () => {
    expect(isoWindow(limitWindow(period, iso('2027-01-02T12:00:00Z'), 'UTC', 1))).toEqual(['2026-12-27T00:00:00.000Z', '2027-01-06T00:00:00.000Z']);
    expect(isoWindow(limitWindow(period, iso('2027-01-06T00:00:00Z'), 'UTC', 1))).toEqual(['2027-01-06T00:00:00.000Z', '2027-01-16T00:00:00.000Z']);
  });

  it('extends backwards before `from` with the same rhythm (the previous window of the first one)', () => {
    expect(isoWindow(limitWindow(period, iso('2026-12-20T12:00:00Z'), 'UTC', 1))).toEqual(['2026-12-17T00:00:00.000Z', '2026-12-27T00:00:00.000Z']);
    const first = limitWindow(period, iso('2026-12-27T00:00:00Z'), 'UTC', 1);
    expect(previousWindow(period, first, 'UTC', 1)).toEqual({ start: iso('2026-12-17T00:00:00Z'), end: first.start });
  });

  it('cuts by local dates in the user zone (Tokyo), not by UTC days', () => {
    const w = customWindow(iso('2026-12-26T16:00:00Z'), 'Asia/Tokyo', 10, '2026-12-27'); // 27 Dec 01:00 in Tokyo
    expect(isoWindow(w)).toEqual(['2026-12-26T15:00:00.000Z', '2027-01-05T15:00:00.000Z']);
  });

  it('tells the local date of an instant (what "today" means for validation)', () => {
    expect(localDateOf(iso('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDateOf(iso('2026-12-31T23:30:00Z'), 'America/New_York')).toBe('2026-12-31');
  });
});
