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

/**
 * When an entry happened, as short as stays unambiguous: the time alone today, the day and time this year, the full
 * date otherwise (a list of recent entries repeating the year on every row was noise).
 */
export function formatWhen(at: number, now: number, locale?: string, timeZone?: string): string {
  const zone = timeZone ? { timeZone } : {};
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const year = (t: number) => new Intl.DateTimeFormat('en-CA', { ...zone, year: 'numeric' }).format(t);
  if (day(at) === day(now)) return new Intl.DateTimeFormat(locale, { ...zone, timeStyle: 'short' }).format(at);
  if (year(at) === year(now)) return new Intl.DateTimeFormat(locale, { ...zone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(at);
  return formatDateTime(at, locale);
}
