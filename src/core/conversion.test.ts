import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DIAMOND_VALUE, DEFAULT_WEB_RATE, averageRate, convertMoney, diamondValueOf, resolveBasis, creatorSide, customBasis, defaultBasesFor, estimateAt, estimateCost, yourPurchasesBasis, type RateBasis,
} from './conversion';
import { emptyTotals } from './rollups';

describe('coin → money estimates', () => {
  it('prices coins at the default web rate, rounding half up to whole cents', () => {
    expect(estimateCost(70, DEFAULT_WEB_RATE)).toEqual({ minor: 74, currency: 'USD' });
    expect(estimateCost(1, DEFAULT_WEB_RATE)).toEqual({ minor: 1, currency: 'USD' }); // 1.057¢
    expect(estimateCost(350, DEFAULT_WEB_RATE)).toEqual({ minor: 370, currency: 'USD' });
    expect(estimateCost(29_999, DEFAULT_WEB_RATE)).toEqual({ minor: 31_713, currency: 'USD' }); // 317.13094…
  });

  it('uses what the account actually paid when all priced recharges share a currency', () => {
    const lifetime = { ...emptyTotals(), rechargeCoins: 1_050, unpricedRechargeCoins: 350, money: { USD: 740 } };
    expect(averageRate(lifetime)).toEqual({ minor: 740, coins: 700, currency: 'USD', basis: 'your-average' });
  });

  it('has no average without priced coins or across currencies', () => {
    expect(averageRate(emptyTotals())).toBeNull();
    expect(averageRate({ ...emptyTotals(), rechargeCoins: 100, unpricedRechargeCoins: 100 })).toBeNull();
    expect(averageRate({ ...emptyTotals(), rechargeCoins: 200, money: { USD: 100, EUR: 100 } })).toBeNull();
  });
});

describe('rate bases, named and dated', () => {
  it('seeds the publicly reported USD figures, each with its source and date, and none in other currencies', () => {
    expect(defaultBasesFor('USD').map((basis) => [basis.kind, basis.asOf])).toEqual([['web-package', '2022'], ['web-custom', '2025'], ['app-package', null]]);
    expect(defaultBasesFor('USD').every((basis) => basis.source.length > 20)).toBe(true);
    expect(defaultBasesFor('IDR')).toEqual([]);
  });

  it('prices coins at each basis: the web package, the 2025 custom unit price, the dearer in-app package', () => {
    const [web, custom, app] = defaultBasesFor('USD') as [RateBasis, RateBasis, RateBasis];
    expect(estimateAt(350, web)).toEqual({ minor: 370, currency: 'USD' });
    expect(estimateAt(350, custom)).toEqual({ minor: 448, currency: 'USD' }); // 350 × 1.28¢
    expect(estimateAt(330, app)).toEqual({ minor: 499, currency: 'USD' });
    expect(estimateAt(29_999, app)).toEqual({ minor: 45_362, currency: 'USD' }); // 453.6212…
  });

  it('makes the user’s purchases and a typed rate into bases, refusing what is not a rate', () => {
    const lifetime = { ...emptyTotals(), rechargeCoins: 700, money: { USD: 740 } };
    expect(yourPurchasesBasis(lifetime)).toMatchObject({ kind: 'your-purchases', rate: { minor: 740, coins: 700, currency: 'USD' } });
    expect(yourPurchasesBasis(emptyTotals())).toBeNull();
    expect(customBasis(1_500, 1_000, 'IDR', '2026-12-02')).toMatchObject({ kind: 'custom', rate: { minor: 1_500, coins: 1_000, currency: 'IDR' } });
    expect(customBasis(0, 1_000, 'IDR', '2026-12-02')).toBe('the price must be a positive amount');
    expect(customBasis(100, 1.5, 'USD', '2026-12-02')).toBe('the coins must be a positive whole number');
  });
});

describe('the creator’s side', () => {
  it('turns coins into as many diamonds and an estimated payout; the platform keeps the rest of what was paid', () => {
    // A Lion (29,999 coins) paid $316.42 from web packages: ≈ $150 to the creator at $0.005 a diamond.
    expect(creatorSide(29_999, { minor: 31_642, currency: 'USD' })).toEqual({
      diamonds: 29_999, payout: { minor: 15_000, currency: 'USD' }, platform: { minor: 16_642, currency: 'USD' },
    });
    // Paid in another currency, or not known: no platform share is made up.
    expect(creatorSide(100, { minor: 16_000, currency: 'IDR' }).platform).toBeNull();
    expect(creatorSide(100, null)).toEqual({ diamonds: 100, payout: { minor: 50, currency: 'USD' }, platform: null });
  });
});

describe('choosing the basis of an estimate', () => {
  const bought = { ...emptyTotals(), rechargeCoins: 700, money: { USD: 740 } };

  it('uses the chosen basis when it applies, and says why not when it falls back', () => {
    expect(resolveBasis('your-purchases', bought, null)).toMatchObject({ basis: { kind: 'your-purchases' }, fallbackReason: null });
    expect(resolveBasis('app-package', bought, null)).toMatchObject({ basis: { id: 'usd-app-package' }, fallbackReason: null });
    expect(resolveBasis('your-purchases', emptyTotals(), null))
      .toMatchObject({ basis: { id: 'usd-web-package-2022' }, chosen: 'your-purchases', fallbackReason: 'no priced purchases in one currency yet' });
    expect(resolveBasis('custom', bought, null)).toMatchObject({ basis: { kind: 'your-purchases' }, fallbackReason: 'no rate entered yet' });
    expect(resolveBasis('custom', bought, { minor: 9_800, coins: 30, currency: 'VND', asOf: '2026-11-30' }))
      .toMatchObject({ basis: { kind: 'custom', rate: { minor: 9_800, coins: 30, currency: 'VND' }, asOf: '2026-11-30' }, fallbackReason: null });
  });

  it('uses the user’s diamond value when typed, else the reported default', () => {
    expect(diamondValueOf(null)).toBe(DEFAULT_DIAMOND_VALUE);
    expect(diamondValueOf({ minor: 6, diamonds: 1_000, currency: 'USD', asOf: '2026-12-01' }).rate).toEqual({ minor: 6, diamonds: 1_000, currency: 'USD' });
  });

  it('converts money only at a rate the user typed, rounding half up, and never guesses one', () => {
    const rates = [{ from: 'VND', to: 'USD', fromMinor: 2_540_000, toMinor: 10_000, asOf: '2026-11-30' }];
    expect(convertMoney({ minor: 9_800, currency: 'VND' }, 'USD', rates)?.money).toEqual({ minor: 39, currency: 'USD' }); // 38.58¢
    expect(convertMoney({ minor: 500, currency: 'USD' }, 'USD', rates)).toEqual({ money: { minor: 500, currency: 'USD' }, rate: null });
    expect(convertMoney({ minor: 500, currency: 'EUR' }, 'USD', rates)).toBeNull();
    expect(convertMoney({ minor: 9_007_199_254_740_991, currency: 'VND' }, 'USD', rates)?.money.minor).toBe(35_461_414_388_744);
  });
});
