import { describe, expect, it } from 'vitest';
import { epochOfLocalDateTime, localDateTimeOf, plainAmount, purchaseFieldsOf, readCustomRate, readDiamondRate, readExchangeRate, readPurchaseForm } from './forms';

const context = { locale: 'en-US', timeZone: 'Europe/Berlin', now: Date.UTC(2025, 2, 12, 12) };
const fields = { coins: '1,000', price: '$10.99', currency: 'USD', when: '2025-03-10T14:30', where: 'app' as const, account: '6812345678901234567' };

describe('readPurchaseForm', () => {
  it('reads a purchase typed in the user’s zone, with integer minor units', () => {
    expect(readPurchaseForm(fields, context)).toEqual({
      ok: true, value: { account: '6812345678901234567', at: Date.UTC(2025, 2, 10, 13, 30), coins: 1000, price: { minor: 1099, currency: 'USD' }, where: 'app' },
    });
  });

  it('puts each refusal next to its own field, with the message key and what fills it', () => {
    const read = readPurchaseForm({ ...fields, coins: '1.5', price: '$10.99', currency: '', when: '2025-03-13T09:00', where: '' }, context);
    expect(read).toEqual({
      ok: false,
      errors: {
        coins: { key: 'coinsRefused_not_whole', args: [] },
        price: { key: 'priceRefused_ambiguous_symbol', args: ['$', 'USD, CAD, AUD, NZD, …'] },
        when: { key: 'dateRefused_future', args: [] },
        where: { key: 'whereRefused_missing', args: [] },
      },
    });
    expect(readPurchaseForm({ ...fields, when: '' }, context)).toMatchObject({ ok: false, errors: { when: { key: 'dateRefused_missing' } } });
    expect(readPurchaseForm({ ...fields, when: '2015-12-31T23:00' }, context)).toMatchObject({ ok: false, errors: { when: { key: 'dateRefused_too_early' } } });
  });

  it('fills the form back from a stored purchase so that saving it unchanged reads the same purchase', () => {
    const read = readPurchaseForm({ ...fields, price: '₫9,800', currency: '' }, context);
    if (!read.ok) throw new Error('expected a purchase');
    const entry = { kind: 'recharge' as const, id: 'recharge:manual:x', orderId: 'manual:x', source: 'manual' as const, parser: 1, ...read.value };
    const again = readPurchaseForm(purchaseFieldsOf(entry, context.timeZone), { ...context, locale: 'de-DE' });
    expect(again).toEqual(read);
    expect(plainAmount({ minor: 1099, currency: 'USD' })).toBe('10.99');
    expect(plainAmount({ minor: 5, currency: 'KWD' })).toBe('0.005');
    expect(plainAmount({ minor: 9800, currency: 'VND' })).toBe('9800');
  });
});

describe('local date-times', () => {
  it('round-trips in a zone, across a DST change', () => {
    expect(epochOfLocalDateTime('2025-03-30T03:30', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 30, 1, 30)); // after the jump: UTC+2
    expect(epochOfLocalDateTime('2025-03-29T03:30', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 29, 2, 30));
    expect(localDateTimeOf(Date.UTC(2025, 2, 30, 1, 30), 'Europe/Berlin')).toBe('2025-03-30T03:30');
    expect(epochOfLocalDateTime('2025-02-30T10:00', 'UTC')).toBe(null);
    expect(epochOfLocalDateTime('yesterday', 'UTC')).toBe(null);
  });
});

describe('rate forms', () => {
  it('a custom coin rate: price, coins and date', () => {
    expect(readCustomRate({ price: 'R$ 4,90', currency: '', coins: '70', asOf: '2025-03-01' }, 'pt-BR', '2025-03-12'))
      .toEqual({ ok: true, value: { minor: 490, currency: 'BRL', coins: 70, asOf: '2025-03-01' } });
    expect(readCustomRate({ price: 'abc', currency: 'USD', coins: '0', asOf: '2025-04-01' }, 'en', '2025-03-12')).toEqual({
      ok: false, errors: { price: { key: 'priceRefused_no_number', args: [] }, coins: { key: 'coinsRefused_zero', args: [] }, asOf: { key: 'dateRefused_future', args: [] } },
    });
  });

  it('a diamond value, with its own wording for the diamonds', () => {
    expect(readDiamondRate({ price: '$0.50', currency: 'USD', diamonds: '100', asOf: '2025-01-01' }, 'en', '2025-03-12'))
      .toEqual({ ok: true, value: { minor: 50, currency: 'USD', diamonds: 100, asOf: '2025-01-01' } });
    expect(readDiamondRate({ price: '$0.50', currency: 'USD', diamonds: '1.5', asOf: '2025-01-01' }, 'en', '2025-03-12'))
      .toMatchObject({ ok: false, errors: { diamonds: { key: 'diamondsRefused_not_whole' } } });
  });

  it('an exchange rate into the display currency, as the exact ratio of the two amounts', () => {
    expect(readExchangeRate({ from: 'EUR', fromAmount: '1', toAmount: '1.08', asOf: '2025-03-10' }, 'USD', 'en', '2025-03-12'))
      .toEqual({ ok: true, value: { from: 'EUR', to: 'USD', fromMinor: 100, toMinor: 108, asOf: '2025-03-10' } });
    expect(readExchangeRate({ from: 'VND', fromAmount: '25.000', toAmount: '1', asOf: '2025-03-10' }, 'USD', 'vi-VN', '2025-03-12'))
      .toEqual({ ok: true, value: { from: 'VND', to: 'USD', fromMinor: 25_000, toMinor: 100, asOf: '2025-03-10' } });
    expect(readExchangeRate({ from: 'USD', fromAmount: '1', toAmount: '1', asOf: '2025-03-10' }, 'USD', 'en', '2025-03-12'))
      .toMatchObject({ ok: false, errors: { from: { key: 'exchangeRefused_same_currency', args: ['USD'] } } });
    expect(readExchangeRate({ from: 'EUR', fromAmount: '1', toAmount: '€1.08', asOf: '2025-03-10' }, 'USD', 'en', '2025-03-12'))
      .toMatchObject({ ok: false, errors: { toAmount: { key: 'priceRefused_currency_conflict', args: ['€', 'USD'] } } });
  });
});
