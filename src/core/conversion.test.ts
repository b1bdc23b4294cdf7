import { describe, expect, it } from 'vitest';
import { DEFAULT_WEB_RATE, averageRate, estimateCost } from './conversion';
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
