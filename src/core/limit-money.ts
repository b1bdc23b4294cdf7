/**
 * Money caps (issue 9), pure: what a window's spending cost in the cap's currency, and how many coins a money
 * allowance still buys. Paid money comes from the FIFO cost basis (queries/cost.ts) and is exact when it was paid in
 * the cap's currency; everything else is an estimate and says so:
 * - money paid in another currency counts at the exchange rate the user typed (core/conversion.ts convertMoney);
 * - coins of unknown price count at the resolved basis (the user's choice: their purchases, a reported web price, a
 *   rate they typed), converted the same way when the basis is in another currency;
 * - money paid in a currency with no typed rate into the cap's currency is NOT converted at a made-up rate: the cost
 *   basis does not say how many of the window's coins it paid for, so the whole window's coins are priced at the basis
 *   instead (estimated);
 * - when no basis can be brought into the cap's currency at all (no rate typed), the coins cannot be priced: the window
 *   counts as having reached its cap (fail closed, estimated) rather than as free. The settings door refuses to save a
 *   money cap that is in this state already (background/limits/door.ts), so it only happens when a rate is removed later.
 */
import { convertMoney, defaultBasesFor, estimateAt, type ExchangeRate, type RateBasis } from './conversion';
import type { LotState } from './lots';
import type { MoneyTotals } from './money';

/** The cost of a window's spending, as queries/spend-money.ts SpendMoney gives it. */
export interface SpendCost {
  coins: number;
  paid: MoneyTotals;
  pricedCoins: number;
  unpriced: Partial<Record<string, number>>;
}

/** How money is brought into a cap's currency. */
export interface CapPricing {
  currency: string;
  /** The resolved basis for estimates (core/conversion.ts resolveBasis with the user's settings). */
  basis: RateBasis;
  rates: readonly ExchangeRate[];
}

/** What a money cap counted: minor units of its currency; `unpriceable` when coins could not be priced at all. */
export interface MoneyUsed {
  minor: number;
  estimated: boolean;
  unpriceable: boolean;
}

/** A rate (minor per coins) in the cap's currency: the basis converted at a typed rate, else the cap currency's default. */
export function capRate(pricing: CapPricing): { minor: number; coins: number } | null {
  const { rate } = pricing.basis;
  if (rate.currency === pricing.currency) return { minor: rate.minor, coins: rate.coins };
  const converted = convertMoney({ minor: rate.minor, currency: rate.currency }, pricing.currency, pricing.rates);
  if (converted) return { minor: converted.money.minor, coins: rate.coins };
  const fallback = defaultBasesFor(pricing.currency).find((basis) => basis.kind === 'web-package');
  return fallback ? { minor: fallback.rate.minor, coins: fallback.rate.coins } : null;
}

function priceCoins(coins: number, pricing: CapPricing): number | null {
  if (coins === 0) return 0;
  const rate = capRate(pricing);
  return rate ? estimateAt(coins, { ...pricing.basis, rate: { ...rate, currency: pricing.currency } }).minor : null;
}

/** What `spend` cost in the cap's currency (see the module comment for what is exact and what is estimated). */
export function moneyUsed(spend: SpendCost, pricing: CapPricing): MoneyUsed {
  const unpricedCoins = Object.values(spend.unpriced).reduce<number>((sum, coins) => sum + (coins ?? 0), 0);
  let minor = 0;
  let estimated = false;
  let convertible = true;
  for (const [currency, paid] of Object.entries(spend.paid)) {
    if (currency === pricing.currency) minor += paid;
    else {
      const converted = convertMoney({ minor: paid, currency }, pricing.currency, pricing.rates);
      if (converted) {
        minor += converted.money.minor;
        estimated = true;
      } else convertible = false;
    }
  }
  if (!convertible) {
    const whole = priceCoins(spend.coins, pricing);
    return whole === null ? { minor: 0, estimated: true, unpriceable: true } : { minor: whole, estimated: true, unpriceable: false };
  }
  if (unpricedCoins > 0) {
    const estimate = priceCoins(unpricedCoins, pricing);
    if (estimate === null) return { minor, estimated: true, unpriceable: true };
    minor += estimate;
    estimated = true;
  }
  return { minor, estimated, unpriceable: false };
}

/** The part of a window's cost that a share of its coins stands for (a creator's or a room's), rounded half up. */
export function shareOf(spend: SpendCost, coins: number): SpendCost {
  if (spend.coins === 0 || coins >= spend.coins) return spend;
  const part = (value: number) => Math.floor((2 * value * coins + spend.coins) / (2 * spend.coins));
  const paid: MoneyTotals = {};
  for (const [currency, minor] of Object.entries(spend.paid)) paid[currency] = part(minor);
  const unpriced: Record<string, number> = {};
  for (const [reason, n] of Object.entries(spend.unpriced)) unpriced[reason] = part(n ?? 0);
  return { coins, paid, pricedCoins: part(spend.pricedCoins), unpriced };
}

/**
 * Coins that `minorLeft` still buys, taking the next coins to be spent in FIFO order (`openLots`, oldest first, at
 * what each was paid or, unpriced, at the basis) and the basis beyond them. Rounded down: a cap is never overshot by
 * rounding. `estimated` when any coin was priced at the basis or a typed exchange rate. null: unpriceable.
 */
export function coinsFor(minorLeft: number, openLots: readonly LotState[], pricing: CapPricing): { coins: number; estimated: boolean } | null {
  if (minorLeft <= 0) return { coins: 0, estimated: false };
  const basisRate = capRate(pricing);
  let money = minorLeft;
  let coins = 0;
  let estimated = false;
  for (const lot of openLots) {
    const remaining = lot.coins - lot.consumed;
    if (remaining <= 0) continue;
    let lotMinor: number | null;
    if (lot.price) {
      const converted = convertMoney(lot.price, pricing.currency, pricing.rates);
      lotMinor = converted?.money.minor ?? null;
      if (converted?.rate) estimated = true;
    } else lotMinor = null;
    if (lotMinor === null) {
      if (!basisRate) return null;
      lotMinor = Math.ceil((basisRate.minor * lot.coins) / basisRate.coins);
      estimated = true;
    }
    const remainingMinor = (lotMinor * remaining) / lot.coins;
    if (remainingMinor <= money) {
      coins += remaining;
      money -= remainingMinor;
    } else return { coins: coins + Math.floor((money * lot.coins) / lotMinor), estimated };
  }
  if (money <= 0) return { coins, estimated };
  if (!basisRate) return null;
  if (basisRate.minor === 0) return { coins: Number.MAX_SAFE_INTEGER, estimated: true };
  return { coins: coins + Math.floor((money * basisRate.coins) / basisRate.minor), estimated: true };
}
