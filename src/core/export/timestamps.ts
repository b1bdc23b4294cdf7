/**
 * ISO 8601 timestamps with the offset in force in an IANA zone at that instant (`2026-03-29T03:30:00.000+02:00`),
 * so a file read in pandas, R or DuckDB shows the wall clock the participant lived and still orders correctly.
 * Milliseconds are always written: `at` is epoch ms and the exported text must say exactly the same instant.
 *
 * Speed: asking Intl for a wall clock costs tens of microseconds, which made a million-row export take minutes. The
 * offset is therefore asked once per UTC hour (at its first and last millisecond; no zone changes its offset twice
 * within an hour) and the wall clock is computed from it; an hour that contains a change is asked per instant.
 */
import { zonedParts } from '../periods';

const HOUR = 3_600_000;
const CACHE_LIMIT = 200_000;
const offsets = new Map<string, Map<number, number | null>>();

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

function isoYear(year: number): string {
  // ISO 8601 expanded years outside 0000–9999 (the ledger allows dates up to Date's limit).
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return `${year < 0 ? '-' : '+'}${pad(year, 6)}`;
}

/** Wall clock minus UTC at `at`, in ms, straight from Intl. */
function exactOffset(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const civil = new Date(0);
  civil.setUTCFullYear(p.year, p.month - 1, p.day);
  civil.setUTCHours(p.hour, p.minute, p.second, 0);
  return civil.getTime() - (at - (((at % 1000) + 1000) % 1000));
}

function offsetAt(at: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const hour = Math.floor(at / HOUR);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR, timeZone);
    offset = first === exactOffset(hour * HOUR + HOUR - 1, timeZone) ? first : null;
    if (zone.size >= CACHE_LIMIT) zone.clear();
    zone.set(hour, offset);
  }
  return offset ?? exactOffset(at, timeZone);
}

/** Throws RangeError for an unknown zone, as Intl does: callers check the zone once, before exporting. */
export function isoInZone(at: number, timeZone: string): string {
  const offsetMs = offsetAt(at, timeZone);
  // Local mean time before ~1900 had offsets in seconds, which ISO 8601 cannot write: say the instant in UTC instead.
  if (offsetMs % 60_000 !== 0) return isoInZone(at, 'UTC');
  const wall = new Date(at + offsetMs);
  const offsetMinutes = offsetMs / 60_000;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${isoYear(wall.getUTCFullYear())}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}.${pad(wall.getUTCMilliseconds(), 3)}${offset}`;
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
