/**
 * Spend over time, pure: consecutive local periods (days, months) in the user's time zone, and the sum of hourly rollup
 * rows into them. An hour that a period boundary cuts (zones with :30/:45 offsets) is never taken from its rollup row:
 * the caller reads that hour's entries and they are filed one by one, so every period is exact.
 */
import type { LedgerEntry } from './ledger';
import { startOfLocalDay, zonedParts, type Window } from './periods';
import { HOUR, addEntry, addRollup, bucketOf, emptyTotals, type Rollup, type Totals } from './rollups';

/** A local calendar period: [start, end) plus its local date (day 1 for a month). */
export interface Period extends Window {
  year: number;
  month: number;
  day: number;
}

/** The `count` local days ending with the day of `now` (oldest first), DST-safe. */
export function lastDays(now: number, timeZone: string, count: number): Period[] {
  const today = zonedParts(now, timeZone);
  const periods: Period[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const start = startOfLocalDay(today.year, today.month, today.day - back, timeZone);
    const end = startOfLocalDay(today.year, today.month, today.day - back + 1, timeZone);
    const p = zonedParts(start, timeZone);
    periods.push({ start, end, year: p.year, month: p.month, day: p.day });
  }
  return periods;
}

/** The `count` local calendar months ending with the month of `now` (oldest first). */
export function lastMonths(now: number, timeZone: string, count: number): Period[] {
  const today = zonedParts(now, timeZone);
  const periods: Period[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const start = startOfLocalDay(today.year, today.month - back, 1, timeZone);
    const end = startOfLocalDay(today.year, today.month - back + 1, 1, timeZone);
    const p = zonedParts(start, timeZone);
    periods.push({ start, end, year: p.year, month: p.month, day: 1 });
  }
  return periods;
}

/** The hour buckets [from, to] that hold any of the periods, and those of them cut by a boundary (read from entries). */
export function hoursOf(periods: readonly Window[]): { from: number; to: number; cut: Set<number> } {
  if (periods.length === 0) return { from: 0, to: -1, cut: new Set() };
  const cut = new Set<number>();
  for (const edge of [periods[0]!.start, ...periods.map((p) => p.end)]) if (edge % HOUR !== 0) cut.add(bucketOf(edge));
  return { from: bucketOf(periods[0]!.start), to: bucketOf(periods[periods.length - 1]!.end - 1), cut };
}

/** Index of the period holding `at` (periods consecutive, oldest first), or -1. */
function periodOf(periods: readonly Window[], at: number): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid]!;
    if (at < p.start) hi = mid - 1;
    else if (at >= p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Totals per period from whole-hour rollup rows and the entries of the cut hours (`hoursOf(periods).cut`). Rows of cut
 * hours and rows outside the periods are ignored; so are entries outside the cut hours (they are in their rows).
 */
export function totalsByPeriod(periods: readonly Window[], rows: readonly Rollup[], cutHourEntries: readonly LedgerEntry[]): Totals[] {
  const { cut } = hoursOf(periods);
  const out = periods.map(() => emptyTotals());
  for (const row of rows) {
    if (cut.has(row.bucket)) continue;
    const index = periodOf(periods, row.bucket * HOUR);
    if (index >= 0) out[index] = addRollup(out[index]!, row);
  }
  for (const entry of cutHourEntries) {
    if (!cut.has(bucketOf(entry.at))) continue;
    const index = periodOf(periods, entry.at);
    if (index >= 0) out[index] = addEntry(out[index]!, entry);
  }
  return out;
}

/** `count` instants spread evenly over [start, end] (both included), for sampling a series that has too many points. */
export function sampleInstants(start: number, end: number, count: number): number[] {
  if (end <= start || count <= 1) return [end];
  const step = (end - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? end : Math.floor(start + i * step)));
}
