/**
 * What spending cost, for views and guards (issue 8): paid money per currency and the coins of unknown price, by
 * reason. Estimates are NOT made here: the caller prices `unpriced` coins at a resolved basis (core/conversion.ts), so a
 * paid figure can never contain an estimate.
 *
 * CONTRACT for the worker-kept store (background/derived/): these functions must return exactly what a from-scratch
 * replay (core/lots.ts replayLots) of the account's entries gives. The body below IS that replay, the reference; the
 * lots store replaces it with reads of its stored rows without changing a single result.
 */
import { Dexie } from 'dexie';
import type { LedgerEntry } from '../core/ledger';
import { replayLots, type SpendingCost, type UnpricedCoins } from '../core/lots';
import type { MoneyTotals } from '../core/money';
import type { Window } from '../core/periods';
import type { CoinsightDb } from '../platform/db';

/** The cost of the spending (gifts and unseen spending) in a window. */
export interface SpendMoney {
  /** Coins spent. coins = pricedCoins + Σ unpriced. */
  coins: number;
  /** Money paid for them, per currency (never added across currencies). */
  paid: MoneyTotals;
  pricedCoins: number;
  /** Coins without paid money, by reason (initial balance, coins from elsewhere, unpriced recharge, deficit). */
  unpriced: UnpricedCoins;
}

export function emptySpendMoney(): SpendMoney {
  return { coins: 0, paid: {}, pricedCoins: 0, unpriced: {} };
}

export function addSpendCost(total: SpendMoney, cost: Pick<SpendingCost, 'coins' | 'paid' | 'pricedCoins' | 'unpriced'>): SpendMoney {
  const paid = { ...total.paid };
  for (const [currency, minor] of Object.entries(cost.paid)) paid[currency] = (paid[currency] ?? 0) + minor;
  const unpriced = { ...total.unpriced };
  for (const [reason, coins] of Object.entries(cost.unpriced) as [keyof UnpricedCoins, number][]) unpriced[reason] = (unpriced[reason] ?? 0) + coins;
  return { coins: total.coins + cost.coins, paid, pricedCoins: total.pricedCoins + cost.pricedCoins, unpriced };
}

/** Σ unpriced coins: what an estimate must price. */
export function unpricedTotal(money: Pick<SpendMoney, 'unpriced'>): number {
  return Object.values(money.unpriced).reduce((sum, coins) => sum + (coins ?? 0), 0);
}

async function accountEntries(db: CoinsightDb, account: string): Promise<LedgerEntry[]> {
  return db.ledger.where('[account+at]').between([account, Dexie.minKey], [account, Dexie.maxKey]).toArray();
}

/** What the account's spending in [window.start, window.end) cost. */
export async function spendMoneyIn(db: CoinsightDb, account: string, window: Window): Promise<SpendMoney> {
  const { spending } = replayLots(await accountEntries(db, account));
  let total = emptySpendMoney();
  for (const cost of spending) if (cost.at >= window.start && cost.at < window.end) total = addSpendCost(total, cost);
  return total;
}

/** The cost of each of these spend entries (ids of gifts or unseen spending of one account); unknown ids are absent. */
export async function costsOf(db: CoinsightDb, account: string, ids: readonly string[]): Promise<Map<string, SpendingCost>> {
  const wanted = new Set(ids);
  const { spending } = replayLots(await accountEntries(db, account));
  return new Map(spending.filter((cost) => wanted.has(cost.id)).map((cost) => [cost.id, cost]));
}
