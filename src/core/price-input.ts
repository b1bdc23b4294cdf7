/**
 * Prices and amounts a person types (a purchase Coinsight could not see, a custom coin rate, an exchange rate), parsed
 * into integer minor units with an ISO 4217 code, or refused with the reason. Unlike the /coin page's prices
 * (localized-price.ts parseLocalizedPrice, which may resolve a shared symbol from the page's locale), nothing here is guessed:
 * a symbol several currencies use ("$", "¥", "kr") needs the currency picked beside the field, and a picked currency
 * must agree with the symbol typed. The amount itself is read by parseLocalizedPrice, so both parsers agree on digits.
 */
import {
  ALWAYS_GROUPING, CURRENCY_SYMBOLS, NBSP_LIKE, SHARED_SYMBOLS, isKnownCurrency, localeSeparators, parseLocalizedPrice, validGrouping,
} from './localized-price';
import { isCurrencyCode, minorDigits, type Money } from './money';

/** Why a typed price was refused. `args` fill the placeholders of the message `priceRefused_<code>` (messages.json). */
export type PriceRefusalCode =
  | 'empty' | 'too-long' | 'negative' | 'sign' | 'no-number' | 'several-numbers'
  | 'unknown-currency' | 'ambiguous-symbol' | 'no-currency' | 'currency-conflict' | 'currencies-disagree'
  | 'too-many-decimals' | 'no-decimals' | 'ambiguous-separator' | 'bad-grouping' | 'zero' | 'too-large';

export interface PriceRefusal {
  ok: false;
  code: PriceRefusalCode;
  args: string[];
}
export type PriceInput = { ok: true; money: Money } | PriceRefusal;

/** Above this many minor units a typed price is refused (the settings schema bounds rates the same way). */
export const MAX_TYPED_MINOR = 1e12;

/** Currencies written with a bare "$" (enough to say it is ambiguous, and to accept it for any of them). */
export const DOLLAR_CURRENCIES: readonly string[] = [
  'USD', 'CAD', 'AUD', 'NZD', 'MXN', 'HKD', 'SGD', 'TWD', 'ARS', 'CLP', 'COP', 'UYU', 'BSD', 'BBD', 'BZD', 'BMD', 'BND',
  'KYD', 'FJD', 'GYD', 'JMD', 'LRD', 'NAD', 'SBD', 'SRD', 'TTD', 'XCD', 'DOP', 'CUP', 'CVE', 'TOP',
];

const refuse = (code: PriceRefusalCode, ...args: string[]): PriceRefusal => ({ ok: false, code, args });

/** The currencies a symbol or code may stand for: one, several (a shared symbol), or none (unknown). */
function currenciesOf(token: string): readonly string[] {
  if (token === '$') return DOLLAR_CURRENCIES;
  const single = CURRENCY_SYMBOLS[token];
  if (single) return [single];
  const shared = SHARED_SYMBOLS[token];
  if (shared) return shared.candidates;
  return isCurrencyCode(token) && isKnownCurrency(token) ? [token] : [];
}

/** The one currency a token names, given the picked one (null = none picked), or why it cannot. */
function resolveToken(token: string, chosen: string | null): { currency: string } | PriceRefusal {
  const candidates = currenciesOf(token);
  if (candidates.length === 0) return refuse('unknown-currency', token);
  if (chosen !== null) return candidates.includes(chosen) ? { currency: chosen } : refuse('currency-conflict', token, chosen);
  if (candidates.length === 1) return { currency: candidates[0]! };
  const listed = candidates.length > 4 ? `${candidates.slice(0, 4).join(', ')}, …` : candidates.join(', ');
  return refuse('ambiguous-symbol', token, listed);
}

/**
 * Parses what a person typed as a price. `chosen` is the currency picked beside the field (null for "from the price
 * text"): it resolves a shared symbol, gives a bare number its currency, and must agree with any symbol typed.
 */
export function parsePriceInput(text: string, locale: string, chosen: string | null): PriceInput {
  const normalized = text.replace(/[\u200e\u200f\u061c]/g, '').replace(NBSP_LIKE, ' ').trim();
  if (normalized === '') return refuse('empty');
  if (normalized.length > 64) return refuse('too-long');
  if (/[-−]/.test(normalized)) return refuse('negative');
  if (normalized.includes('+')) return refuse('sign');
  const numbers = normalized.match(/\d[\d.,'’ ]*\d|\d/g) ?? [];
  if (numbers.length === 0) return refuse('no-number');
  if (numbers.length > 1) return refuse('several-numbers');
  const match = /^(\D*?)(\d[\d.,'’ ]*\d|\d)(\D*)$/.exec(normalized)!;
  const run = match[2]!;
  // A mark stuck to the number ("$.99", "1,99 ,") is part of the amount, not of a symbol.
  const prefix = match[1]!.replace(/\s+/g, '');
  const suffix = match[3]!.replace(/\s+/g, '');
  if (/[.,]$/.test(prefix) && !currenciesOf(prefix).length || /^[.,]/.test(suffix) && !currenciesOf(suffix).length) return refuse('bad-grouping', normalized);

  let currency: string;
  if (prefix === '' && suffix === '') {
    if (chosen === null) return refuse('no-currency');
    currency = chosen;
  } else {
    const tokens = [prefix, suffix].filter((token) => token !== '');
    const resolved = tokens.map((token) => resolveToken(token, chosen));
    const failed = resolved.find((r): r is PriceRefusal => 'ok' in r);
    if (failed) return failed;
    // "€3.70 USD": two tokens that each name a currency, but not the same one.
    const [first, second] = resolved as { currency: string }[];
    if (second && first!.currency !== second.currency) return refuse('currencies-disagree', tokens[0]!, tokens[1]!);
    currency = first!.currency;
  }

  const money = parseLocalizedPrice(`${run} ${currency}`, locale);
  if (!money) return whyNotAnAmount(run, currency, locale);
  if (money.minor === 0) return refuse('zero');
  if (money.minor > MAX_TYPED_MINOR) return refuse('too-large');
  return { ok: true, money };
}

/**
 * Says why parseLocalizedPrice refused a digit run once the currency was known. It follows the same decision as
 * localized-price.ts splitAmount (kept there unchanged: it ships in the content scripts, whose size budget is tight).
 */
function whyNotAnAmount(run: string, currency: string, locale: string): PriceRefusal {
  const digits = minorDigits(currency);
  const parts = run.split(/([.,'’ ])/);
  const groups = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  if (groups.some((group) => group.length === 0) || seps.length === 0) return tooLargeOrBadGrouping(run, groups);
  const last = seps[seps.length - 1]!;
  const lastGroup = groups[groups.length - 1]!;
  let decimal: boolean;
  if (ALWAYS_GROUPING.has(last) || seps.slice(0, -1).includes(last)) decimal = false;
  else if (seps.length > 1 || lastGroup.length !== 3) decimal = true;
  // "0.745" or "1234.567" cannot be grouping either: a single mark before three digits is then a decimal mark.
  else if (digits < 3) decimal = seps.length === 1 && !validGrouping(groups);
  else {
    const { decimal: localeDecimal, group: localeGroup } = localeSeparators(locale);
    if (last !== localeDecimal && last !== localeGroup) return refuse('ambiguous-separator', last);
    decimal = last === localeDecimal;
  }
  if (decimal && lastGroup.length > digits) {
    return digits === 0 ? refuse('no-decimals', currency) : refuse('too-many-decimals', currency, String(digits));
  }
  return tooLargeOrBadGrouping(run, decimal ? groups.slice(0, -1) : groups);
}

function tooLargeOrBadGrouping(run: string, wholeGroups: readonly string[]): PriceRefusal {
  const wellGrouped = wholeGroups.every((group) => group.length > 0) && validGrouping(wholeGroups);
  return wellGrouped && wholeGroups.join('').length > 15 ? refuse('too-large') : refuse('bad-grouping', run);
}

export type CoinsRefusalCode = 'empty' | 'no-number' | 'negative' | 'not-whole' | 'zero' | 'too-large' | 'bad-grouping';
export type CoinsInput = { ok: true; coins: number } | { ok: false; code: CoinsRefusalCode; args: string[] };

/** A whole, positive number of coins as typed: "1,000", "1.000", "1 000", "1000"; never a fraction of a coin. */
export function parseCoinsInput(text: string, maxCoins: number): CoinsInput {
  const normalized = text.replace(NBSP_LIKE, ' ').trim().replace(/\s*coins?$/i, '');
  const fail = (code: CoinsRefusalCode, ...args: string[]): CoinsInput => ({ ok: false, code, args });
  if (normalized === '') return fail('empty');
  if (/^[-−]/.test(normalized)) return fail('negative');
  if (!/\d/.test(normalized)) return fail('no-number');
  if (!/^\d[\d.,'’ ]*$/.test(normalized) || /[.,'’ ]$/.test(normalized)) return fail('bad-grouping', normalized);
  const parts = normalized.split(/[.,'’ ]/);
  // Any mark followed by other than three digits cannot be grouping: "1.5" or "2,50" is a fraction of a coin.
  if (parts.length > 1 && parts.slice(1).some((group) => group.length !== 3)) {
    return parts.length === 2 ? fail('not-whole') : fail('bad-grouping', normalized);
  }
  if (parts.length > 1 && !validGrouping(parts)) return fail('bad-grouping', normalized);
  const coins = Number(parts.join(''));
  if (coins === 0) return fail('zero');
  if (!Number.isSafeInteger(coins) || coins > maxCoins) return fail('too-large');
  return { ok: true, coins };
}
