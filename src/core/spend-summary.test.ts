import { describe, expect, it } from 'vitest';
import { DEFAULT_BASES, DEFAULT_DIAMOND_VALUE, type ExchangeRate, type RateBasis } from './conversion';
import { combinedTotal, creatorShareOf, paidList, singleCurrencyTotal, sumCosts, summariseSpend, unpricedCoins } from './spend-summary';

const WEB = DEFAULT_BASES.find((basis) => basis.kind === 'web-package')!; // 70 coins = $0.74
const EUR_RATE: ExchangeRate = { from: 'EUR', to: 'USD', fromMinor: 100, toMinor: 110, asOf: '2025-03-01' };

describe('paid and estimated, apart', () => {
  it('adds costs per currency and per reason, never across', () => {
    const total = sumCosts([
      { coins: 100, paid: { USD: 31 }, pricedCoins: 30, unpriced: { 'initial-balance': 70 } },
      { coins: 50, paid: { EUR: 40, USD: 0 }, pricedCoins: 40, unpriced: { deficit: 10 } },
      { coins: 5, paid: {}, pricedCoins: 0, unpriced: { 'initial-balance': 5 } },
    ]);
    expect(total).toEqual({ coins: 155, paid: { USD: 31, EUR: 40 }, pricedCoins: 70, unpriced: { 'initial-balance': 75, deficit: 10 } });
    expect(unpricedCoins(total.unpriced)).toBe(85);
  });

  it('prices only the coins of unknown price, at the basis, and leaves paid as it was', () => {
    const summary = summariseSpend({ coins: 170, paid: { USD: 74 }, pricedCoins: 70, unpriced: { 'initial-balance': 99, 'balance-rise': 1 } }, WEB);
    // 100 coins × 74/70 = 105.71… → 106¢
    expect(summary).toMatchObject({ paid: { USD: 74 }, estimatedCoins: 100, estimate: { minor: 106, currency: 'USD' } });
    expect(summariseSpend({ coins: 70, paid: { USD: 74 }, pricedCoins: 70, unpriced: {} }, WEB).estimate).toBeNull();
  });

  it('lists paid currencies alphabetically, and totals paid + estimated only within one currency', () => {
    expect(paidList({ USD: 1, EUR: 2 })).toEqual([{ minor: 2, currency: 'EUR' }, { minor: 1, currency: 'USD' }]);
    expect(singleCurrencyTotal(summariseSpend({ coins: 170, paid: { USD: 74 }, pricedCoins: 70, unpriced: { deficit: 100 } }, WEB))).toEqual({ minor: 180, currency: 'USD' });
    expect(singleCurrencyTotal(summariseSpend({ coins: 170, paid: { EUR: 74 }, pricedCoins: 70, unpriced: { deficit: 100 } }, WEB))).toBeNull();
    expect(singleCurrencyTotal(summariseSpend({ coins: 0, paid: {}, pricedCoins: 0, unpriced: {} }, WEB))).toBeNull();
  });
});

describe('a combined total in the display currency', () => {
  const mixed = summariseSpend({ coins: 170, paid: { EUR: 100, USD: 74 }, pricedCoins: 140, unpriced: { 'initial-balance': 30 } }, WEB);

  it('converts every currency at the rate the user typed, and says which rates it used', () => {
    // EUR 1.00 → $1.10; $0.74 stays; 30 coins ≈ 31.7 → 32¢: 110 + 74 + 32 = 216
    expect(combinedTotal(mixed, 'USD', [EUR_RATE])).toEqual({ money: { minor: 216, currency: 'USD' }, rates: [EUR_RATE] });
  });

  it('is absent when one currency has no rate, rather than guessed', () => {
    expect(combinedTotal(mixed, 'GBP', [{ ...EUR_RATE, to: 'GBP' }])).toBeNull();
    expect(combinedTotal(mixed, 'USD', [])).toBeNull();
  });

  it('is absent when everything is already in the display currency', () => {
    const usd = summariseSpend({ coins: 100, paid: { USD: 74 }, pricedCoins: 70, unpriced: { deficit: 30 } }, WEB);
    expect(combinedTotal(usd, 'USD', [EUR_RATE])).toBeNull();
  });
});

describe("the creators' side", () => {
  const custom: RateBasis = { ...WEB, rate: { minor: 100, coins: 100, currency: 'EUR' } };

  it('turns every coin into a diamond at the diamond value, and the rest of what was spent is the platform share', () => {
    // 200 coins: 200 diamonds × $0.005 = $1.00 to creators; paid 74¢ + estimated 130 × 74/70 = 137.4 → 137¢: 211¢ − 100¢
    const share = creatorShareOf(summariseSpend({ coins: 200, paid: { USD: 74 }, pricedCoins: 70, unpriced: { 'initial-balance': 130 } }, WEB), DEFAULT_DIAMOND_VALUE);
    expect(share).toEqual({ diamonds: 200, payout: { minor: 100, currency: 'USD' }, platform: { minor: 111, currency: 'USD' } });
  });

  it('has no platform share when what was spent is in another currency than the diamond value', () => {
    const share = creatorShareOf(summariseSpend({ coins: 200, paid: {}, pricedCoins: 0, unpriced: { deficit: 200 } }, custom), DEFAULT_DIAMOND_VALUE);
    expect(share.payout).toEqual({ minor: 100, currency: 'USD' });
    expect(share.platform).toBeNull();
  });
});
