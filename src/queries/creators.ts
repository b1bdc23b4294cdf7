/**
 * Per-creator totals for a period (this month, in the user's time zone), coins first: from the per-creator day rows
 * (core/creator-days.ts, kept by the worker) for the whole UTC days of the period, and the ledger's gifts for the
 * partial edge days and for any part of the period before the rows began. The money of the period's gifts comes second,
 * from the cost basis (queries/cost.ts costsIn), so the coins are on screen before it is read. Measured in
 * docs/PERFORMANCE.md, "Creators & charts".
 */
import { SINCE_KEY, planDays, type CreatorDay } from '../core/creator-days';
import { creatorSumsOf, creatorSumsOfDays, type CreatorSums } from '../core/creators';
import type { GiftEntry } from '../core/ledger';
import type { Window } from '../core/periods';
import type { CoinsightDb } from '../platform/db';
import { costsIn } from './cost';

export interface CreatorsView {
  window: Window;
  /** Every creator of the period, most coins first (the view shows the top ones and sums the rest). */
  creators: CreatorSums[];
  /** The period's gifts when they were read already (the money needs their ids). */
  gifts: GiftEntry[] | null;
}

async function giftsIn(db: CoinsightDb, account: string, window: Window): Promise<GiftEntry[]> {
  const entries = await db.ledger.where('[account+at]').between([account, window.start], [account, window.end], true, false).toArray();
  return entries.filter((entry): entry is GiftEntry => entry.kind === 'gift');
}

/** The period's gifts grouped by creator and gift (unseen spending has no creator: it is not here); coins only. */
export async function creatorsIn(db: CoinsightDb, account: string, window: Window): Promise<CreatorsView> {
  return db.transaction('r', db.ledger, db.creatorDays, async () => {
    const since = await db.creatorDays.get(SINCE_KEY);
    const plan = planDays(window);
    if (!since || !('since' in since) || window.start < since.since || !plan.wholeDays) {
      const gifts = await giftsIn(db, account, window);
      return { window, creators: creatorSumsOf(gifts), gifts };
    }
    const { from, to } = plan.wholeDays;
    const [rows, ...edges] = await Promise.all([
      db.creatorDays.where('[account+day+creator]').between([account, from, ''], [account, to, ''], true, false).toArray(),
      ...plan.edges.map((edge) => giftsIn(db, account, edge)),
    ]);
    const startsInside = plan.edges[0] !== undefined && plan.edges[0].start === window.start;
    const before = startsInside ? edges[0]! : [];
    const after = edges[startsInside ? 1 : 0] ?? [];
    return { window, creators: creatorSumsOfDays(before, rows as CreatorDay[], after), gifts: null };
  });
}

/** The same creators with the money each gift was paid with (and the coins of unknown price, to be estimated). */
export async function withMoney(db: CoinsightDb, account: string, view: CreatorsView): Promise<CreatorsView> {
  const gifts = view.gifts ?? await giftsIn(db, account, view.window);
  const costs = await costsIn(db, account, view.window);
  return { ...view, creators: creatorSumsOf(gifts, costs), gifts };
}
