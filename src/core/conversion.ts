/**
 * Coins → money → diamonds → what the creator likely receives, honestly labelled. What a spend was *paid* comes from
 * the FIFO cost basis (lots.ts); everything here is an **estimate**, and each estimate carries the basis that produced
 * it: a named rate with its source and "as of" date, the user's own purchases, or a rate the user typed. Nothing here is
 * fetched from anywhere: the defaults are the publicly reported figures in shared/tiktok/README.md §6.
 */
import type { Money } from './money';
import type { Totals } from './rollups';

/** A rate as an exact ratio: `minor` units of `currency` buy `coins` coins. Rounded once, at display. */
export interface CoinRate {
  minor: number;
  coins: number;
  currency: string;
  basis: 'your-average' | 'default-web-rate';
}

/** TikTok's web price reported in 2022: 70 coins for $0.74 (shared/tiktok/README.md §6). User-editable later. */
export const DEFAULT_WEB_RATE: CoinRate = { minor: 74, coins: 70, currency: 'USD', basis: 'default-web-rate' };

/** The average the account actually paid, when its priced recharges are all in one currency. */
export function averageRate(lifetime: Totals): CoinRate | null {
  const currencies = Object.keys(lifetime.money);
  const pricedCoins = lifetime.rechargeCoins - lifetime.unpricedRechargeCoins;
  if (currencies.length !== 1 || pricedCoins <= 0) return null;
  const currency = currencies[0]!;
  return { minor: lifetime.money[currency]!, coins: pricedCoins, currency, basis: 'your-average' };
}

/** Estimated money for `coins` coins at `rate`, rounded half up to a whole minor unit. */
export function estimateCost(coins: number, rate: CoinRate): Money {
  // Integers stay exact well past any real ledger: coins ≤ 1e9 and minor per rate ≤ 1e6 keep the product < 2^53.
  const numerator = coins * rate.minor;
  return { minor: Math.floor((2 * numerator + rate.coins) / (2 * rate.coins)), currency: rate.currency };
}

/** A named, dated rate: where an estimate's coins → money figure comes from, so the UI can always say. */
export interface RateBasis {
  id: string;
  kind: 'web-package' | 'web-custom' | 'app-package' | 'your-purchases' | 'custom';
  /** `minor` units of `currency` buy `coins` coins: an exact ratio, rounded once at display. */
  rate: { minor: number; coins: number; currency: string };
  /** Where the figure comes from, for the person reading the estimate. */
  source: string;
  /** When the source saw it ('2022', '2025-03-10'); null when the source gives no date. */
  asOf: string | null;
}

/**
 * The defaults, from publicly reported figures (shared/tiktok/README.md §6). Only USD is reported: other currencies
 * have no default basis, and the UI asks for the user's own rate rather than converting through one it made up.
 */
export const DEFAULT_BASES: readonly RateBasis[] = [
  {
    id: 'usd-web-package-2022', kind: 'web-package', rate: { minor: 74, coins: 70, currency: 'USD' },
    source: "TikTok's web coin packages, as publicly reported: 70 coins for $0.74", asOf: '2022',
  },
  {
    id: 'usd-web-custom-2025', kind: 'web-custom', rate: { minor: 128, coins: 100, currency: 'USD' },
    source: "TikTok's web wallet for a custom amount: a unit price of 128 at 4 decimals ($0.0128 a coin)", asOf: '2025',
  },
  {
    id: 'usd-app-package', kind: 'app-package', rate: { minor: 499, coins: 330, currency: 'USD' },
    source: 'In-app coin packages (about 25 % dearer than the web), as publicly reported: 330 coins for $4.99', asOf: null,
  },
];

export function defaultBasesFor(currency: string): RateBasis[] {
  return DEFAULT_BASES.filter((basis) => basis.rate.currency === currency);
}

/** The user's own average price, as a basis (null without priced purchases in one currency). */
export function yourPurchasesBasis(lifetime: Totals): RateBasis | null {
  const average = averageRate(lifetime);
  if (!average) return null;
  return {
    id: `your-purchases-${average.currency}`, kind: 'your-purchases', rate: { minor: average.minor, coins: average.coins, currency: average.currency },
    source: 'The average price of the coins you bought on the web, as Coinsight saw them', asOf: null,
  };
}

/** A rate the user typed: `minor` of `currency` for `coins`; refused unless both are positive safe integers. */
export function customBasis(minor: number, coins: number, currency: string, asOf: string): RateBasis | string {
  if (!Number.isSafeInteger(minor) || minor <= 0) return 'the price must be a positive amount';
  if (!Number.isSafeInteger(coins) || coins <= 0) return 'the coins must be a positive whole number';
  return { id: `custom-${currency}`, kind: 'custom', rate: { minor, coins, currency }, source: 'A rate you entered', asOf };
}

/** Estimated money for `coins` at a basis, rounded half up to a whole minor unit. */
export function estimateAt(coins: number, basis: RateBasis): Money {
  return estimateCost(coins, { ...basis.rate, basis: 'default-web-rate' });
}

/** What a diamond is worth to the creator: an estimate, since TikTok publishes no fixed rate. */
export interface DiamondValue {
  /** `minor` units of `currency` for `diamonds` diamonds. */
  rate: { minor: number; diamonds: number; currency: string };
  source: string;
  asOf: string | null;
}

/** Commonly reported: a diamond is worth about $0.005 to the creator, roughly half of what the viewer paid. */
export const DEFAULT_DIAMOND_VALUE: DiamondValue = {
  rate: { minor: 1, diamonds: 2, currency: 'USD' },
  source: 'Commonly reported value of a diamond to the creator: about $0.005 (TikTok publishes no fixed rate)', asOf: null,
};

/**
 * A gift of N coins gives the creator N diamonds (shared/tiktok/README.md §6); the payout is an estimate at a diamond
 * value. The platform's share is what was paid minus that payout, only when both are in the same currency.
 */
export function creatorSide(coins: number, paid: Money | null, value: DiamondValue = DEFAULT_DIAMOND_VALUE): {
  diamonds: number; payout: Money; platform: Money | null;
} {
  const diamonds = coins;
  const payout = estimateCost(diamonds, { minor: value.rate.minor, coins: value.rate.diamonds, currency: value.rate.currency, basis: 'default-web-rate' });
  const platform = paid && paid.currency === payout.currency ? { minor: paid.minor - payout.minor, currency: paid.currency } : null;
  return { diamonds, payout, platform };
}


/** Which basis the user chose for estimates (settings.conversion.basis). */
export type BasisChoice = 'your-purchases' | 'web-package' | 'web-custom' | 'app-package' | 'custom';

/** A coin rate the user typed: `minor` of `currency` for `coins`, as of a date the user gave (YYYY-MM-DD). */
export interface CustomRate {
  minor: number;
  coins: number;
  currency: string;
  asOf: string;
}

/** A diamond value the user typed: `minor` of `currency` for `diamonds` diamonds, as of a date. */
export interface DiamondRate {
  minor: number;
  diamonds: number;
  currency: string;
  asOf: string;
}

/** An exchange rate the user typed: `fromMinor` minor units of `from` are worth `toMinor` of `to`; always an estimate. */
export interface ExchangeRate {
  from: string;
  to: string;
  fromMinor: number;
  toMinor: number;
  asOf: string;
}

/** The basis an estimate actually used, and, when it is not the one chosen, which was chosen and why it could not apply. */
export interface ResolvedBasis {
  basis: RateBasis;
  chosen: BasisChoice;
  /** Why the chosen basis was not used (e.g. "you have no priced purchases yet"); null when it was. */
  fallbackReason: string | null;
}

/**
 * The basis for estimates: the chosen one when it can apply, else the user's purchases, else the reported web price.
 * `lifetime` is the account's lifetime totals (for "your purchases"); `currency` prefers defaults in that currency.
 */
export function resolveBasis(chosen: BasisChoice, lifetime: Totals, custom: CustomRate | null, currency = 'USD'): ResolvedBasis {
  const yours = yourPurchasesBasis(lifetime);
  const byKind = (kind: RateBasis['kind']): RateBasis | undefined =>
    defaultBasesFor(currency).find((basis) => basis.kind === kind) ?? DEFAULT_BASES.find((basis) => basis.kind === kind);
  let picked: RateBasis | null | undefined;
  let reason: string | null = null;
  switch (chosen) {
    case 'your-purchases':
      picked = yours;
      if (!picked) reason = 'no priced purchases in one currency yet';
      break;
    case 'custom': {
      const made = custom ? customBasis(custom.minor, custom.coins, custom.currency, custom.asOf) : 'no rate entered yet';
      if (typeof made === 'string') reason = made;
      else picked = made;
      break;
    }
    default:
      picked = byKind(chosen);
  }
  if (picked) return { basis: picked, chosen, fallbackReason: null };
  return { basis: yours ?? byKind('web-package')!, chosen, fallbackReason: reason };
}

/** The diamond value in force: the user's, or the reported default. */
export function diamondValueOf(rate: DiamondRate | null): DiamondValue {
  if (!rate) return DEFAULT_DIAMOND_VALUE;
  return { rate: { minor: rate.minor, diamonds: rate.diamonds, currency: rate.currency }, source: 'A diamond value you entered', asOf: rate.asOf };
}

/**
 * `money` in the display currency at a user-typed rate, rounded half up: always an estimate. null when there is no rate
 * from that currency into `to` (a combined total then is not shown at all, rather than guessed).
 */
export function convertMoney(money: Money, to: string, rates: readonly ExchangeRate[]): { money: Money; rate: ExchangeRate | null } | null {
  if (money.currency === to) return { money, rate: null };
  const rate = rates.find((r) => r.from === money.currency && r.to === to);
  if (!rate) return null;
  const numerator = BigInt(money.minor) * BigInt(rate.toMinor);
  const denominator = BigInt(rate.fromMinor);
  return { money: { minor: Number((2n * numerator + denominator) / (2n * denominator)), currency: to }, rate };
}
