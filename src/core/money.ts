/**
 * Money is always an integer count of minor units plus an ISO 4217 code. Never a float.
 * The number of minor units per major unit comes from ISO 4217 itself (USD 2, JPY 0, VND 0, KWD 3…), not from
 * Intl: browsers' ICU data disagree (some say IDR has 0 digits, ISO says 2), and an amount stored under one
 * browser must mean the same in another.
 */
export interface Money {
  /** Integer minor units (cents for USD, đồng for VND). */
  readonly minor: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
}

const ISO_CODE = /^[A-Z]{3}$/;

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && ISO_CODE.test(value);
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return Number.isSafeInteger(candidate.minor) && isCurrencyCode(candidate.currency);
}

/** ISO 4217 exponents that are not 2. Fixed here so a stored amount never changes meaning between browsers. */
const ISO_EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Minor-unit digits of a currency per ISO 4217 (USD → 2, JPY → 0, KWD → 3). */
export function minorDigits(currency: string): number {
  return ISO_EXPONENTS[currency] ?? 2;
}

/** Formats for display only: the one place a minor-unit integer becomes a decimal. */
export function formatMoney(money: Money, locale?: string): string {
  const digits = minorDigits(money.currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  // Split into integer and fraction with integer arithmetic, then let Intl place symbols and separators.
  const scale = 10 ** digits;
  const sign = money.minor < 0 ? -1 : 1;
  const abs = Math.abs(money.minor);
  const whole = Math.trunc(abs / scale);
  const fraction = abs % scale;
  // Number(`${whole}.${fraction}`) is exact for display purposes: it is only ever rendered, never summed.
  const value = digits === 0 ? whole : Number(`${whole}.${String(fraction).padStart(digits, '0')}`);
  return format.format(sign * value);
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot add ${a.currency} to ${b.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}

/** Sums amounts per currency; totals in different currencies are never mixed. */
export type MoneyTotals = Record<string, number>;

export function addToTotals(totals: MoneyTotals, money: Money, sign: 1 | -1 = 1): MoneyTotals {
  totals[money.currency] = (totals[money.currency] ?? 0) + sign * money.minor;
  if (totals[money.currency] === 0) delete totals[money.currency];
  return totals;
}
