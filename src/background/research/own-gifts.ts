/**
 * The participant's own gifts, seen in the room's stream, are linked to their ledger entries (issue 12): the room
 * row keeps the id of the ledger gift it is (`ownLedgerId`), so a total that adds the room log to the ledger counts
 * it once. Own rows are those whose sender pseudonym is the pseudonym of an account of this browser (the clear ids
 * are compared only as pseudonyms). The ledger entry is the gift of the same room and gift id sent within the streak's
 * time, the earliest; a row seen before its ledger entry is linked again when it is finalised (finalise.ts).
 */
import type { GiftEntry } from '../../core/ledger';
import type { CoinsightDb } from '../../platform/db';
import type { RoomGiftRow } from '../../platform/research';

/** How far before a streak's first message and after its last a send of it may be timed (page vs TikTok clocks). */
const BEFORE_MS = 30_000;
const AFTER_MS = 60_000;

/** Links the unlinked rows it can, in place and in the table. Runs inside the caller's transaction (ledger, roomGifts). */
export async function linkOwnGifts(db: CoinsightDb, rows: RoomGiftRow[]): Promise<number> {
  let linked = 0;
  for (const row of rows) {
    if (row.ownLedgerId !== null) continue;
    const entries = await db.ledger.where('at').between(row.at - BEFORE_MS, row.endedAt + AFTER_MS, true, true)
      .filter((entry) => entry.kind === 'gift' && (entry as GiftEntry).roomId === row.roomId && (entry as GiftEntry).giftId === row.giftId)
      .first();
    if (!entries) continue;
    row.ownLedgerId = entries.id;
    await db.roomGifts.update(row.id, { ownLedgerId: entries.id });
    linked++;
  }
  return linked;
}
