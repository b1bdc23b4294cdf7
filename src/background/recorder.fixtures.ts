/**
 * Realistic fixtures shared by the worker's tests: a TikTok user id, a LIVE room, gifts from the real catalogue, coin
 * packages from /coin, and the invariant every test checks (rollups equal the sum of their entries).
 */
import 'fake-indexeddb/auto';
import { afterEach, expect } from 'vitest';
import { PARSER_VERSION, entryIds, type BalanceObservation, type GiftEntry } from '../core/ledger';
import type { Money } from '../core/money';
import { HOUR, LIFETIME_BUCKET, applyEntry, bucketOf, emptyRollup, isEmptyRollup, type Rollup } from '../core/rollups';
import { openDb, type CoinsightDb } from '../platform/db';
import type { Observation } from '../platform/observations';
import { expectLotsMatchLedger } from './derived/lots.fixtures';

export const ME = '6812345678901234567';
export const OTHER = '7098765432109876543';
export const ROOM = '7412345678901234567';
export const CREATOR = '6798765432101234567';
export const T0 = Date.UTC(2025, 2, 12, 19, 5, 17, 250); // Wednesday evening, 19:05 UTC
export const MIN = 60_000;
/** The worker's clock in these tests: observations are bounded against it (admission.ts). */
export const NOW = T0 + 6 * 60 * MIN;

export const ROSE = { giftId: 5655, giftName: 'Rose', unitCoins: 1 };
export const FINGER_HEART = { giftId: 5487, giftName: 'Finger Heart', unitCoins: 5 };
export const DOUGHNUT = { giftId: 5879, giftName: 'Doughnut', unitCoins: 30 };
export const GALAXY = { giftId: 11046, giftName: 'Galaxy', unitCoins: 1000 };
type CatalogueItem = typeof ROSE;

export const usd = (minor: number): Money => ({ minor, currency: 'USD' });

let dbSerial = 0;
const opened: CoinsightDb[] = [];
export function freshDb(): CoinsightDb {
  const db = openDb(`recorder-test-${process.pid}-${++dbSerial}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete().catch(() => undefined);
});

export function giftEntry(msgId: string, at: number, gift: CatalogueItem, count = 1, account = ME): GiftEntry {
  return {
    kind: 'gift', id: entryIds.giftByMsg(msgId), at, coins: gift.unitCoins * count, account, source: 'gift-send', parser: PARSER_VERSION,
    giftId: gift.giftId, giftName: gift.giftName, unitCoins: gift.unitCoins, count, roomId: ROOM, creatorId: CREATOR,
    creatorHandle: 'sunset.cooking', msgId, checks: { catalogue: 'match', balance: 'unknown' },
  };
}
export const giftObs = (entry: GiftEntry): Observation => ({ type: 'gift', id: entry.id, entry });

export function balanceObs(at: number, coins: number, account = ME, source: BalanceObservation['source'] = 'wallet'): Observation {
  const id = entryIds.balance(account, at, coins);
  return { type: 'balance', id, balance: { id, account, at, coins, source }, lastWebOrderAt: null };
}
export const cashierObs = (at: number, coins: number, price: Money | null, account = ME): Observation =>
  ({ type: 'cashier', id: `cashier:${at}:${coins}`, at, account, coins, price });
export const paidObs = (at: number, orderId: string, account = ME): Observation =>
  ({ type: 'payment', id: `payment:${orderId}`, at, account, result: { status: 'succeeded', orderId, chargeId: `ch_${orderId}`, payMethod: 'card' } });
export const failedObs = (at: number, account = ME): Observation =>
  ({ type: 'payment', id: `payment:failed:${at}`, at, account, result: { status: 'failed', orderId: null, errorCode: 'card_declined' } });

export const ledgerOf = async (db: CoinsightDb) => (await db.ledger.toArray()).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
export const lifetimeOf = (db: CoinsightDb, account = ME) => db.rollups.get([account, LIFETIME_BUCKET]);

/**
 * The invariants views rely on: every rollup row equals the sum of its entries, and no row exists without entries;
 * the stored cost basis (lots, cost rows) equals a from-scratch replay of the ledger.
 */
export async function expectRollupsMatchLedger(db: CoinsightDb): Promise<void> {
  const expected = new Map<string, Rollup>();
  for (const entry of await db.ledger.toArray()) {
    for (const bucket of [bucketOf(entry.at), LIFETIME_BUCKET]) {
      const key = `${entry.account}|${bucket}`;
      expected.set(key, applyEntry(expected.get(key) ?? emptyRollup(entry.account, bucket), entry, 1));
    }
  }
  // An hour that holds only imported rows that do not count (overlaps) sums to nothing: the store keeps no row for it.
  for (const [key, row] of expected) if (isEmptyRollup(row)) expected.delete(key);
  const stored = new Map((await db.rollups.toArray()).map((row) => [`${row.account}|${row.bucket}`, row]));
  expect(new Map([...stored].sort())).toEqual(new Map([...expected].sort()));
  await expectLotsMatchLedger(db);
}

export { HOUR };
