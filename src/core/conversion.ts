/**
 * Coins → money, honestly labelled. Until recharges become first-in-first-out lots (ROADMAP 1), the money value of
 * a gift is always an estimate: the account's own average price per coin when it has priced recharges in a single
 * currency, otherwise a published default rate. Either way the UI says "estimated" and why.
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
