/**
 * What each spend row of an export cost (issue 10 with the conversion issue): from the FIFO cost basis, paid money per
 * currency in minor units, the coins that came from priced purchases, the coins of unknown price, and those coins
 * estimated at the resolved basis, labelled with that basis's id. The caller (options/data/export-costs.ts) walks the
 * cost basis along the export's own pages and hands each page's costs in; the core only turns them into cells.
 * Derived columns: a restore ignores them (the ledger it rebuilds gives the same figures again).
 */
import type { LedgerEntry } from '../ledger';
import type { SpendingCost } from '../lots';
import type { Money } from '../money';

export interface EntryCost {
  cost: Pick<SpendingCost, 'paid' | 'pricedCoins' | 'unpriced'>;
  /** The coins of unknown price at the resolved basis; null when every coin had a price. */
  estimate: (Money & { basis: string }) | null;
}

export interface PaidItem {
  currency: string;
  minor: number;
}

/** Costs of one page of entries, by entry id (spends only). */
export type PageCosts = (page: readonly LedgerEntry[]) => Promise<ReadonlyMap<string, EntryCost>> | ReadonlyMap<string, EntryCost>;

export const COST_COLUMNS = [
  'cost_paid_minor', 'cost_paid_currency', 'cost_paid', 'cost_priced_coins', 'cost_unpriced_coins',
  'cost_estimated_minor', 'cost_estimated_currency', 'cost_estimate_basis',
] as const;
export type CostColumn = (typeof COST_COLUMNS)[number];
export const PAID_ITEM_KEYS: readonly (keyof PaidItem)[] = ['currency', 'minor'];

const NONE: Record<CostColumn, null> = {
  cost_paid_minor: null, cost_paid_currency: null, cost_paid: null, cost_priced_coins: null, cost_unpriced_coins: null,
  cost_estimated_minor: null, cost_estimated_currency: null, cost_estimate_basis: null,
};

/** The cost cells of a row: all empty for an entry that is not a spend, or whose cost is not known. */
export function costCells(cost: EntryCost | undefined): Record<CostColumn, number | string | PaidItem[] | null> {
  if (!cost) return NONE;
  const paid = Object.keys(cost.cost.paid).sort().map((currency) => ({ currency, minor: cost.cost.paid[currency]! }));
  const single = paid.length === 1 ? paid[0]! : null;
  let unpriced = 0;
  for (const coins of Object.values(cost.cost.unpriced)) unpriced += coins ?? 0;
  return {
    cost_paid_minor: single?.minor ?? null,
    cost_paid_currency: single?.currency ?? null,
    cost_paid: paid,
    cost_priced_coins: cost.cost.pricedCoins,
    cost_unpriced_coins: unpriced,
    cost_estimated_minor: cost.estimate?.minor ?? null,
    cost_estimated_currency: cost.estimate?.currency ?? null,
    cost_estimate_basis: cost.estimate?.basis ?? null,
  };
}
