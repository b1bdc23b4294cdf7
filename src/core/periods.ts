/**
 * Calendar windows (day, week, month) in the user's time zone, for limits and the Balance view.
 * Only Intl: the browser's own tz database is the one the user sees on their clock, so we never ship another.
 * Days are not 24 hours: DST makes 23- and 25-hour days (23.5/24.5 on Lord Howe), some zones skip midnight
 * (the day then starts at 01:00) or repeat it, and Samoa skipped a whole date. Every boundary is therefore
 * "the first instant whose local date is D", found from the zone itself rather than by adding hours.
 */

/** First day of the week, in JS getDay numbering: Sunday, Monday or Saturday. */
export type WeekStart = 0 | 1 | 6;

/** Half-open [start, end) in epoch milliseconds. */
export interface Window {
  start: number;
  end: number;
}

/** Wall-clock reading of an instant in a zone. month is 1–12; weekday is 0 (Sunday)–6. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

// No real offset (LMT included) reaches a day, so the first instant of a date lies within this of its UTC midnight.
const SEARCH_SPAN = 26 * 3_600_000;

// Creating a DateTimeFormat costs far more than using one; views and guards ask for windows constantly.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    // Gregorian calendar and Latin digits regardless of the user's locale, so the parts parse as numbers.
    // hourCycle h23 rather than hour12:false, which some engines render as "24" at midnight.
    format = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone, hourCycle: 'h23',
      era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Epoch ms of a wall-clock reading taken as if it were UTC; setUTCFullYear keeps years 0–99 literal. */
function civil(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The wall clock of `at` in `timeZone`. Throws RangeError for an unknown zone. */
export function zonedParts(at: number, timeZone: string): ZonedParts {
  const fields: Record<string, number> = {};
  let beforeChrist = false;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'era') beforeChrist = part.value === 'BC';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  // Intl counts years before 1 AD as 1 BC, 2 BC, …; Date (and ISO 8601) as 0, -1, …
  const year = beforeChrist ? 1 - (fields.year ?? NaN) : (fields.year ?? NaN);
  const month = fields.month ?? NaN;
  const day = fields.day ?? NaN;
  const weekday = new Date(civil(year, month, day)).getUTCDay();
  return { year, month, day, hour: (fields.hour ?? NaN) % 24, minute: fields.minute ?? NaN, second: fields.second ?? NaN, weekday };
}

/** The local date of `at` as a day number (UTC midnight of that date), comparable across months and years. */
function localDay(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  return civil(p.year, p.month, p.day);
}

/** Offset of the zone at `at`, in ms (wall clock minus UTC). */
function offsetAt(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const wholeSecond = at - (((at % 1000) + 1000) % 1000);
  return civil(p.year, p.month, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

/**
 * Epoch ms of the first instant whose local date in `timeZone` is year-month-day (month 1–12; out-of-range
 * days and months roll over like Date.UTC). Usually local midnight; when midnight was skipped it is the
 * instant the clocks jumped; when midnight repeats it is the earlier one; when the whole date was skipped
 * (Pacific/Apia, 2011-12-30) it is the start of the next date that exists.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const target = civil(year, month, day);
  // Fast path: midnight at the offset in force then. Accept it only if it really is the first instant of the date.
  let guess = target - offsetAt(target, timeZone);
  guess = target - offsetAt(guess, timeZone);
  if (localDay(guess, timeZone) >= target && localDay(guess - 1, timeZone) < target) return guess;
  // Midnight skipped or repeated: binary-search the instant the local date reaches the target.
  let before = target - SEARCH_SPAN; // local date still earlier than the target
  let atOrAfter = target + SEARCH_SPAN; // local date already the target or later
  while (atOrAfter - before > 1) {
    const mid = before + Math.floor((atOrAfter - before) / 2);
    if (localDay(mid, timeZone) >= target) atOrAfter = mid;
    else before = mid;
  }
  return atOrAfter;
}

/** From the start of the given date to the start of the date `length` days later (Date.UTC-style rollover). */
function daysWindow(year: number, month: number, day: number, length: number, timeZone: string): Window {
  return {
    start: startOfLocalDay(year, month, day, timeZone),
    end: startOfLocalDay(year, month, day + length, timeZone),
  };
}

/** The local calendar day containing `now`. */
export function dayWindow(now: number, timeZone: string): Window {
  const p = zonedParts(now, timeZone);
  return daysWindow(p.year, p.month, p.day, 1, timeZone);
}

/** The local week containing `now`, starting on `weekStart` (0 Sunday, 1 Monday, 6 Saturday). */
export function weekWindow(now: number, timeZone: string, weekStart: WeekStart): Window {
  const p = zonedParts(now, timeZone);
  const back = (p.weekday - weekStart + 7) % 7;
  return daysWindow(p.year, p.month, p.day - back, 7, timeZone);
}

/** The local calendar month containing `now`. */
export function monthWindow(now: number, timeZone: string): Window {
  const p = zonedParts(now, timeZone);
  return { start: startOfLocalDay(p.year, p.month, 1, timeZone), end: startOfLocalDay(p.year, p.month + 1, 1, timeZone) };
}

/** Whether `at` falls in the half-open window. */
export function inWindow(at: number, w: Window): boolean {
  return at >= w.start && at < w.end;
}
