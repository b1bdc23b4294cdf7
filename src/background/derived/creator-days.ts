/**
 * Per-(account, UTC day, creator) gift totals (core/creator-days.ts): a write adds the new version of each gift and
 * subtracts the old, so a row always equals the sum of its gifts recorded since the rows began (SINCE_KEY).
 */
import { DAY, SINCE_KEY, applyGiftToDay, creatorOf, dayOf, isGift, type CreatorDay, type CreatorDaysSince } from '../../core/creator-days';
import type { GiftEntry } from '../../core/ledger';
import { MAX_CLOCK_SKEW_MS } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import type { DerivedStore, LedgerChange } from './stores';

type Key = [string, number, string];

export const creatorDaysStore: DerivedStore = { name: 'creatorDays', tables: ['creatorDays'], apply: applyToCreatorDays };

async function applyToCreatorDays(db: CoinsightDb, changes: readonly LedgerChange[]): Promise<void> {
  const keys = new Map<string, Key>();
  const keyOf = (gift: GiftEntry): string => {
    const key: Key = [gift.account, dayOf(gift.at), creatorOf(gift)];
    const text = key.join('\u0000');
    if (!keys.has(text)) keys.set(text, key);
    return text;
  };
  const gifts = changes.filter((change) => isGift(change.before) || isGift(change.after));
  if (gifts.length === 0) return;
  for (const { before, after } of gifts) for (const entry of [before, after]) if (isGift(entry)) keyOf(entry);
  const keyList = [...keys.values()];
  const loaded = await db.creatorDays.bulkGet(keyList);
  const rows = new Map<string, CreatorDay | null>();
  [...keys.keys()].forEach((text, index) => rows.set(text, (loaded[index] as CreatorDay | undefined) ?? null));
  const apply = (gift: GiftEntry, sign: 1 | -1) => {
    const text = keyOf(gift);
    rows.set(text, applyGiftToDay(rows.get(text) ?? undefined, gift, sign));
  };
  for (const { before, after } of gifts) {
    if (isGift(before)) apply(before, -1);
    if (isGift(after)) apply(after, 1);
  }
  const toPut: CreatorDay[] = [];
  const toDelete: Key[] = [];
  for (const [text, row] of rows) {
    if (row) toPut.push(row);
    else toDelete.push(keys.get(text)!);
  }
  if (toPut.length) await db.creatorDays.bulkPut(toPut);
  if (toDelete.length) await db.creatorDays.bulkDelete(toDelete);
}

/**
 * Notes, once, since when the rows are complete, before the worker's first write: from the beginning when the ledger is
 * empty, else from the start of the UTC day after the first start that keeps them (gifts recorded before are not in
 * them, and none is dated more than MAX_CLOCK_SKEW_MS ahead of its recording). Views read earlier gifts from the ledger.
 */
export async function noteCreatorDaysSince(db: CoinsightDb, now: number): Promise<number> {
  return db.transaction('rw', db.ledger, db.creatorDays, async () => {
    const stored = await db.creatorDays.get(SINCE_KEY);
    if (stored && 'since' in stored) return stored.since;
    const empty = (await db.ledger.limit(1).primaryKeys()).length === 0;
    const since = empty ? 0 : (dayOf(now + MAX_CLOCK_SKEW_MS) + 1) * DAY;
    const row: CreatorDaysSince = { account: '', day: -1, creator: '', since };
    await db.creatorDays.put(row);
    return since;
  });
}
