/**
 * Turns a batch of page observations into ledger entries, in one read-write transaction: either the whole batch
 * is durable and acknowledged, or nothing is written and the relay retries. Every step is idempotent by id.
 *
 * Recharges are derived here, never proposed by the page: the cashier's coins and price (seen when the user pressed
 * "Pay now") become a recharge only when TikTok's end-result page says the payment succeeded. A balance that rises
 * more than the ledger explains is recorded as coins from elsewhere (an adjustment, with no invented price), unless
 * a successful payment without a cashier is waiting for exactly that rise.
 */
import {
  PARSER_VERSION, UNKNOWN_ACCOUNT, entryIds,
  type AdjustmentEntry, type BalanceObservation, type LedgerEntry, type RechargeEntry,
} from '../core/ledger';
import { addEntry, emptyTotals } from '../core/rollups';
import { Dexie } from 'dexie';
import type { CashierSighting, CoinsightDb } from '../platform/db';
import { observationSchema, type Observation } from '../platform/observations';
import type { RecordReply } from '../platform/protocol';
import { deleteEntries, putEntries } from './ledger-writer';

/** How long a cashier sighting may precede its end-result (redirect-based payments leave and come back). */
export const CASHIER_MATCH_MS = 2 * 60 * 60 * 1000;
/** A balance rise this close to a recharge of the same size is that recharge, seen in the other order. */
export const RECONCILE_MS = 30 * 60 * 1000;
/** Diagnostics kept: enough to spot a TikTok change, bounded so a noisy page cannot fill the disk. */
export const MAX_DIAGNOSTICS = 5000;

const TABLES = ['ledger', 'rollups', 'balances', 'catalogue', 'cashierSightings', 'pendingPayments', 'diagnostics', 'accounts'] as const;

/** Validates each untrusted observation; refuses the invalid ones by id and records the rest. */
export async function recordUntrusted(db: CoinsightDb, batch: readonly unknown[]): Promise<RecordReply> {
  const valid: Observation[] = [];
  const rejected: RecordReply['rejected'] = [];
  batch.forEach((item, index) => {
    const checked = observationSchema(item, `batch[${index}]`);
    const refusal = checked.ok ? notProposable(checked.value, `batch[${index}]`) : checked.reason;
    if (checked.ok && refusal === null) valid.push(checked.value);
    else {
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id === 'string') rejected.push({ id, reason: refusal ?? 'refused' });
    }
  });
  // A refusal means the relay and the worker disagree (a bug, or a forged message): count it like any surprise.
  const now = Date.now();
  for (const { id, reason } of rejected) {
    valid.push({ type: 'diagnostic', id: `diagnostic:refused:${id}`.slice(0, 200), at: now, endpoint: 'relay', reason: `observation refused: ${reason}`.slice(0, 200) });
  }
  const reply = await recordBatch(db, valid);
  return { recorded: reply.recorded.filter((id) => !id.startsWith('diagnostic:refused:')), rejected };
}

/**
 * What the schema cannot say: a content script may propose a gift send and nothing else. Ids are namespaced by kind,
 * so a "gift" under a recharge's or an adjustment's id would replace that entry; refuse it.
 */
function notProposable(observation: Observation, path: string): string | null {
  if (observation.type !== 'gift') return null;
  if (!observation.entry.id.startsWith('gift:')) return `${path}.entry.id: expected a gift id`;
  if (observation.entry.source !== 'gift-send') return `${path}.entry.source: expected gift-send`;
  return null;
}

export async function recordBatch(db: CoinsightDb, batch: readonly Observation[]): Promise<RecordReply> {
  await db.transaction('rw', TABLES.map((name) => db.table(name)), async () => {
    // Gifts first and all at once: one ledger write for the batch instead of one per send (a busy streak delivers
    // hundreds together), and every balance below then measures against all the spending the batch reports.
    await putEntries(db, batch.flatMap((observation) => (observation.type === 'gift' ? [observation.entry] : [])));
    for (const observation of batch) if (observation.type !== 'gift') await record(db, observation);
    // Housekeeping only where this batch could have added something to clean up: a streak of gifts costs none.
    if (batch.some((observation) => observation.type === 'diagnostic')) await pruneDiagnostics(db);
    // Relative to what was observed, not the wall clock: a replayed old batch must not prune what it still needs.
    if (!batch.every(isSendOutcome)) await pruneStale(db, Math.max(...batch.map(observedAt)));
  });
  return { recorded: batch.map((observation) => observation.id), rejected: [] };
}

/** Records one observation of any type but gifts, which recordBatch writes in bulk. */
async function record(db: CoinsightDb, observation: Observation): Promise<void> {
  switch (observation.type) {
    case 'gift':
      throw new Error('gifts are written in bulk by recordBatch');
    case 'balance':
      if (observation.balance.source === 'gift-send') await recordGiftSendBalance(db, observation.balance);
      else await recordWalletBalance(db, observation.balance);
      return;
    case 'catalogue':
      await recordCatalogue(db, observation);
      return;
    case 'cashier':
      // A replay (a lost reply, the start-up drain) must not revive a sighting a recharge has already used.
      if (await db.cashierSightings.get(observation.id)) return;
      await db.cashierSightings.put({ id: observation.id, account: observation.account, at: observation.at, coins: observation.coins, price: observation.price });
      return;
    case 'payment':
      await recordPayment(db, observation);
      return;
    case 'account':
      await recordAccount(db, observation);
      return;
    case 'diagnostic':
      await db.diagnostics.put({ id: observation.id, at: observation.at, endpoint: observation.endpoint, reason: observation.reason });
      return;
  }
}

async function recordCatalogue(db: CoinsightDb, observation: Extract<Observation, { type: 'catalogue' }>) {
  const existing = await db.catalogue.bulkGet(observation.gifts.map((gift) => gift.id));
  const rows = observation.gifts
    .filter((gift, index) => (existing[index]?.seenAt ?? -1) <= observation.at)
    .map((gift) => ({ giftId: gift.id, name: gift.name, coins: gift.coins, type: gift.type, combo: gift.combo, imageHash: gift.imageHash, seenAt: observation.at }));
  if (rows.length) await db.catalogue.bulkPut(rows);
}

async function recordAccount(db: CoinsightDb, observation: Extract<Observation, { type: 'account' }>) {
  const existing = await db.accounts.get(observation.account.uid);
  if (existing && existing.lastSeenAt >= observation.at) return;
  await db.accounts.put({ ...observation.account, lastSeenAt: observation.at });
}

/** What a gift send reports: the gift and the balance left after it. A streak is nothing but these. */
function isSendOutcome(observation: Observation): boolean {
  return observation.type === 'gift' || (observation.type === 'balance' && observation.balance.source === 'gift-send');
}

/**
 * A gift send's `left_diamond`: the freshest balance to show, but never reconciled against the ledger. Sends overlap
 * (a fast streak has several requests in flight) and their responses arrive out of order, so one may report a
 * balance from before another's debit: measured against the ledger, that looks like coins appearing from nowhere.
 * Wallet readings alone explain rises (recordWalletBalance). One row per account, replaced by newer sightings.
 */
async function recordGiftSendBalance(db: CoinsightDb, balance: BalanceObservation): Promise<void> {
  const id = entryIds.giftSendBalance(balance.account);
  const existing = await db.balances.get(id);
  if (existing && existing.at >= balance.at) return;
  await db.balances.put({ ...balance, id });
}

/** Stores a wallet reading and explains any rise: a pending web payment, else coins from elsewhere. */
async function recordWalletBalance(db: CoinsightDb, balance: BalanceObservation): Promise<void> {
  if (await db.balances.get(balance.id)) return; // already seen: its consequences were recorded with it
  const previous = await latestWalletReadingBefore(db, balance.account, balance.at);
  const later = await db.balances.where('[account+at]').between([balance.account, balance.at], [balance.account, Dexie.maxKey], false, true)
    .filter(isWalletReading).first();
  await db.balances.put(balance);
  // An observation older than one we already have explains nothing new: the later one was reconciled already.
  if (later) return;

  const since = previous ? await entriesBetween(db, balance.account, previous.at, balance.at) : [];
  const expected = previous ? previous.coins + netCoins(since) : await openingExpectation(db, balance.account, balance.at);
  const rise = balance.coins - expected;
  // The balance holds at least what the ledger explains: the recharges in between are confirmed by it.
  if (rise >= 0) await confirmRecharges(db, since);
  if (rise <= 0) return; // a fall is spending Coinsight could not see (the phone app): not ours to invent

  // Without an earlier balance the rise is everything the account holds, not what one payment bought.
  const pending = previous && await db.pendingPayments.where('[account+at]')
    .between([balance.account, balance.at - CASHIER_MATCH_MS], [balance.account, balance.at], true, true).last();
  if (pending) {
    await db.pendingPayments.delete(pending.orderId);
    await putRecharge(db, {
      kind: 'recharge', id: entryIds.recharge(pending.orderId), at: pending.at, coins: rise, account: balance.account,
      source: 'end-result+balance-delta', parser: PARSER_VERSION, orderId: pending.orderId,
    });
    return;
  }
  const adjustment: AdjustmentEntry = previous
    ? { kind: 'adjustment', id: entryIds.balanceRise(balance.id), at: balance.at, coins: rise, account: balance.account, source: 'balance-rise', parser: PARSER_VERSION,
        note: 'The balance rose more than the purchases Coinsight saw: coins bought in the app or elsewhere.' }
    : { kind: 'adjustment', id: entryIds.initialBalance(balance.account || UNKNOWN_ACCOUNT), at: balance.at, coins: rise, account: balance.account, source: 'initial-balance', parser: PARSER_VERSION,
        note: 'Coins already held when Coinsight first saw this account.' };
  await putEntries(db, [adjustment]);
}

async function confirmRecharges(db: CoinsightDb, entries: readonly LedgerEntry[]): Promise<void> {
  const unconfirmed = entries.filter((entry): entry is RechargeEntry => entry.kind === 'recharge' && entry.checks?.balance !== 'match');
  await putEntries(db, unconfirmed.map((recharge) => ({ ...recharge, checks: { balance: 'match' } })));
}

/** What the balance should be at `at` with no earlier observation: whatever the ledger already holds for the account. */
async function openingExpectation(db: CoinsightDb, account: string, at: number): Promise<number> {
  return netCoins(await entriesBetween(db, account, -Infinity, at));
}

const isWalletReading = (balance: BalanceObservation): boolean => balance.source === 'wallet';

/** The walk skips at most one row per account: the newest gift-send sighting (recordGiftSendBalance). */
async function latestWalletReadingBefore(db: CoinsightDb, account: string, at: number) {
  return db.balances.where('[account+at]').between([account, Dexie.minKey], [account, at], true, false).reverse().filter(isWalletReading).first();
}

/** Entries of an account in (from, to]. */
function entriesBetween(db: CoinsightDb, account: string, from: number, to: number): Promise<LedgerEntry[]> {
  const lower = Number.isFinite(from) ? [account, from] : [account, Dexie.minKey];
  return db.ledger.where('[account+at]').between(lower, [account, to], !Number.isFinite(from), true).toArray();
}

function netCoins(entries: readonly LedgerEntry[]): number {
  const totals = entries.reduce(addEntry, emptyTotals());
  return totals.rechargeCoins + totals.adjustmentCoins - totals.giftCoins;
}

async function recordPayment(db: CoinsightDb, observation: Extract<Observation, { type: 'payment' }>): Promise<void> {
  const { result, account, at } = observation;
  if (result.status !== 'succeeded') return; // a failed payment bought nothing; its cashier sighting may be retried
  const id = entryIds.recharge(result.orderId);
  if (await db.ledger.get(id)) return;
  const sighting = await db.cashierSightings.where('[account+at]').between([account, at - CASHIER_MATCH_MS], [account, at], true, true)
    .filter((candidate) => !candidate.usedBy).last();
  if (!sighting) {
    // Paid, but the cashier was not seen (another tab, or installed mid-purchase): the balance rise will say how much.
    await db.pendingPayments.put({ orderId: result.orderId, account, at });
    await settleFromRecentRise(db, result.orderId, account, at);
    return;
  }
  // Kept, marked as used, rather than deleted: a replayed copy of it then finds it and is ignored.
  await db.cashierSightings.put({ ...sighting, usedBy: result.orderId });
  const recharge: RechargeEntry = {
    kind: 'recharge', id, at, coins: sighting.coins, account, source: 'cashier+end-result', parser: PARSER_VERSION, orderId: result.orderId,
    ...(sighting.price ? { price: sighting.price } : {}),
  };
  await putRecharge(db, recharge);
}

/**
 * Writes a recharge and withdraws a "coins from elsewhere" adjustment of the same size recorded just before it:
 * the balance endpoint sometimes reports the rise before the end-result page is seen.
 */
async function putRecharge(db: CoinsightDb, recharge: RechargeEntry): Promise<void> {
  const nearby = await db.ledger.where('[account+at]')
    .between([recharge.account, recharge.at - RECONCILE_MS], [recharge.account, recharge.at + RECONCILE_MS], true, true)
    .filter((entry) => entry.kind === 'adjustment' && entry.source === 'balance-rise' && entry.coins === recharge.coins)
    .first();
  if (nearby) await deleteEntries(db, [nearby]);
  await putEntries(db, [recharge]);
}

/** A payment without a cashier whose balance rise was already recorded as coins from elsewhere: convert it. */
async function settleFromRecentRise(db: CoinsightDb, orderId: string, account: string, at: number): Promise<void> {
  const rise = await db.ledger.where('[account+at]')
    .between([account, at - RECONCILE_MS], [account, at + RECONCILE_MS], true, true)
    .filter((entry) => entry.kind === 'adjustment' && entry.source === 'balance-rise')
    .last();
  if (!rise) return;
  await db.pendingPayments.delete(orderId);
  await deleteEntries(db, [rise]);
  await putEntries(db, [{
    kind: 'recharge', id: entryIds.recharge(orderId), at, coins: rise.coins, account, source: 'end-result+balance-delta', parser: PARSER_VERSION, orderId,
  }]);
}

async function pruneDiagnostics(db: CoinsightDb): Promise<void> {
  const excess = (await db.diagnostics.count()) - MAX_DIAGNOSTICS;
  if (excess > 0) await db.diagnostics.orderBy('at').limit(excess).delete();
}

/** Sightings and payments older than this can no longer match anything (CASHIER_MATCH_MS is far shorter). */
export const STALE_MS = 7 * 24 * 60 * 60 * 1000;

/** Forgets abandoned "Pay now" clicks and payments whose balance rise never came, so neither table grows forever. */
async function pruneStale(db: CoinsightDb, now: number): Promise<void> {
  await db.cashierSightings.where('at').below(now - STALE_MS).delete();
  await db.pendingPayments.where('at').below(now - STALE_MS).delete();
}

function observedAt(observation: Observation): number {
  switch (observation.type) {
    case 'gift':
      return observation.entry.at;
    case 'balance':
      return observation.balance.at;
    default:
      return observation.at;
  }
}
