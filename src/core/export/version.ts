/**
 * The export contract's identity. Any change to what a file holds (a column added, renamed, retyped, a new record
 * type, a changed unit) bumps EXPORT_SCHEMA_VERSION together with public/export-schema.json and docs/export-schema.md:
 * a test reads the version from the shipped schema and fails when they disagree.
 */
export const EXPORT_FORMAT = 'coinsight-export';
/**
 * 2: entry rows gained `purchase_where`, `explains_coins` and `explains` (hand-entered purchases).
 * 3: kinds `imported-gift` / `imported-purchase` (source `tiktok-download`) with the columns `import_status`,
 *    `import_matched_id`, `import_row`, `import_date_text`, `import_amount_text`, `import_time_zone`; metadata `review`;
 *    and the cost columns `cost_*` (what a spend cost, from the FIFO cost basis; costs.ts).
 */
/**
 * 4: backups carry the limit rules (a `limits` block in JSON, a `limits` line in NDJSON; metadata `contents.limits`).
 */
/**
 * 5: the room log of research mode (issue 12), a dataset of its own: `metadata.dataset` "room-log", `roomGifts` rows
 *    (JSON) or `room-gift` lines (NDJSON), its own summary; in the schema `$defs/roomLogFile` and `$defs/roomLogLine`.
 *    Ledger exports are unchanged (a version-5 ledger file reads as a version-4 one).
 */
export const EXPORT_SCHEMA_VERSION = 5;
/**
 * Versions a restore reads: 2 lacks only the derived cost columns (which a restore ignores) and the imported kinds;
 * 2 and 3 carry no limits (a restore of them leaves the limits as they are).
 */
export const RESTORABLE_SCHEMA_VERSIONS: readonly number[] = [2, 3, 4, 5];

export type ExportFormat = 'csv' | 'json' | 'ndjson';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'ndjson'];
