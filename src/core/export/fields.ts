/**
 * The one table that decides what each exported field may reveal. Every field of every ledger kind, of balance
 * observations and of settings has exactly one class:
 * - `keep`: goes out as it is (amounts, times, kinds, catalogue facts);
 * - `pseudonymise`: an identifier of a person, room or order: replaced by an HMAC pseudonym in pseudonymised exports;
 * - `free-text`: names, handles and notes a person typed or chose: dropped from pseudonymised exports and off by
 *   default in research exports.
 * The `satisfies Record<...>` makes a field added to a ledger type fail to compile until it is classified here, and
 * fields.test.ts checks the same against the runtime schemas.
 */
import type { AdjustmentEntry, BalanceObservation, GiftEntry, ImportedGiftEntry, ImportedPurchaseEntry, RechargeEntry, UnseenSpendEntry } from '../ledger';
import type { Settings } from '../../platform/settings';

export type Classification = 'keep' | 'pseudonymise' | 'free-text';

type EntryField = keyof GiftEntry | keyof RechargeEntry | keyof AdjustmentEntry | keyof UnseenSpendEntry | keyof ImportedGiftEntry | keyof ImportedPurchaseEntry;
export type LedgerField = EntryField | keyof BalanceObservation;

export const FIELD_CLASSES = {
  id: 'pseudonymise', // ids embed TikTok's order and message ids, or a hash of the account and room
  kind: 'keep',
  at: 'keep',
  coins: 'keep',
  account: 'pseudonymise',
  source: 'keep',
  parser: 'keep',
  giftId: 'keep', // TikTok's catalogue id of the gift type (Rose = 5655): the same for everyone
  giftName: 'keep', // the catalogue's name of the gift type ("Rose"), not a person's name
  unitCoins: 'keep',
  count: 'keep',
  roomId: 'pseudonymise',
  creatorId: 'pseudonymise',
  creatorHandle: 'free-text',
  orderId: 'pseudonymise',
  msgId: 'pseudonymise',
  sentAt: 'keep',
  checks: 'keep',
  price: 'keep',
  note: 'free-text',
  raced: 'keep',
  where: 'keep', // where a hand-entered purchase was made: app / gift-card / other
  explains: 'pseudonymise', // which unpriced adjustments a hand-entered purchase explains: their ids embed the account
  // Imported from TikTok's data download (imported-gift / imported-purchase):
  status: 'keep', // history / overlap / in-captured-period: which rows count
  matchedId: 'pseudonymise', // the captured entry an overlapping row matched: an entry id (same domain as `id`)
  fileRow: 'keep', // the row's index in the file's list
  fileDate: 'keep', // the Date as the file wrote it (a time, nothing else)
  fileAmount: 'keep', // GiftAmount / Price as the file wrote it
  timeZone: 'keep', // the zone the person said the Date is in
} as const satisfies Record<LedgerField, Classification>;

/** Settings travel only in backups (never in research exports); none identifies anyone. */
export const SETTINGS_CLASSES = {
  displayCurrency: 'keep',
  weekStart: 'keep',
  conversion: 'keep',
} as const satisfies Record<keyof Settings, Classification>;

/** Pseudonyms are domain-separated per kind of identifier, so a room id and a user id with the same digits differ. */
export const PSEUDONYM_DOMAINS = {
  id: 'entry',
  account: 'account',
  roomId: 'room',
  creatorId: 'creator',
  orderId: 'order',
  msgId: 'msg',
  // The ids inside `explains` are entry ids of adjustments: the same domain as `id`, so a pseudonymised explains item
  // still names the pseudonymised row of the adjustment it took coins from (when that row is in the file).
  explains: 'entry',
  matchedId: 'entry',
} as const satisfies { [F in LedgerField as (typeof FIELD_CLASSES)[F] extends 'pseudonymise' ? F : never]: string };

/**
 * Columns of an entry row, in file order, each with the ledger field it comes from. A column derived from a field may
 * carry its own class when it reveals less than the field: `explains_coins` is a total of coins, while `explains`
 * holds adjustment ids (which embed the account).
 */
export const ENTRY_COLUMNS = [
  { column: 'id', field: 'id' },
  { column: 'kind', field: 'kind' },
  { column: 'at', field: 'at' },
  { column: 'at_ms', field: 'at' },
  { column: 'account', field: 'account' },
  { column: 'source', field: 'source' },
  { column: 'parser', field: 'parser' },
  { column: 'coins', field: 'coins' },
  { column: 'gift_id', field: 'giftId' },
  { column: 'gift_name', field: 'giftName' },
  { column: 'unit_coins', field: 'unitCoins' },
  { column: 'count', field: 'count' },
  { column: 'room_id', field: 'roomId' },
  { column: 'creator_id', field: 'creatorId' },
  { column: 'creator_handle', field: 'creatorHandle' },
  { column: 'order_id', field: 'orderId' },
  { column: 'msg_id', field: 'msgId' },
  { column: 'sent_at', field: 'sentAt' },
  { column: 'sent_at_ms', field: 'sentAt' },
  { column: 'price_minor', field: 'price' },
  { column: 'price_currency', field: 'price' },
  { column: 'purchase_where', field: 'where' },
  { column: 'explains_coins', field: 'explains', class: 'keep' },
  { column: 'explains', field: 'explains' },
  // What a spend cost (costs.ts): derived from the coins and the cost basis, money and coin counts only.
  { column: 'cost_paid_minor', field: 'coins', class: 'keep' },
  { column: 'cost_paid_currency', field: 'coins', class: 'keep' },
  { column: 'cost_paid', field: 'coins', class: 'keep' },
  { column: 'cost_priced_coins', field: 'coins', class: 'keep' },
  { column: 'cost_unpriced_coins', field: 'coins', class: 'keep' },
  { column: 'cost_estimated_minor', field: 'coins', class: 'keep' },
  { column: 'cost_estimated_currency', field: 'coins', class: 'keep' },
  { column: 'cost_estimate_basis', field: 'coins', class: 'keep' },
  { column: 'check_catalogue', field: 'checks' },
  { column: 'check_balance', field: 'checks' },
  { column: 'note', field: 'note' },
  { column: 'import_status', field: 'status' },
  { column: 'import_matched_id', field: 'matchedId' },
  { column: 'import_row', field: 'fileRow' },
  { column: 'import_date_text', field: 'fileDate' },
  { column: 'import_amount_text', field: 'fileAmount' },
  { column: 'import_time_zone', field: 'timeZone' },
] as const satisfies readonly { column: string; field: EntryField; class?: Classification }[];

export type EntryColumn = (typeof ENTRY_COLUMNS)[number]['column'];
export const ENTRY_COLUMN_NAMES: readonly EntryColumn[] = ENTRY_COLUMNS.map((c) => c.column);

/** Columns of a balance-observation row (JSON and NDJSON only). */
export const BALANCE_COLUMNS = [
  { column: 'id', field: 'id' },
  { column: 'at', field: 'at' },
  { column: 'at_ms', field: 'at' },
  { column: 'account', field: 'account' },
  { column: 'coins', field: 'coins' },
  { column: 'source', field: 'source' },
  { column: 'raced', field: 'raced' },
] as const satisfies readonly { column: string; field: keyof BalanceObservation }[];

export type BalanceColumn = (typeof BALANCE_COLUMNS)[number]['column'];

/** A column's own class when it has one, else its field's. */
export function classOfColumn(column: EntryColumn): Classification {
  const spec = ENTRY_COLUMNS.find((c) => c.column === column);
  if (!spec) throw new Error(`unknown column ${column}`);
  return 'class' in spec ? spec.class : FIELD_CLASSES[spec.field];
}

/** Free-text columns: dropped whenever identifiers are pseudonymised, and off by default in a research export. */
export const FREE_TEXT_COLUMNS: readonly EntryColumn[] = ENTRY_COLUMN_NAMES.filter((c) => classOfColumn(c) === 'free-text');

/** What a research export offers by default in the review step: everything but free text. */
export const DEFAULT_RESEARCH_COLUMNS: readonly EntryColumn[] = ENTRY_COLUMN_NAMES.filter((c) => classOfColumn(c) !== 'free-text');
