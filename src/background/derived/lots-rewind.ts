/**
 * The cost basis redone from an earlier point (an out-of-order write: a late lot or gift, a correction, a deletion, a
 * price added to a recharge by a late cashier sighting, an adjustment reduced). From the start B of the hour of the
 * earliest affected point: FIFO resumes from the stored state at B (platform/cost-state.ts), the cost rows from that
 * hour on are dropped, and the account's ledger entries from B are walked again in replay order (the `[account+at]`
 * index orders them as compareEntries does) with core/lots.ts's own step. The ledger is read after the batch was written
 * to it (ledger-writer.ts), so it holds the batch's changes. Cost: the entries from B on, the lots from B on, and the
 * few lots the spending from B on took from.
 */
import { Dexie } from 'dexie';
import { FifoWalk, HourRows, addTotals, emptyCostRow, isLotEntry, type CostRow, type Point } from '../../core/cost-rows';
import { isImported } from '../../core/ledger';
import { HOUR, LIFETIME_BUCKET, bucketOf } from '../../core/rollups';
import { fifoStateAt } from '../../platform/cost-state';
import type { CoinsightDb } from '../../platform/db';
import { lotRowOf, type CostWrites } from './lots-writes';

/**
 * Redoes `account` from the hour of `from`, taking in the entries up to `limit` (their `at`; Infinity once the store
 * is built, else how far the build has come: later entries are the build's).
 */
export async function redoFrom(db: CoinsightDb, account: string, from: Point, limit: number, writes: CostWrites): Promise<void> {
  const bucket = bucketOf(from.at);
  const start = bucket * HOUR;
  const [state, oldRows, entries] = await Dexie.Promise.all([
    fifoStateAt(db, account, bucket),
    db.costs.where('[account+bucket]').between([account, bucket], [account, Infinity], true, true).toArray(),
    db.ledger.where('[account+at]').between([account, start], [account, limit], true, true).toArray(),
  ]);
  const walk = new FifoWalk([...state.open], state.consumed);
  const hours = new HourRows(account);
  const lifetime: CostRow = structuredClone(state.lifetime) ?? emptyCostRow(account, LIFETIME_BUCKET);
  for (const old of oldRows) addTotals(lifetime, old, -1);
  const rebuilt = new Set<string>();
  for (const entry of entries) {
    if (isImported(entry)) continue; // outside the cost basis
    if (isLotEntry(entry)) {
      walk.lot(entry);
      rebuilt.add(entry.id);
    } else {
      const cost = walk.spend(entry);
      addTotals(lifetime, hours.add(cost, walk.consumed));
    }
  }

  const storedFrom = new Map(state.lotsFrom.map((lot) => [lot.id, lot]));
  for (const lot of walk.queue) {
    const row = lotRowOf(lot, account);
    if (rebuilt.has(lot.id)) {
      // A lot from B on: written unless its stored row is the same in every field.
      const stored = storedFrom.get(lot.id);
      if (!stored || JSON.stringify(lotRowOf(stored, account)) !== JSON.stringify(row)) writes.putLot(row);
    } else if (state.storedConsumed.get(lot.id) !== lot.consumed) {
      writes.putLot(row); // a lot before B, given back to K at B, then consumed again
    }
  }
  for (const id of storedFrom.keys()) if (!rebuilt.has(id)) writes.deleteLot(id);

  const oldByBucket = new Map(oldRows.map((row) => [row.bucket, row]));
  for (const old of oldRows) if (!hours.rows.has(old.bucket)) writes.deleteCost(account, old.bucket);
  for (const row of hours.rows.values()) {
    if (JSON.stringify(oldByBucket.get(row.bucket)) !== JSON.stringify(row)) writes.putCost(row);
  }
  const last = entries[entries.length - 1]
    ?? await db.ledger.where('[account+at]').between([account, Dexie.minKey], [account, start], true, false).last();
  if (!last) {
    writes.deleteCost(account, LIFETIME_BUCKET); // nothing left of the account (up to the limit)
    return;
  }
  lifetime.consumedThrough = walk.consumed;
  lifetime.tail = { at: last.at, id: last.id };
  writes.putCost(lifetime);
}
