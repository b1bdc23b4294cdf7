import { describe, expect, it } from 'vitest';
import { addMoney, addToTotals, formatMoney, isMoney, minorDigits } from './money';

describe('money', () => {
  it('formats integer minor units in the currency and locale', () => {
    expect(formatMoney({ minor: 370, currency: 'USD' }, 'en-US')).toBe('$3.70');
    expect(formatMoney({ minor: 9800, currency: 'VND' }, 'en-US')).toBe('₫9,800');
    expect(formatMoney({ minor: 1500, currency: 'KWD' }, 'en-US')).toBe('KWD\u00a01.500');
    expect(formatMoney({ minor: 490, currency: 'BRL' }, 'pt-BR')).toBe('R$\u00a04,90');
    expect(formatMoney({ minor: -5, currency: 'USD' }, 'en-US')).toBe('-$0.05');
  });

  it('knows minor digits from ISO 4217, not from the runtime', () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('VND'), minorDigits('KWD'), minorDigits('IDR')]).toEqual([2, 0, 0, 3, 2]);
  });

  it('never adds different currencies', () => {
    expect(addMoney({ minor: 1, currency: 'USD' }, { minor: 2, currency: 'USD' })).toEqual({ minor: 3, currency: 'USD' });
    expect(() => addMoney({ minor: 1, currency: 'USD' }, { minor: 2, currency: 'EUR' })).toThrow(/USD to EUR/);
    const totals = addToTotals(addToTotals({}, { minor: 370, currency: 'USD' }), { minor: 199, currency: 'EUR' });
    expect(totals).toEqual({ USD: 370, EUR: 199 });
    expect(addToTotals(totals, { minor: 370, currency: 'USD' }, -1)).toEqual({ EUR: 199 });
  });

  it('recognises only integer minor units with an ISO code as money', () => {
    expect(isMoney({ minor: 370, currency: 'USD' })).toBe(true);
    expect(isMoney({ minor: 3.7, currency: 'USD' })).toBe(false);
    expect(isMoney({ minor: 370, currency: 'usd' })).toBe(false);
    expect(isMoney(null)).toBe(false);
  });
});
