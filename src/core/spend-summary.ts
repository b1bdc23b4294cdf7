/**
 * What a piece of spending cost, as the Balance view shows it: the money PAID (per currency, from the FIFO cost basis)
 * and, apart from it, an ESTIMATE for the coins of unknown price at one named basis. The two are never added into one
 * figure here, except by `combinedTotal`, which is itself labelled an estimate and needs a typed rate for every currency.
 */
import { creatorSide, estimateAt, type DiamondValue, type ExchangeRate, type RateBasis, convertMoney } from './conversion';
import type { SpendingCost, UnpricedCoins, UnpricedReason } from './lots';
import type { Money, MoneyTotals } from './money';

/** The cost of one spend or of many added up: the fields a SpendingCost and queries/cost.ts SpendMoney share. */
export type CostParts = Pick<SpendingCost, 'coins' | 'paid' | 'pricedCoins' | 'unpriced'>;

export interface SpendSummary extends CostParts {
  /** Coins of unknown price (Σ unpriced): what the estimate prices. */
  estimatedCoins: number;
  /** Those coins at the basis; null when there are none. Always an estimate, never part of `paid`. */
  estimate: Money | null;
}

/** The order reasons are listed in, everywhere. */
export const UNPRICED_REASONS: readonly UnpricedReason[] = ['initial-balance', 'balance-rise', 'unpriced-recharge', 'deficit'];

export function emptyCost(): CostParts {
  return { coins: 0, paid: {}, pricedCoins: 0, unpriced: {} };
}

/** Adds costs up, per currency and per reason: a streak, the gifts of one LIVE. */
export function sumCosts(costs: Iterable<CostParts>): CostParts {
  const paid: MoneyTotals = {};
  const unpriced: UnpricedCoins = {};
  let coins = 0;
  let pricedCoins = 0;
  for (const cost of costs) {
    coins += cost.coins;
    pricedCoins += cost.pricedCoins;
    for (const [currency, minor] of Object.entries(cost.paid)) paid[currency] = (paid[currency] ?? 0) + minor;
    for (const reason of UNPRICED_REASONS) {
      const more = cost.unpriced[reason];
      if (more) unpriced[reason] = (unpriced[reason] ?? 0) + more;
    }
  }
  return { coins, paid, pricedCoins, unpriced };
}

export function unpricedCoins(unpriced: UnpricedCoins): number {
  return UNPRICED_REASONS.reduce((sum, reason) => sum + (unpriced[reason] ?? 0), 0);
}

/** Paid stays as it is; the coins of unknown price get an estimate at `basis`. */
export function summariseSpend(cost: CostParts, basis: RateBasis): SpendSummary {
  const estimatedCoins = unpricedCoins(cost.unpriced);
  return { ...cost, estimatedCoins, estimate: estimatedCoins > 0 ? estimateAt(estimatedCoins, basis) : null };
}

/** Currencies in the order they are shown: alphabetical, so two views of the same totals read alike. */
export function paidList(paid: MoneyTotals): Money[] {
  return Object.entries(paid)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, minor]) => ({ minor, currency }));
}

/** Paid plus estimated in one currency, when that is all there is; null when they span currencies. */
export function singleCurrencyTotal(summary: SpendSummary): Money | null {
  const parts = [...paidList(summary.paid), ...(summary.estimate ? [summary.estimate] : [])];
  const currency = parts[0]?.currency;
  if (currency === undefined || parts.some((part) => part.currency !== currency)) return null;
  return { minor: parts.reduce((sum, part) => sum + part.minor, 0), currency };
}

export interface CombinedTotal {
  /** Paid and estimated, all converted into the display currency: an estimate. */
  money: Money;
  /** The typed rates it used, so their dates can be shown. */
  rates: ExchangeRate[];
}

/**
 * Everything spent (paid in every currency, plus the estimate) in the display currency, only when some of it is in
 * another currency and the user typed a rate for EVERY such currency: otherwise null, never a guess. With everything
 * already in the display currency there is nothing to combine (paid and estimated are shown apart).
 */
export function combinedTotal(summary: SpendSummary, to: string, rates: readonly ExchangeRate[]): CombinedTotal | null {
  const parts = [...paidList(summary.paid), ...(summary.estimate ? [summary.estimate] : [])];
  if (!parts.some((part) => part.currency !== to)) return null;
  let minor = 0;
  const used: ExchangeRate[] = [];
  for (const part of parts) {
    const converted = convertMoney(part, to, rates);
    if (!converted) return null;
    minor += converted.money.minor;
    if (converted.rate && !used.includes(converted.rate)) used.push(converted.rate);
  }
  return { money: { minor, currency: to }, rates: used };
}

export interface CreatorShare {
  diamonds: number;
  /** What the creators likely received: an estimate at the diamond value. */
  payout: Money;
  /** What the user spent (paid + estimated) minus the payout; null when that cannot be said in one currency. */
  platform: Money | null;
}

/** "Of this, creators received ≈ X": every coin spent on gifts becomes a diamond, valued at `value`. */
export function creatorShareOf(summary: SpendSummary, value: DiamondValue): CreatorShare {
  const { diamonds, payout, platform } = creatorSide(summary.coins, singleCurrencyTotal(summary), value);
  return { diamonds, payout, platform };
}
