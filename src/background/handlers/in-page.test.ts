import { describe, expect, it } from 'vitest';
import { LIFETIME_BUCKET, emptyRollup } from '../../core/rollups';
import { defaultSettings, type Settings } from '../../platform/settings';
import { ME, T0, freshDb } from '../recorder.fixtures';
import { inPagePrices } from './in-page';

const ROSE_HASH = 'eba3a9bb85c33e017f3648eaf88d7189';
const LION_HASH = '4e7ad6bdf0a1d860c538f38026d4e812';
const UNKNOWN_HASH = '0123456789abcdef0123456789abcdef';
const settings = (patch: Partial<Settings['conversion']> = {}, displayCurrency = 'USD'): Settings =>
  ({ ...defaultSettings('en-US'), displayCurrency, conversion: { ...defaultSettings('en-US').conversion, ...patch } });

async function seeded() {
  const db = freshDb();
  await db.catalogue.bulkPut([
    { giftId: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: ROSE_HASH, seenAt: T0 },
    { giftId: 6369, name: 'Lion', coins: 29_999, type: 2, combo: false, imageHash: LION_HASH, seenAt: T0 },
    { giftId: 1, name: 'Lion (old list)', coins: 25_000, type: 2, combo: false, imageHash: LION_HASH, seenAt: T0 - 1000 },
  ]);
  return db;
}

describe('inPagePrices: what the in-page prices get from the worker', () => {
  it('prices the catalogue gifts of the requested hashes at the resolved basis, and leaves unknown hashes out', async () => {
    const db = await seeded();
    const reply = await inPagePrices(db, settings(), { account: ME, hashes: [ROSE_HASH, LION_HASH, UNKNOWN_HASH, ROSE_HASH] });
    // No purchases yet: "your purchases" falls back to the reported web price, 70 coins for $0.74, and says why.
    expect(reply.resolved.basis.id).toBe('usd-web-package-2022');
    expect(reply.resolved.fallbackReason).toBe('no priced purchases in one currency yet');
    expect(reply.yourAverage).toBeNull();
    expect(reply.appBases.map((basis) => basis.id)).toEqual(['usd-app-package']);
    expect(reply.gifts.sort((a, b) => a.coins - b.coins)).toEqual([
      { hash: ROSE_HASH, giftId: 5655, name: 'Rose', coins: 1, estimate: { minor: 1, currency: 'USD' } },
      // The newest price seen for that image: 29,999 × 74 / 70 = 31,713.2 → $317.13.
      { hash: LION_HASH, giftId: 6369, name: 'Lion', coins: 29_999, estimate: { minor: 31_713, currency: 'USD' } },
    ]);
  });

  it("uses the account's own average when it has priced purchases, and converts at a typed exchange rate", async () => {
    const db = await seeded();
    await db.rollups.put({ ...emptyRollup(ME, LIFETIME_BUCKET), rechargeCoins: 700, recharges: 1, money: { USD: 700 } });
    const reply = await inPagePrices(db, settings({ exchangeRates: [{ from: 'USD', to: 'EUR', fromMinor: 100, toMinor: 90, asOf: '2026-11-30' }] }, 'EUR'),
      { account: ME, hashes: [LION_HASH] });
    expect(reply.resolved).toMatchObject({ chosen: 'your-purchases', fallbackReason: null, basis: { kind: 'your-purchases', rate: { minor: 700, coins: 700, currency: 'USD' } } });
    expect(reply.yourAverage?.rate).toEqual({ minor: 700, coins: 700, currency: 'USD' });
    expect(reply.gifts[0]!.estimate).toEqual({ minor: 26_999, currency: 'EUR' }); // $299.99 × 0.9
    expect(reply.exchange).toMatchObject({ from: 'USD', to: 'EUR', asOf: '2026-11-30' });
  });

  it('asks nothing of the database for an empty request and an unknown account', async () => {
    const db = await seeded();
    const reply = await inPagePrices(db, settings({ basis: 'app-package' }), { account: '', hashes: [] });
    expect(reply.gifts).toEqual([]);
    expect(reply.resolved.basis.kind).toBe('app-package');
  });
});
