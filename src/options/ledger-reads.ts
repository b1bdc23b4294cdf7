/** What the options page reads of the ledger (extension pages share the worker's IndexedDB; only the worker writes). */
import { Dexie } from 'dexie';
import type { RechargeEntry } from '../core/ledger';
import { isManualPurchase } from '../core/manual-purchase';
import { LIFETIME_BUCKET, addRollup, emptyTotals, type Totals } from '../core/rollups';
import type { CoinsightDb } from '../platform/db';

export interface KnownAccount {
  uid: string;
  /** "@handle (Nickname)", or the user id when the page never showed a handle. */
  label: string;
}

/** The TikTok accounts Coinsight has seen in this browser, most recently seen first. */
export async function knownAccounts(db: CoinsightDb): Promise<KnownAccount[]> {
  const rows = await db.accounts.orderBy('lastSeenAt').reverse().toArray();
  return rows.map((row) => ({
    uid: row.uid,
    label: row.uniqueId ? `@${row.uniqueId}${row.nickName && row.nickName !== row.uniqueId ? ` (${row.nickName})` : ''}` : row.nickName ?? row.uid,
  }));
}

/** An account's lifetime totals: one rollup row. */
export async function lifetimeOf(db: CoinsightDb, account: string): Promise<Totals> {
  const row = await db.rollups.get([account, LIFETIME_BUCKET]);
  return row ? addRollup(emptyTotals(), row) : emptyTotals();
}

/** Purchases typed in by hand, newest first. Recharges are few; this reads only them, through [kind+at]. */
export async function manualPurchases(db: CoinsightDb): Promise<RechargeEntry[]> {
  const recharges = await db.ledger.where('[kind+at]').between(['recharge', Dexie.minKey], ['recharge', Dexie.maxKey]).reverse().toArray();
  return recharges.filter(isManualPurchase);
}
