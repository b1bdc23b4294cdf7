/**
 * Purchases Coinsight could not see, typed in on the options page (core/manual-purchase.ts has the rules). Each save
 * or delete is one read-write transaction over the ledger and its derived stores: the purchase, and the adjustments
 * whose coins it takes over or gives back, change together or not at all.
 */
import { Dexie } from 'dexie';
import { UNKNOWN_ACCOUNT, type AdjustmentEntry, type LedgerEntry, type RechargeEntry } from '../../core/ledger';
import { isManualPurchase, isUnpricedAdjustment, manualPurchaseId, planPurchase, type ManualPurchase } from '../../core/manual-purchase';
import { now as clockNow } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { MAX_SKEW_MS } from '../admission';
import { LEDGER_TABLES, deleteEntries, putEntries } from '../ledger-writer';
import { RefusedError, type Handlers } from '../router';

const TABLES = [...LEDGER_TABLES, 'accounts'];
const MANUAL_PREFIX = manualPurchaseId('');

export function purchaseHandlers(db: CoinsightDb, now: () => number = clockNow): Pick<Handlers, 'addPurchase' | 'editPurchase' | 'deletePurchase'> {
  return {
    // A retried add (its reply was lost) finds its own entry and writes the same thing again: nothing changes.
    addPurchase: async ({ uuid, purchase }) => savePurchase(db, uuid, purchase, now(), false),
    editPurchase: async ({ id, purchase }) => savePurchase(db, uuidOf(id), purchase, now(), true),
    deletePurchase: async ({ id }) => ({ deleted: await deletePurchase(db, uuidOf(id)) }),
  };
}

function uuidOf(id: string): string {
  if (!id.startsWith(MANUAL_PREFIX) || id.length === MANUAL_PREFIX.length) throw new RefusedError(`${id.slice(0, 80)} is not a purchase typed in by hand`);
  return id.slice(MANUAL_PREFIX.length);
}

/** Saves a purchase (new, or an edit of `uuid`'s). Refuses one dated ahead of the clock or for an account never seen. */
export async function savePurchase(db: CoinsightDb, uuid: string, purchase: ManualPurchase, now: number, mustExist: boolean): Promise<RechargeEntry> {
  if (purchase.at > now + MAX_SKEW_MS) throw new RefusedError('a purchase cannot be dated in the future');
  return db.transaction('rw', TABLES.map((name) => db.table(name)), async () => {
    if (purchase.account !== UNKNOWN_ACCOUNT && !(await db.accounts.get(purchase.account))) {
      throw new RefusedError('that TikTok account has not been seen by Coinsight');
    }
    const previous = await storedPurchase(db, uuid);
    if (mustExist && !previous) throw new RefusedError('this purchase is no longer in the ledger (deleted in another window?)');
    const plan = planPurchase(uuid, previous, purchase, await involvedAdjustments(db, previous, purchase));
    await write(db, plan.put, plan.remove);
    return plan.purchase!;
  });
}

/** Deletes `uuid`'s purchase and gives back the coins it took. False when it was already gone (a retried delete). */
export async function deletePurchase(db: CoinsightDb, uuid: string): Promise<boolean> {
  return db.transaction('rw', TABLES.map((name) => db.table(name)), async () => {
    const previous = await storedPurchase(db, uuid);
    if (!previous) return false;
    const plan = planPurchase(uuid, previous, null, await involvedAdjustments(db, previous, null));
    await write(db, plan.put, plan.remove);
    return true;
  });
}

async function storedPurchase(db: CoinsightDb, uuid: string): Promise<RechargeEntry | undefined> {
  const stored = await db.ledger.get(manualPurchaseId(uuid));
  if (stored && !isManualPurchase(stored)) throw new RefusedError('that id belongs to an entry Coinsight recorded itself');
  return stored;
}

/**
 * The stored adjustments a save or delete may touch: those the previous version took from (if still there), and the
 * account's unpriced adjustments at or after the new date. Found through [kind+at]: adjustments are rare, so this reads
 * a few rows whatever the ledger's size.
 */
async function involvedAdjustments(db: CoinsightDb, previous: RechargeEntry | undefined, next: ManualPurchase | null): Promise<AdjustmentEntry[]> {
  const found = new Map<string, AdjustmentEntry>();
  const ids = (previous?.explains ?? []).map((taken) => taken.id);
  for (const entry of await db.ledger.bulkGet(ids)) if (entry?.kind === 'adjustment') found.set(entry.id, entry);
  if (next) {
    const candidates = await db.ledger.where('[kind+at]').between(['adjustment', next.at], ['adjustment', Dexie.maxKey], true, true)
      .filter((entry) => entry.account === next.account && isUnpricedAdjustment(entry)).toArray();
    for (const entry of candidates as AdjustmentEntry[]) found.set(entry.id, entry);
  }
  return [...found.values()];
}

async function write(db: CoinsightDb, put: readonly LedgerEntry[], remove: readonly LedgerEntry[]): Promise<void> {
  await deleteEntries(db, remove);
  await putEntries(db, put);
}
