/**
 * Between the pure streak accounting (core/research/streaks.ts: RoomGift, its join `mergeRoomGift`) and the stored
 * room log (platform/research.ts: RoomGiftRow, which adds what the worker knows besides the messages: gift name,
 * creator, where it was seen first, the own gift's ledger entry). The table is the streak state: a streak's row is
 * found again by its id and joined with what arrives, so a message seen twice (backlog and socket), late or out of
 * order, converges to the same row (count = max(repeatCount) × groupCount).
 * A non-streak gift's `streakId` is '0', TikTok's own group id for such gifts.
 */
import { mergeRoomGift } from '../../core/research/streaks';
import type { RoomGift } from '../../core/research/types';
import type { RoomGiftRow } from '../../platform/research';

export interface RowExtras {
  giftName: string | null;
  creatorId: string | null;
  creatorHandle: string | null;
  source: RoomGiftRow['source'];
}

export function asRoomGift(row: RoomGiftRow): RoomGift {
  return {
    id: row.id, roomId: row.roomId, at: row.at, endedAt: row.endedAt, giftId: row.giftId, count: row.count, unitCoins: row.unitCoins,
    coins: row.coins, sender: row.sender, streakId: row.streakId === '0' ? null : row.streakId, final: row.final === 1, own: row.ownLedgerId !== null,
  };
}

/** The stored row joined with a new version of it; the first stored values of the extras win (the first sighting). */
export function mergeRow(stored: RoomGiftRow | undefined, incoming: RoomGift, extras: RowExtras): RoomGiftRow {
  const joined = mergeRoomGift(stored ? asRoomGift(stored) : undefined, incoming);
  return {
    id: joined.id, roomId: joined.roomId, creatorId: stored?.creatorId ?? extras.creatorId, creatorHandle: stored?.creatorHandle ?? extras.creatorHandle,
    at: joined.at, endedAt: joined.endedAt, giftId: joined.giftId, giftName: stored?.giftName ?? extras.giftName, count: joined.count,
    unitCoins: joined.unitCoins, coins: joined.coins, sender: joined.sender, streakId: joined.streakId ?? '0', final: joined.final ? 1 : 0,
    ownLedgerId: stored?.ownLedgerId ?? null, source: stored?.source ?? extras.source,
  };
}

/** True when the two rows differ in anything stored (a repeat seen again is not worth a write). */
export function changed(before: RoomGiftRow | undefined, after: RoomGiftRow): boolean {
  if (!before) return true;
  return (Object.keys(after) as (keyof RoomGiftRow)[]).some((key) => before[key] !== after[key]);
}
