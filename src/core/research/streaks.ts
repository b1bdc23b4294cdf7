/**
 * Streak accounting for research mode (README §3, checked on 73 real messages): the gifts of a streak are
 * max(repeatCount) per (sender, groupId, giftId) — never the sum of its messages (every tap is re-announced with the
 * running count; even a single tap produces two messages; messages arrive out of order). A streak is final on its
 * repeatEnd message or after QUIET_MS without news. A non-streak gift (groupId 0) counts once, by msgId.
 *
 * Why it is safe against duplicates, disorder and a killed worker: a row is a JOIN of its messages (count = max,
 * at = min, endedAt = max, final = or). `mergeRoomGift` is commutative, associative and idempotent, and row ids are
 * deterministic (`streakRowId`), so the same message seen twice (backlog and socket), messages in any order, or a row
 * written again after a restart, all converge to the same row. The rules for the worker:
 *   1. write every upsert this book emits as `put(mergeRoomGift(stored, upsert))` inside one transaction (the book's
 *      memory is an optimisation; the stored row is the truth, so a late message after the book forgot a streak can
 *      never lower a stored count);
 *   2. after a restart, `restore(rows with final = false, now)`, so streaks open when the worker died are finalised
 *      after a quiet period like any other (nothing else in the book needs to survive: the msgId set only saves work).
 */
import type { CapturedGift, RoomGift } from './types';

/** README §3: "finalise on repeatEnd or after a quiet period (about 5 s)". */
export const QUIET_MS = 5_000;
/** How long a final streak stays in memory to absorb late out-of-order messages without a read of the store. */
export const RETAIN_MS = 120_000;
/** Bound on remembered msgIds (dedupe of backlog + socket); oldest forgotten first. */
export const SEEN_LIMIT = 50_000;

export const isStreak = (gift: Pick<CapturedGift, 'groupId'>): boolean => gift.groupId !== '0' && gift.groupId !== '';

/** The row id: one per streak (room, sender, gift, group) or, for a non-streak gift, per message. */
export function streakRowId(gift: Pick<CapturedGift, 'roomId' | 'sender' | 'giftId' | 'groupId' | 'msgId'>): string {
  return isStreak(gift) ? `${gift.roomId}:s:${gift.sender}:${gift.giftId}:${gift.groupId}` : `${gift.roomId}:m:${gift.msgId}`;
}

/** The row one message alone says. */
export function rowOf(gift: CapturedGift): RoomGift {
  const streak = isStreak(gift);
  const count = gift.repeatCount * gift.groupCount;
  return {
    id: streakRowId(gift), roomId: gift.roomId, at: gift.at, endedAt: gift.at, giftId: gift.giftId, count,
    unitCoins: gift.unitCoins, coins: gift.unitCoins === null ? null : gift.unitCoins * count, sender: gift.sender,
    streakId: streak ? gift.groupId : null, final: !streak || gift.repeatEnd, own: gift.own,
  };
}

/** The join of two versions of one row (same id). Commutative, associative, idempotent. */
export function mergeRoomGift(stored: RoomGift | undefined, incoming: RoomGift): RoomGift {
  if (!stored) return incoming;
  const count = Math.max(stored.count, incoming.count);
  const unitCoins = stored.unitCoins ?? incoming.unitCoins;
  return {
    ...stored,
    at: Math.min(stored.at, incoming.at),
    endedAt: Math.max(stored.endedAt, incoming.endedAt),
    count,
    unitCoins,
    coins: unitCoins === null ? null : unitCoins * count,
    final: stored.final || incoming.final,
    own: stored.own || incoming.own,
  };
}

const sameRow = (a: RoomGift, b: RoomGift): boolean =>
  a.count === b.count && a.at === b.at && a.endedAt === b.endedAt && a.final === b.final && a.unitCoins === b.unitCoins && a.own === b.own;

interface Open { row: RoomGift; lastSeen: number; finalSince?: number }

/**
 * The incremental accumulator the worker feeds. `add` and `flushQuiet` return the rows that changed (upserts to
 * merge into the store, see rule 1 above); `now` is the worker's clock (quiet periods are measured in it, not in
 * TikTok's createTime, which is another machine's clock).
 */
export class StreakBook {
  private readonly rows = new Map<string, Open>();
  private readonly seen = new Set<string>();

  constructor(private readonly options: { quietMs?: number; retainMs?: number; seenLimit?: number } = {}) {}

  add(gift: CapturedGift, now: number): RoomGift[] {
    const seenKey = `${gift.roomId}:${gift.msgId}`;
    if (this.seen.has(seenKey)) return [];
    this.remember(seenKey);
    const incoming = rowOf(gift);
    if (!isStreak(gift)) return [incoming];
    const open = this.rows.get(incoming.id);
    const merged = mergeRoomGift(open?.row, incoming);
    const entry: Open = { row: merged, lastSeen: now };
    if (merged.final) entry.finalSince = open?.finalSince ?? now;
    this.rows.set(incoming.id, entry);
    return open && sameRow(open.row, merged) ? [] : [merged];
  }

  /** Finalises streaks quiet for QUIET_MS; forgets final ones after RETAIN_MS. */
  flushQuiet(now: number): RoomGift[] {
    const quiet = this.options.quietMs ?? QUIET_MS;
    const retain = this.options.retainMs ?? RETAIN_MS;
    const changed: RoomGift[] = [];
    for (const [id, open] of this.rows) {
      if (open.row.final) {
        if (now - (open.finalSince ?? open.lastSeen) >= retain) this.rows.delete(id);
      } else if (now - open.lastSeen >= quiet) {
        open.row = { ...open.row, final: true };
        open.finalSince = now;
        changed.push(open.row);
      }
    }
    return changed;
  }

  /** Takes back stored rows (after a restart): open ones get a fresh quiet period from `now`. */
  restore(rows: readonly RoomGift[], now: number): void {
    for (const row of rows) {
      if (row.streakId === null) continue;
      const open = this.rows.get(row.id);
      const merged = mergeRoomGift(open?.row, row);
      const entry: Open = { row: merged, lastSeen: now };
      if (merged.final) entry.finalSince = now;
      this.rows.set(row.id, entry);
    }
  }

  /** Streaks not yet final (for the worker to know whether a quiet-period alarm is needed). */
  openCount(): number {
    let n = 0;
    for (const open of this.rows.values()) if (!open.row.final) n++;
    return n;
  }

  private remember(key: string): void {
    const limit = this.options.seenLimit ?? SEEN_LIMIT;
    if (this.seen.size >= limit) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(key);
  }
}
