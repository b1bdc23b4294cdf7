import { describe, expect, test } from 'vitest';
import type { LimitRule } from '../limits';
import { loosensLimit } from './limit-change';

const RULE: LimitRule = {
  id: '00000000-0000-4000-8000-000000000001', scope: { kind: 'all' }, period: { kind: 'month' }, cap: { kind: 'coins', coins: 1000 },
  action: 'block', carryOver: 'reset', overridesPerPeriod: 1, confirmDelaySeconds: 10, createdAt: 0,
};

describe('loosensLimit', () => {
  test('a new limit, a lower cap, a stronger action, fewer overrides: free', () => {
    expect(loosensLimit(undefined, { ...RULE, cap: { kind: 'coins', coins: 10 ** 9 }, action: 'warn' })).toBe(false);
    expect(loosensLimit(RULE, { ...RULE, cap: { kind: 'coins', coins: 500 } })).toBe(false);
    expect(loosensLimit(RULE, { ...RULE, overridesPerPeriod: 0, carryOver: 'carry-overspend' })).toBe(false);
    expect(loosensLimit({ ...RULE, action: 'warn' }, RULE)).toBe(false);
    expect(loosensLimit(RULE, RULE)).toBe(false);
  });

  test.each<[string, Partial<LimitRule>]>([
    ['a higher cap', { cap: { kind: 'coins', coins: 1001 } }],
    ['block → confirm', { action: 'confirm' }],
    ['block → warn', { action: 'warn' }],
    ['more overrides', { overridesPerPeriod: 2 }],
    ['rolling unused allowance over', { carryOver: 'roll-unused' }],
    ['another period', { period: { kind: 'week' } }],
    ['another scope', { scope: { kind: 'live' } }],
    ['a money cap instead of coins', { cap: { kind: 'money', money: { minor: 1, currency: 'USD' } } }],
  ])('%s needs the PIN', (_name, change) => {
    expect(loosensLimit(RULE, { ...RULE, ...change })).toBe(true);
  });

  test('confirm: a shorter delay loosens; money caps compare within their currency', () => {
    const confirm = { ...RULE, action: 'confirm' as const };
    expect(loosensLimit(confirm, { ...confirm, confirmDelaySeconds: 5 })).toBe(true);
    expect(loosensLimit(confirm, { ...confirm, confirmDelaySeconds: 30 })).toBe(false);
    const money: LimitRule = { ...RULE, cap: { kind: 'money', money: { minor: 2000, currency: 'USD' } } };
    expect(loosensLimit(money, { ...money, cap: { kind: 'money', money: { minor: 1500, currency: 'USD' } } })).toBe(false);
    expect(loosensLimit(money, { ...money, cap: { kind: 'money', money: { minor: 2500, currency: 'USD' } } })).toBe(true);
    expect(loosensLimit(money, { ...money, cap: { kind: 'money', money: { minor: 1500, currency: 'EUR' } } })).toBe(true);
  });
});
