/**
 * Shared by the read-model tests: entries written through the one real ledger writer (so rollups are kept exactly as
 * the worker keeps them), and a Dexie middleware that counts the rows each table hands out.
 */
import { LEDGER_TABLES, putEntries } from '../background/ledger-writer';
import { PARSER_VERSION, type AdjustmentEntry, type LedgerEntry, type RechargeEntry } from '../core/ledger';
import type { Money } from '../core/money';
import type { CoinsightDb } from '../platform/db';

export async function write(db: CoinsightDb, entries: readonly LedgerEntry[]): Promise<void> {
  await db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, entries));
}

export const iso = (text: string): number => {
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new Error(`bad date ${text}`);
  return at;
};

let serial = 0;
export function recharge(at: number, coins: number, price: Money | null, account: string): RechargeEntry {
  const orderId = `TT${at}-${++serial}`;
  return {
    kind: 'recharge', id: `recharge:${orderId}`, at, coins, account, parser: PARSER_VERSION, orderId,
    source: price ? 'cashier+end-result' : 'end-result+balance-delta', ...(price ? { price } : {}),
  };
}

export function initialBalance(at: number, coins: number, account: string): AdjustmentEntry {
  return { kind: 'adjustment', id: `adjustment:initial:${account}`, at, coins, account, source: 'initial-balance', parser: PARSER_VERSION };
}

export { rowCounter } from '../platform/row-counter.fixtures';
