import { describe, expect, it } from 'vitest';
import { carriedCap, evaluate, tightest, usageWindows, type LimitRule, type LimitStatus } from './limits';

const iso = (text: string) => Date.parse(text);

function rule(over: Partial<LimitRule> = {}): LimitRule {
  return {
    id: '00000000-0000-4000-8000-000000000001', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 },
    action: 'warn', carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: iso('2026-01-01T00:00:00Z'), ...over,
  };
}
const NOW = iso('2026-05-20T12:00:00Z'); // a Wednesday; the Monday week is 18–25 May
const used = (current: number, previous: number | null = null, estimated = false) =>
  ({ current: { used: current, estimated }, previous: previous === null ? null : { used: previous, estimated: false } });

describe('evaluate', () => {
  it('reports used, left, percent (rounded down) and the reset at the end of the window', () => {
    const status = evaluate(rule(), used(333), NOW, 'UTC', 1);
    expect(status).toEqual({
      ruleId: rule().id, start: iso('2026-05-18T00:00:00Z'), end: iso('2026-05-25T00:00:00Z'), cap: 1000, used: 333, left: 667,
      percent: 33, resetsAt: iso('2026-05-25T00:00:00Z'), estimated: false,
    });
  });

  it('never has less than 0 left, and reports past 100 % when over', () => {
    const status = evaluate(rule(), used(1500), NOW, 'UTC', 1);
    expect(status.left).toBe(0);
    expect(status.percent).toBe(150);
  });

  it('is 100 % with a cap of 0, used or not', () => {
    expect(evaluate(rule({ cap: { kind: 'coins', coins: 0 } }), used(0), NOW, 'UTC', 1).percent).toBe(100);
    expect(evaluate(rule({ cap: { kind: 'coins', coins: 0 } }), used(5), NOW, 'UTC', 1)).toMatchObject({ percent: 100, left: 0 });
  });

  it('counts money caps in minor units and passes on that part was estimated', () => {
    const money = rule({ cap: { kind: 'money', money: { minor: 2000, currency: 'USD' } } });
    expect(evaluate(money, used(500, null, true), NOW, 'UTC', 1)).toMatchObject({ cap: 2000, used: 500, left: 1500, percent: 25, estimated: true });
  });
});

describe('carry-over', () => {
  it('reset: the cap is the rule\'s, whatever the previous window did, and no previous window is read', () => {
    expect(usageWindows(rule(), NOW, 'UTC', 1).previous).toBeNull();
    expect(evaluate(rule(), used(100, 0), NOW, 'UTC', 1).cap).toBe(1000);
  });

  it('roll-unused: adds what the previous window left unused', () => {
    const r = rule({ carryOver: 'roll-unused' });
    expect(usageWindows(r, NOW, 'UTC', 1).previous).toEqual({ start: iso('2026-05-11T00:00:00Z'), end: iso('2026-05-18T00:00:00Z') });
    expect(evaluate(r, used(100, 400), NOW, 'UTC', 1)).toMatchObject({ cap: 1600, left: 1500 });
    expect(evaluate(r, used(100, 1200), NOW, 'UTC', 1).cap).toBe(1000); // an overspend is not taken off in this mode
  });

  it('carry-overspend: takes off what the previous window went over, never below 0', () => {
    const r = rule({ carryOver: 'carry-overspend' });
    expect(evaluate(r, used(100, 1300), NOW, 'UTC', 1)).toMatchObject({ cap: 700, left: 600 });
    expect(evaluate(r, used(0, 400), NOW, 'UTC', 1).cap).toBe(1000); // unused allowance is not added in this mode
    expect(evaluate(r, used(0, 5000), NOW, 'UTC', 1)).toMatchObject({ cap: 0, left: 0, percent: 100 });
  });

  it('does not compound: only the previous window, measured against the rule\'s own cap', () => {
    // Whatever the window before the previous one carried into it, the previous window leaves cap − used.
    expect(carriedCap(rule({ carryOver: 'roll-unused' }), 0)).toBe(2000);
    expect(carriedCap(rule({ carryOver: 'carry-overspend' }), 2000)).toBe(0);
  });

  it('never reaches before the window containing createdAt', () => {
    const madeThisWeek = rule({ carryOver: 'roll-unused', createdAt: iso('2026-05-19T08:00:00Z') });
    expect(usageWindows(madeThisWeek, NOW, 'UTC', 1).previous).toBeNull();
    expect(evaluate(madeThisWeek, used(100, 0), NOW, 'UTC', 1).cap).toBe(1000);
    const madeLastWeek = rule({ carryOver: 'carry-overspend', createdAt: iso('2026-05-15T08:00:00Z') });
    expect(usageWindows(madeLastWeek, NOW, 'UTC', 1).previous).not.toBeNull();
    expect(evaluate(madeLastWeek, used(0, 1100), NOW, 'UTC', 1).cap).toBe(900);
  });

  it('rolls over a month end into a 29-day February and from it (leap year)', () => {
    const r = rule({ period: { kind: 'month' }, carryOver: 'roll-unused', createdAt: iso('2028-01-10T00:00:00Z') });
    const march = evaluate(r, used(0, 250), iso('2028-03-01T00:00:00Z'), 'UTC', 1);
    expect(march).toMatchObject({ start: iso('2028-03-01T00:00:00Z'), cap: 1750 });
    expect(usageWindows(r, iso('2028-03-01T00:00:00Z'), 'UTC', 1).previous).toEqual({ start: iso('2028-02-01T00:00:00Z'), end: iso('2028-03-01T00:00:00Z') });
  });

  it('a custom period crossing a year carries from the window that ended in December', () => {
    const r = rule({ period: { kind: 'custom', days: 10, from: '2026-12-17' }, carryOver: 'carry-overspend', createdAt: iso('2026-12-18T00:00:00Z') });
    const w = usageWindows(r, iso('2027-01-02T00:00:00Z'), 'Europe/Berlin', 1);
    expect(w.current).toEqual({ start: iso('2026-12-26T23:00:00Z'), end: iso('2027-01-05T23:00:00Z') });
    expect(w.previous).toEqual({ start: iso('2026-12-16T23:00:00Z'), end: iso('2026-12-26T23:00:00Z') });
    expect(evaluate(r, used(0, 1400), iso('2027-01-02T00:00:00Z'), 'Europe/Berlin', 1).cap).toBe(600);
  });

  it('marks the status estimated when the carried-over figure was', () => {
    const r = rule({ carryOver: 'roll-unused' });
    const status = evaluate(r, { current: { used: 10, estimated: false }, previous: { used: 10, estimated: true } }, NOW, 'UTC', 1);
    expect(status.estimated).toBe(true);
  });
});

describe('tightest', () => {
  const status = (ruleId: string, percent: number, left: number): LimitStatus =>
    ({ ruleId, start: 0, end: 1, cap: 100, used: 0, left, percent, resetsAt: 1, estimated: false });

  it('picks the highest percent, and on a tie the least left', () => {
    expect(tightest([status('a', 40, 600), status('b', 80, 20), status('c', 60, 5)])?.ruleId).toBe('b');
    expect(tightest([status('a', 80, 600), status('b', 80, 20), status('c', 80, 50)])?.ruleId).toBe('b');
  });

  it('is null without statuses', () => {
    expect(tightest([])).toBeNull();
  });
});
