/**
 * The check every test of the worker's cost basis ends with: for each account, the stored lots and cost rows equal
 * those of core/cost-rows.ts built from scratch; what queries/cost.ts reads from them (costsOf of every spend,
 * spendMoneyIn of the lifetime) equals core/lots.ts's replayLots of the final ledger; and the cost basis so read holds
 * the invariant (core/lots-invariant.ts).
 */
import { Dexie } from 'dexie';
import { expect } from 'vitest';
import { costRowsFromScratch } from '../../core/cost-rows';
import { compareEntries, costBasisOf, replayLots, type CostBasis } from '../../core/lots';
import { costBasisViolations } from '../../core/lots-invariant';
import type { CoinsightDb } from '../../platform/db';
import { costsIn, costsOf, replayCostsIn, replaySpendMoneyIn, spendMoneyIn } from '../../queries/cost';

/** An account's cost basis as the store gives it: its lot rows and costsOf every spend of the ledger. */
export async function storedCostBasis(db: CoinsightDb, account: string): Promise<CostBasis> {
  const range = [[account, Dexie.minKey], [account, Dexie.maxKey]] as const;
  const lots = (await db.lots.where('[account+at]').between(...range, true, true).toArray())
    .sort(compareEntries).map(({ account: _a, open: _o, ...lot }) => lot);
  const spends = (await db.ledger.where('[account+at]').between(...range, true, true).toArray()).filter((e) => e.kind === 'gift' || e.kind === 'unseen-spend');
  const costs = await costsOf(db, account, spends.map((e) => e.id));
  return costBasisOf(lots, [...costs.values()]);
}

export async function expectLotsMatchLedger(db: CoinsightDb): Promise<void> {
  const ledger = await db.ledger.toArray();
  const accounts = new Set([
    ...ledger.map((e) => e.account),
    ...(await db.lots.toArray()).map((row) => row.account),
    ...(await db.costs.toArray()).map((row) => row.account),
  ]);
  for (const account of accounts) {
    const range = [[account, Dexie.minKey], [account, Dexie.maxKey]] as const;
    const expected = costRowsFromScratch(account, ledger);
    const lots = (await db.lots.where('[account+at]').between(...range, true, true).toArray()).sort(compareEntries);
    expect(lots, `lots of account "${account}"`).toEqual(expected.lots);
    const costs = await db.costs.where('[account+bucket]').between(...range, true, true).toArray();
    expect(costs, `cost rows of account "${account}"`).toEqual(expected.costs);
    const replay = replayLots(ledger.filter((e) => e.account === account));
    const stored = await storedCostBasis(db, account);
    expect(stored, `cost basis of account "${account}"`).toEqual(replay);
    expect(costBasisViolations(stored)).toEqual([]);
    // A subset asked alone (every third spend): walks that start mid-ledger and cross hours with nothing asked about.
    const some = replay.spending.filter((_, index) => index % 3 === 1);
    const asked = await costsOf(db, account, some.map((cost) => cost.id));
    expect([...asked.values()].sort(compareEntries), `costsOf a subset of account "${account}"`).toEqual(some);
    const all = { start: 0, end: Number.MAX_SAFE_INTEGER };
    expect(await spendMoneyIn(db, account, all)).toEqual(await replaySpendMoneyIn(db, account, all));
    // costsIn from mid-ledger: from the middle spend's time (its hour's earlier spends are walked, not returned) on.
    const middle = replay.spending[Math.floor(replay.spending.length / 2)];
    if (middle) {
      const from = { start: middle.at, end: Number.MAX_SAFE_INTEGER };
      expect(await costsIn(db, account, from), `costsIn of account "${account}"`).toEqual(await replayCostsIn(db, account, from));
    }
  }
}
