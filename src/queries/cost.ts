/**
 * What spending cost, for views and guards (issue 8): paid money per currency and the coins of unknown price, by
 * reason. Estimates are NOT made here: the caller prices `unpriced` coins at a resolved basis (core/conversion.ts), so a
 * paid figure can never contain an estimate.
 *
 * CONTRACT: these functions return exactly what a from-scratch replay (core/lots.ts replayLots) of the account's
 * entries gives. The replay below is that reference; once the worker has built its cost basis (background/derived/
 * lots.ts, marker in `builds`), the figures come from its stored rows instead (cost-stored.ts), in a bounded number of
 * rows. Until then (a ledger from before the store, being built) the replay answers, so a figure is never wrong.
 * A caller already inside a transaction must include COST_TABLES in it.
 */
import { Dexie } from 'dexie';
import type { LedgerEntry } from '../core/ledger';
import { replayLots, type SpendingCost } from '../core/lots';
import type { Window } from '../core/periods';
import { LOTS_BUILD, type CoinsightDb } from '../platform/db';
import { storedCostsIn, storedCostsOf, storedSpendMoneyIn } from './cost-stored';
import { addSpendCost, emptySpendMoney, type SpendMoney } from './spend-money';

export { addSpendCost, emptySpendMoney, unpricedTotal, type SpendMoney } from './spend-money';

export const COST_TABLES = ['ledger', 'lots', 'costs', 'builds'] as const;

async function storeBuilt(db: CoinsightDb): Promise<boolean> {
  return (await db.builds.get(LOTS_BUILD))?.complete === 1;
}

/** What the account's spending in [window.start, window.end) cost. */
export function spendMoneyIn(db: CoinsightDb, account: string, window: Window): Promise<SpendMoney> {
  return db.transaction('r', [...COST_TABLES], async () =>
    (await storeBuilt(db)) ? storedSpendMoneyIn(db, account, window) : replaySpendMoneyIn(db, account, window));
}

/** The cost of each of these spend entries (ids of gifts or unseen spending of one account); unknown ids are absent. */
export function costsOf(db: CoinsightDb, account: string, ids: readonly string[]): Promise<Map<string, SpendingCost>> {
  return db.transaction('r', [...COST_TABLES], async () =>
    (await storeBuilt(db)) ? storedCostsOf(db, account, ids) : replayCostsOf(db, account, ids));
}

/**
 * The cost of every spend in [window.start, window.end), by id: for a view that needs all of them (a month's gifts by
 * creator), one FIFO state read and one range read, instead of fetching each id.
 */
export function costsIn(db: CoinsightDb, account: string, window: Window): Promise<Map<string, SpendingCost>> {
  return db.transaction('r', [...COST_TABLES], async () =>
    (await storeBuilt(db)) ? storedCostsIn(db, account, window) : replayCostsIn(db, account, window));
}

/** The reference: costsIn by a from-scratch replay of the account's ledger. */
export async function replayCostsIn(db: CoinsightDb, account: string, window: Window): Promise<Map<string, SpendingCost>> {
  const { spending } = replayLots(await accountEntries(db, account));
  return new Map(spending.filter((cost) => cost.at >= window.start && cost.at < window.end).map((cost) => [cost.id, cost]));
}

async function accountEntries(db: CoinsightDb, account: string): Promise<LedgerEntry[]> {
  return db.ledger.where('[account+at]').between([account, Dexie.minKey], [account, Dexie.maxKey]).toArray();
}

/** The reference: spendMoneyIn by a from-scratch replay of the account's ledger. */
export async function replaySpendMoneyIn(db: CoinsightDb, account: string, window: Window): Promise<SpendMoney> {
  const { spending } = replayLots(await accountEntries(db, account));
  let total = emptySpendMoney();
  for (const cost of spending) if (cost.at >= window.start && cost.at < window.end) total = addSpendCost(total, cost);
  return total;
}

/** The reference: costsOf by a from-scratch replay of the account's ledger. */
export async function replayCostsOf(db: CoinsightDb, account: string, ids: readonly string[]): Promise<Map<string, SpendingCost>> {
  const wanted = new Set(ids);
  const { spending } = replayLots(await accountEntries(db, account));
  return new Map(spending.filter((cost) => wanted.has(cost.id)).map((cost) => [cost.id, cost]));
}
