/**
 * Recharges are derived here, never proposed by the page: the cashier's coins and price (seen when the user pressed
 * "Pay now") become a recharge only when TikTok's end-result page says the payment succeeded. A payment without a
 * cashier sighting waits for the balance rise that shows how many coins it bought (wallet-readings.ts).
 */
import { PARSER_VERSION, entryIds, stableHash, type RechargeEntry } from '../core/ledger';
import { parseLocalizedPrice } from '../core/localized-price';
import { cashierFromTexts } from '../core/tiktok/coinPage';
import type { CoinsightDb } from '../platform/db';
import type { Observation } from '../platform/observations';
import { deleteEntries, putEntries } from './ledger-writer';

/** How long a cashier sighting may precede its end-result (redirect-based payments leave and come back). */
export const CASHIER_MATCH_MS = 2 * 60 * 60 * 1000;
/** A balance rise this close to a recharge of the same size is that recharge, seen in the other order. */
export const RECONCILE_MS = 30 * 60 * 1000;

export async function recordCashier(db: CoinsightDb, observation: Extract<Observation, { type: 'cashier' }>): Promise<void> {
  // A replay (a lost reply, the start-up drain) must not revive a sighting a recharge has already used.
  if (await db.cashierSightings.get(observation.id)) return;
  const { id, account, at } = observation;
  const read = observation.coins === undefined ? cashierFromTexts(observation.coinText, observation.priceText) : null;
  const coins = observation.coins ?? read?.coins;
  if (coins === undefined) {
    await db.diagnostics.put({ id: `diagnostic:${stableHash('cashier coins not readable', id)}`, at, endpoint: 'coin-page', reason: 'cashier coins not readable' });
    return;
  }
  const priceText = read ? read.priceText : observation.priceText;
  const price = observation.price ?? (priceText === undefined ? null : parseLocalizedPrice(priceText, observation.locale ?? ''));
  if (!price && priceText !== undefined) {
    await db.diagnostics.put({ id: `diagnostic:${stableHash('cashier price not readable', id)}`, at, endpoint: 'coin-page', reason: 'cashier price not readable' });
  }
  const sighting = { id, account, at, coins, price };
  // The payment may have been recorded first: "Pay now" leaves the /coin page, whose outbox is adopted by the next
  // page, and the end-result page's own observation can outrun it. The payment then waits for its coins, or the
  // balance rise has already settled it without a price. Either way this sighting is what it bought.
  const window = [[account, at], [account, at + CASHIER_MATCH_MS]] as const;
  const pending = await db.pendingPayments.where('[account+at]').between(...window, true, true).first();
  if (pending) {
    await db.pendingPayments.delete(pending.orderId);
    await db.cashierSightings.put({ ...sighting, usedBy: pending.orderId });
    await putRecharge(db, {
      kind: 'recharge', id: entryIds.recharge(pending.orderId), at: pending.at, coins, account, source: 'cashier+end-result', parser: PARSER_VERSION,
      orderId: pending.orderId, ...(price ? { price } : {}),
    });
    return;
  }
  const settled = await db.ledger.where('[account+at]').between(...window, true, true)
    .filter((entry) => entry.kind === 'recharge' && entry.source === 'end-result+balance-delta' && !entry.price && entry.coins === coins)
    .first() as RechargeEntry | undefined;
  if (settled) {
    await db.cashierSightings.put({ ...sighting, usedBy: settled.orderId });
    // The balance rose by exactly what the cashier offered: the purchase is confirmed by the balance.
    await putEntries(db, [{ ...settled, source: 'cashier+end-result', ...(price ? { price } : {}), checks: { ...settled.checks, balance: 'match' } }]);
    return;
  }
  await db.cashierSightings.put(sighting);
}

export async function recordPayment(db: CoinsightDb, observation: Extract<Observation, { type: 'payment' }>): Promise<void> {
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
 * the balance endpoint sometimes reports the rise before the end-result page is seen. That rise, exactly the
 * recharge's coins, is the balance confirming it.
 */
export async function putRecharge(db: CoinsightDb, recharge: RechargeEntry): Promise<void> {
  const nearby = await db.ledger.where('[account+at]')
    .between([recharge.account, recharge.at - RECONCILE_MS], [recharge.account, recharge.at + RECONCILE_MS], true, true)
    .filter((entry) => entry.kind === 'adjustment' && entry.source === 'balance-rise' && entry.coins === recharge.coins)
    .first();
  if (nearby) await deleteEntries(db, [nearby]);
  await putEntries(db, [nearby ? { ...recharge, checks: { ...recharge.checks, balance: 'match' } } : recharge]);
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
