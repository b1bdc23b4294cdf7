/**
 * ISO 8601 timestamps with the offset in force in an IANA zone at that instant (`2026-03-29T03:30:00.000+02:00`),
 * so a file read in pandas, R or DuckDB shows the wall clock the participant lived and still orders correctly.
 * Milliseconds are always written: `at` is epoch ms and the exported text must say exactly the same instant.
 */
import { zonedParts } from '../periods';

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

function isoYear(year: number): string {
  // ISO 8601 expanded years outside 0000–9999 (the ledger allows dates up to Date's limit).
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return `${year < 0 ? '-' : '+'}${pad(year, 6)}`;
}

/** Throws RangeError for an unknown zone, as Intl does: callers check the zone once, before exporting. */
export function isoInZone(at: number, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  const ms = ((at % 1000) + 1000) % 1000;
  const civil = new Date(0);
  civil.setUTCFullYear(p.year, p.month - 1, p.day);
  civil.setUTCHours(p.hour, p.minute, p.second, ms);
  const offsetMs = civil.getTime() - at;
  // Local mean time before ~1900 had offsets in seconds, which ISO 8601 cannot write: say the instant in UTC instead.
  if (offsetMs % 60_000 !== 0) return isoInZone(at, 'UTC');
  const offsetMinutes = offsetMs / 60_000;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${isoYear(p.year)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(ms, 3)}${offset}`;
}

/** Whether Intl knows the zone (an export refuses an unknown one rather than silently writing UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
