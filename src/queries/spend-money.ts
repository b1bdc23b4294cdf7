/**
 * What spending in a period cost: the shape queries/cost.ts returns, summed from spends (the replay) or from stored
 * cost rows (core/cost-rows.ts) alike.
 */
import type { CostTotals } from '../core/cost-rows';
import type { SpendingCost, UnpricedCoins } from '../core/lots';
import type { MoneyTotals } from '../core/money';

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

/** The same for a stored hour row: its paid currencies are exactly those with coins (paidCoins). */
export function addCostTotals(total: SpendMoney, row: CostTotals): SpendMoney {
  const pricedCoins = Object.values(row.paidCoins).reduce((sum, coins) => sum + coins, 0);
  return addSpendCost(total, { coins: row.spent, paid: row.paid, pricedCoins, unpriced: row.unpriced });
}

/** Σ unpriced coins: what an estimate must price. */
export function unpricedTotal(money: Pick<SpendMoney, 'unpriced'>): number {
  return Object.values(money.unpriced).reduce((sum, coins) => sum + (coins ?? 0), 0);
}
