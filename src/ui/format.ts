// Display formatting, in the browser's UI language. Numbers are only ever turned into text here.
import { formatMoney, type Money, type MoneyTotals } from '../core/money';

export function formatCoins(coins: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(coins);
}

export function formatTotals(totals: MoneyTotals, locale?: string): string[] {
  return Object.entries(totals)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => formatMoney({ minor, currency } satisfies Money, locale));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000_000], ['month', 2_592_000_000], ['week', 604_800_000], ['day', 86_400_000],
  ['hour', 3_600_000], ['minute', 60_000], ['second', 1000],
];

export function formatRelative(at: number, now: number, locale?: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const delta = at - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'second') return format.format(Math.round(delta / ms), unit);
  }
  return format.format(0, 'second');
}

export function formatDateTime(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
