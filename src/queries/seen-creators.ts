/**
 * The creators the ledger has seen gifts to, for picking the creator of a limit (core/limit-validation.ts refuses any
 * other). Keys are creatorOf() (core/creator-days.ts): what a creator limit matches. From the per-creator day rows
 * (one per account, UTC day and creator, so bounded by days × creators, never by gifts), plus the ledger's gifts
 * from before those rows began, which only a ledger older than the rows has.
 */
import { DAY, SINCE_KEY, creatorOf, isGift, type CreatorDay, type CreatorDaysSince } from '../core/creator-days';
import type { CoinsightDb } from '../platform/db';

export interface SeenCreatorRow {
  key: string;
  /** The creator's TikTok user id, when a gift to them carried it (what a send's `to_user_id` says). */
  id: string | null;
  handle: string | null;
  /** Coins of every gift seen to them (for ordering: the most gifted first). */
  coins: number;
}

export async function seenCreators(db: CoinsightDb): Promise<SeenCreatorRow[]> {
  const byKey = new Map<string, SeenCreatorRow>();
  const add = (key: string, id: string | null, handle: string | null, coins: number) => {
    if (key === '') return; // a gift whose creator is unknown cannot be limited per creator
    const row = byKey.get(key) ?? { key, id: null, handle: null, coins: 0 };
    row.id = id ?? row.id;
    row.handle = handle ?? row.handle;
    row.coins += coins;
    byKey.set(key, row);
  };
  await db.transaction('r', db.ledger, db.creatorDays, async () => {
    const rows = await db.creatorDays.toArray();
    const since = rows.find((row): row is CreatorDaysSince => 'since' in row && row.day === SINCE_KEY[1]);
    // Rows of a day are complete only from the first whole UTC day at or after `since` (a gift written later but dated
    // earlier also has a row, so earlier rows may hold part of a day): the ledger answers for everything before it.
    const firstDay = since ? Math.ceil(since.since / DAY) : Number.POSITIVE_INFINITY;
    for (const row of rows) {
      if ('since' in row || row.day < firstDay) continue;
      add((row as CreatorDay).creator, (row as CreatorDay).creatorId, (row as CreatorDay).handle, (row as CreatorDay).coins);
    }
    const before = Number.isFinite(firstDay) ? firstDay * DAY : Number.POSITIVE_INFINITY;
    if (before > 0) {
      const gifts = await db.ledger.where('[kind+at]').between(['gift', -Infinity], ['gift', before], true, false).toArray();
      for (const gift of gifts) if (isGift(gift)) add(creatorOf(gift), gift.creatorId ?? null, gift.creatorHandle ?? null, gift.coins);
    }
  });
  return [...byKey.values()].sort((a, b) => b.coins - a.coins || a.key.localeCompare(b.key));
}
