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
/** Date's range: ±100,000,000 days around 1970. */
const MAX_TIME = 8_640_000_000_000_000;
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
    // The hour's ends clamped to Date's range: the first and last representable instants sit inside their hours.
    const first = exactOffset(Math.max(hour * HOUR, -MAX_TIME), timeZone);
    offset = first === exactOffset(Math.min(hour * HOUR + HOUR - 1, MAX_TIME), timeZone) ? first : null;
    if (zone.size >= CACHE_LIMIT) zone.clear();
    zone.set(hour, offset);
  }
  return offset ?? exactOffset(at, timeZone);
}

/** "00"–"59" and "000"–"999": the minutes, seconds and milliseconds of a timestamp are looked up, not formatted. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => pad(n));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => pad(n, 3));

/**
 * The text of a timestamp up to its hour (`2026-03-29T03:`) and its offset (`+02:00`), for the wall-clock hour last
 * written: an export goes through the ledger in time order, so consecutive timestamps mostly share them.
 */
const lastHour = { wallHour: Number.NaN, offsetMs: Number.NaN, head: '', offset: '' };
/** The parts of one timestamp, joined into one flat string (a chain of `+` would leave a rope to collect). */
const parts = ['', '', ':', '', '.', '', ''];

/** Throws RangeError for an unknown zone, as Intl does: callers check the zone once, before exporting. */
export function isoInZone(at: number, timeZone: string): string {
  const offsetMs = offsetAt(at, timeZone);
  // Local mean time before ~1900 had offsets in seconds, which ISO 8601 cannot write: say the instant in UTC instead.
  if (offsetMs % 60_000 !== 0) return isoInZone(at, 'UTC');
  const wallMs = at + offsetMs;
  const wallHour = Math.floor(wallMs / HOUR);
  if (wallHour !== lastHour.wallHour || offsetMs !== lastHour.offsetMs) {
    const wall = new Date(wallHour * HOUR);
    const offsetMinutes = offsetMs / 60_000;
    const sign = offsetMinutes < 0 ? '-' : '+';
    lastHour.wallHour = wallHour;
    lastHour.offsetMs = offsetMs;
    lastHour.head = `${isoYear(wall.getUTCFullYear())}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:`;
    lastHour.offset = `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  }
  const inHour = wallMs - wallHour * HOUR;
  parts[0] = lastHour.head;
  parts[1] = TWO_DIGITS[Math.floor(inHour / 60_000)]!;
  parts[3] = TWO_DIGITS[Math.floor(inHour / 1000) % 60]!;
  parts[5] = THREE_DIGITS[inHour % 1000]!;
  parts[6] = lastHour.offset;
  return parts.join('');
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
