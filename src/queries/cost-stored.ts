/**
 * queries/cost.ts from the rows the worker keeps (core/cost-rows.ts), in a bounded number of rows whatever the
 * ledger's size: whole hours of a window from the hour cost rows (as balance-view.ts's totalsIn does with rollups), and
 * the partial hours at its edges, or the hour of a spend asked about, by consuming that hour's entries again from the
 * FIFO state at its start (platform/cost-state.ts): K of the hour before plus the lots, a handful of rows.
 */
import { Dexie } from 'dexie';
import { FifoWalk, isLotEntry } from '../core/cost-rows';
import type { LedgerEntry } from '../core/ledger';
import type { SpendingCost } from '../core/lots';
import type { Window } from '../core/periods';
import { HOUR, bucketOf, planWindow } from '../core/rollups';
import { fifoStateAt } from '../platform/cost-state';
import type { CoinsightDb } from '../platform/db';
import { addCostTotals, addSpendCost, emptySpendMoney, type SpendMoney } from './spend-money';

export async function storedSpendMoneyIn(db: CoinsightDb, account: string, window: Window): Promise<SpendMoney> {
  const plan = planWindow(window);
  let total = emptySpendMoney();
  if (plan.wholeBuckets) {
    const rows = await db.costs.where('[account+bucket]')
      .between([account, plan.wholeBuckets.from], [account, plan.wholeBuckets.to], true, false).toArray();
    for (const row of rows) total = addCostTotals(total, row);
  }
  for (const edge of plan.edges) {
    for (let bucket = bucketOf(edge.start); bucket * HOUR < edge.end; bucket++) {
      await walkHour(db, account, bucket, edge, (cost) => (total = addSpendCost(total, cost)));
    }
  }
  return total;
}

export async function storedCostsOf(db: CoinsightDb, account: string, ids: readonly string[]): Promise<Map<string, SpendingCost>> {
  const wanted = new Set(ids);
  const entries = (await db.ledger.bulkGet([...wanted])).filter((e): e is LedgerEntry => e !== undefined && e.account === account && !isLotEntry(e));
  const hours = new Map<number, Window>();
  for (const { at } of entries) {
    const bucket = bucketOf(at);
    const hour = hours.get(bucket);
    hours.set(bucket, { start: Math.min(hour?.start ?? at, at), end: Math.max(hour?.end ?? at + 1, at + 1) });
  }
  const costs = new Map<string, SpendingCost>();
  for (const [bucket, span] of [...hours].sort(([a], [b]) => a - b)) {
    await walkHour(db, account, bucket, span, (cost) => wanted.has(cost.id) && costs.set(cost.id, cost));
  }
  return costs;
}

/** Consumes the hour's entries from the state at its start, handing `visit` the cost of each spend inside `window`. */
async function walkHour(db: CoinsightDb, account: string, bucket: number, window: Window, visit: (cost: SpendingCost) => unknown): Promise<void> {
  const end = Math.min(window.end, (bucket + 1) * HOUR);
  const [state, entries] = await Dexie.Promise.all([
    fifoStateAt(db, account, bucket),
    db.ledger.where('[account+at]').between([account, bucket * HOUR], [account, end], true, false).toArray(),
  ]);
  const walk = new FifoWalk(state.open, state.consumed);
  for (const entry of entries) {
    if (isLotEntry(entry)) walk.lot(entry);
    else {
      const cost = walk.spend(entry);
      if (entry.at >= window.start) visit(cost);
    }
  }
}
