/**
 * Precomputed totals so that views and guards never scan the ledger. The `rollups` table holds one row per
 * (account, hour bucket) and one lifetime row per account; the recorder applies each entry it writes (and
 * subtracts the old version of an entry it replaces), so a row always equals the sum of its entries.
 * Hours, not days: day boundaries depend on the time zone the user picks, hours (mostly) do not. Zones with
 * :30 and :45 offsets put day boundaries mid-hour; planWindow leaves those slivers to be read from the ledger.
 */
import type { LedgerEntry } from './ledger';
import { addToTotals, type MoneyTotals } from './money';
import type { Window } from './periods';

export const HOUR = 3_600_000;
/** Bucket of the per-account row that covers all time. */
export const LIFETIME_BUCKET = -1;

export interface Totals {
  giftCoins: number;
  /** Gift-send entries (one send of a batch of 10 roses counts once). */
  gifts: number;
  rechargeCoins: number;
  recharges: number;
  adjustmentCoins: number;
  /** What recharges cost, per currency; currencies are never added together. */
  money: MoneyTotals;
  /** Recharged coins whose price Coinsight did not see: unknown, not free. */
  unpricedRechargeCoins: number;
  /** Coins that left without a gift Coinsight saw (kind 'unseen-spend'): spending all the same. */
  unseenSpendCoins: number;
  /**
   * Imported history (TikTok's download) with status `history` only: gifts and purchases from before anything Coinsight
   * captured. Kept apart from the captured fields so that a wallet reading is still measured against what Coinsight saw
   * (the balance held at install already nets out everything before it); overlapping rows are never added.
   */
  importedGiftCoins: number;
  importedGifts: number;
  importedPurchaseCoins: number;
  importedPurchases: number;
}

export interface Rollup extends Totals {
  account: string;
  /** bucketOf(at) of every entry in the row, or LIFETIME_BUCKET. */
  bucket: number;
}

/** Math.floor(at / HOUR), computed with an exact remainder so that no float rounding can move an entry. */
export function bucketOf(at: number): number {
  const rest = at % HOUR;
  return (at - (rest < 0 ? rest + HOUR : rest)) / HOUR;
}

export function emptyTotals(): Totals {
  return {
    giftCoins: 0, gifts: 0, rechargeCoins: 0, recharges: 0, adjustmentCoins: 0, money: {}, unpricedRechargeCoins: 0, unseenSpendCoins: 0,
    importedGiftCoins: 0, importedGifts: 0, importedPurchaseCoins: 0, importedPurchases: 0,
  };
}

export function emptyRollup(account: string, bucket: number): Rollup {
  return { account, bucket, ...emptyTotals() };
}

/** What one entry adds to (sign 1) or removes from (sign -1) any total it belongs to. */
export function contribution(entry: LedgerEntry, sign: 1 | -1): Totals {
  const delta = emptyTotals();
  switch (entry.kind) {
    case 'gift':
      delta.giftCoins = sign * entry.coins;
      delta.gifts = sign;
      break;
    case 'recharge':
      delta.rechargeCoins = sign * entry.coins;
      delta.recharges = sign;
      if (entry.price) addToTotals(delta.money, entry.price, sign);
      else delta.unpricedRechargeCoins = sign * entry.coins;
      break;
    case 'adjustment':
      delta.adjustmentCoins = sign * entry.coins;
      break;
    case 'unseen-spend':
      delta.unseenSpendCoins = sign * entry.coins;
      break;
    case 'imported-gift':
      if (entry.status !== 'history') break; // overlap / in the captured period: the captured entries count
      delta.importedGiftCoins = sign * entry.coins;
      delta.importedGifts = sign;
      break;
    case 'imported-purchase':
      if (entry.status !== 'history') break;
      delta.importedPurchaseCoins = sign * entry.coins;
      delta.importedPurchases = sign;
      break;
  }
  return delta;
}

function sumMoney(a: MoneyTotals, b: MoneyTotals): MoneyTotals {
  const sum = { ...a };
  for (const [currency, minor] of Object.entries(b)) addToTotals(sum, { minor, currency });
  return sum;
}

/** t + r, as a new object. Accepts a rollup row or another Totals. */
export function addRollup(t: Totals, r: Rollup | Totals): Totals {
  return {
    giftCoins: t.giftCoins + r.giftCoins,
    gifts: t.gifts + r.gifts,
    rechargeCoins: t.rechargeCoins + r.rechargeCoins,
    recharges: t.recharges + r.recharges,
    adjustmentCoins: t.adjustmentCoins + r.adjustmentCoins,
    money: sumMoney(t.money, r.money),
    unpricedRechargeCoins: t.unpricedRechargeCoins + r.unpricedRechargeCoins,
    // The one place that reads a stored row's fields: a row written before unseen spending existed lacks this one
    // (the v2 migration fills it in; this keeps a read safe even so), and every Totals made here has it.
    unseenSpendCoins: (t.unseenSpendCoins ?? 0) + (r.unseenSpendCoins ?? 0),
    // Rows written before imports existed lack these (no migration: absent reads as 0).
    importedGiftCoins: (t.importedGiftCoins ?? 0) + (r.importedGiftCoins ?? 0),
    importedGifts: (t.importedGifts ?? 0) + (r.importedGifts ?? 0),
    importedPurchaseCoins: (t.importedPurchaseCoins ?? 0) + (r.importedPurchaseCoins ?? 0),
    importedPurchases: (t.importedPurchases ?? 0) + (r.importedPurchases ?? 0),
  };
}

/**
 * Every coin that left the account: gifts Coinsight saw, spending it inferred from the balance, and imported history
 * from before the first capture (counted once: overlapping imported rows are not in `importedGiftCoins`).
 */
export function spentCoins(t: Totals): number {
  return t.giftCoins + t.unseenSpendCoins + (t.importedGiftCoins ?? 0);
}

/** t plus one entry read straight from the ledger (the partial-hour edges of a window). */
export function addEntry(t: Totals, e: LedgerEntry): Totals {
  return addRollup(t, contribution(e, 1));
}

/**
 * The row with one entry added (sign 1) or taken out (sign -1); a new object, the input is untouched.
 * Throws when the entry belongs to another account or hour: a row silently absorbing a stray entry
 * would make every later total wrong with no way to notice.
 */
export function applyEntry(rollup: Rollup, entry: LedgerEntry, sign: 1 | -1): Rollup {
  if (entry.account !== rollup.account) throw new Error(`entry ${entry.id} belongs to account "${entry.account}", not "${rollup.account}"`);
  if (rollup.bucket !== LIFETIME_BUCKET && bucketOf(entry.at) !== rollup.bucket) {
    throw new Error(`entry ${entry.id} is in hour bucket ${bucketOf(entry.at)}, not ${rollup.bucket}`);
  }
  return { account: rollup.account, bucket: rollup.bucket, ...addRollup(rollup, contribution(entry, sign)) };
}

/** True when every entry of the row has been taken out again: the row can be deleted. */
export function isEmptyRollup(r: Rollup | Totals): boolean {
  return r.giftCoins === 0 && r.gifts === 0 && r.rechargeCoins === 0 && r.recharges === 0 && r.adjustmentCoins === 0
    && r.unpricedRechargeCoins === 0 && r.unseenSpendCoins === 0 && Object.keys(r.money).length === 0
    && !r.importedGiftCoins && !r.importedGifts && !r.importedPurchaseCoins && !r.importedPurchases;
}

export interface WindowPlan {
  /** Hour buckets entirely inside the window: inclusive from, exclusive to. null when there are none. */
  wholeBuckets: { from: number; to: number } | null;
  /** Parts of the window outside whole buckets, to be summed from the ledger: at most one before and one after. */
  edges: Window[];
}

/** Splits [start, end) exactly into whole hour buckets plus up to two partial edges; no gap, no overlap. */
export function planWindow(w: Window): WindowPlan {
  if (w.end <= w.start) return { wholeBuckets: null, edges: [] };
  const from = bucketOf(w.start) + (w.start % HOUR === 0 ? 0 : 1);
  const to = bucketOf(w.end);
  if (from >= to) return { wholeBuckets: null, edges: [{ start: w.start, end: w.end }] };
  const edges: Window[] = [];
  if (w.start < from * HOUR) edges.push({ start: w.start, end: from * HOUR });
  if (to * HOUR < w.end) edges.push({ start: to * HOUR, end: w.end });
  return { wholeBuckets: { from, to }, edges };
}
