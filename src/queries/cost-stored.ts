/**
 * queries/cost.ts from the rows the worker keeps (core/cost-rows.ts), in a bounded number of rows whatever the
 * ledger's size: whole hours of a window from the hour cost rows (as balance-view.ts's totalsIn does with rollups), and
 * the partial hours at its edges, or the hour of a spend asked about, by consuming that hour's entries again from the
 * FIFO state at its start (platform/cost-state.ts): K of the hour before plus the lots, a handful of rows.
 */
import { Dexie } from 'dexie';
import { FifoWalk, isLotEntry } from '../core/cost-rows';
import { isImported, type LedgerEntry } from '../core/ledger';
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
  const entries = (await db.ledger.bulkGet([...wanted])).filter((e): e is LedgerEntry => e !== undefined && e.account === account && !isLotEntry(e) && !isImported(e));
  // Runs of nearby hours are walked as one: a month of gifts (the creators view) is one state read and one range read,
  // not one of each per hour. Walking through a gap of a few hours costs only that gap's entries.
  const runs: { bucket: number; span: Window; last: number }[] = [];
  for (const entry of entries.sort((a, b) => a.at - b.at)) {
    const bucket = bucketOf(entry.at);
    const run = runs[runs.length - 1];
    if (run && bucket - run.last <= MAX_WALKED_GAP_HOURS) {
      run.span.end = entry.at + 1;
      run.last = bucket;
    } else runs.push({ bucket, span: { start: entry.at, end: entry.at + 1 }, last: bucket });
  }
  const costs = new Map<string, SpendingCost>();
  for (const { bucket, span } of runs) {
    await walkFrom(db, account, bucket, span, (cost) => wanted.has(cost.id) && costs.set(cost.id, cost));
  }
  return costs;
}

export async function storedCostsIn(db: CoinsightDb, account: string, window: Window): Promise<Map<string, SpendingCost>> {
  const costs = new Map<string, SpendingCost>();
  if (window.end <= window.start) return costs;
  await walkFrom(db, account, bucketOf(window.start), window, (cost) => costs.set(cost.id, cost));
  return costs;
}

/** Hours without an asked-about spend that a walk goes through rather than reading the FIFO state again after them. */
const MAX_WALKED_GAP_HOURS = 6;

/** Consumes the hour's entries from the state at its start, handing `visit` the cost of each spend inside `window`. */
function walkHour(db: CoinsightDb, account: string, bucket: number, window: Window, visit: (cost: SpendingCost) => unknown): Promise<void> {
  return walkFrom(db, account, bucket, { start: window.start, end: Math.min(window.end, (bucket + 1) * HOUR) }, visit);
}

/** Consumes the entries from the start of hour `bucket` to `window.end`, handing `visit` the cost of each spend in `window`. */
async function walkFrom(db: CoinsightDb, account: string, bucket: number, window: Window, visit: (cost: SpendingCost) => unknown): Promise<void> {
  const end = window.end;
  const [state, entries] = await Dexie.Promise.all([
    fifoStateAt(db, account, bucket),
    db.ledger.where('[account+at]').between([account, bucket * HOUR], [account, end], true, false).toArray(),
  ]);
  const walk = new FifoWalk(state.open, state.consumed);
  for (const entry of entries) {
    if (isImported(entry)) continue; // outside the cost basis
    if (isLotEntry(entry)) walk.lot(entry);
    else {
      const cost = walk.spend(entry);
      if (entry.at >= window.start) visit(cost);
    }
  }
}
