/**
 * Turns a batch of page observations into ledger entries, in one read-write transaction: either the whole batch
 * is durable and acknowledged, or nothing is written and the relay retries. Every step is idempotent by id.
 * What a content script may propose is checked in admission.ts; recharges are derived in payments.ts; balances are
 * reconciled, and unseen spending inferred, in wallet-readings.ts.
 */
import { stableHash } from '../core/ledger';
import type { CoinsightDb } from '../platform/db';
import { observationSchema, type Observation } from '../platform/observations';
import type { RecordReply } from '../platform/protocol';
import { RateLimiter, admitGifts, implausible, observedAt } from './admission';
import { LEDGER_TABLES, putEntries } from './ledger-writer';
import { recordCashier, recordPayment } from './payments';
import { explainLateGifts, recordGiftSendBalance, recordWalletBalance, remeasureFirstReading } from './wallet-readings';
import { now as clockNow } from '../platform/clock';

export { CASHIER_MATCH_MS, RECONCILE_MS } from './payments';
/** Diagnostics kept: enough to spot a TikTok change, bounded so a noisy page cannot fill the disk. */
export const MAX_DIAGNOSTICS = 5000;

/** The ledger's tables (and those of every store derived from it), and what the recorder keeps beside them. */
const TABLES = [...LEDGER_TABLES, 'balances', 'catalogue', 'cashierSightings', 'pendingPayments', 'diagnostics', 'accounts'];

export interface RecordOptions {
  /** The worker's clock; observations are bounded against it. */
  now?: number;
  /** Paces new gifts per tab; absent, nothing is paced (the start-up drain, tests). */
  limiter?: RateLimiter;
  /** The browser-filled tab id of the relay that sent the batch. */
  tabId?: number;
}

/** Validates each untrusted observation; refuses the invalid ones by id and records the rest. */
export async function recordUntrusted(db: CoinsightDb, batch: readonly unknown[], options: RecordOptions = {}): Promise<RecordReply> {
  const now = options.now ?? clockNow();
  const valid: Observation[] = [];
  const rejected: RecordReply['rejected'] = [];
  batch.forEach((item, index) => {
    const checked = observationSchema(item, `batch[${index}]`);
    const refusal = checked.ok ? notProposable(checked.value, `batch[${index}]`) ?? implausible(checked.value, now) : checked.reason;
    if (checked.ok && refusal === null) valid.push(checked.value);
    else {
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id === 'string') rejected.push({ id, reason: refusal ?? 'refused' });
    }
  });
  const reply = await recordBatch(db, valid, { ...options, now }, rejected);
  return { recorded: reply.recorded, rejected: [...rejected, ...reply.rejected] };
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

/**
 * Records a batch. `refusedEarlier` are refusals of the caller's own checks: they are counted as diagnostics in the
 * same transaction. Returns the ids recorded (or repeats) and the gifts refused here.
 */
export async function recordBatch(db: CoinsightDb, batch: readonly Observation[], options: RecordOptions = {}, refusedEarlier: RecordReply['rejected'] = []): Promise<RecordReply> {
  const now = options.now ?? clockNow();
  let refused: RecordReply['rejected'] = [];
  await db.transaction('rw', TABLES.map((name) => db.table(name)), async () => {
    // The gift list first: the gifts of the same batch are checked against it.
    for (const observation of batch) if (observation.type === 'catalogue') await record(db, observation, now);
    // Gifts next and all at once: one ledger write for the batch instead of one per send (a busy streak delivers
    // hundreds together), and every balance below then measures against all the spending the batch reports.
    const gifts = batch.flatMap((observation) => (observation.type === 'gift' ? [observation.entry] : []));
    if (gifts.length) {
      const admission = await admitGifts(db, gifts, (fresh) => options.limiter?.take(options.tabId, fresh, now) ?? fresh);
      refused = admission.refused;
      await putEntries(db, admission.fresh, admission.existing);
      await explainLateGifts(db, admission.fresh);
    }
    for (const observation of batch) if (observation.type !== 'gift' && observation.type !== 'catalogue') await record(db, observation, now);
    for (const [account, from] of earliestSpendOrPurchase(batch)) await remeasureFirstReading(db, account, from);
    await countRefusals(db, [...refusedEarlier, ...refused], now);
    // Housekeeping only where this batch could have added something to clean up: a streak of gifts costs none.
    if (refusedEarlier.length || refused.length || batch.some((observation) => observation.type === 'diagnostic')) await pruneDiagnostics(db);
    // Relative to what was observed, not the wall clock: a replayed old batch must not prune what it still needs.
    if (batch.length && !batch.every(isSendOutcome)) await pruneStale(db, Math.max(...batch.map(observedAt)));
  });
  const refusedIds = new Set(refused.map((refusal) => refusal.id));
  return { recorded: batch.map((observation) => observation.id).filter((id) => !refusedIds.has(id)), rejected: refused };
}

/** Per account, the earliest date of the gifts, payments and cashier sightings of a batch (see remeasureFirstReading). */
function earliestSpendOrPurchase(batch: readonly Observation[]): Map<string, number> {
  const earliest = new Map<string, number>();
  for (const observation of batch) {
    const account = observation.type === 'gift' ? observation.entry.account
      : observation.type === 'payment' || observation.type === 'cashier' ? observation.account : null;
    if (account === null) continue;
    const at = observedAt(observation);
    if (!(earliest.get(account)! <= at)) earliest.set(account, at);
  }
  return earliest;
}

/**
 * A refusal means the relay and the worker disagree: a TikTok change, a bug, or a forgery. Counted like any surprise,
 * one row per reason per batch, so a flood of thousands costs a row, not thousands. The row's id comes from the
 * refused ids, so the same batch delivered again (its reply was lost) counts once.
 */
async function countRefusals(db: CoinsightDb, refusals: RecordReply['rejected'], now: number): Promise<void> {
  const byReason = new Map<string, string[]>();
  for (const { id, reason } of refusals) {
    const key = `observation refused: ${reason}`.slice(0, 200);
    const ids = byReason.get(key);
    if (ids) ids.push(id);
    else byReason.set(key, [id]);
  }
  for (const [reason, ids] of byReason) {
    const id = `diagnostic:refused:${stableHash(reason, ...ids)}`;
    await db.diagnostics.put({ id, at: now, endpoint: 'relay', reason, ...(ids.length > 1 ? { count: ids.length } : {}) });
  }
}

/** Records one observation of any type but gifts, which recordBatch writes in bulk. */
async function record(db: CoinsightDb, observation: Observation, now: number): Promise<void> {
  switch (observation.type) {
    case 'gift':
      throw new Error('gifts are written in bulk by recordBatch');
    case 'balance':
      if (observation.balance.source === 'gift-send') await recordGiftSendBalance(db, observation.balance, now);
      else await recordWalletBalance(db, observation.balance, now);
      return;
    case 'catalogue':
      await recordCatalogue(db, observation);
      return;
    case 'cashier':
      await recordCashier(db, observation);
      return;
    case 'payment':
      await recordPayment(db, observation);
      return;
    case 'account':
      await recordAccount(db, observation);
      return;
    case 'diagnostic':
      await db.diagnostics.put({
        id: observation.id, at: observation.at, endpoint: observation.endpoint, reason: observation.reason,
        ...(observation.count ? { count: observation.count } : {}),
      });
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
