import { describe, expect, it } from 'vitest';
import { DOUGHNUT, GALAXY, ME, ROSE, freshDb, giftEntry, usd } from '../background/recorder.fixtures';
import { DEFAULT_BASES, DEFAULT_DIAMOND_VALUE, diamondValueOf } from '../core/conversion';
import { creatorSideOf, creatorSumsOf } from '../core/creators';
import type { GiftEntry } from '../core/ledger';
import { monthWindow } from '../core/periods';
import { creatorsIn, withMoney } from './creators';
import { initialBalance, iso, recharge, write } from './read-models.fixtures';

const web = DEFAULT_BASES.find((b) => b.kind === 'web-package')!;
const to = (gift: GiftEntry, creatorId: string | undefined, creatorHandle: string | undefined): GiftEntry => {
  const { creatorId: _id, creatorHandle: _handle, ...rest } = gift;
  return { ...rest, ...(creatorId ? { creatorId } : {}), ...(creatorHandle ? { creatorHandle } : {}) };
};

describe('creators this month', () => {
  const now = iso('2025-03-20T12:00:00Z');
  const month = monthWindow(now, 'Asia/Kolkata'); // 28 Feb 18:30 UTC → 31 Mar 18:30 UTC

  it('groups the month’s gifts by creator and by gift, most coins first, then adds what they were paid with', async () => {
    const db = freshDb();
    await write(db, [
      initialBalance(iso('2025-02-01T00:00:00Z'), 100, ME),
      recharge(iso('2025-02-02T00:00:00Z'), 700, usd(740), ME),
      to(giftEntry('7480000000200000001', iso('2025-02-28T18:29:59Z'), GALAXY, 1), 'A', 'alpha'), // last month in Kolkata
      to(giftEntry('7480000000200000002', iso('2025-02-28T18:30:00Z'), DOUGHNUT, 2), 'A', 'alpha'), // 60: 60 of 100 unknown
      to(giftEntry('7480000000200000003', iso('2025-03-05T10:00:00Z'), ROSE, 50), 'B', 'bravo'), // 50: 40 unknown + 10 paid
      to(giftEntry('7480000000200000004', iso('2025-03-06T10:00:00Z'), ROSE, 40), 'A', 'alpha.renamed'), // 40 paid
      to(giftEntry('7480000000200000005', iso('2025-03-07T10:00:00Z'), ROSE, 3), undefined, 'charlie'), // handle only
      to(giftEntry('7480000000200000006', iso('2025-03-08T10:00:00Z'), ROSE, 2), undefined, undefined), // unknown creator
    ]);

    const coinsOnly = await creatorsIn(db, ME, month);
    expect(coinsOnly.creators.map((c) => [c.key, c.handle, c.sends, c.gifts, c.coins, c.costed])).toEqual([
      ['A', 'alpha.renamed', 2, 42, 100, false],
      ['B', 'bravo', 1, 50, 50, false],
      ['@charlie', 'charlie', 1, 3, 3, false],
      ['', null, 1, 2, 2, false],
    ]);
    expect(coinsOnly.creators[0]!.byGift.map((g) => [g.giftName, g.gifts, g.coins])).toEqual([['Doughnut', 2, 60], ['Rose', 40, 40]]);

    const { creators } = await withMoney(db, ME, coinsOnly);
    const [alpha, bravo] = creators;
    // FIFO: February's Galaxy (1,000 coins) used the 100 held coins, the 700 bought and 200 more: every March gift is
    // spent from no lot at all, so all its coins are of unknown price (the deficit), and nothing is paid.
    expect(alpha).toMatchObject({ coins: 100, paid: {}, unpricedCoins: 100, costed: true });
    expect(bravo).toMatchObject({ coins: 50, paid: {}, unpricedCoins: 50, costed: true });
  });

  it('prices what was paid from the lots, and estimates only the coins of unknown price', async () => {
    const db = freshDb();
    await write(db, [
      initialBalance(iso('2025-02-01T00:00:00Z'), 100, ME),
      recharge(iso('2025-02-02T00:00:00Z'), 700, usd(740), ME),
      to(giftEntry('7480000000300000001', iso('2025-03-02T10:00:00Z'), DOUGHNUT, 4), 'A', 'alpha'), // 120: 100 unknown + 20 paid
      to(giftEntry('7480000000300000002', iso('2025-03-03T10:00:00Z'), ROSE, 70), 'B', 'bravo'), // 70 paid
    ]);
    const { creators } = await withMoney(db, ME, await creatorsIn(db, ME, month));
    const [alpha, bravo] = creators;
    expect(alpha).toMatchObject({ coins: 120, paid: { USD: 21 }, unpricedCoins: 100, costed: true }); // floor(740 × 20 / 700)
    expect(bravo).toMatchObject({ coins: 70, paid: { USD: 74 }, unpricedCoins: 0 }); // floor(740 × 90/700) − 21

    const alphaSide = creatorSideOf(alpha!, web, DEFAULT_DIAMOND_VALUE);
    // 100 coins at 70 for $0.74 → $1.06 (half up); 120 diamonds at 2 for 1¢ → 60¢; platform 21 + 106 − 60.
    expect(alphaSide).toEqual({ diamonds: 120, payout: usd(60), estimated: usd(106), platform: usd(67), platformIncludesEstimate: true });
    const bravoSide = creatorSideOf(bravo!, web, diamondValueOf({ minor: 1, diamonds: 1, currency: 'USD', asOf: '2025-03-01' }));
    expect(bravoSide).toEqual({ diamonds: 70, payout: usd(70), estimated: null, platform: usd(4), platformIncludesEstimate: false });
    expect(alpha!.byGift).toEqual([expect.objectContaining({ giftName: 'Doughnut', gifts: 4, coins: 120, paid: { USD: 21 }, unpricedCoins: 100 })]);
  });

  it('shows no platform share across currencies, and none before the costs are read', () => {
    const gifts = [giftEntry('7480000000400000001', iso('2025-03-02T10:00:00Z'), ROSE, 10)];
    const coinsOnly = creatorSumsOf(gifts)[0]!;
    expect(creatorSideOf(coinsOnly, web, DEFAULT_DIAMOND_VALUE)).toEqual({ diamonds: 10, payout: usd(5), estimated: null, platform: null, platformIncludesEstimate: false });
    const eur = creatorSumsOf(gifts, new Map([[gifts[0]!.id, {
      id: gifts[0]!.id, at: gifts[0]!.at, kind: 'gift' as const, coins: 10, allocations: [], paid: { EUR: 10 }, pricedCoins: 10, unpriced: {},
    }]]))[0]!;
    expect(creatorSideOf(eur, web, DEFAULT_DIAMOND_VALUE).platform).toBeNull();
  });

  it('is empty for a month without gifts', async () => {
    const db = freshDb();
    await write(db, [recharge(iso('2025-03-02T00:00:00Z'), 70, usd(74), ME)]);
    const view = await withMoney(db, ME, await creatorsIn(db, ME, month));
    expect(view.creators).toEqual([]);
  });
});
