import { describe, expect, it } from 'vitest';
import { cashierFromTexts, parseCoinCount, parseEndResult } from './coinPage';

describe('parseCoinCount', () => {
  it('reads whole coin counts in any grouping', () => {
    const cases: Array<[string, number]> = [
      ['30 Coins', 30], ['1,400', 1400], ['1.400 Koin', 1400], ['350', 350], ['  70  ', 70], ['1 400 pièces', 1400],
      ['1\u00a0400', 1400], ['1\u202f400', 1400], ["1'400", 1400], ['1,234,567', 1234567], ['Coins: 5', 5], ['0', 0], ['030', 30],
      ['10,000 Xu', 10000],
    ];
    for (const [text, coins] of cases) expect(parseCoinCount(text), text).toBe(coins);
  });

  it('rejects fractions, abbreviations, signs, several numbers and garbage', () => {
    for (const text of ['', ' ', 'Coins', '1.5', '1,40', '1,4000', '1,400.000', '1,400.5', '2K', '1.2M', '3k coins', '-30', '+30', '1 2 3', '30 Coins 5', '0,400', '1,,400', '12345678901', 'x'.repeat(300)]) {
      expect(parseCoinCount(text), text).toBe(null);
    }
    expect(parseCoinCount(null as unknown as string)).toBe(null);
    expect(parseCoinCount(30 as unknown as string)).toBe(null);
  });
});

describe('parseEndResult', () => {
  const base = 'https://www.tiktok.com/coin/end-result';

  it('reads a success with order, charge and pay method', () => {
    for (const status of ['succeed', 'success', 'succeeded', 'SUCCEED']) {
      expect(parseEndResult(`${base}?payment_status=${status}&order_id=7312345678901234567&charge_id=ch_123&pay_method=card`)).toEqual({
        status: 'succeeded', orderId: '7312345678901234567', chargeId: 'ch_123', payMethod: 'card',
      });
    }
    expect(parseEndResult(`${base}/?payment_status=succeed&order_id=1&lang=en`)).toEqual({ status: 'succeeded', orderId: '1', chargeId: null, payMethod: null });
    expect(parseEndResult('/coin/end-result?payment_status=succeed&order_id=9')).toMatchObject({ status: 'succeeded', orderId: '9' });
  });

  it('a success without a usable order id cannot be keyed: failed/missing_order_id', () => {
    expect(parseEndResult(`${base}?payment_status=succeed`)).toEqual({ status: 'failed', orderId: null, errorCode: 'missing_order_id' });
    expect(parseEndResult(`${base}?payment_status=succeed&order_id=`)).toEqual({ status: 'failed', orderId: null, errorCode: 'missing_order_id' });
    expect(parseEndResult(`${base}?payment_status=succeed&order_id=%3Cscript%3E`)).toEqual({ status: 'failed', orderId: null, errorCode: 'missing_order_id' });
  });

  it('reads failures with their error code', () => {
    expect(parseEndResult(`${base}?payment_status=failed&error_code=3DS_REQUIRED&order_id=77`)).toEqual({ status: 'failed', orderId: '77', errorCode: '3DS_REQUIRED' });
    expect(parseEndResult(`${base}?payment_status=failed`)).toEqual({ status: 'failed', orderId: null, errorCode: 'failed' });
    expect(parseEndResult(`${base}?payment_status=pending&order_id=5`)).toEqual({ status: 'failed', orderId: '5', errorCode: 'pending' });
    expect(parseEndResult(base)).toEqual({ status: 'failed', orderId: null, errorCode: 'missing_payment_status' });
  });

  it('is null for anything that is not a tiktok.com /coin/end-result page', () => {
    for (const url of [
      'https://www.tiktok.com/coin', 'https://www.tiktok.com/coin/end-results?payment_status=succeed&order_id=1',
      'https://example.com/coin/end-result?payment_status=succeed&order_id=1', 'https://www.tiktok.com.evil.example/coin/end-result?payment_status=succeed&order_id=1',
      'https://www.tiktok.com/x/coin/end-result?payment_status=succeed&order_id=1', 'javascript:alert(1)//coin/end-result', '', 'http://[bad/coin/end-result',
    ]) {
      expect(parseEndResult(url), url).toBe(null);
    }
    expect(parseEndResult(null as unknown as string)).toBe(null);
  });
});

describe('cashierFromTexts', () => {
  it('reads coins and the price text as the cashier showed them, whitespace collapsed', () => {
    expect(cashierFromTexts('30 Coins', '\n  ₫9,800 \n')).toEqual({ coins: 30, priceText: '₫9,800' });
    expect(cashierFromTexts('1,400\u00a0Coins', 'Rp\u00a012.000')).toEqual({ coins: 1400, priceText: 'Rp 12.000' });
  });

  it('gives priceText "" when the price is absent or blank', () => {
    expect(cashierFromTexts('70', undefined)).toEqual({ coins: 70, priceText: '' });
    expect(cashierFromTexts('70', '  ')).toEqual({ coins: 70, priceText: '' });
  });

  it('is null without a readable positive coin count', () => {
    expect(cashierFromTexts(undefined, '$0.74')).toBe(null);
    expect(cashierFromTexts('lots', '$0.74')).toBe(null);
    expect(cashierFromTexts('0 Coins', '$0.74')).toBe(null);
    expect(cashierFromTexts('', '$0.74')).toBe(null);
    expect(cashierFromTexts('1'.repeat(201), '$0.74')).toBe(null);
  });
});
