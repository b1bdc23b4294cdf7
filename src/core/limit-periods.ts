/**
 * The windows a limit counts in: the occurrence of its period that contains an instant, in the user's time zone and
 * with the chosen week start. Day, week and month come from core/periods.ts; a custom period ("every N days from a
 * date") is cut here the same DST-safe way, as N *local dates* from `from`, each window starting at the first instant
 * of its first date (startOfLocalDay), never by adding N × 24 hours.
 */
import type { LimitPeriod } from './limits';
import { dayWindow, monthWindow, startOfLocalDay, weekWindow, zonedParts, type WeekStart, type Window } from './periods';

const DAY_MS = 86_400_000;

/** A local date (YYYY-MM-DD) as its day number: days since 1970-01-01, comparable across months and years. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The local date `at` falls on, as YYYY-MM-DD (what "today" means to limitProblems). */
export function localDateOf(at: number, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * Every `days` local dates from `from`: the window containing `at`, for instants before `from` too (windows extend
 * backwards with the same rhythm, so "the previous window" of the first one is well defined).
 */
export function customWindow(at: number, timeZone: string, days: number, from: string): Window {
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  const p = zonedParts(at, timeZone);
  const elapsed = dayNumber(p.year, p.month, p.day) - dayNumber(year, month, day);
  const index = Math.floor(elapsed / days);
  return {
    start: startOfLocalDay(year, month, day + index * days, timeZone),
    end: startOfLocalDay(year, month, day + (index + 1) * days, timeZone),
  };
}

/** The window of `period` that contains `at`. */
export function limitWindow(period: LimitPeriod, at: number, timeZone: string, weekStart: WeekStart): Window {
  switch (period.kind) {
    case 'day':
      return dayWindow(at, timeZone);
    case 'week':
      return weekWindow(at, timeZone, weekStart);
    case 'month':
      return monthWindow(at, timeZone);
    case 'custom':
      return customWindow(at, timeZone, period.days, period.from);
  }
}

/** The window just before `window` (it ends where `window` starts: windows of a period never overlap or leave gaps). */
export function previousWindow(period: LimitPeriod, window: Window, timeZone: string, weekStart: WeekStart): Window {
  return limitWindow(period, window.start - 1, timeZone, weekStart);
}
