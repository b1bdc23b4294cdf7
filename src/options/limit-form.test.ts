// The limits editor's form → rule, and what it shows beside each field when it refuses (the English text a user reads).
import { describe, expect, it } from 'vitest';
import { limitRuleSchema, type LimitRule } from '../core/limits';
import { english, hasEnglish } from '../ui/english.fixtures';
import {
  CARRY_OVERS, LIMIT_ACTIONS, LIMIT_CAP_KINDS, LIMIT_PERIODS, LIMIT_SCOPES, blankLimitFields, limitFieldsOf, readLimitForm,
  workerRefusal, type LimitField, type LimitFields, type LimitFormContext,
} from './limit-form';

const ID = '0b7f3c9e-1d2a-4c5b-8e6f-7a8b9c0d1e2f';
const context: LimitFormContext = {
  locale: 'en-US', today: '2026-12-02', now: Date.UTC(2026, 11, 2, 10), editing: null, newId: () => ID,
  seenCreators: [{ key: '7300000000000000001', handle: 'coinsight_creator' }, { key: '@someone', handle: 'someone' }],
};
const form = (patch: Partial<LimitFields>): LimitFields => ({ ...blankLimitFields('USD', context.today), ...patch });
/** What the editor shows beside each field, in English. */
function shown(fields: LimitFields, ctx: LimitFormContext = context): Partial<Record<LimitField, string>> {
  const read = readLimitForm(fields, ctx);
  if (read.ok) return {};
  return Object.fromEntries(Object.entries(read.errors).map(([field, problem]) => [field, english(problem!.key, problem!.args)]));
}
const rule = (fields: LimitFields, ctx = context): LimitRule => {
  const read = readLimitForm(fields, ctx);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read.value;
};

describe('limit form → rule', () => {
  it('a weekly coins cap that blocks', () => {
    const value = rule(form({ period: 'week', cap: '1,000', action: 'block', overrides: '2' }));
    expect(value).toEqual({
      id: ID, scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 }, action: 'block', carryOver: 'reset',
      overridesPerPeriod: 2, confirmDelaySeconds: 0, createdAt: context.now,
    });
    expect(limitRuleSchema(value, 'rule').ok).toBe(true);
  });

  it('a creator picked from those seen keeps their handle for display', () => {
    expect(rule(form({ scope: 'creator', creator: '7300000000000000001', cap: '500' })).scope)
      .toEqual({ kind: 'creator', creator: '7300000000000000001', handle: 'coinsight_creator' });
  });

  it('a money cap typed the way the locale writes prices, in the display currency unless another is chosen', () => {
    expect(rule(form({ capKind: 'money', cap: '10.50' })).cap).toEqual({ kind: 'money', money: { minor: 1050, currency: 'USD' } });
    expect(rule(form({ capKind: 'money', cap: '1.234,50', currency: 'EUR' }), { ...context, locale: 'de-DE' }).cap)
      .toEqual({ kind: 'money', money: { minor: 123450, currency: 'EUR' } });
    expect(rule(form({ capKind: 'money', cap: 'Rp 50.000', currency: 'IDR' }), { ...context, locale: 'id-ID' }).cap)
      .toEqual({ kind: 'money', money: { minor: 5000000, currency: 'IDR' } });
  });

  it('a cap of 0 is a limit ("nothing to this creator this month"), in coins and in money', () => {
    expect(rule(form({ cap: '0' })).cap).toEqual({ kind: 'coins', coins: 0 });
    expect(rule(form({ capKind: 'money', cap: '0' })).cap).toEqual({ kind: 'money', money: { minor: 0, currency: 'USD' } });
  });

  it('every N days from a date, today or earlier; a wait before Confirm only for confirm', () => {
    expect(rule(form({ period: 'custom', from: '2026-11-30', days: '10', cap: '5', action: 'confirm', delay: '10' })))
      .toMatchObject({ period: { kind: 'custom', days: 10, from: '2026-11-30' }, confirmDelaySeconds: 10 });
    expect(rule(form({ period: 'custom', from: '2026-12-02', days: '1', cap: '5' })).period).toEqual({ kind: 'custom', days: 1, from: '2026-12-02' });
  });

  it('fields the chosen action hides count as 0: switching to warn never leaves a stale refusal', () => {
    expect(rule(form({ cap: '5', action: 'warn', overrides: '3', delay: '20' }))).toMatchObject({ overridesPerPeriod: 0, confirmDelaySeconds: 0 });
    expect(rule(form({ cap: '5', action: 'block', delay: 'abc' })).confirmDelaySeconds).toBe(0);
  });

  it('editing keeps the id and creation time, and the form filled from a rule reads back as the same rule', () => {
    const stored: LimitRule = {
      id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', scope: { kind: 'creator', creator: '@someone', handle: 'someone' },
      period: { kind: 'custom', days: 14, from: '2026-01-05' }, cap: { kind: 'money', money: { minor: 2599, currency: 'EUR' } },
      action: 'confirm', carryOver: 'roll-unused', overridesPerPeriod: 1, confirmDelaySeconds: 15, createdAt: 1_700_000_000_000,
    };
    const fields = limitFieldsOf(stored, 'USD', context.today);
    expect(fields).toMatchObject({ cap: '25.99', currency: 'EUR', from: '2026-01-05', days: '14', creator: '@someone' });
    // Read back in a locale that writes a decimal comma: the plain amount is still unambiguous.
    expect(rule(fields, { ...context, locale: 'en-US', editing: stored })).toEqual(stored);
    const coins = { ...stored, cap: { kind: 'coins', coins: 12000 } as const, scope: { kind: 'all' } as const, period: { kind: 'month' } as const };
    expect(rule(limitFieldsOf(coins, 'USD', context.today), { ...context, editing: coins })).toEqual(coins);
  });
});

describe('what the editor shows beside each field', () => {
  it('the cap: empty, negative, not a number, a fraction of a coin', () => {
    expect(shown(form({ cap: '' }))).toEqual({ cap: 'Enter a cap (0 means nothing at all).' });
    expect(shown(form({ cap: '-5' }))).toEqual({ cap: 'A cap cannot be negative.' });
    expect(shown(form({ cap: 'lots' }))).toEqual({ cap: 'No number found: type the cap as a number, such as 1,000.' });
    expect(shown(form({ cap: '2.5' }))).toEqual({ cap: 'A cap in coins is a whole number: there is no fraction of a coin.' });
    expect(shown(form({ cap: '1,0,0' }))).toEqual({ cap: '“1,0,0” is not a whole number Coinsight can read.' });
  });

  it('a money cap: empty, negative, not a number, and the price reader\'s own reasons', () => {
    expect(shown(form({ capKind: 'money', cap: '' }))).toEqual({ cap: 'Enter a cap (0 means nothing at all).' });
    expect(shown(form({ capKind: 'money', cap: '-$5' }))).toEqual({ cap: 'A cap cannot be negative.' });
    expect(shown(form({ capKind: 'money', cap: 'five' }))).toEqual({ cap: 'No number found: type the cap as a number, such as 1,000.' });
    expect(shown(form({ capKind: 'money', cap: '€5', currency: 'USD' }))).toEqual({ cap: '“€” is not a symbol of USD, the currency chosen: change one of them.' });
  });

  it('the creator: none picked, or one never seen (the worker\'s own check)', () => {
    expect(shown(form({ scope: 'creator', creator: '', cap: '5' }))).toEqual({ creator: 'Choose the creator this limit is for.' });
    expect(shown(form({ scope: 'creator', creator: '@stranger', cap: '5' }))).toEqual({ creator: 'Pick a creator you have sent gifts to.' });
  });

  it('a custom period: a start in the future, no start, days that are not 1 to 366', () => {
    expect(shown(form({ period: 'custom', from: '2026-12-03', days: '7', cap: '5' }))).toEqual({ from: 'The period must start today or earlier.' });
    expect(shown(form({ period: 'custom', from: '', days: '7', cap: '5' }))).toEqual({ from: 'Choose the first day of the period.' });
    for (const days of ['', '0', '-1', '1.5', 'x', '367']) {
      expect(shown(form({ period: 'custom', from: '2026-12-01', days, cap: '5' })), days).toEqual({ days: 'Enter a whole number of days from 1 to 366.' });
    }
  });

  it('overrides and the wait: whole numbers within the bounds the worker accepts', () => {
    expect(shown(form({ cap: '5', action: 'block', overrides: '-1' }))).toEqual({ overrides: 'Enter a whole number from 0 to 100.' });
    expect(shown(form({ cap: '5', action: 'block', overrides: '101' }))).toEqual({ overrides: 'Enter a whole number from 0 to 100.' });
    expect(shown(form({ cap: '5', action: 'confirm', delay: '601' }))).toEqual({ delay: 'Enter a whole number of seconds from 0 to 600.' });
    expect(shown(form({ cap: '5', action: 'confirm', delay: '2.5' }))).toEqual({ delay: 'Enter a whole number of seconds from 0 to 600.' });
  });

  it('every refusal at once, each beside its own field', () => {
    expect(shown(form({ scope: 'creator', creator: '', period: 'custom', from: '2027-01-01', days: '0', cap: '-1', action: 'confirm', overrides: 'x', delay: 'y' })))
      .toEqual({
        creator: 'Choose the creator this limit is for.', from: 'The period must start today or earlier.',
        days: 'Enter a whole number of days from 1 to 366.', cap: 'A cap cannot be negative.',
        overrides: 'Enter a whole number from 0 to 100.', delay: 'Enter a whole number of seconds from 0 to 600.',
      });
  });

  it('every option of every select, and every refusal a typed cap can get, has an English text', () => {
    const keys = [
      ...LIMIT_SCOPES.map((v) => `limitScope_${v}`), ...LIMIT_PERIODS.map((v) => `limitPeriod_${v}`),
      ...LIMIT_CAP_KINDS.map((v) => `limitCapKind_${v}`), ...LIMIT_ACTIONS.map((v) => `limitAction_${v}`),
      ...CARRY_OVERS.map((v) => `limitCarry_${v.replaceAll('-', '_')}`),
      ...['empty', 'negative', 'no-number', 'not-whole', 'too-large', 'bad-grouping'].map((code) => `limitCapRefused_${code.replaceAll('-', '_')}`),
      'limitCreatorUnknown', 'limitStartInFuture', 'limitDaysInvalid', 'limitCapInvalid', 'limitOverridesNeedHold', 'limitDelayNeedsConfirm',
    ];
    expect(keys.filter((key) => !hasEnglish(key))).toEqual([]);
  });
});

describe('a refusal by the worker', () => {
  it('is shown in words: its limitProblems keys translated, any other reason as the worker said it', () => {
    const translate = (key: string) => english(key);
    expect(workerRefusal(new Error('limitStartInFuture'), translate)).toBe('The period must start today or earlier.');
    expect(workerRefusal(new Error('RefusedError: limitCreatorUnknown, limitCapInvalid'), translate))
      .toBe('Pick a creator you have sent gifts to. Enter a cap of 0 or more (whole coins, or an amount of money).');
    expect(workerRefusal(new Error('RefusedError: at most 50 limits'), translate)).toBe('at most 50 limits');
    expect(workerRefusal('limits are locked', translate)).toBe('limits are locked');
  });
});
