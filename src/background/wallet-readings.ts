/**
 * Balances explain every coin. A wallet reading is measured against the previous one plus what the ledger recorded
 * in between:
 * - a rise nobody explains is coins from elsewhere (an adjustment), or the coins of a payment waiting for its rise;
 * - a fall nobody explains is spending Coinsight could not see (an `unseen-spend` entry): the phone app, another
 *   device, a capture lost to a reload or an update. A gift that arrives later and could be in that fall withdraws it,
 *   so the same coins are never counted twice.
 * Readings the tap marked `raced` (a send of the same page was in flight) may or may not show that send's debit: they
 * are shown, never reconciled. Gift-send balances (`left_diamond`) arrive out of order and are never reconciled either.
 */
import { Dexie } from 'dexie';
import {
  PARSER_VERSION, UNKNOWN_ACCOUNT, entryIds,
  type AdjustmentEntry, type BalanceObservation, type GiftEntry, type LedgerEntry, type RechargeEntry, type UnseenSpendEntry,
} from '../core/ledger';
import { HOUR, LIFETIME_BUCKET, addEntry, addRollup, bucketOf, emptyTotals, type Totals } from '../core/rollups';
import type { CoinsightDb } from '../platform/db';
import { MAX_SKEW_MS } from './admission';
import { deleteEntries, putEntries } from './ledger-writer';
import { CASHIER_MATCH_MS, putRecharge } from './payments';

/**
 * A gift send's `left_diamond`: the freshest balance to show, one row per account, replaced by newer sightings. A row
 * dated ahead of the clock was written while the clock ran ahead (since put back): any new sighting replaces it.
 */
export async function recordGiftSendBalance(db: CoinsightDb, balance: BalanceObservation, now: number): Promise<void> {
  const id = entryIds.giftSendBalance(balance.account);
  const existing = await db.balances.get(id);
  if (existing && existing.at >= balance.at && existing.at <= now + MAX_SKEW_MS) return;
  await db.balances.put({ ...balance, id });
}

/** Stores a wallet reading and explains any difference from what the ledger expects. */
export async function recordWalletBalance(db: CoinsightDb, balance: BalanceObservation, now: number): Promise<void> {
  if (await db.balances.get(balance.id)) return; // already seen: its consequences were recorded with it
  const reanchored = await forgetTheFuture(db, balance.account, now);
  await db.balances.put(balance);
  // After a clock correction this reading starts afresh: the gap it leaves is not guessed at.
  if (balance.raced || reanchored) return;

  const previous = await reconcilableReading(db, balance.account, [Dexie.minKey, balance.at], 'newest');
  const next = await reconcilableReading(db, balance.account, [balance.at, Dexie.maxKey], 'oldest');
  if (next) {
    // An observation older than one already reconciled explains nothing new: the later one covered its interval.
    if (previous) return;
    // Older than the account's first reading (a page's held reading delivered after the next page's): it is the
    // first sighting now, and what the old anchor concluded is measured again against it.
    await deleteEntries(db, await ownConclusions(db, next));
    await reconcile(db, balance, null);
    await reconcile(db, next, balance);
    return;
  }
  await reconcile(db, balance, previous);
}

/**
 * Measures a clean reading against everything the ledger holds up to it, not against the previous reading: an entry
 * that arrived late, or is dated after a reading that already showed it (a withdrawn fall), then cannot skew the sum.
 */
async function reconcile(db: CoinsightDb, balance: BalanceObservation, previous: BalanceObservation | null | undefined): Promise<void> {
  const difference = balance.coins - await ledgerBalanceAt(db, balance.account, balance.at);
  // The balance holds at least what the ledger explains: the recharges since the last reading are confirmed by it.
  if (difference >= 0 && previous) await confirmRecharges(db, await entriesBetween(db, balance.account, previous.at, balance.at));
  if (difference < 0) {
    await putEntries(db, [unseenSpend(balance, -difference)]);
    return;
  }
  if (difference === 0) return;

  // Without an earlier balance the rise is everything the account holds, not what one payment bought.
  const pending = previous && await db.pendingPayments.where('[account+at]')
    .between([balance.account, balance.at - CASHIER_MATCH_MS], [balance.account, balance.at], true, true).last();
  if (pending) {
    await db.pendingPayments.delete(pending.orderId);
    await putRecharge(db, {
      kind: 'recharge', id: entryIds.recharge(pending.orderId), at: pending.at, coins: difference, account: balance.account,
      source: 'end-result+balance-delta', parser: PARSER_VERSION, orderId: pending.orderId,
    });
    return;
  }
  await putEntries(db, [previous ? balanceRise(balance, difference) : initialBalance(balance, difference)]);
}

/**
 * The account's first clean reading says how many coins it held before anything Coinsight saw. An entry recorded
 * later but dated at or before it (the end-result page's payment, delivered after the reading; a gift whose capture
 * arrived late) was not in the sum that reading was measured against: the first reading is measured again, and only
 * what changed is written. Called by the recorder with the earliest date of what a batch recorded.
 */
export async function remeasureFirstReading(db: CoinsightDb, account: string, from: number): Promise<void> {
  const first = await reconcilableReading(db, account, [Dexie.minKey, Dexie.maxKey], 'oldest');
  if (!first || first.at < from) return;
  const own = await ownConclusions(db, first);
  const ownNet = own.reduce((sum, entry) => sum + (entry.kind === 'unseen-spend' ? -entry.coins : entry.coins), 0);
  const difference = first.coins - (await ledgerBalanceAt(db, account, first.at) - ownNet);
  const wanted = difference > 0 ? [initialBalance(first, difference)] : difference < 0 ? [unseenSpend(first, -difference)] : [];
  await deleteEntries(db, own.filter((entry) => !wanted.some((w) => w.id === entry.id)));
  await putEntries(db, wanted);
}

/** What a first reading concluded: the coins held before (or the fall, if the ledger already explained more). */
async function ownConclusions(db: CoinsightDb, first: BalanceObservation): Promise<LedgerEntry[]> {
  const initial = entryIds.initialBalance(first.account || UNKNOWN_ACCOUNT);
  const found = await db.ledger.bulkGet([initial, entryIds.unseenSpend(first.id)]);
  // The initial adjustment is the account's, whichever reading made it: only one dated at this reading is its own.
  return found.filter((entry): entry is LedgerEntry => entry !== undefined && (entry.id !== initial || entry.at === first.at));
}

function balanceRise(balance: BalanceObservation, coins: number): AdjustmentEntry {
  return {
    kind: 'adjustment', id: entryIds.balanceRise(balance.id), at: balance.at, coins, account: balance.account, source: 'balance-rise', parser: PARSER_VERSION,
    note: 'The balance rose more than the purchases Coinsight saw: coins bought in the app or elsewhere.',
  };
}

function initialBalance(balance: BalanceObservation, coins: number): AdjustmentEntry {
  return {
    kind: 'adjustment', id: entryIds.initialBalance(balance.account || UNKNOWN_ACCOUNT), at: balance.at, coins, account: balance.account, source: 'initial-balance',
    parser: PARSER_VERSION, note: 'Coins already held when Coinsight first saw this account.',
  };
}

function unseenSpend(balance: BalanceObservation, coins: number): UnseenSpendEntry {
  return {
    kind: 'unseen-spend', id: entryIds.unseenSpend(balance.id), at: balance.at, coins, account: balance.account, source: 'balance-fall',
    parser: PARSER_VERSION, note: 'The balance fell more than the gifts Coinsight saw: spent in the app, on another device, or a missed capture.',
  };
}

/**
 * Gifts just recorded for the first time may be in a fall already recorded as unseen spending: the reading was taken
 * after the gift left the page (it was in flight elsewhere, or its observation was delivered late). Each such gift
 * withdraws its coins from the earliest unseen spending recorded at or after its send, so the coins count once.
 */
export async function explainLateGifts(db: CoinsightDb, fresh: readonly GiftEntry[]): Promise<void> {
  const byAccount = new Map<string, GiftEntry[]>();
  for (const gift of fresh) {
    const gifts = byAccount.get(gift.account);
    if (gifts) gifts.push(gift);
    else byAccount.set(gift.account, [gift]);
  }
  for (const [account, gifts] of byAccount) {
    const sent = (gift: GiftEntry) => gift.sentAt ?? gift.at;
    gifts.sort((a, b) => sent(a) - sent(b));
    const unseen = (await db.ledger.where('[kind+at]')
      .between(['unseen-spend', sent(gifts[0]!)], ['unseen-spend', Dexie.maxKey], true, true)
      .filter((entry) => entry.account === account)
      .toArray()) as UnseenSpendEntry[];
    if (unseen.length === 0) continue;
    const left = unseen.map((entry) => entry.coins);
    for (const gift of gifts) {
      let owed = gift.coins;
      for (let i = 0; i < unseen.length && owed > 0; i++) {
        if (unseen[i]!.at < sent(gift)) continue;
        const taken = Math.min(owed, left[i]!);
        left[i]! -= taken;
        owed -= taken;
      }
    }
    const changed = unseen.map((entry, i) => ({ entry, coins: left[i]! })).filter(({ entry, coins }) => coins !== entry.coins);
    await deleteEntries(db, changed.filter(({ coins }) => coins === 0).map(({ entry }) => entry));
    await putEntries(db, changed.filter(({ coins }) => coins > 0).map(({ entry, coins }) => ({ ...entry, coins })));
  }
}

/**
 * Readings dated ahead of the clock were taken while it ran ahead, and it has been put back (a forged or future-dated
 * reading is refused on arrival, so nothing else puts them there). Left in place they would pin the balance shown and
 * make every real reading look older. They are forgotten, and entries dated ahead are moved to now: they happened, just
 * not in the future. Returns true when anything was ahead: the reading being recorded then starts afresh.
 */
async function forgetTheFuture(db: CoinsightDb, account: string, now: number): Promise<boolean> {
  const horizon = now + MAX_SKEW_MS;
  const ahead = await db.balances.where('[account+at]').between([account, horizon], [account, Dexie.maxKey], false, true).primaryKeys();
  if (ahead.length === 0) return false;
  await db.balances.bulkDelete(ahead);
  const entries = await db.ledger.where('[account+at]').between([account, horizon], [account, Dexie.maxKey], false, true).toArray();
  // putEntries moves the rollups with them (a correction subtracts the old version).
  await putEntries(db, entries.map((entry) => ({ ...entry, at: now, ...(entry.kind === 'gift' && (entry.sentAt ?? 0) > now ? { sentAt: now } : {}) })));
  return true;
}

async function confirmRecharges(db: CoinsightDb, entries: readonly LedgerEntry[]): Promise<void> {
  const unconfirmed = entries.filter((entry): entry is RechargeEntry => entry.kind === 'recharge' && entry.checks?.balance !== 'match');
  await putEntries(db, unconfirmed.map((recharge) => ({ ...recharge, checks: { balance: 'match' } })));
}

/** Wallet readings that can anchor reconciliation: not gift-send sightings, not readings that raced a send. */
const reconcilable = (balance: BalanceObservation): boolean => balance.source === 'wallet' && !balance.raced;

/** The newest reconcilable reading in [lower, upper), or the oldest in (lower, upper]. */
function reconcilableReading(db: CoinsightDb, account: string, [lower, upper]: [unknown, unknown], which: 'newest' | 'oldest') {
  const range = db.balances.where('[account+at]').between([account, lower], [account, upper], which === 'newest', which === 'oldest');
  return (which === 'newest' ? range.reverse() : range).filter(reconcilable).first();
}

/** Entries of an account in (from, to]. */
function entriesBetween(db: CoinsightDb, account: string, from: number, to: number): Promise<LedgerEntry[]> {
  return db.ledger.where('[account+at]').between([account, from], [account, to], false, true).toArray();
}

/**
 * The coins the ledger says the account held at `at`: the lifetime row, less the hour rows after `at`'s hour, less
 * the entries after `at` within its hour. Readings are recent, so that is a handful of rows whatever the ledger's size.
 */
async function ledgerBalanceAt(db: CoinsightDb, account: string, at: number): Promise<number> {
  const nextHour = bucketOf(at) + 1;
  const [lifetime, laterHours, laterInHour] = await Promise.all([
    db.rollups.get([account, LIFETIME_BUCKET]),
    db.rollups.where('[account+bucket]').between([account, nextHour], [account, Dexie.maxKey], true, true).toArray(),
    db.ledger.where('[account+at]').between([account, at], [account, nextHour * HOUR], false, false).toArray(),
  ]);
  const later = laterInHour.reduce(addEntry, laterHours.reduce(addRollup, emptyTotals()));
  return netCoins(lifetime ? addRollup(emptyTotals(), lifetime) : emptyTotals()) - netCoins(later);
}

function netCoins(totals: Totals): number {
  return totals.rechargeCoins + totals.adjustmentCoins - totals.giftCoins - totals.unseenSpendCoins;
}
