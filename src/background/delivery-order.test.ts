/**
 * The ledger must not depend on the order in which a flow's observations reach the worker. Tabs deliver late: a page
 * holds its readings until idle, and "Pay now" leaves /coin, whose outbox is adopted by the next page, so the
 * end-result page's reading and payment can arrive before the /coin page's first reading and its cashier sighting.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { spentCoins } from '../core/rollups';
import type { Observation } from '../platform/observations';
import { recordBatch } from './recorder';
import { MIN, ROSE, T0, balanceObs, cashierObs, expectRollupsMatchLedger, freshDb, giftEntry, giftObs, ledgerOf, lifetimeOf, paidObs, usd } from './recorder.fixtures';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('the order observations arrive in', () => {
  // /coin reads 1,000 held; the cashier shows a 700-coin package; the end-result page says paid, then reads 1,700.
  const flow: Record<string, Observation> = {
    firstReading: balanceObs(T0, 1_000),
    cashier: cashierObs(T0 + MIN, 700, usd(999)),
    payment: paidObs(T0 + 2 * MIN, 'PAY-0001'),
    endResultReading: balanceObs(T0 + 2 * MIN + 400, 1_700),
  };

  for (const order of permutations(Object.keys(flow))) {
    it(`buying at install: ${order.join(', ')}`, async () => {
      const db = freshDb();
      for (const name of order) await recordBatch(db, [flow[name]!]);
      // Later, on a LIVE page: the wallet still holds 1,700, then a Rose is sent and the wallet reads 1,699.
      await recordBatch(db, [balanceObs(T0 + 5 * MIN, 1_700)]);
      await recordBatch(db, [giftObs(giftEntry('7487000000000000101', T0 + 6 * MIN, ROSE))]);
      await recordBatch(db, [balanceObs(T0 + 7 * MIN, 1_699)]);
      expect((await ledgerOf(db)).map((e) => `${e.kind}:${e.coins}`)).toEqual(['adjustment:1000', 'recharge:700', 'gift:1']);
      // The end-result page's reading shows the 700 coins arrived: the recharge is confirmed by the balance.
      expect((await ledgerOf(db)).find((e) => e.kind === 'recharge')?.checks).toEqual({ balance: 'match' });
      expect(spentCoins((await lifetimeOf(db))!)).toBe(1);
      await expectRollupsMatchLedger(db);
    });
  }

  it('a gift sent before the first reading, whose capture arrives after it: the coins held before include it', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 1_000)]);
    await recordBatch(db, [giftObs(giftEntry('7487000000000000102', T0 + MIN, ROSE))]);
    await recordBatch(db, [balanceObs(T0 + 5 * MIN, 1_000)]);
    expect((await ledgerOf(db)).map((e) => `${e.kind}:${e.coins}`)).toEqual(['gift:1', 'adjustment:1001']);
    await expectRollupsMatchLedger(db);
  });
});
