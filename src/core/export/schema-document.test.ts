import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvSidecar, csvExport } from './csv';
import { jsonExport, ndjsonExport } from './json-export';
import { validateAgainst, type SchemaError } from './json-schema-subset';
import { exportJsonSchema, type JsonSchema } from './schema-document';
import { randomPseudonymiser } from './pseudonyms';
import { DEFAULT_RESEARCH_COLUMNS, ENTRY_COLUMN_NAMES } from './fields';
import { EXPORT_SCHEMA_VERSION } from './version';
import { ALL_ENTRIES, BALANCES, SETTINGS, collect, pagesOf, request } from './export.fixtures';

const SHIPPED = fileURLToPath(new URL('../../../public/export-schema.json', import.meta.url));
const CODEBOOK = fileURLToPath(new URL('../../../docs/export-schema.md', import.meta.url));

/**
 * A fingerprint of the export's shape per schema version. Changing the shape changes the fingerprint: add a new
 * version (bump EXPORT_SCHEMA_VERSION, the codebook and this table) rather than editing an existing line.
 */
const SHAPE_BY_VERSION: Record<number, string> = {
  1: '66500267',
  2: '6aa88b1d', // + purchase_where, explains_coins, explains (hand-entered purchases)
  3: '78a7b7a9', // + imported-gift / imported-purchase (tiktok-download) and their import_* columns; metadata.review; cost_* (what each spend cost, from the FIFO cost basis)
  4: '749b2470', // + backups carry the limit rules: a limits block / line, metadata.contents.limits
  5: 'ae49de2e', // + the research room log (issue 12): $defs roomGiftRow, roomLogMetadata, roomLogSummary, roomLogFile, roomLogLine
};

function shapeFingerprint(schema: JsonSchema): string {
  const text = JSON.stringify(schema);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

if (process.env.UPDATE_EXPORT_SCHEMA === '1') writeFileSync(SHIPPED, `${JSON.stringify(exportJsonSchema(), null, 2)}\n`);

const shipped = (): JsonSchema => JSON.parse(readFileSync(SHIPPED, 'utf8')) as JsonSchema;
const ndjsonLine = (schema: JsonSchema): JsonSchema => ({ $ref: '#/$defs/ndjsonLine' });
const check = (value: unknown, schema = shipped()): SchemaError | null => validateAgainst(schema, value);
const checkLine = (value: unknown, schema = shipped()): SchemaError | null => validateAgainst(schema, value, ndjsonLine(schema));

describe('the shipped JSON Schema', () => {
  it('is public/export-schema.json, identical to what the code builds, with the current schema version', () => {
    expect(existsSync(SHIPPED)).toBe(true);
    expect(shipped()).toEqual(exportJsonSchema());
    expect(shipped()['x-coinsight-schema-version']).toBe(EXPORT_SCHEMA_VERSION);
    expect(shipped().$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('cannot change shape without a new schema version', () => {
    expect(shapeFingerprint(exportJsonSchema()), 'the export shape changed: bump EXPORT_SCHEMA_VERSION').toBe(SHAPE_BY_VERSION[EXPORT_SCHEMA_VERSION]);
    expect(new Set(Object.values(SHAPE_BY_VERSION)).size).toBe(Object.keys(SHAPE_BY_VERSION).length);
  });

  it('the codebook documents every column, the schema version and the study-key parameters', () => {
    const codebook = readFileSync(CODEBOOK, 'utf8');
    for (const column of ENTRY_COLUMN_NAMES) expect(codebook, column).toMatch(new RegExp(`\\| \`${column}\`( |,)`));
    expect(codebook).toContain(`schema version ${EXPORT_SCHEMA_VERSION}`);
    for (const fact of ['coinsight-study-key-v1', '600,000 iterations', 'HMAC-SHA-256']) expect(codebook).toContain(fact);
  });

  it('accepts every JSON export: full backup, pseudonymised, reviewed with fields withheld', async () => {
    const pseudonymiser = await randomPseudonymiser();
    const policies = [
      undefined,
      { pseudonymiser, allowedColumns: null, removedIds: new Set<string>() },
      { pseudonymiser: null, allowedColumns: DEFAULT_RESEARCH_COLUMNS.filter((c) => c !== 'gift_name'), removedIds: new Set([ALL_ENTRIES[0]!.id]) },
    ];
    for (const policy of policies) {
      const doc = JSON.parse(await collect(jsonExport({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS }, request(policy ? { policy } : {}))));
      expect(check(doc)).toBeNull();
      for (const row of doc.entries) expect(Object.keys(row)).toEqual(doc.metadata.columns);
    }
  });

  it('accepts every NDJSON line and the CSV sidecar', async () => {
    const text = await collect(ndjsonExport({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS }, request()));
    for (const line of text.trimEnd().split('\n')) expect(checkLine(JSON.parse(line))).toBeNull();
    const generator = csvExport({ entries: pagesOf(ALL_ENTRIES) }, request());
    let step = await generator.next();
    while (!step.done) step = await generator.next();
    const sidecar = JSON.parse(await csvSidecar(request(), step.value));
    expect(validateAgainst(shipped(), sidecar.metadata, { $ref: '#/$defs/metadata' })).toBeNull();
    expect(validateAgainst(shipped(), sidecar.summary, { $ref: '#/$defs/summary' })).toBeNull();
  });

  it('rejects what is not an export: negative coins, an unknown column, a float, a timestamp without offset, a wrong version', async () => {
    const doc = JSON.parse(await collect(jsonExport({ entries: pagesOf(ALL_ENTRIES) }, request())));
    const broken = (edit: (d: typeof doc) => void) => {
      const copy = structuredClone(doc);
      edit(copy);
      return check(copy);
    };
    expect(broken((d) => (d.entries[0].coins = -1))?.path).toBe('$.entries[0].coins');
    expect(broken((d) => (d.entries[0].extra = 1))?.message).toContain('unexpected property "extra"');
    expect(broken((d) => (d.entries[0].coins = 1.5))?.message).toContain('expected integer');
    expect(broken((d) => (d.entries[0].at = '2026-03-29T01:30:00'))?.message).toContain('does not match');
    expect(broken((d) => (d.metadata.schemaVersion = EXPORT_SCHEMA_VERSION + 1))?.path).toBe('$.metadata.schemaVersion');
    expect(broken((d) => delete d.summary)?.message).toContain('missing required property "summary"');
    expect(checkLine({ type: 'gossip' })?.message).toContain('exactly one oneOf branch');
  });

  it('the validator refuses a schema keyword it does not implement instead of skipping it', () => {
    expect(() => validateAgainst({ type: 'object', patternProperties: {} }, {})).toThrow(/patternProperties/);
  });
});
