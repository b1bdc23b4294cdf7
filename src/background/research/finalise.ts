/**
 * Streaks end on their end message (repeatEnd) or after a quiet period (core/research/streaks.ts QUIET_MS), measured
 * in the worker's clock from the last time a message of the streak was written (TikTok's createTime is another
 * machine's clock). Those times are kept in memory only: a row still open that this worker instance has not seen
 * (it was started after the row's last message) gets its quiet period from the first sweep that finds it, as the
 * streak book's `restore` does. Sweeps run with the capture's batches (at most once per QUIET_MS) and from an alarm
 * while research mode is on, so a room that went silent still gets its streaks closed. `final` only says the streak's
 * own messages are over: the count is a maximum, so a late message still corrects it.
 */
import { QUIET_MS } from '../../core/research/streaks';
import type { CoinsightDb } from '../../platform/db';
import type { RoomGiftRow } from '../../platform/research';
import { linkOwnGifts } from './own-gifts';

/** Rows started longer ago than this are not looked at again (a streak lasts seconds to minutes). */
export const FINALISE_WINDOW_MS = 6 * 60 * 60_000;
export const FINALISE_ALARM = 'research-finalise';

const lastSeen = new Map<string, number>();
let lastSweep = Number.NEGATIVE_INFINITY;

/** After a capture's transaction committed: the open rows it wrote were seen now. */
export function noteSeen(rows: readonly RoomGiftRow[], now: number): void {
  for (const row of rows) {
    if (row.final === 0) lastSeen.set(row.id, now);
    else lastSeen.delete(row.id);
  }
}

/**
 * Inside a transaction over roomGifts and ledger. `force` (the alarm, and the first sweep of a worker instance) reads
 * every open row of the window; the capture's own sweeps read only the rows this instance saw open, so their cost
 * does not grow with the log. Returns the rows finalised.
 */
export async function finaliseQuiet(db: CoinsightDb, now: number, ownPseudonyms: ReadonlySet<string>, force = false): Promise<number> {
  if (!force && now - lastSweep < QUIET_MS && now >= lastSweep) return 0;
  const full = force || lastSweep === Number.NEGATIVE_INFINITY;
  lastSweep = now;
  const open = full
    ? await db.roomGifts.where('at').above(now - FINALISE_WINDOW_MS).filter((row) => row.final === 0).toArray()
    : (await db.roomGifts.bulkGet([...lastSeen].filter(([, seen]) => now - seen >= QUIET_MS).map(([id]) => id)))
      .filter((row): row is RoomGiftRow => row !== undefined && row.final === 0);
  const quiet: RoomGiftRow[] = [];
  for (const row of open) {
    const seen = lastSeen.get(row.id);
    if (seen === undefined) lastSeen.set(row.id, now);
    else if (now - seen >= QUIET_MS) quiet.push({ ...row, final: 1 });
  }
  if (quiet.length === 0) return 0;
  await db.roomGifts.bulkPut(quiet);
  for (const row of quiet) lastSeen.delete(row.id);
  await linkOwnGifts(db, quiet.filter((row) => ownPseudonyms.has(row.sender)));
  return quiet.length;
}
