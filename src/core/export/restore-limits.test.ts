/**
 * The limits block of a backup (schema version 4): written after the settings, valid against the shipped schema, read
 * back the same; a bad one refuses the whole file, naming the limit, and the reader hands back nothing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_RULES, limitRuleSchema } from '../limits';
import { validateAgainst } from './json-schema-subset';
import { jsonExport, ndjsonExport } from './json-export';
import { readBackup } from './restore';
import type { JsonSchema } from './schema-document';
import { ALL_ENTRIES, BALANCES, LIMIT_RULES, SETTINGS, bytes, checkSettings, collect, pagesOf, request } from './export.fixtures';

const SHIPPED = JSON.parse(readFileSync(fileURLToPath(new URL('../../../public/export-schema.json', import.meta.url)), 'utf8')) as JsonSchema;
const source = () => ({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS, limits: LIMIT_RULES });
const lines = async () => (await collect(ndjsonExport(source(), request()))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const join = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
/** NDJSON lines: 0 metadata, 1 settings, 2 limits, then entries. */
const withLimits = async (edit: (limits: Record<string, unknown>[], rows: Record<string, unknown>[]) => void) => {
  const rows = await lines();
  edit(rows[2]!.limits as Record<string, unknown>[], rows);
  return join(rows);
};

async function refusal(text: string): Promise<string> {
  const result = await readBackup(bytes(text), { checkSettings });
  expect(result.ok, 'the file should have been refused').toBe(false);
  expect(result).not.toHaveProperty('content');
  return result.ok ? '' : result.error.message;
}

describe('a backup carries the limits', () => {
  it('the fixture holds every scope, period and cap kind, every action and carry-over, each a valid stored rule', () => {
    expect(new Set(LIMIT_RULES.map((r) => r.scope.kind))).toEqual(new Set(['all', 'creator', 'live']));
    expect(new Set(LIMIT_RULES.map((r) => r.period.kind))).toEqual(new Set(['day', 'week', 'month', 'custom']));
    expect(new Set(LIMIT_RULES.map((r) => r.cap.kind))).toEqual(new Set(['coins', 'money']));
    expect(new Set(LIMIT_RULES.map((r) => r.action))).toEqual(new Set(['warn', 'confirm', 'block']));
    expect(new Set(LIMIT_RULES.map((r) => r.carryOver))).toEqual(new Set(['reset', 'roll-unused', 'carry-overspend']));
    for (const rule of LIMIT_RULES) expect(limitRuleSchema(rule, 'rule')).toEqual({ ok: true, value: rule });
  });

  for (const [name, write] of [['JSON', jsonExport], ['NDJSON', ndjsonExport]] as const) {
    it(`${name}: the limits come back the same, and the file validates against the shipped schema`, async () => {
      const text = await collect(write(source(), request()));
      const result = await readBackup(bytes(text), { checkSettings });
      if (!result.ok) throw result.error;
      expect(result.content.limits).toEqual(LIMIT_RULES);
      expect(result.content.settings).toEqual(SETTINGS);
      expect(result.content.entries).toEqual(ALL_ENTRIES);
      expect(result.content.metadata.contents).toEqual({ balances: true, settings: true, limits: true });
      if (name === 'JSON') expect(validateAgainst(SHIPPED, JSON.parse(text))).toBeNull();
      else for (const line of text.trimEnd().split('\n')) expect(validateAgainst(SHIPPED, JSON.parse(line), { $ref: '#/$defs/ndjsonLine' })).toBeNull();
    });
  }

  it('an export without limits says so (contents.limits false) and reads back with none; an empty block reads back empty', async () => {
    const text = await collect(ndjsonExport({ entries: pagesOf(ALL_ENTRIES) }, request()));
    const result = await readBackup(bytes(text), { checkSettings });
    if (!result.ok) throw result.error;
    expect(result.content.metadata.contents.limits).toBe(false);
    expect(result.content.limits).toBeNull();
    const empty = await readBackup(bytes(await collect(jsonExport({ entries: pagesOf(ALL_ENTRIES), limits: [] }, request()))), { checkSettings });
    expect(empty.ok && empty.content.limits).toEqual([]);
  });

  it('a limit twice with the same content is kept once', async () => {
    const result = await readBackup(bytes(await withLimits((limits) => limits.push(structuredClone(limits[0]!)))), { checkSettings });
    if (!result.ok) throw result.error;
    expect(result.content.limits).toEqual(LIMIT_RULES);
  });
});

describe('a bad limits block refuses the whole file, naming the limit', () => {
  const id = (i: number) => LIMIT_RULES[i]!.id;
  const cases: [string, (limits: Record<string, unknown>[], rows: Record<string, unknown>[]) => void, string | RegExp][] = [
    ['not an array', (_, rows) => (rows[2]!.limits = { 0: LIMIT_RULES[0] }), 'line 3: "limits" is not an array of limits'],
    ['a cap of negative coins', (l) => (l[0]!.cap = { kind: 'coins', coins: -5 }), `line 3: limit 1 (id "${id(0)}"): limits[0].cap.coins: expected an integer in [0, 1000000000000]`],
    ['an unknown scope kind', (l) => (l[1]!.scope = { kind: 'everyone' }), `line 3: limit 2 (id "${id(1)}"): limits[1].scope.kind: expected one of all, creator, live`],
    ['an unknown field', (l) => (l[2]!.unlockCode = '1234'), `line 3: limit 3 (id "${id(2)}"): unknown field limits[2].unlockCode`],
    ['an unknown field inside the cap', (l) => ((l[1]!.cap as { money: Record<string, unknown> }).money.rate = 2), `line 3: limit 2 (id "${id(1)}"): unknown field limits[1].cap.money.rate`],
    ['a custom period of 0 days', (l) => (l[3]!.period = { kind: 'custom', days: 0, from: '2026-01-05' }), /limit 4 .*period\.days: expected an integer in \[1, 366\]/],
    ['an id that is not a UUID', (l) => (l[0]!.id = '../../etc'), /^line 3: limit 1 \(id "\.\.\/\.\.\/etc"\): limits\[0\]\.id: expected a UUID$/],
    ['a money cap without a currency code', (l) => ((l[1]!.cap as { money: Record<string, unknown> }).money.currency = 'euro'), /limit 2 .*currency: expected an ISO 4217 currency code/],
    ['one id twice with different content', (l) => l.push({ ...l[0]!, action: 'block' }), `line 3: limit 5 (id "${id(0)}"): the id appears twice with different content`],
    ['more limits than Coinsight keeps', (l) => l.push(...Array.from({ length: MAX_RULES }, (_, i) => ({ ...l[0]!, id: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}` }))), `line 3: "limits" holds ${MAX_RULES + 4} limits; Coinsight keeps at most ${MAX_RULES}`],
    ['a limits line after the entries', (_, rows) => rows.splice(4, 0, rows.splice(2, 1)[0]!), 'line 5: the limits line must come once, before the entry lines'],
    ['a second limits line', (_, rows) => rows.splice(3, 0, structuredClone(rows[2]!)), 'line 4: the limits line must come once, before the entry lines'],
    ['a stray field on the limits line', (_, rows) => (rows[2]!.note = 'x'), 'line 3: the limits line has an unknown field "note"'],
    ['limits the metadata does not announce', (_, rows) => ((rows[0]!.contents as Record<string, unknown>).limits = false), /^line 3: the file holds limits its metadata does not announce/],
    ['limits in a version-3 file', (_, rows) => {
      rows[0]!.schemaVersion = 3;
      delete (rows[0]!.contents as Record<string, unknown>).limits;
    }, /^line 3: the file holds limits its metadata does not announce \(schema version 3/],
    ['a version-4 file whose metadata does not say whether it holds limits', (_, rows) => delete (rows[0]!.contents as Record<string, unknown>).limits, /^line 1: metadata\.contents\.limits: expected a boolean/],
  ];
  for (const [name, edit, reason] of cases) {
    it(name, async () => {
      const message = await refusal(await withLimits(edit));
      if (typeof reason === 'string') expect(message).toBe(reason);
      else expect(message).toMatch(reason);
    });
  }

  it('JSON: a bad limit is named the same way', async () => {
    const doc = JSON.parse(await collect(jsonExport(source(), request()))) as { limits: Record<string, unknown>[] };
    doc.limits[1]!.overridesPerPeriod = 1000;
    expect(await refusal(JSON.stringify(doc))).toBe(`limit 2 (id "${LIMIT_RULES[1]!.id}"): limits[1].overridesPerPeriod: expected an integer in [0, 100]`);
  });
});
