import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_COINS } from './ledger';
import { parseCoinsInput, parsePriceInput, type PriceRefusalCode } from './price-input';

const ok = (minor: number, currency: string) => ({ ok: true, money: { minor, currency } });
const no = (code: PriceRefusalCode, ...args: string[]) => ({ ok: false, code, args });

describe('parsePriceInput: the issue’s prices, from many locales', () => {
  const cases: [string, string, string | null, ReturnType<typeof ok>][] = [
    ['$0.74', 'en-US', 'USD', ok(74, 'USD')],
    ['₫9,800', 'vi-VN', null, ok(9800, 'VND')],
    ['₫9,800', 'en-US', null, ok(9800, 'VND')],
    ['Rp 12.000', 'id-ID', null, ok(1_200_000, 'IDR')],
    ['R$ 4,90', 'pt-BR', null, ok(490, 'BRL')],
    ['R$ 4,90', 'en-US', null, ok(490, 'BRL')],
    ['1.234,56 €', 'de-DE', null, ok(123_456, 'EUR')],
    ['1\u202f234,56\u00a0€', 'fr-FR', null, ok(123_456, 'EUR')],
    ['¥1,200', 'ja-JP', 'JPY', ok(1200, 'JPY')],
    ['¥12.00', 'zh-CN', 'CNY', ok(1200, 'CNY')],
    ['US$3.70', 'en', null, ok(370, 'USD')],
    ['USD 3.70', 'en', null, ok(370, 'USD')],
    ['49,00 kr', 'sv-SE', 'SEK', ok(4900, 'SEK')],
    ['$ 3.900', 'es-CO', 'COP', ok(390_000, 'COP')],
    ['0.99', 'en-US', 'GBP', ok(99, 'GBP')],
    ['4,99', 'pl-PL', 'PLN', ok(499, 'PLN')],
    ['$5', 'en-US', 'USD', ok(500, 'USD')],
  ];
  for (const [text, locale, chosen, expected] of cases) {
    it(`${JSON.stringify(text)} in ${locale}${chosen ? ` with ${chosen} picked` : ''}`, () => {
      expect(parsePriceInput(text, locale, chosen)).toEqual(expected);
    });
  }
});

describe('parsePriceInput: refused, with the reason, never guessed', () => {
  it('a symbol several currencies use needs a currency picked', () => {
    expect(parsePriceInput('$0.74', 'en-US', null)).toEqual(no('ambiguous-symbol', '$', 'USD, CAD, AUD, NZD, …'));
    expect(parsePriceInput('¥1,200', 'ja-JP', null)).toEqual(no('ambiguous-symbol', '¥', 'JPY, CNY'));
    expect(parsePriceInput('49,00 kr', 'sv-SE', null)).toEqual(no('ambiguous-symbol', 'kr', 'SEK, NOK, DKK, ISK'));
  });

  it('a picked currency must agree with the symbol typed', () => {
    expect(parsePriceInput('€1,99', 'de-DE', 'USD')).toEqual(no('currency-conflict', '€', 'USD'));
    expect(parsePriceInput('$1.99', 'en-US', 'EUR')).toEqual(no('currency-conflict', '$', 'EUR'));
    expect(parsePriceInput('€3.70 USD', 'en', null)).toEqual(no('currencies-disagree', '€', 'USD'));
  });

  it('more decimals than the currency has', () => {
    expect(parsePriceInput('$0.745', 'en-US', 'USD')).toEqual(no('too-many-decimals', 'USD', '2'));
    expect(parsePriceInput('$1,234.567', 'en-US', 'USD')).toEqual(no('too-many-decimals', 'USD', '2'));
    expect(parsePriceInput('₫9,80', 'vi-VN', null)).toEqual(no('no-decimals', 'VND'));
    expect(parsePriceInput('¥12.50', 'ja-JP', 'JPY')).toEqual(no('no-decimals', 'JPY'));
  });

  it('no number, several numbers, a sign, nothing at all', () => {
    expect(parsePriceInput('', 'en', 'USD')).toEqual(no('empty'));
    expect(parsePriceInput('   ', 'en', 'USD')).toEqual(no('empty'));
    expect(parsePriceInput('free', 'en', 'USD')).toEqual(no('no-number'));
    expect(parsePriceInput('$', 'en', 'USD')).toEqual(no('no-number'));
    expect(parsePriceInput('$1 and $2', 'en', 'USD')).toEqual(no('several-numbers'));
    expect(parsePriceInput('-$1.00', 'en', 'USD')).toEqual(no('negative'));
    expect(parsePriceInput('−€1', 'en', null)).toEqual(no('negative'));
    expect(parsePriceInput('+$1', 'en', 'USD')).toEqual(no('sign'));
    expect(parsePriceInput('x'.repeat(65), 'en', 'USD')).toEqual(no('too-long'));
  });

  it('a currency it does not know, or none at all', () => {
    expect(parsePriceInput('XYZ 1.00', 'en', null)).toEqual(no('unknown-currency', 'XYZ'));
    expect(parsePriceInput('Total: $3.70', 'en', 'USD')).toEqual(no('unknown-currency', 'Total:$'));
    expect(parsePriceInput('0.74', 'en-US', null)).toEqual(no('no-currency'));
  });

  it('digits that are not a number', () => {
    expect(parsePriceInput('$1,23,4', 'en', 'USD')).toEqual(no('bad-grouping', '1,23,4'));
    expect(parsePriceInput('$1.234.56', 'en', 'USD')).toEqual(no('bad-grouping', '1.234.56'));
    expect(parsePriceInput('€1,,99', 'de', null)).toEqual(no('bad-grouping', '1,,99'));
    expect(parsePriceInput('$.99', 'en', 'USD')).toEqual(no('bad-grouping', '$.99'));
    expect(parsePriceInput('$1 2 3', 'en', 'USD')).toEqual(no('bad-grouping', '1 2 3'));
  });

  it('a separator only the locale could decide, and the locale uses it for neither', () => {
    expect(parsePriceInput('KWD 1.500', 'fr-FR', null)).toEqual(no('ambiguous-separator', '.'));
    expect(parsePriceInput('KWD 1.500', 'en', null)).toEqual(ok(1500, 'KWD'));
  });

  it('zero and absurd amounts', () => {
    expect(parsePriceInput('$0.00', 'en', 'USD')).toEqual(no('zero'));
    expect(parsePriceInput('$99999999999999999', 'en', 'USD')).toEqual(no('too-large'));
    expect(parsePriceInput('$99,999,999,999.00', 'en', 'USD')).toEqual(no('too-large'));
  });

  it('every refusal has an English message with as many placeholders as it gives arguments', () => {
    const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string; placeholders?: object }>;
    const codes: PriceRefusalCode[] = ['empty', 'too-long', 'negative', 'sign', 'no-number', 'several-numbers', 'unknown-currency',
      'ambiguous-symbol', 'no-currency', 'currency-conflict', 'currencies-disagree', 'too-many-decimals', 'no-decimals',
      'ambiguous-separator', 'bad-grouping', 'zero', 'too-large'];
    for (const code of codes) expect(messages[`priceRefused_${code.replaceAll('-', '_')}`]?.message, code).toBeTruthy();
    expect(messages.priceRefused_ambiguous_symbol!.message).toContain('choose');
  });
});

describe('parseCoinsInput', () => {
  it('whole coins, grouped any common way', () => {
    for (const text of ['1000', '1,000', '1.000', '1 000', '1\u00a0000', "1'000", '1000 coins']) expect(parseCoinsInput(text, MAX_COINS), text).toEqual({ ok: true, coins: 1000 });
    expect(parseCoinsInput('70', MAX_COINS)).toEqual({ ok: true, coins: 70 });
  });

  it('refuses fractions, signs, zero, too many and non-numbers, saying which', () => {
    expect(parseCoinsInput('1.5', MAX_COINS)).toMatchObject({ ok: false, code: 'not-whole' });
    expect(parseCoinsInput('2,50', MAX_COINS)).toMatchObject({ ok: false, code: 'not-whole' });
    expect(parseCoinsInput('-5', MAX_COINS)).toMatchObject({ ok: false, code: 'negative' });
    expect(parseCoinsInput('0', MAX_COINS)).toMatchObject({ ok: false, code: 'zero' });
    expect(parseCoinsInput('', MAX_COINS)).toMatchObject({ ok: false, code: 'empty' });
    expect(parseCoinsInput('many', MAX_COINS)).toMatchObject({ ok: false, code: 'no-number' });
    expect(parseCoinsInput('1,00,0', MAX_COINS)).toMatchObject({ ok: false, code: 'bad-grouping' });
    expect(parseCoinsInput('2000000000', MAX_COINS)).toMatchObject({ ok: false, code: 'too-large' });
  });
});
