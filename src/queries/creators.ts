/**
 * Per-creator totals for a period (this month, in the user's time zone): the period's gifts read through the
 * `[account+at]` index when the view opens (no per-creator store: measured in docs/PERFORMANCE.md, "Creators & charts"),
 * grouped in core/creators.ts. Coins first; the money of those very gifts comes second, from the cost basis
 * (queries/cost.ts costsOf), so the coins are on screen before the cost basis is read.
 */
import type { GiftEntry } from '../core/ledger';
import { creatorSumsOf, type CreatorSums } from '../core/creators';
import type { Window } from '../core/periods';
import type { CoinsightDb } from '../platform/db';
import { costsOf } from './cost';

export interface CreatorsView {
  window: Window;
  /** Every creator of the period, most coins first (the view shows the top ones and sums the rest). */
  creators: CreatorSums[];
  /** The period's gifts, kept so that their money can be read without reading them again. */
  gifts: GiftEntry[];
}

/** The period's gifts (unseen spending has no creator: it is not here), grouped by creator; coins only. */
export async function creatorsIn(db: CoinsightDb, account: string, window: Window): Promise<CreatorsView> {
  const entries = await db.ledger.where('[account+at]').between([account, window.start], [account, window.end], true, false).toArray();
  const gifts = entries.filter((entry): entry is GiftEntry => entry.kind === 'gift');
  return { window, creators: creatorSumsOf(gifts), gifts };
}

/** The same creators with the money each gift was paid with (and the coins of unknown price, to be estimated). */
export async function withMoney(db: CoinsightDb, account: string, view: CreatorsView): Promise<CreatorsView> {
  const costs = await costsOf(db, account, view.gifts.map((gift) => gift.id));
  return { ...view, creators: creatorSumsOf(view.gifts, costs) };
}
