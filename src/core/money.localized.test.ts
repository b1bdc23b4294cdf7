import { describe, expect, it } from 'vitest';
import { parseLocalizedPrice } from './localized-price';
import { minorDigits } from './money';

/** Expected minor units computed from whole + fraction text, the way the parser must (Intl decides the digits). */
function minor(currency: string, whole: string, fraction = ''): { minor: number; currency: string } {
  const digits = minorDigits(currency);
  return { minor: Number(whole + fraction.padEnd(digits, '0')), currency };
}

describe('parseLocalizedPrice: the README examples', () => {
  it('"$0.74" in en-US is 74 US cents', () => {
    expect(parseLocalizedPrice('$0.74', 'en-US')).toEqual({ minor: 74, currency: 'USD' });
  });

  it('"₫9,800" is 9800 đồng in vi-VN and in en (VND has no minor unit)', () => {
    expect(parseLocalizedPrice('₫9,800', 'vi-VN')).toEqual({ minor: 9800, currency: 'VND' });
    expect(parseLocalizedPrice('₫9,800', 'en')).toEqual({ minor: 9800, currency: 'VND' });
    expect(parseLocalizedPrice('9.800 ₫', 'vi-VN')).toEqual({ minor: 9800, currency: 'VND' });
  });

  it('"Rp 12.000" in id-ID is 12,000 rupiah: 1,200,000 minor units (ISO 4217 gives IDR 2 digits, whatever ICU says)', () => {
    expect(minorDigits('IDR')).toBe(2);
    expect(parseLocalizedPrice('Rp 12.000', 'id-ID')).toEqual({ minor: 1_200_000, currency: 'IDR' });
    expect(parseLocalizedPrice('Rp\u00a012.000', 'en')).toEqual({ minor: 1_200_000, currency: 'IDR' });
    expect(parseLocalizedPrice('Rp 12.000,00', 'id-ID')).toEqual({ minor: 1_200_000, currency: 'IDR' });
  });

  it('"R$ 4,90" in pt-BR is 490 centavos', () => {
    expect(parseLocalizedPrice('R$ 4,90', 'pt-BR')).toEqual({ minor: 490, currency: 'BRL' });
    expect(parseLocalizedPrice('R$\u00a04,90', 'pt-BR')).toEqual({ minor: 490, currency: 'BRL' });
  });

  it('"€1,99" in de-DE is 199 cents; "3,70 €" is 370', () => {
    expect(parseLocalizedPrice('€1,99', 'de-DE')).toEqual({ minor: 199, currency: 'EUR' });
    expect(parseLocalizedPrice('3,70 €', 'de-DE')).toEqual({ minor: 370, currency: 'EUR' });
    expect(parseLocalizedPrice('3,70\u00a0€', 'fr-FR')).toEqual({ minor: 370, currency: 'EUR' });
  });

  it('"US$3.70" is 370 US cents whatever the locale', () => {
    expect(parseLocalizedPrice('US$3.70', 'en')).toEqual({ minor: 370, currency: 'USD' });
    expect(parseLocalizedPrice('US$3.70', 'pt-BR')).toEqual({ minor: 370, currency: 'USD' });
    expect(parseLocalizedPrice('US$ 3.70', 'es-419')).toEqual({ minor: 370, currency: 'USD' });
  });
});

describe('parseLocalizedPrice: symbols and codes', () => {
  const cases: Array<[string, string, { minor: number; currency: string }]> = [
    ['£0.99', 'en-GB', { minor: 99, currency: 'GBP' }],
    ['¥1,200', 'ja-JP', { minor: 1200, currency: 'JPY' }],
    ['¥12.00', 'zh-CN', { minor: 1200, currency: 'CNY' }],
    ['₩12,000', 'ko-KR', { minor: 12000, currency: 'KRW' }],
    ['₱55.00', 'en-PH', { minor: 5500, currency: 'PHP' }],
    ['฿35.00', 'th-TH', { minor: 3500, currency: 'THB' }],
    ['RM4.50', 'ms-MY', { minor: 450, currency: 'MYR' }],
    ['₺34,99', 'tr-TR', { minor: 3499, currency: 'TRY' }],
    ['₹89.00', 'hi-IN', { minor: 8900, currency: 'INR' }],
    ['₹1,00,000.00', 'hi-IN', { minor: 10_000_000, currency: 'INR' }],
    ['4,99 zł', 'pl-PL', { minor: 499, currency: 'PLN' }],
    ['49,00 kr', 'sv-SE', { minor: 4900, currency: 'SEK' }],
    ['kr 49,00', 'nb-NO', { minor: 4900, currency: 'NOK' }],
    ['49,00 kr.', 'da-DK', { minor: 4900, currency: 'DKK' }],
    ['USD 3.70', 'en', { minor: 370, currency: 'USD' }],
    ['3,70 EUR', 'de', { minor: 370, currency: 'EUR' }],
    ['IDR 12.000', 'en', minor('IDR', '12000')],
    ['$1,234.56', 'en-US', { minor: 123456, currency: 'USD' }],
    ['1.234,56 €', 'de-DE', { minor: 123456, currency: 'EUR' }],
    ['1\u202f234,56\u00a0€', 'fr-FR', { minor: 123456, currency: 'EUR' }],
    ["CHF 1'234.50", 'de-CH', { minor: 123450, currency: 'CHF' }],
    ['CHF 1’234.50', 'de-CH', { minor: 123450, currency: 'CHF' }],
    ['€1.234.567', 'de-DE', { minor: 123456700, currency: 'EUR' }],
    ['$5', 'en-US', { minor: 500, currency: 'USD' }],
    ['$1.5', 'en-US', { minor: 150, currency: 'USD' }],
    ['€1,999', 'de-DE', { minor: 199900, currency: 'EUR' }], // three digits after a mark cannot be EUR cents
    ['\u200f₪ 19.90', 'he-IL', { minor: 1990, currency: 'ILS' }],
    ['S/ 10.50', 'es-PE', { minor: 1050, currency: 'PEN' }],
  ];
  for (const [text, locale, expected] of cases) {
    it(`${JSON.stringify(text)} in ${locale}`, () => {
      expect(parseLocalizedPrice(text, locale)).toEqual(expected);
    });
  }

  it('a bare "$" is fallbackCurrency when given, else USD', () => {
    expect(parseLocalizedPrice('$17.00', 'es-MX')).toEqual({ minor: 1700, currency: 'USD' });
    expect(parseLocalizedPrice('$17.00', 'es-MX', 'MXN')).toEqual({ minor: 1700, currency: 'MXN' });
    expect(parseLocalizedPrice('$ 3.900', 'es-CO', 'COP')).toEqual(minor('COP', '3900'));
  });

  it('no symbol at all: fallbackCurrency, else null', () => {
    expect(parseLocalizedPrice('0.74', 'en-US')).toBe(null);
    expect(parseLocalizedPrice('0.74', 'en-US', 'USD')).toEqual({ minor: 74, currency: 'USD' });
    expect(parseLocalizedPrice('0.74', 'en-US', 'usd')).toBe(null); // not an ISO code
  });

  it('shared symbols need the locale or a matching fallback', () => {
    expect(parseLocalizedPrice('49,00 kr', 'en')).toBe(null);
    expect(parseLocalizedPrice('49,00 kr', 'en', 'NOK')).toEqual({ minor: 4900, currency: 'NOK' });
    expect(parseLocalizedPrice('49,00 kr', 'sv-SE', 'USD')).toEqual({ minor: 4900, currency: 'SEK' });
    expect(parseLocalizedPrice('¥1,200', 'en')).toEqual({ minor: 1200, currency: 'JPY' });
    expect(parseLocalizedPrice('¥12.00', 'en', 'CNY')).toEqual({ minor: 1200, currency: 'CNY' });
    expect(parseLocalizedPrice('Rs 250', 'en')).toBe(null);
    expect(parseLocalizedPrice('Rs 250', 'en', 'PKR')).toEqual(minor('PKR', '250'));
  });

  it('symbol and code together must agree', () => {
    expect(parseLocalizedPrice('$3.70 USD', 'en')).toEqual({ minor: 370, currency: 'USD' });
    expect(parseLocalizedPrice('€3.70 USD', 'en')).toBe(null);
  });
});

describe('parseLocalizedPrice: separators', () => {
  it('three digits after the only mark in a three-decimal currency: the locale decides', () => {
    expect(parseLocalizedPrice('KWD 1.500', 'en')).toEqual({ minor: 1500, currency: 'KWD' });
    expect(parseLocalizedPrice('KWD 1.500', 'de-DE')).toEqual({ minor: 1_500_000, currency: 'KWD' });
    expect(parseLocalizedPrice('KWD 1,500', 'de-DE')).toEqual({ minor: 1500, currency: 'KWD' });
    // A mark the locale uses for neither: ambiguous.
    expect(parseLocalizedPrice('KWD 1,500', 'fr-FR')).toEqual({ minor: 1500, currency: 'KWD' });
    expect(parseLocalizedPrice('KWD 1.500', 'fr-FR')).toBe(null);
  });

  it('the digit pattern wins over the locale when it is decisive', () => {
    expect(parseLocalizedPrice('R$ 4,90', 'en-US')).toEqual({ minor: 490, currency: 'BRL' });
    expect(parseLocalizedPrice('$0.74', 'de-DE')).toEqual({ minor: 74, currency: 'USD' });
  });

  it('an invalid locale tag does not break parsing', () => {
    expect(parseLocalizedPrice('$0.74', '')).toEqual({ minor: 74, currency: 'USD' });
    expect(parseLocalizedPrice('$0.74', '!!')).toEqual({ minor: 74, currency: 'USD' });
  });
});

describe('parseLocalizedPrice: garbage and ambiguity → null', () => {
  const bad = [
    '', ' ', '$', 'abc', 'free', '30 Coins', '$-1.00', '-$1.00', '−€1', '+$1', '$0.745', '$1.2.3', '$1,23,4', '$1.234.56', '€1,,99', '$1 2 3',
    '₫9,80', '₫9.800,5', '$12.3456', '$.99', '$1.', '1,99 €€', 'XYZ 1.00', 'usd 1.00', '$1,234.567', '€1.234,567', '1 2', '¤1.00',
    '$99999999999999999', `$${'9'.repeat(70)}`, '$1 and $2', 'Total: $3.70', '<b>$1</b>',
  ];
  for (const text of bad) {
    it(`${JSON.stringify(text)} → null`, () => {
      expect(parseLocalizedPrice(text, 'en-US')).toBe(null);
    });
  }

  it('wrong argument types → null, never a throw', () => {
    expect(parseLocalizedPrice(null as unknown as string, 'en')).toBe(null);
    expect(parseLocalizedPrice('$1', null as unknown as string)).toBe(null);
    expect(parseLocalizedPrice(7 as unknown as string, 'en')).toBe(null);
  });

  it('results are always safe integers of minor units with an ISO code', () => {
    for (const text of ['$0.01', '$0.1', '$10', '€0,5', '₫1', '¥0']) {
      const money = parseLocalizedPrice(text, 'en-US');
      expect(money && Number.isSafeInteger(money.minor) && /^[A-Z]{3}$/.test(money.currency), text).toBe(true);
    }
  });
});
