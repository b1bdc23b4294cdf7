/**
 * One record of a backup, checked completely: only known keys (and never `__proto__`, `constructor`, `prototype`),
 * every column present, columns that do not belong to the record's kind empty, the ISO time and the epoch
 * milliseconds naming the same instant, and the rebuilt entry accepted by the ledger's own schema
 * (`ledgerEntrySchema`), so what is restored is exactly what the recorder would have accepted; a hand-entered purchase
 * is also checked against what the purchase planner writes (explains.ts `purchaseProblem`).
 */
import { balanceObservationSchema, ledgerEntrySchema, type BalanceObservation, type LedgerEntry } from '../ledger';
import { EXPLAINS_ITEM_KEYS, purchaseProblem, wherePlaceProblem } from './explains';
import { array, boolean, integer, literal, nullable, object, oneOf, optional, string, type Check } from '../schema';
import { COST_COLUMNS } from './costs';
import { BALANCE_COLUMNS, ENTRY_COLUMN_NAMES } from './fields';
import { ENTRY_KINDS, type ExportMetadata, type ExportSummary } from './metadata';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, RESTORABLE_SCHEMA_VERSIONS } from './version';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const BALANCE_COLUMN_NAMES: readonly string[] = BALANCE_COLUMNS.map((c) => c.column);

type Row = Record<string, unknown>;

/** A plain JSON object with only the allowed keys; returns the reason otherwise. */
export function strictKeys(value: unknown, allowed: readonly string[], what: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${what} is not a JSON object`;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `${what} has the key "${key}", which is never part of an export (prototype pollution attempt?)`;
    if (!allowed.includes(key)) return `${what} has an unknown field "${key.slice(0, 40)}"`;
  }
  return null;
}

function sameInstant(iso: unknown, ms: unknown, column: string): string | null {
  if (iso === null && ms === null) return null;
  if (typeof iso !== 'string' || typeof ms !== 'number') return `${column} and ${column}_ms must both be given or both be empty`;
  return Date.parse(iso) === ms ? null : `${column} (${iso.slice(0, 40)}) and ${column}_ms (${ms}) name different instants`;
}

function mustBeEmpty(row: Row, columns: readonly string[], kind: string): string | null {
  const filled = columns.find((column) => row[column] !== null);
  return filled ? `${filled} must be empty for a ${kind} entry` : null;
}

const GIFT_ONLY = ['gift_id', 'gift_name', 'unit_coins', 'count', 'room_id', 'creator_id', 'creator_handle', 'msg_id', 'sent_at', 'sent_at_ms', 'check_catalogue'];
const RECHARGE_ONLY = ['price_minor', 'price_currency', 'purchase_where', 'explains_coins', 'explains'];
const IMPORT_ONLY = ['import_status', 'import_matched_id', 'import_row', 'import_date_text', 'import_amount_text', 'import_time_zone'];

/** The `explains` column's items back into the ledger's shape (types are left to the ledger's schema). */
function explainsFromCell(value: unknown): { ok: true; explains: Row[] } | { ok: false; reason: string } {
  if (!Array.isArray(value)) return { ok: false, reason: 'explains: expected an array or empty' };
  const explains: Row[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const problem = strictKeys(item, EXPLAINS_ITEM_KEYS, `explains[${i}]`);
    if (problem) return { ok: false, reason: problem };
    const missing = EXPLAINS_ITEM_KEYS.find((key) => !Object.hasOwn(item as Row, key));
    if (missing) return { ok: false, reason: `explains[${i}]: the field "${missing}" is missing` };
    const { id, at, at_ms, source, coins } = item as Row;
    if (at === null || at_ms === null) return { ok: false, reason: `explains[${i}]: at and at_ms must be given` };
    const timing = sameInstant(at, at_ms, `explains[${i}].at`);
    if (timing) return { ok: false, reason: timing };
    explains.push({ id, at: at_ms, source, coins });
  }
  return { ok: true, explains };
}

const LEDGER_COLUMN_NAMES = ENTRY_COLUMN_NAMES.filter((column) => !(COST_COLUMNS as readonly string[]).includes(column));

/** A complete entry row back into the ledger entry it was written from; the reason when it cannot be. */
export function rowToEntry(row: Row, extraKeys: readonly string[] = []): { ok: true; entry: LedgerEntry } | { ok: false; reason: string } {
  const problem = strictKeys(row, [...ENTRY_COLUMN_NAMES, ...extraKeys], 'the record');
  if (problem) return { ok: false, reason: problem };
  // The cost columns are derived (costs.ts): the restored ledger gives the same figures again; absent before version 3.
  const missing = LEDGER_COLUMN_NAMES.find((column) => !Object.hasOwn(row, column));
  if (missing) return { ok: false, reason: `the field "${missing}" is missing` };
  const timing = sameInstant(row.at, row.at_ms, 'at') ?? sameInstant(row.sent_at, row.sent_at_ms, 'sent_at');
  if (timing) return { ok: false, reason: timing };
  // Built by assignment, not object spread: spread with this many keys is ~20x slower in V8, and restore runs per row.
  const candidate: Row = { id: row.id, kind: row.kind, at: row.at_ms, coins: row.coins, account: row.account, source: row.source, parser: row.parser };
  const set = (key: string, value: unknown) => {
    if (value !== null && value !== undefined) candidate[key] = value;
  };
  let misplaced: string | null;
  switch (row.kind) {
    case 'gift':
      misplaced = mustBeEmpty(row, [...RECHARGE_ONLY, ...IMPORT_ONLY, 'note'], 'gift');
      if (!misplaced && (row.check_catalogue === null) !== (row.check_balance === null)) misplaced = 'check_catalogue and check_balance must both be given or both be empty';
      candidate.giftId = row.gift_id;
      candidate.giftName = row.gift_name;
      candidate.unitCoins = row.unit_coins;
      candidate.count = row.count;
      candidate.roomId = row.room_id;
      set('creatorId', row.creator_id);
      set('creatorHandle', row.creator_handle);
      set('orderId', row.order_id);
      set('msgId', row.msg_id);
      set('sentAt', row.sent_at_ms);
      if (row.check_catalogue !== null) candidate.checks = { catalogue: row.check_catalogue, balance: row.check_balance };
      break;
    case 'recharge':
      misplaced = mustBeEmpty(row, [...GIFT_ONLY, ...IMPORT_ONLY, 'note'], 'recharge');
      if (!misplaced && (row.price_minor === null) !== (row.price_currency === null)) misplaced = 'price_minor and price_currency must both be given or both be empty';
      candidate.orderId = row.order_id;
      if (row.price_minor !== null) candidate.price = { minor: row.price_minor, currency: row.price_currency };
      if (row.check_balance !== null) candidate.checks = { balance: row.check_balance };
      set('where', row.purchase_where);
      if (!misplaced && row.explains !== null) {
        const explains = explainsFromCell(row.explains);
        if (!explains.ok) return explains;
        candidate.explains = explains.explains;
      }
      break;
    case 'adjustment':
    case 'unseen-spend':
      misplaced = mustBeEmpty(row, [...GIFT_ONLY, ...RECHARGE_ONLY, ...IMPORT_ONLY, 'order_id', 'check_balance'], row.kind);
      set('note', row.note);
      break;
    case 'imported-gift':
    case 'imported-purchase':
      misplaced = mustBeEmpty(row, [...GIFT_ONLY.filter((c) => row.kind === 'imported-purchase' || c !== 'creator_handle'), ...RECHARGE_ONLY, 'order_id', 'check_balance', 'note'], row.kind);
      if (row.kind === 'imported-gift') candidate.creatorHandle = row.creator_handle;
      candidate.status = row.import_status;
      set('matchedId', row.import_matched_id);
      candidate.fileRow = row.import_row;
      candidate.fileDate = row.import_date_text;
      candidate.fileAmount = row.import_amount_text;
      set('timeZone', row.import_time_zone);
      break;
    default:
      return { ok: false, reason: `kind: expected one of ${ENTRY_KINDS.join(', ')}` };
  }
  if (misplaced) return { ok: false, reason: misplaced };
  const checked = ledgerEntrySchema(candidate, '');
  if (!checked.ok) return { ok: false, reason: checked.reason.replace(/^: /, '') };
  const entry = checked.value;
  const inconsistent = entry.kind === 'recharge' ? (wherePlaceProblem(entry) ?? purchaseProblem(entry, row.explains_coins)) : null;
  return inconsistent ? { ok: false, reason: inconsistent } : { ok: true, entry };
}

export function rowToBalance(row: Row, extraKeys: readonly string[] = []): { ok: true; balance: BalanceObservation } | { ok: false; reason: string } {
  const problem = strictKeys(row, [...BALANCE_COLUMN_NAMES, ...extraKeys], 'the balance record');
  if (problem) return { ok: false, reason: problem };
  const missing = BALANCE_COLUMN_NAMES.find((column) => !Object.hasOwn(row, column));
  if (missing) return { ok: false, reason: `the field "${missing}" is missing` };
  const timing = sameInstant(row.at, row.at_ms, 'at');
  if (timing) return { ok: false, reason: timing };
  const candidate: Row = { id: row.id, account: row.account, at: row.at_ms, coins: row.coins, source: row.source };
  if (row.raced !== null) candidate.raced = row.raced;
  const checked = balanceObservationSchema(candidate, '');
  return checked.ok ? { ok: true, balance: checked.value as BalanceObservation } : { ok: false, reason: checked.reason.replace(/^: /, '') };
}

const isoText = string(40);
const epoch = integer(0, 8_640_000_000_000_000);
const column = oneOf(ENTRY_COLUMN_NAMES);
const metadataCheck = object({
  format: literal(EXPORT_FORMAT), schemaVersion: integer(1, 1_000_000), exportedAt: isoText, exportedAtMs: epoch,
  extensionVersion: string(32), timeZone: string(64),
  filters: object({
    from: nullable(isoText), fromMs: nullable(epoch), to: nullable(isoText), toMs: nullable(epoch),
    kinds: nullable(array(oneOf(ENTRY_KINDS), ENTRY_KINDS.length)), account: nullable(string(64)),
  }),
  columns: array(column, ENTRY_COLUMN_NAMES.length), withheldColumns: array(column, ENTRY_COLUMN_NAMES.length),
  pseudonymisation: object({ mode: oneOf(['none', 'random', 'study'] as const), keyCheck: nullable(string(34)) }),
  review: nullable(object({ removedRows: integer(0, Number.MAX_SAFE_INTEGER), withheldColumns: array(column, ENTRY_COLUMN_NAMES.length) })),
  contents: object({ balances: boolean, settings: boolean, limits: optional(boolean) }),
}) as Check<ExportMetadata>;

/** The metadata block of a file to restore: a Coinsight export, of this schema version, complete and not pseudonymised. */
export function checkRestorableMetadata(value: unknown, extraKeys: readonly string[] = []): ExportMetadata {
  const format = typeof value === 'object' && value !== null ? (value as Row).format : undefined;
  if (format !== EXPORT_FORMAT) throw new Error('the file is not a Coinsight export (its metadata does not say "format": "coinsight-export")');
  if ((value as Row).dataset === 'room-log') throw new Error('the file is a research room log (gifts of the rooms watched), not a backup of your ledger: it cannot be restored');
  const version = (value as Row).schemaVersion;
  if (typeof version !== 'number' || !RESTORABLE_SCHEMA_VERSIONS.includes(version)) {
    throw new Error(`the file has export schema version ${JSON.stringify(version)?.slice(0, 20)}; this Coinsight reads version ${RESTORABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} or ${RESTORABLE_SCHEMA_VERSIONS.at(-1)}${typeof version === 'number' && version > EXPORT_SCHEMA_VERSION ? ' (update Coinsight to restore it)' : ''}`);
  }
  const keys = strictKeys(value, [...Object.keys(METADATA_KEYS), ...extraKeys], 'the metadata');
  if (keys) throw new Error(keys);
  const checked = metadataCheck(value, 'metadata');
  if (!checked.ok) throw new Error(checked.reason);
  const metadata = checked.value;
  const contentKeys = strictKeys((value as Row).contents, ['balances', 'settings', ...(version >= 4 ? ['limits'] : [])], 'metadata.contents');
  if (contentKeys) throw new Error(contentKeys);
  if (version >= 4 && metadata.contents.limits === undefined) throw new Error('metadata.contents.limits: expected a boolean (schema version 4 says whether the file holds limits)');
  if (metadata.pseudonymisation.mode !== 'none') throw new Error('the file is a pseudonymised research export: its identifiers were replaced, so it cannot restore a ledger');
  if (metadata.review && metadata.review.removedRows > 0) throw new Error(`the file is a reviewed export with ${metadata.review.removedRows} rows removed: only a complete backup can be restored`);
  if (metadata.withheldColumns.length > 0) throw new Error(`the file withholds fields (${metadata.withheldColumns.join(', ')}): only a complete backup can be restored`);
  return metadata;
}

const METADATA_KEYS = { format: 1, schemaVersion: 1, exportedAt: 1, exportedAtMs: 1, extensionVersion: 1, timeZone: 1, filters: 1, columns: 1, withheldColumns: 1, pseudonymisation: 1, review: 1, contents: 1 };

const count = integer(0, Number.MAX_SAFE_INTEGER);
const byKind = object({ gift: count, recharge: count, adjustment: count, 'unseen-spend': count, 'imported-gift': count, 'imported-purchase': count });
const summaryCheck = object({ entries: count, entriesByKind: byKind, coinsByKind: byKind, balances: count, removedRows: count }) as Check<ExportSummary>;

export function checkSummary(value: unknown, extraKeys: readonly string[] = []): ExportSummary {
  const keys = strictKeys(value, ['entries', 'entriesByKind', 'coinsByKind', 'balances', 'removedRows', ...extraKeys], 'the summary');
  if (keys) throw new Error(keys);
  const checked = summaryCheck(value, 'summary');
  if (!checked.ok) throw new Error(checked.reason);
  return checked.value;
}
