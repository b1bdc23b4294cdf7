/**
 * Purchases Coinsight could not see (bought in the phone app, with a gift card, elsewhere), typed in by the user: a
 * `recharge` with source 'manual' and a price, so its coins are a paid lot like any other.
 *
 * THE COINS RULE, so the coin balance stays right: such coins either already show in the ledger as coins that appeared
 * without a price (a `balance-rise` adjustment, or the `initial-balance` one when they were bought before install) or
 * were spent where Coinsight could not see. So a purchase of N coins takes up to N coins from the account's unpriced
 * adjustments, the earliest at or after its date first, reducing them (one that reaches 0 is deleted) and lists what it
 * took in `explains`. Coins it does not explain stay as extra coins: the next wallet reading then finds the balance
 * lower than the ledger and records the difference as unseen spending. Editing gives back what the old version took,
 * then takes again; deleting gives back and removes. Everything here is pure: the worker loads and writes.
 */
import {
  MAX_COINS, MAX_EXPLAINS, PARSER_VERSION, PURCHASE_PLACES, entryIds,
  type AdjustmentEntry, type ExplainedCoins, type LedgerEntry, type PurchasePlace, type RechargeEntry,
} from './ledger';
import { compareEntries } from './lots';
import { isCurrencyCode, type Money } from './money';
import { integer, object, oneOf, string, type Check } from './schema';

export interface ManualPurchase {
  account: string;
  at: number;
  coins: number;
  price: Money;
  where: PurchasePlace;
}

/** Earliest date a purchase may carry: TikTok did not sell coins before it existed. */
export const EARLIEST_PURCHASE = Date.UTC(2016, 0, 1);

const currency: Check<string> = (value, path) =>
  isCurrencyCode(value) ? { ok: true, value } : { ok: false, reason: `${path}: expected an ISO 4217 code` };
export const manualPurchaseSchema: Check<ManualPurchase> = object({
  account: string(64),
  at: integer(EARLIEST_PURCHASE, 8_640_000_000_000_000),
  coins: integer(1, MAX_COINS),
  price: object({ minor: integer(1, 1e12), currency }),
  where: oneOf(PURCHASE_PLACES),
});
/** The page makes the uuid, so a save retried after a lost reply writes the same entry, not a second one. */
export const purchaseUuid: Check<string> = (value, path) =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)
    ? { ok: true, value } : { ok: false, reason: `${path}: expected a lowercase UUID` };

export const manualPurchaseId = (uuid: string): string => entryIds.recharge(`manual:${uuid}`);
export const isManualPurchase = (entry: LedgerEntry): entry is RechargeEntry => entry.kind === 'recharge' && entry.source === 'manual';

/** The notes the worker writes on unpriced adjustments (wallet-readings.ts); a given-back adjustment gets its own. */
export const ADJUSTMENT_NOTES: Record<ExplainedCoins['source'], string> = {
  'balance-rise': 'The balance rose more than the purchases Coinsight saw: coins bought in the app or elsewhere.',
  'initial-balance': 'Coins already held when Coinsight first saw this account.',
};

type UnpricedAdjustment = AdjustmentEntry & { source: ExplainedCoins['source'] };
export const isUnpricedAdjustment = (entry: LedgerEntry): entry is UnpricedAdjustment =>
  entry.kind === 'adjustment' && (entry.source === 'balance-rise' || entry.source === 'initial-balance');

/** What to write: entries to put (new or changed) and entries to delete, in one transaction. */
export interface PurchasePlan {
  put: LedgerEntry[];
  remove: LedgerEntry[];
  /** The purchase as written (absent when deleting). */
  purchase?: RechargeEntry;
}

/**
 * Plans saving (`next`) or deleting (`next` null) the purchase whose stored version is `previous` (absent when new).
 * `stored` holds the current ledger versions of every adjustment involved: those `previous.explains` names (absent when
 * deleted since) and the account's unpriced adjustments at or after `next.at`.
 */
export function planPurchase(uuid: string, previous: RechargeEntry | undefined, next: ManualPurchase | null, stored: readonly AdjustmentEntry[]): PurchasePlan {
  const inDb = new Map(stored.map((entry) => [entry.id, entry]));
  const state = new Map<string, AdjustmentEntry | null>(inDb);
  if (previous) giveBack(previous, state);
  let purchase: RechargeEntry | undefined;
  if (next) {
    const candidates = [...state.values()]
      .filter((entry): entry is UnpricedAdjustment => entry !== null && isUnpricedAdjustment(entry) && entry.account === next.account && entry.at >= next.at)
      .sort(compareEntries);
    const explains: ExplainedCoins[] = [];
    let owed = next.coins;
    for (const entry of candidates) {
      if (owed === 0 || explains.length === MAX_EXPLAINS) break;
      const taken = Math.min(owed, entry.coins);
      owed -= taken;
      explains.push({ id: entry.id, at: entry.at, source: entry.source, coins: taken });
      state.set(entry.id, entry.coins === taken ? null : { ...entry, coins: entry.coins - taken });
    }
    const orderId = `manual:${uuid}`;
    purchase = {
      kind: 'recharge', id: entryIds.recharge(orderId), at: next.at, coins: next.coins, account: next.account, source: 'manual',
      parser: PARSER_VERSION, price: next.price, orderId, where: next.where, ...(explains.length ? { explains } : {}),
    };
  }
  const put: LedgerEntry[] = [];
  const remove: LedgerEntry[] = [];
  for (const [id, entry] of state) {
    const before = inDb.get(id);
    if (entry === null) {
      if (before) remove.push(before);
    } else if (!before || before.coins !== entry.coins) put.push(entry);
  }
  if (purchase) put.push(purchase);
  else if (previous) remove.push(previous);
  return { put, remove, ...(purchase ? { purchase } : {}) };
}

/** Gives back what a purchase took: added to the adjustment still there, or the adjustment made again. */
function giveBack(previous: RechargeEntry, state: Map<string, AdjustmentEntry | null>): void {
  for (const taken of previous.explains ?? []) {
    const current = state.get(taken.id);
    state.set(taken.id, current
      ? { ...current, coins: current.coins + taken.coins }
      : {
          kind: 'adjustment', id: taken.id, at: taken.at, coins: taken.coins, account: previous.account, source: taken.source,
          parser: PARSER_VERSION, note: ADJUSTMENT_NOTES[taken.source],
        });
  }
}
