/**
 * The JSON Schema (draft 2020-12) of every export, built from the same constants as the writers. It is shipped as
 * public/export-schema.json; schema-document.test.ts fails when that file differs from this (regenerate it with
 * `UPDATE_EXPORT_SCHEMA=1 npx vitest run --project unit src/core/export/schema-document.test.ts`), so the shipped
 * schema cannot drift from the code. Imported by tests and that script only, never by the extension's pages.
 */
import { ENTRY_SOURCES, IMPORT_SOURCE, IMPORT_STATUSES, MAX_COINS, MAX_EXPLAINS, PURCHASE_PLACES } from '../ledger';
import { ENTRY_COLUMN_NAMES } from './fields';
import { limitRuleJsonSchema, limitsJsonSchema } from './limit-schema';
import { ENTRY_KINDS } from './metadata';
import { roomLogDefs } from './room-log-schema';
import { MAX_AT, int, line, orNull, record, text, timestamp, type JsonSchema } from './schema-parts';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION } from './version';

export type { JsonSchema } from './schema-parts';
const outcome: JsonSchema = { enum: ['match', 'mismatch', 'unknown', null] };
const kindEnum = [...ENTRY_KINDS];
const explainsItem: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['id', 'at', 'at_ms', 'source', 'coins'],
  properties: { id: text(200), at: timestamp, at_ms: int(0, MAX_AT), source: { enum: ['balance-rise', 'initial-balance'] }, coins: int(1, MAX_COINS) },
};
const currencyCode: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const paidItem: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['currency', 'minor'],
  properties: { currency: currencyCode, minor: int(0, Number.MAX_SAFE_INTEGER) },
};
const countsByKind = (maximum: number): JsonSchema => ({
  type: 'object', additionalProperties: false, required: kindEnum, properties: Object.fromEntries(kindEnum.map((k) => [k, int(0, maximum)])),
});

const entryRowProperties: Record<string, JsonSchema> = {
  id: text(200),
  kind: { enum: kindEnum },
  at: timestamp,
  at_ms: int(0, MAX_AT),
  account: text(64),
  source: { enum: [...ENTRY_SOURCES, IMPORT_SOURCE] },
  parser: int(1, 1000),
  coins: int(1, MAX_COINS),
  gift_id: orNull(int(0, Number.MAX_SAFE_INTEGER)),
  gift_name: orNull(text(200)),
  unit_coins: orNull(int(1, MAX_COINS)),
  count: orNull(int(1, 100_000)),
  room_id: orNull(text(64)),
  creator_id: orNull(text(64)),
  creator_handle: orNull(text(100)),
  order_id: orNull(text(200)),
  msg_id: orNull(text(100)),
  sent_at: orNull(timestamp),
  sent_at_ms: orNull(int(0, MAX_AT)),
  price_minor: orNull(int(0, Number.MAX_SAFE_INTEGER)),
  price_currency: orNull(currencyCode),
  purchase_where: { enum: [...PURCHASE_PLACES, null] },
  explains_coins: orNull(int(0, MAX_COINS)),
  explains: { type: ['array', 'null'], maxItems: MAX_EXPLAINS, items: explainsItem },
  cost_paid_minor: orNull(int(0, Number.MAX_SAFE_INTEGER)),
  cost_paid_currency: orNull(currencyCode),
  cost_paid: { type: ['array', 'null'], maxItems: 300, items: paidItem },
  cost_priced_coins: orNull(int(0, MAX_COINS)),
  cost_unpriced_coins: orNull(int(0, MAX_COINS)),
  cost_estimated_minor: orNull(int(0, Number.MAX_SAFE_INTEGER)),
  cost_estimated_currency: orNull(currencyCode),
  cost_estimate_basis: orNull(text(64)),
  check_catalogue: outcome,
  check_balance: outcome,
  note: orNull(text(500)),
  import_status: { enum: [...IMPORT_STATUSES, null] },
  import_matched_id: orNull(text(200)),
  import_row: orNull(int(0, 10_000_000)),
  import_date_text: orNull(text(64)),
  import_amount_text: orNull(text(64)),
  import_time_zone: orNull(text(64)),
};

const balanceRowProperties: Record<string, JsonSchema> = {
  id: text(200),
  at: timestamp,
  at_ms: int(0, MAX_AT),
  account: text(64),
  coins: int(0, MAX_COINS),
  source: { enum: ['wallet', 'gift-send'] },
  raced: { type: ['boolean', 'null'] },
};

const metadataProperties: Record<string, JsonSchema> = {
  format: { const: EXPORT_FORMAT },
  schemaVersion: { const: EXPORT_SCHEMA_VERSION },
  exportedAt: timestamp,
  exportedAtMs: int(0, MAX_AT),
  extensionVersion: text(32),
  timeZone: text(64),
  filters: {
    type: 'object', additionalProperties: false, required: ['from', 'fromMs', 'to', 'toMs', 'kinds', 'account'],
    properties: {
      from: orNull(timestamp), fromMs: orNull(int(0, MAX_AT)), to: orNull(timestamp), toMs: orNull(int(0, MAX_AT)),
      kinds: { type: ['array', 'null'], items: { enum: kindEnum }, maxItems: kindEnum.length }, account: orNull(text(64)),
    },
  },
  columns: { type: 'array', items: { enum: [...ENTRY_COLUMN_NAMES] }, maxItems: ENTRY_COLUMN_NAMES.length },
  withheldColumns: { type: 'array', items: { enum: [...ENTRY_COLUMN_NAMES] }, maxItems: ENTRY_COLUMN_NAMES.length },
  pseudonymisation: {
    type: 'object', additionalProperties: false, required: ['mode', 'keyCheck'],
    properties: { mode: { enum: ['none', 'random', 'study'] }, keyCheck: orNull({ type: 'string', pattern: '^p_[0-9a-f]{32}$' }) },
  },
  review: {
    type: ['object', 'null'], additionalProperties: false, required: ['removedRows', 'withheldColumns'],
    properties: {
      removedRows: int(0, Number.MAX_SAFE_INTEGER),
      withheldColumns: { type: 'array', items: { enum: [...ENTRY_COLUMN_NAMES] }, maxItems: ENTRY_COLUMN_NAMES.length },
    },
  },
  contents: {
    type: 'object', additionalProperties: false, required: ['balances', 'settings', 'limits'],
    properties: { balances: { type: 'boolean' }, settings: { type: 'boolean' }, limits: { type: 'boolean' } },
  },
};

const summaryProperties: Record<string, JsonSchema> = {
  entries: int(0, Number.MAX_SAFE_INTEGER),
  entriesByKind: countsByKind(Number.MAX_SAFE_INTEGER),
  coinsByKind: countsByKind(Number.MAX_SAFE_INTEGER),
  balances: int(0, Number.MAX_SAFE_INTEGER),
  removedRows: int(0, Number.MAX_SAFE_INTEGER),
};


export function exportJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://coinsight.invalid/export-schema/v${EXPORT_SCHEMA_VERSION}.json`,
    title: 'Coinsight export',
    description: 'A Coinsight JSON export (the root) or, through $defs/ndjsonLine, one line of an NDJSON export; a research room log through $defs/roomLogFile (JSON) and $defs/roomLogLine (one NDJSON line). See docs/export-schema.md.',
    'x-coinsight-schema-version': EXPORT_SCHEMA_VERSION,
    $defs: {
      // Entry rows hold exactly the columns listed in metadata.columns; which ones depends on the review step.
      entryRow: record(entryRowProperties, []),
      balanceRow: record(balanceRowProperties, Object.keys(balanceRowProperties)),
      metadata: record(metadataProperties, Object.keys(metadataProperties)),
      summary: record(summaryProperties, Object.keys(summaryProperties)),
      settings: { type: 'object' },
      limitRule: limitRuleJsonSchema,
      ndjsonLine: {
        oneOf: [
          line('metadata', metadataProperties, Object.keys(metadataProperties)),
          line('settings', { settings: { $ref: '#/$defs/settings' } }, ['settings']),
          line('limits', { limits: limitsJsonSchema }, ['limits']),
          line('entry', entryRowProperties, []),
          line('balance', balanceRowProperties, Object.keys(balanceRowProperties)),
          line('summary', summaryProperties, Object.keys(summaryProperties)),
        ],
      },
      ...roomLogDefs(),
    },
    type: 'object',
    additionalProperties: false,
    required: ['metadata', 'entries', 'summary'],
    properties: {
      metadata: { $ref: '#/$defs/metadata' },
      settings: { $ref: '#/$defs/settings' },
      limits: limitsJsonSchema,
      entries: { type: 'array', items: { $ref: '#/$defs/entryRow' } },
      balances: { type: 'array', items: { $ref: '#/$defs/balanceRow' } },
      summary: { $ref: '#/$defs/summary' },
    },
  };
}
