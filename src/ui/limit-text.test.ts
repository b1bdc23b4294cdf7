// How a limit's standing reads in the options list and the popup, from constructed rules and statuses.
import { describe, expect, it } from 'vitest';
import type { LimitRule, LimitStatus } from '../core/limits';
import { english } from './english.fixtures';
import { actionText, carryText, overrideLines, periodText, scopeText, standingText } from './limit-text';

const base: LimitRule = {
  id: '11111111-2222-3333-4444-555555555555', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 },
  action: 'block', carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0,
};
// Monday 7 December 2026, 00:00 in New York = 05:00 UTC.
const resetsAt = Date.UTC(2026, 11, 7, 5);
const status = (patch: Partial<LimitStatus>): LimitStatus => ({
  ruleId: base.id, start: resetsAt - 7 * 86_400_000, end: resetsAt, cap: 1000, used: 600, left: 400, percent: 60, resetsAt, estimated: false, ...patch,
});

describe('a limit as the views say it', () => {
  it('what is used, what is left and when it resets, in the user\'s locale and zone', () => {
    const text = standingText(base, status({}), 'en-US', 'America/New_York', english);
    expect(text).toEqual({
      used: '600 coins of 1,000 coins', left: '400 coins left', resets: 'resets Mon, Dec 7, 12:00 AM', bar: 60, level: 'half', estimated: false,
    });
    const german = standingText(base, status({ used: 1200, left: 0, percent: 120 }), 'de-DE', 'Europe/Berlin', english);
    expect(german).toMatchObject({ used: '1.200 coins of 1.000 coins', left: '0 coins left', resets: 'resets Mo., 7. Dez., 6:00', bar: 100, level: 'over' });
  });

  it('the bar\'s colour follows the badge\'s thresholds: 50, 80 and 100 %', () => {
    const level = (percent: number) => standingText(base, status({ percent }), 'en-US', 'UTC', english).level;
    expect([0, 49, 50, 79, 80, 99, 100, 250].map(level)).toEqual(['low', 'low', 'half', 'half', 'high', 'high', 'over', 'over']);
  });

  it('a money cap in its currency; an estimate is labelled as one', () => {
    const money: LimitRule = { ...base, cap: { kind: 'money', money: { minor: 2000, currency: 'EUR' } } };
    const measured = standingText(money, status({ cap: 2000, used: 550, left: 1450, percent: 27 }), 'en-US', 'UTC', english);
    expect(measured).toMatchObject({ used: '€5.50 of €20.00', left: '€14.50 left', estimated: false });
    const estimated = standingText(money, status({ cap: 2000, used: 550, left: 1450, percent: 27, estimated: true }), 'en-US', 'UTC', english);
    expect(estimated).toMatchObject({ used: '≈ €5.50 (estimated) of €20.00', left: '≈ €14.50 (estimated) left', estimated: true });
    // A coins cap is never an estimate, whatever the status says.
    expect(standingText(base, status({ estimated: true }), 'en-US', 'UTC', english).estimated).toBe(false);
  });

  it('scope, period, action and carry-over in words', () => {
    expect(scopeText(base, english)).toBe('All spending');
    expect(scopeText({ ...base, scope: { kind: 'creator', creator: '73', handle: 'coinsight_creator' } }, english)).toBe('Gifts to @coinsight_creator');
    expect(scopeText({ ...base, scope: { kind: 'creator', creator: '@x' } }, english)).toBe('Gifts to @x');
    expect(scopeText({ ...base, scope: { kind: 'live' } }, english)).toBe('Each LIVE on its own');
    expect(periodText(base, 'en-US', english)).toBe('Each week');
    // A calendar date stays that date in every zone.
    expect(periodText({ ...base, period: { kind: 'custom', days: 10, from: '2026-01-01' } }, 'en-US', english)).toBe('Every 10 days from Jan 1, 2026');
    expect(actionText(base, english)).toBe('Block');
    expect(carryText({ ...base, carryOver: 'carry-overspend' }, english)).toBe('Take overspending off the next period');
  });
});

describe('the override log', () => {
  it('newest first: when, which limit (or that it is gone), the reason as typed, the amount or that it was not known', () => {
    const record = { giftId: 5655, creator: '73', roomId: '1' };
    const lines = overrideLines([
      { id: 'o1', at: Date.UTC(2026, 11, 1, 9, 30), ruleId: base.id, reason: 'birthday', coins: 29_999, ...record },
      { id: 'o2', at: Date.UTC(2026, 11, 2, 18, 5), ruleId: 'gone', reason: 'a <b>tag</b> stays text', coins: null, ...record },
    ], [base], 'en-US', english);
    expect(lines.map(({ limit, reason, amount }) => [limit, reason, amount])).toEqual([
      ['a deleted limit', 'a <b>tag</b> stays text', 'not known'],
      ['All spending · Each week', 'birthday', '29,999 coins'],
    ]);
    expect(lines.map((line) => line.id)).toEqual(['o2', 'o1']);
    expect(lines[1]!.when).toMatch(/^Dec 1, 2026, \d{1,2}:30\s?[AP]M$/);
  });
});
