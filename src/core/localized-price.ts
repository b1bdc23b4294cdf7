/**
 * Parsing localised prices as TikTok's /coin page shows them ("$0.74", "₫9,800", "Rp 12.000", "3,70 €") into integer
 * minor units (money.ts). A module of its own so that views which only format money (the popup) do not load it: the
 * content scripts use it, and the options page builds its typed-price parser on it (price-input.ts).
 */
import { isCurrencyCode, minorDigits, type Money } from './money';


/** Symbols that name exactly one currency. Matched after removing spaces inside the symbol. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  US$: 'USD', U$S: 'USD', A$: 'AUD', AU$: 'AUD', C$: 'CAD', CA$: 'CAD', NZ$: 'NZD', HK$: 'HKD', S$: 'SGD', SG$: 'SGD',
  NT$: 'TWD', MX$: 'MXN', R$: 'BRL', '€': 'EUR', '£': 'GBP', '₫': 'VND', 'đ': 'VND', Rp: 'IDR', '₩': 'KRW', '₱': 'PHP',
  '฿': 'THB', RM: 'MYR', '₺': 'TRY', TL: 'TRY', '₹': 'INR', 'zł': 'PLN', 'Kč': 'CZK', Ft: 'HUF', lei: 'RON', '₽': 'RUB',
  '₴': 'UAH', '₪': 'ILS', '₦': 'NGN', R: 'ZAR', 'S/': 'PEN', 'S/.': 'PEN', '₸': 'KZT', '₡': 'CRC', '₲': 'PYG',
  'CN¥': 'CNY', 'JP¥': 'JPY', '元': 'CNY', '円': 'JPY', 'E£': 'EGP', 'Fr.': 'CHF', '৳': 'BDT', '₭': 'LAK', '៛': 'KHR',
  '₮': 'MNT', 'د.إ': 'AED', 'ر.س': 'SAR',
};

/** Symbols shared by several currencies: fallbackCurrency decides if it is a candidate, then the locale's language. */
export const SHARED_SYMBOLS: Readonly<Record<string, { candidates: readonly string[]; byLanguage: Readonly<Record<string, string>>; otherwise?: string }>> = {
  kr: { candidates: ['SEK', 'NOK', 'DKK', 'ISK'], byLanguage: { sv: 'SEK', nb: 'NOK', nn: 'NOK', no: 'NOK', da: 'DKK', fo: 'DKK', is: 'ISK' } },
  'kr.': { candidates: ['DKK', 'ISK', 'SEK', 'NOK'], byLanguage: { da: 'DKK', fo: 'DKK', is: 'ISK', sv: 'SEK', nb: 'NOK', nn: 'NOK', no: 'NOK' } },
  '¥': { candidates: ['JPY', 'CNY'], byLanguage: { zh: 'CNY', ja: 'JPY' }, otherwise: 'JPY' },
  '￥': { candidates: ['JPY', 'CNY'], byLanguage: { zh: 'CNY', ja: 'JPY' }, otherwise: 'JPY' },
  Rs: { candidates: ['INR', 'PKR', 'LKR', 'NPR'], byLanguage: { hi: 'INR', ur: 'PKR', si: 'LKR', ne: 'NPR' } },
  'Rs.': { candidates: ['INR', 'PKR', 'LKR', 'NPR'], byLanguage: { hi: 'INR', ur: 'PKR', si: 'LKR', ne: 'NPR' } },
};

let knownCodes: ReadonlySet<string> | null | undefined;
export function isKnownCurrency(code: string): boolean {
  if (knownCodes === undefined) {
    try {
      knownCodes = typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;
    } catch {
      knownCodes = null;
    }
  }
  return knownCodes === null ? isCurrencyCode(code) : knownCodes.has(code);
}

function languageOf(locale: string): string {
  return (locale.split(/[-_]/)[0] ?? '').toLowerCase();
}

/** Which currency a symbol or code stands for; null when unknown or ambiguous. */
function currencyOfToken(token: string, locale: string, fallback: string | null): string | null {
  if (token === '$') return fallback ?? 'USD';
  const single = CURRENCY_SYMBOLS[token];
  if (single) return single;
  const shared = SHARED_SYMBOLS[token];
  if (shared) {
    if (fallback && shared.candidates.includes(fallback)) return fallback;
    return shared.byLanguage[languageOf(locale)] ?? shared.otherwise ?? null;
  }
  return isCurrencyCode(token) && isKnownCurrency(token) ? token : null;
}

export const NBSP_LIKE = /[\u00a0\u202f\u2009\u2007]/g;
const separatorCache = new Map<string, { decimal: string; group: string }>();

/** The locale's decimal and grouping separators, from Intl (nbsp-like spaces normalised to ' '). */
export function localeSeparators(locale: string): { decimal: string; group: string } {
  let found = separatorCache.get(locale);
  if (!found) {
    found = { decimal: '.', group: ',' };
    try {
      for (const part of new Intl.NumberFormat(locale).formatToParts(1234.5)) {
        if (part.type === 'decimal') found.decimal = part.value.replace(NBSP_LIKE, ' ');
        if (part.type === 'group') found.group = part.value.replace(NBSP_LIKE, ' ');
      }
    } catch {
      // An invalid locale tag: keep the neutral defaults; the digit pattern decides most cases anyway.
    }
    if (separatorCache.size < 64) separatorCache.set(locale, found);
  }
  return found;
}

export const ALWAYS_GROUPING = new Set([' ', "'", '’']);

/** Valid digit grouping: 1–3 digits then groups of 3, or the Indian 1–2, 2, …, 2, 3. */
export function validGrouping(groups: readonly string[]): boolean {
  const [first, ...rest] = groups;
  if (first === undefined || rest.length === 0) return true;
  if (first.startsWith('0')) return false;
  if (first.length <= 3 && rest.every((g) => g.length === 3)) return true;
  return first.length <= 2 && rest[rest.length - 1]!.length === 3 && rest.slice(0, -1).every((g) => g.length === 2);
}

/** Splits a digit run into integer digits and fraction digits, or null when ambiguous or malformed. */
function splitAmount(run: string, digits: number, locale: string): { whole: string; fraction: string } | null {
  const parts = run.split(/([.,'’ ])/);
  const groups = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  if (groups.some((g) => g.length === 0)) return null;
  if (seps.length === 0) return { whole: groups[0]!, fraction: '' };

  const last = seps[seps.length - 1]!;
  const lastGroup = groups[groups.length - 1]!;
  let decimal: boolean;
  if (ALWAYS_GROUPING.has(last)) decimal = false;
  else if (seps.slice(0, -1).includes(last)) decimal = false; // the same mark repeated: grouping
  else if (seps.length > 1) decimal = true; // another mark before it: "1,234.56", "1.234,56", "1 234,56"
  else if (lastGroup.length !== 3) decimal = true; // "0.74", "4,90": grouping always has three digits
  else if (digits < 3) decimal = false; // "9,800" VND, "12.000" IDR: three decimals are impossible
  else {
    // A three-decimal currency (KWD, BHD…) and exactly three digits: only the locale can tell.
    const { decimal: localeDecimal, group: localeGroup } = localeSeparators(locale);
    if (last === localeDecimal) decimal = true;
    else if (last === localeGroup) decimal = false;
    else return null;
  }

  const wholeGroups = decimal ? groups.slice(0, -1) : groups;
  const wholeSeps = decimal ? seps.slice(0, -1) : seps;
  if (wholeSeps.some((s) => s !== wholeSeps[0])) return null;
  if (!validGrouping(wholeGroups)) return null;
  const fraction = decimal ? lastGroup : '';
  if (fraction.length > digits) return null;
  return { whole: wholeGroups.join(''), fraction };
}

/**
 * Parses a localised price into integer minor units, or null when anything is unknown or ambiguous.
 * - Currency: from a symbol ("$", "US$", "₫", "Rp", "R$", "€", "£", "¥", "₩", "₱", "฿", "RM", "₺", "₹", "zł",
 *   "kr"…) or an ISO code ("USD 3.70") before or after the number. A bare "$" is fallbackCurrency, else USD.
 *   "kr", "¥", "Rs" are resolved by fallbackCurrency (when it is one of their currencies), then the
 *   locale's language. No symbol at all: fallbackCurrency, else null.
 * - Separators: the digit pattern decides when it can (two different marks, a repeated mark, a last group
 *   that is not three digits, three digits in a currency with fewer than three minor digits); the locale
 *   (Intl.NumberFormat(locale).formatToParts) decides only the remaining ambiguity.
 * - Minor digits come from ISO 4217 (minorDigits), the same in every runtime.
 * - Integer arithmetic only: digits are concatenated as text, never multiplied as floats.
 */
export function parseLocalizedPrice(text: string, locale: string, fallbackCurrency?: string): Money | null {
  if (typeof text !== 'string' || text.length > 64 || typeof locale !== 'string') return null;
  const fallback = fallbackCurrency !== undefined && isCurrencyCode(fallbackCurrency) ? fallbackCurrency : null;
  const normalized = text.replace(/[\u200e\u200f\u061c]/g, '').replace(NBSP_LIKE, ' ').trim();
  if (/[-−+]/.test(normalized)) return null;
  const match = /^(\D*?)(\d[\d.,'’ ]*\d|\d)(\D*)$/.exec(normalized);
  if (!match) return null;
  const prefix = match[1]!.replace(/\s+/g, '');
  const suffix = match[3]!.replace(/\s+/g, '');

  let currency: string | null;
  if (prefix === '' && suffix === '') currency = fallback;
  else if (prefix === '' || suffix === '') currency = currencyOfToken(prefix || suffix, locale, fallback);
  else {
    const before = currencyOfToken(prefix, locale, fallback);
    currency = before !== null && before === currencyOfToken(suffix, locale, fallback) ? before : null;
  }
  if (currency === null) return null;

  let digits: number;
  try {
    digits = minorDigits(currency);
  } catch {
    return null;
  }
  const amount = splitAmount(match[2]!, digits, locale);
  if (!amount) return null;
  const minor = Number(amount.whole + amount.fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? { minor, currency } : null;
}
