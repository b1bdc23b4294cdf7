/**
 * The JSON Schema of the room log's files (schema version 5; room-log-export.ts writes them), built from the same
 * constants: `$defs/roomLogFile` is a JSON room log, `$defs/roomLogLine` one line of an NDJSON one. Lives beside the
 * ledger's (schema-document.ts), in the same shipped document, so one schema version covers both datasets.
 */
import { MAX_COINS } from '../ledger';
import { ROOM_COLUMNS, SENDER_PSEUDONYM_SOURCE } from './room-log';
import { ROOM_LOG_DATASET } from './room-log-export';
import { MAX_AT, int, line, orNull, record, text, timestamp, type JsonSchema } from './schema-parts';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION } from './version';

const count = int(0, Number.MAX_SAFE_INTEGER);
const hex32: JsonSchema = { type: 'string', pattern: '^[0-9a-f]{32}$' };
const columnList: JsonSchema = { type: 'array', items: { enum: [...ROOM_COLUMNS] }, maxItems: ROOM_COLUMNS.length };

const roomGiftProperties: Record<string, JsonSchema> = {
  row: hex32,
  room_id: text(64),
  creator_id: orNull(text(64)),
  creator_handle: orNull(text(100)),
  at: timestamp,
  at_ms: int(0, MAX_AT),
  ended_at: timestamp,
  ended_at_ms: int(0, MAX_AT),
  gift_id: int(0, Number.MAX_SAFE_INTEGER),
  gift_name: orNull(text(200)),
  count: int(1, 1_000_000),
  unit_coins: orNull(int(1, MAX_COINS)),
  coins: orNull(int(0, MAX_COINS)),
  // Never a clear id (room-log.ts SENDER_PSEUDONYM).
  sender: { type: 'string', pattern: SENDER_PSEUDONYM_SOURCE },
  final: { type: 'boolean' },
  own: { type: 'boolean' },
  source: { enum: ['push', 'fetch'] },
};

const metadataProperties: Record<string, JsonSchema> = {
  format: { const: EXPORT_FORMAT },
  schemaVersion: { const: EXPORT_SCHEMA_VERSION },
  dataset: { const: ROOM_LOG_DATASET },
  exportedAt: timestamp,
  exportedAtMs: int(0, MAX_AT),
  extensionVersion: text(32),
  timeZone: text(64),
  filters: {
    type: 'object', additionalProperties: false, required: ['from', 'fromMs', 'to', 'toMs', 'rooms'],
    properties: {
      from: orNull(timestamp), fromMs: orNull(int(0, MAX_AT)), to: orNull(timestamp), toMs: orNull(int(0, MAX_AT)),
      rooms: { type: ['array', 'null'], items: text(64), maxItems: 10_000 },
    },
  },
  columns: columnList,
  withheldColumns: columnList,
  senders: {
    type: 'object', additionalProperties: false, required: ['method', 'keyId', 'keyKind', 'studyName'],
    properties: { method: { const: 'hmac-sha-256' }, keyId: { type: 'string', pattern: '^k_[0-9a-f]{16}$' }, keyKind: { enum: ['install', 'study'] }, studyName: orNull(text(100)) },
  },
  review: {
    type: ['object', 'null'], additionalProperties: false, required: ['removedRows', 'withheldColumns'],
    properties: { removedRows: count, withheldColumns: columnList },
  },
};

const summaryProperties: Record<string, JsonSchema> = { roomGifts: count, rooms: count, gifts: count, coins: count, ownRows: count, removedRows: count };


/** The `$defs` the room log adds to the export schema. */
export function roomLogDefs(): Record<string, JsonSchema> {
  return {
    // A row holds exactly the columns listed in metadata.columns (the review step may hold the creator's back).
    roomGiftRow: record(roomGiftProperties, []),
    roomLogMetadata: record(metadataProperties, Object.keys(metadataProperties)),
    roomLogSummary: record(summaryProperties, Object.keys(summaryProperties)),
    roomLogFile: record({
      metadata: { $ref: '#/$defs/roomLogMetadata' },
      roomGifts: { type: 'array', items: { $ref: '#/$defs/roomGiftRow' } },
      summary: { $ref: '#/$defs/roomLogSummary' },
    }, ['metadata', 'roomGifts', 'summary']),
    roomLogLine: {
      oneOf: [
        line('metadata', metadataProperties, Object.keys(metadataProperties)),
        line('room-gift', roomGiftProperties, []),
        line('summary', summaryProperties, Object.keys(summaryProperties)),
      ],
    },
  };
}
