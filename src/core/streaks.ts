/**
 * Streaks, for the activity list: a person tapping Rose twelve times makes twelve sends, which read better as one row
 * ("Rose × 12") that opens to its sends. A streak is a run of CONSECUTIVE sends (nothing else of the account's in
 * between) of the same gift to the same room, each within STREAK_GAP_MS of the previous one. It is a way of showing
 * entries, not a fact about them: TikTok's own combo (group_id) is not stored, and a pause of a minute does not end
 * what a person thinks of as one burst of Roses, so the gap is wider than TikTok's combo window (~3 s).
 */
import type { GiftEntry, LedgerEntry } from './ledger';

export const STREAK_GAP_MS = 60_000;

export type ActivityRow =
  | { kind: 'entry'; entry: LedgerEntry }
  | {
    kind: 'streak';
    /** The sends, newest first (the list's order). At least two. */
    sends: GiftEntry[];
    giftName: string;
    /** Gifts sent: Σ count (one send of a batch of 10 Roses counts 10). */
    count: number;
    coins: number;
    /** The first and the last send's time. */
    from: number;
    to: number;
  };

function continues(newer: GiftEntry, older: LedgerEntry, gapMs: number): older is GiftEntry {
  return older.kind === 'gift' && older.account === newer.account && older.giftId === newer.giftId
    && older.roomId === newer.roomId && newer.at - older.at <= gapMs && newer.at >= older.at;
}

/**
 * Groups a list of entries, newest first (as the Balance view reads them), into rows: each streak of two or more
 * sends becomes one row, everything else stays a row of its own. Order is kept; nothing is dropped or repeated.
 */
export function groupStreaks(newestFirst: readonly LedgerEntry[], gapMs = STREAK_GAP_MS): ActivityRow[] {
  const rows: ActivityRow[] = [];
  let run: GiftEntry[] = [];
  const flush = () => {
    if (run.length === 1) rows.push({ kind: 'entry', entry: run[0]! });
    else if (run.length > 1) {
      rows.push({
        kind: 'streak', sends: run, giftName: run[0]!.giftName,
        count: run.reduce((sum, send) => sum + send.count, 0), coins: run.reduce((sum, send) => sum + send.coins, 0),
        from: run[run.length - 1]!.at, to: run[0]!.at,
      });
    }
    run = [];
  };
  for (const entry of newestFirst) {
    const last = run[run.length - 1];
    if (last && continues(last, entry, gapMs)) {
      run.push(entry);
      continue;
    }
    flush();
    if (entry.kind === 'gift') run = [entry];
    else rows.push({ kind: 'entry', entry });
  }
  flush();
  return rows;
}

/**
 * The rows the activity list shows from the newest `read` entries (`batchFull`: the read stopped at its limit, so older
 * entries exist): at most `maxRows`. The oldest row of a full batch may be a streak cut by the read, so it is left
 * out, unless it is the only row, which is then marked `partial` ("Rose × 100, and more before").
 */
export function recentRows(newestFirst: readonly LedgerEntry[], maxRows: number, batchFull: boolean): { rows: ActivityRow[]; partial: boolean } {
  const rows = groupStreaks(newestFirst);
  if (batchFull && rows.length > 1 && rows.length <= maxRows) rows.pop();
  return { rows: rows.slice(0, maxRows), partial: batchFull && rows.length === 1 };
}

/** The ids of the spends in rows (to ask their cost). */
export function spendIdsOf(rows: readonly ActivityRow[]): string[] {
  const ids: string[] = [];
  for (const row of rows) {
    if (row.kind === 'streak') for (const send of row.sends) ids.push(send.id);
    else if (row.entry.kind === 'gift' || row.entry.kind === 'unseen-spend') ids.push(row.entry.id);
  }
  return ids;
}
