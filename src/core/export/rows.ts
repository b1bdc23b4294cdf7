/**
 * Ledger entries and balance observations as flat export rows: one column per fact, integers for coins and minor
 * units, the currency beside them, ISO 8601 times with their offset plus the exact epoch milliseconds. Flat so that
 * the same row loads in pandas, R or DuckDB from CSV, JSON or NDJSON with no cleaning; `rowToEntry` (restore.ts)
 * turns a complete row back into the very same entry. The nested columns are `explains` (see explains.ts), with its
 * flat total `explains_coins` beside it, and `cost_paid` (costs.ts), with its one-currency figure beside it.
 */
import { isImported, type BalanceObservation, type LedgerEntry } from '../ledger';
import { costCells, type EntryCost, type PaidItem } from './costs';
import { explainedTotal, explainsToItems, type ExplainsItem } from './explains';
import type { BalanceColumn, EntryColumn } from './fields';
import { isoInZone } from './timestamps';

export type Scalar = string | number | boolean | null;
export type Cell = Scalar | readonly ExplainsItem[] | readonly PaidItem[];
export type EntryRow = Record<EntryColumn, Cell>;
export type BalanceRow = Record<BalanceColumn, Scalar>;

/** `cost`: what the entry cost when it is a spend and its cost is known (costs.ts); else its cost cells are empty. */
export function entryToRow(entry: LedgerEntry, timeZone: string, cost?: EntryCost): EntryRow {
  const gift = entry.kind === 'gift' ? entry : null;
  const imported = isImported(entry) ? entry : null;
  const recharge = entry.kind === 'recharge' ? entry : null;
  const sentAt = gift?.sentAt;
  const explains = recharge?.explains;
  const costs = costCells(cost);
  return {
    id: entry.id,
    kind: entry.kind,
    at: isoInZone(entry.at, timeZone),
    at_ms: entry.at,
    account: entry.account,
    source: entry.source,
    parser: entry.parser,
    coins: entry.coins,
    gift_id: gift?.giftId ?? null,
    gift_name: gift?.giftName ?? null,
    unit_coins: gift?.unitCoins ?? null,
    count: gift?.count ?? null,
    room_id: gift?.roomId ?? null,
    creator_id: gift?.creatorId ?? null,
    creator_handle: gift?.creatorHandle ?? (entry.kind === 'imported-gift' ? entry.creatorHandle : null),
    order_id: gift?.orderId ?? recharge?.orderId ?? null,
    msg_id: gift?.msgId ?? null,
    sent_at: sentAt === undefined ? null : isoInZone(sentAt, timeZone),
    sent_at_ms: sentAt ?? null,
    price_minor: recharge?.price?.minor ?? null,
    price_currency: recharge?.price?.currency ?? null,
    purchase_where: recharge?.where ?? null,
    explains_coins: explains === undefined ? null : explainedTotal(explains),
    explains: explains === undefined ? null : explainsToItems(explains, timeZone),
    // Assigned one by one: an object spread into a literal this wide takes V8's slow path (measured ~2× the whole row).
    cost_paid_minor: costs.cost_paid_minor,
    cost_paid_currency: costs.cost_paid_currency,
    cost_paid: costs.cost_paid,
    cost_priced_coins: costs.cost_priced_coins,
    cost_unpriced_coins: costs.cost_unpriced_coins,
    cost_estimated_minor: costs.cost_estimated_minor,
    cost_estimated_currency: costs.cost_estimated_currency,
    cost_estimate_basis: costs.cost_estimate_basis,
    check_catalogue: gift?.checks?.catalogue ?? null,
    check_balance: gift?.checks?.balance ?? recharge?.checks?.balance ?? null,
    note: entry.kind === 'adjustment' || entry.kind === 'unseen-spend' ? (entry.note ?? null) : null,
    import_status: imported?.status ?? null,
    import_matched_id: imported?.matchedId ?? null,
    import_row: imported?.fileRow ?? null,
    import_date_text: imported?.fileDate ?? null,
    import_amount_text: imported?.fileAmount ?? null,
    import_time_zone: imported?.timeZone ?? null,
  };
}

export function balanceToRow(balance: BalanceObservation, timeZone: string): BalanceRow {
  return {
    id: balance.id,
    at: isoInZone(balance.at, timeZone),
    at_ms: balance.at,
    account: balance.account,
    coins: balance.coins,
    source: balance.source,
    raced: balance.raced ?? null,
  };
}
