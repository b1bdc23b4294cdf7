/**
 * The FIFO state of an account at the start of an hour, read from the stored cost basis (core/cost-rows.ts) in a
 * bounded number of rows whatever the ledger's size: K there is the `consumedThrough` of the last cost row before the
 * hour; the lots are those before the hour, filled up to K in replay order. Since consumption is a prefix, only the
 * lots between the fill point then and now differ from their stored `consumed`: they are found walking back from the
 * hour, giving back coins until the lots before the hour hold K. Used by the worker to redo from an earlier point
 * (background/derived/lots-rewind.ts) and by the views for the partial hours of a window (queries/cost-stored.ts).
 */
import { Dexie } from 'dexie';
import type { CostRow, LotRow } from '../core/cost-rows';
import { HOUR, LIFETIME_BUCKET } from '../core/rollups';
import type { CoinsightDb } from './db';

export interface FifoState {
  /** The lots before the hour with coins left at its start, in replay order, `consumed` as of then. */
  open: LotRow[];
  /** What those lots' rows hold now, by id: the rows to write back are those whose `consumed` differs. */
  storedConsumed: Map<string, number>;
  /** K at the hour's start. */
  consumed: number;
  /** The stored rows of the lots from the hour on (as of now). */
  lotsFrom: LotRow[];
  lifetime: CostRow | undefined;
}

export async function fifoStateAt(db: CoinsightDb, account: string, bucket: number): Promise<FifoState> {
  const start = bucket * HOUR;
  const [lifetime, previous, lotsFrom] = await Dexie.Promise.all([
    db.costs.get([account, LIFETIME_BUCKET]),
    db.costs.where('[account+bucket]').between([account, LIFETIME_BUCKET], [account, bucket], false, false).last(),
    db.lots.where('[account+at]').between([account, start], [account, Dexie.maxKey], true, true).toArray(),
  ]);
  const consumed = previous?.consumedThrough ?? 0;
  const consumedFrom = lotsFrom.reduce((sum, lot) => sum + lot.consumed, 0);
  let giveBack = (lifetime?.consumedThrough ?? 0) - consumedFrom - consumed;
  if (giveBack < 0) throw new Error(`cost basis of account "${account}": lots before hour ${bucket} hold less than K = ${consumed}`);
  const open: LotRow[] = [];
  const storedConsumed = new Map<string, number>();
  // Newest first: the lots nothing had reached yet (consumed 0), then the ones spending from this hour on took from.
  // The first lot that is full once its share is given back ends the walk: every older lot is full too.
  await db.lots.where('[account+at]').between([account, Dexie.minKey], [account, start], true, false).reverse()
    .until((lot) => {
      const back = Math.min(giveBack, lot.consumed);
      if (lot.consumed - back === lot.coins) return true;
      giveBack -= back;
      storedConsumed.set(lot.id, lot.consumed);
      open.push({ ...lot, consumed: lot.consumed - back, open: 1 });
      return false;
    }).count();
  if (giveBack !== 0) throw new Error(`cost basis of account "${account}": ${giveBack} coins consumed before hour ${bucket} belong to no lot`);
  return { open: open.reverse(), storedConsumed, consumed, lotsFrom, lifetime };
}
