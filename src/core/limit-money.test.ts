import { describe, expect, it } from 'vitest';
import { DEFAULT_BASES } from './conversion';
import { coinsFor, moneyUsed, shareOf, type CapPricing } from './limit-money';
import type { LotState } from './lots';

const web = DEFAULT_BASES.find((b) => b.kind === 'web-package')!; // 70 coins for $0.74
const USD: CapPricing = { currency: 'USD', basis: web, rates: [] };
const lot = (coins: number, consumed: number, price: { minor: number; currency: string } | null): LotState =>
  ({ id: `lot-${coins}-${consumed}`, at: 0, kind: price ? 'recharge' : 'adjustment', coins, price, unpriced: price ? null : 'initial-balance', consumed });

describe('moneyUsed', () => {
  it('is exact for money paid in the cap currency and estimated for coins of unknown price', () => {
    expect(moneyUsed({ coins: 70, paid: { USD: 99 }, pricedCoins: 70, unpriced: {} }, USD)).toEqual({ minor: 99, estimated: false, unpriceable: false });
    expect(moneyUsed({ coins: 140, paid: { USD: 99 }, pricedCoins: 70, unpriced: { 'initial-balance': 70 } }, USD)).toEqual({ minor: 173, estimated: true, unpriceable: false });
  });
});

describe('shareOf', () => {
  it('takes a proportional part of every figure, rounded half up', () => {
    expect(shareOf({ coins: 300, paid: { USD: 100 }, pricedCoins: 200, unpriced: { 'initial-balance': 100 } }, 100))
      .toEqual({ coins: 100, paid: { USD: 33 }, pricedCoins: 67, unpriced: { 'initial-balance': 33 } });
  });
});

describe('coinsFor', () => {
  it('buys the next coins to be spent at what their lot cost, oldest first, then at the basis', () => {
    // 50 coins left of a lot of 100 for $2.00 ($1.00 for them), then a lot of 100 for $1.00.
    const lots = [lot(100, 50, { minor: 200, currency: 'USD' }), lot(100, 0, { minor: 100, currency: 'USD' })];
    expect(coinsFor(100, lots, USD)).toEqual({ coins: 50, estimated: false });
    expect(coinsFor(150, lots, USD)).toEqual({ coins: 100, estimated: false });
    expect(coinsFor(200, lots, USD)).toEqual({ coins: 150, estimated: false });
    // Past both lots: $1.00 more at 70 coins for $0.74 → 94 coins (rounded down), an estimate.
    expect(coinsFor(300, lots, USD)).toEqual({ coins: 150 + 94, estimated: true });
  });

  it('prices an unpriced lot at the basis (estimated), and gives 0 coins with nothing left', () => {
    expect(coinsFor(74, [lot(700, 0, null)], USD)).toEqual({ coins: 70, estimated: true });
    expect(coinsFor(0, [lot(700, 0, null)], USD)).toEqual({ coins: 0, estimated: false });
  });

  it('is null when no basis reaches the cap currency (the guard then allows nothing)', () => {
    expect(coinsFor(100, [lot(700, 0, null)], { ...USD, currency: 'EUR' })).toBeNull();
  });
});
