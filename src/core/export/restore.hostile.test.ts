/**
 * Corrupt and hostile restore files: each is refused as a whole with a reason a person can act on, and readBackup
 * hands back no content at all (so the worker writes nothing). Built from a real export, then damaged.
 */
import { describe, expect, it } from 'vitest';
import { jsonExport, ndjsonExport } from './json-export';
import { readBackup } from './restore';
import type { ReadLimits } from './restore-input';
import { EXPORT_SCHEMA_VERSION } from './version';
import { ALL_ENTRIES, BALANCES, SETTINGS, bytes, checkSettings, collect, pagesOf, request } from './export.fixtures';

const source = () => ({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS });
const ndjson = () => collect(ndjsonExport(source(), request()));
const json = () => collect(jsonExport(source(), request()));
/** NDJSON lines as objects: 0 metadata, 1 settings, 2.. entries (ALL_ENTRIES order), then balances, then summary. */
const lines = async () => (await ndjson()).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const join = (rows: unknown[]) => `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;

async function refusal(input: string | Uint8Array | Iterable<Uint8Array>, limits?: Partial<ReadLimits>): Promise<string> {
  const result = await readBackup(typeof input === 'string' ? bytes(input) : input, { checkSettings, ...(limits ? { limits } : {}) });
  expect(result.ok, 'the file should have been refused').toBe(false);
  expect(result).not.toHaveProperty('content');
  return result.ok ? '' : result.error.message;
}

async function withEntry(index: number, edit: (row: Record<string, unknown>) => void): Promise<string> {
  const rows = await lines();
  edit(rows[2 + index]!);
  return join(rows);
}

describe('restore refuses corrupt and hostile files, naming the first problem', () => {
  it('1. an empty file', async () => expect(await refusal('')).toBe('the file is empty'));

  it('2. a JSON export cut short', async () => {
    const text = await json();
    expect(await refusal(text.slice(0, Math.floor(text.length * 0.6)))).toMatch(/^the file is not valid JSON/);
  });

  it('3. an NDJSON export cut at a line end (no summary line)', async () => {
    const rows = (await ndjson()).split('\n');
    expect(await refusal(rows.slice(0, 5).join('\n'))).toBe('the file ends without its summary line: it was cut short (truncated)');
  });

  it('4. an NDJSON export cut inside a line', async () => {
    const text = await ndjson();
    expect(await refusal(text.slice(0, text.indexOf('"type":"entry"') + 40))).toMatch(/^line 3 is not valid JSON/);
  });

  it('5. wrong types: coins as a string', async () => {
    expect(await refusal(await withEntry(1, (r) => (r.coins = '99')))).toBe(`line 4, id "${ALL_ENTRIES[1]!.id}": coins: expected an integer in [1, 1000000000]`);
  });

  it('6. huge numbers: beyond a safe integer, and 1e400', async () => {
    expect(await refusal(await withEntry(1, (r) => (r.coins = 9007199254740993)))).toMatch(/coins: expected an integer/);
    const rows = await lines();
    const text = join(rows).replace(`"coins":${String(ALL_ENTRIES[0]!.coins)}`, '"coins":1e400');
    expect(await refusal(text)).toMatch(/line 3, .*coins: expected an integer/);
  });

  it('7. negative coins', async () => expect(await refusal(await withEntry(0, (r) => (r.coins = -1200)))).toMatch(/line 3, id ".*": coins: expected an integer in \[1,/));

  it('8. a duplicate id with different content', async () => {
    const rows = await lines();
    rows.splice(3, 0, { ...rows[2]!, coins: 1 });
    expect(await refusal(join(rows))).toBe(`line 4: the id "${ALL_ENTRIES[0]!.id}" appears twice with different content`);
  });

  it('9. a foreign schema version, older or newer', async () => {
    const rows = await lines();
    rows[0]!.schemaVersion = EXPORT_SCHEMA_VERSION + 1;
    expect(await refusal(join(rows))).toBe(`line 1: the file has export schema version ${EXPORT_SCHEMA_VERSION + 1}; this Coinsight reads version 2, 3, 4 or 5 (update Coinsight to restore it)`);
    rows[0]!.schemaVersion = 1; // an older file: refused, naming its version, without the update hint
    expect(await refusal(join(rows))).toBe('line 1: the file has export schema version 1; this Coinsight reads version 2, 3, 4 or 5');
    rows[0]!.schemaVersion = String(EXPORT_SCHEMA_VERSION);
    expect(await refusal(join(rows))).toMatch(new RegExp(`schema version "${EXPORT_SCHEMA_VERSION}"`));
  });

  it('10. a JSON file that is not a Coinsight export (e.g. TikTok\'s own download)', async () => {
    expect(await refusal(JSON.stringify({ Activity: { 'Purchase History': {} } }))).toBe('the file is not a Coinsight export: a Coinsight JSON export starts with its "metadata" block');
    expect(await refusal(JSON.stringify({ metadata: { format: 'other' }, entries: [], summary: {} }))).toMatch(/not a Coinsight export/);
  });

  it('11. deep nesting, refused before the parser sees it', async () => {
    expect(await refusal(`{"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)).toMatch(/nesting deeper than 8 levels/);
  });

  it('12. garbage bytes (invalid UTF-8)', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 0x80) % 256 | 0x80);
    garbage[0] = 0x7b; // "{" so that only the bytes after it are wrong
    expect(await refusal(garbage)).toMatch(/^the file is not valid UTF-8 text/);
  });

  it('13. a 50 MB file of garbage is refused at its first chunk, without reading the rest', async () => {
    let served = 0;
    const chunk = new Uint8Array(1024 * 1024);
    globalThis.crypto.getRandomValues(chunk.subarray(0, 65_536));
    const fifty = function* () {
      for (let i = 0; i < 50; i++) {
        served++;
        yield chunk;
      }
    };
    expect(await refusal(fifty())).toMatch(/not valid UTF-8|not a Coinsight export|UTF-16|gzip|ZIP/);
    expect(served).toBeLessThan(3);
  });

  it('14. 50 MB of printable garbage is refused at its first megabyte, not gathered', async () => {
    const chunk = bytes('{'.padEnd(1024 * 1024, 'A'));
    let served = 0;
    const fifty = function* () {
      for (let i = 0; i < 50; i++, served++) yield chunk;
    };
    expect(await refusal(fifty())).toMatch(/^the file is not a Coinsight export/);
    expect(served).toBeLessThan(3);
    const nested = function* () {
      yield bytes('{"metadata":');
      const brackets = bytes('['.repeat(1024 * 1024));
      for (let i = 0; i < 50; i++, served++) yield brackets;
    };
    served = 0;
    expect(await refusal(nested())).toMatch(/nesting deeper than 8 levels/);
    expect(served).toBeLessThan(3);
  });

  it('15. a CSV export renamed .json', async () => {
    expect(await refusal('id,kind,at,at_ms,account\r\ngift:1,gift,2026-01-01T00:00:00.000+00:00,0,\r\n')).toMatch(/^the file is CSV/);
  });

  it('16. a UTF-8 byte order mark is accepted; UTF-16 is refused by name', async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(await ndjson())]);
    expect((await readBackup(withBom, { checkSettings })).ok).toBe(true);
    const byteByByte = function* () {
      for (let i = 0; i < withBom.length; i++) yield withBom.subarray(i, i + 1);
    };
    expect((await readBackup(byteByByte(), { checkSettings })).ok).toBe(true);
    expect(await refusal(new Uint8Array([0xff, 0xfe, 0x7b, 0x00]))).toBe('the file is UTF-16 text; Coinsight exports are UTF-8');
  });

  it('17. invalid UTF-8 in the middle of an otherwise valid file', async () => {
    const good = bytes(await ndjson());
    const bad = new Uint8Array([...good.subarray(0, 600), 0xc3, 0x28, ...good.subarray(600)]);
    expect(await refusal(bad)).toMatch(/^the file is not valid UTF-8 text/);
  });

  it('18. a __proto__ key in an entry (prototype pollution)', async () => {
    const rows = (await ndjson()).split('\n');
    rows[3] = rows[3]!.replace('{"type":"entry",', '{"type":"entry","__proto__":{"isAdmin":true},');
    expect(await refusal(rows.join('\n'))).toMatch(/line 4, .*"__proto__", which is never part of an export/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('19. constructor / __proto__ in the metadata or at the top of a JSON export', async () => {
    const rows = await lines();
    expect(await refusal(join([{ ...rows[0], constructor: { prototype: {} } }, ...rows.slice(1)]))).toMatch(/the metadata has the key "constructor"/);
    expect(await refusal((await json()).replace('"entries":[', '"__proto__":{},"entries":['))).toMatch(/"__proto__"/);
  });

  it('20. an unknown field, and a missing one', async () => {
    expect(await refusal(await withEntry(0, (r) => (r.mood = 'happy')))).toMatch(/unknown field "mood"/);
    expect(await refusal(await withEntry(0, (r) => delete r.parser))).toMatch(/the field "parser" is missing/);
  });

  it('21. a field of another kind filled in (a gift id on a recharge)', async () => {
    expect(await refusal(await withEntry(3, (r) => (r.gift_id = 5655)))).toMatch(/gift_id must be empty for a recharge entry/);
  });

  it('22. the ISO time and the epoch milliseconds disagree', async () => {
    expect(await refusal(await withEntry(1, (r) => (r.at_ms = (r.at_ms as number) + 3_600_000)))).toMatch(/name different instants/);
  });

  it('23. a line removed from the middle (the summary no longer adds up)', async () => {
    const rows = await lines();
    rows.splice(4, 1);
    expect(await refusal(join(rows))).toMatch(/the summary says 9 entries and 2 balances, the file holds 8 and 2/);
  });

  it('24. content after the summary line, and an unknown line type', async () => {
    const rows = await lines();
    expect(await refusal(join([...rows, rows[2]]))).toMatch(/content after the summary line/);
    expect(await refusal(join([rows[0], { type: 'limit', cap: 1 }, ...rows.slice(1)]))).toMatch(/line 2: unknown line type "limit"/);
  });

  it('25. a string far longer than any field, refused before parsing', async () => {
    expect(await refusal(await withEntry(0, (r) => (r.note = 'x'.repeat(5000))))).toMatch(/line 3: a string longer than 1000 characters/);
    expect(await refusal(await withEntry(0, (r) => (r.note = 'x'.repeat(501))))).toMatch(/note: expected a string of at most 500/);
  });

  it('26. more records than the limit, a file over the size limit, a JSON over the JSON limit', async () => {
    expect(await refusal(await ndjson(), { maxRecords: 3 })).toMatch(/more than 3 records/);
    expect(await refusal(await ndjson(), { maxBytes: 1000 })).toMatch(/larger than 1000 bytes/);
    expect(await refusal(await json(), { maxJsonBytes: 1000 })).toMatch(/export as NDJSON/);
  });

  it('27. compressed archives are named', async () => {
    expect(await refusal(new Uint8Array([0x1f, 0x8b, 8, 0]))).toMatch(/gzip/);
    expect(await refusal(new Uint8Array([0x50, 0x4b, 3, 4]))).toMatch(/ZIP/);
  });

  it('28. settings that the settings schema refuses', async () => {
    const rows = await lines();
    rows[1] = { type: 'settings', settings: { ...SETTINGS, displayCurrency: 'EURO' } };
    expect(await refusal(join(rows))).toMatch(/line 2: settings.displayCurrency: expected an ISO 4217 currency code/);
  });

  it('29. an unknown kind, and an id longer than the ledger allows', async () => {
    expect(await refusal(await withEntry(0, (r) => (r.kind = 'tip')))).toMatch(/kind: expected one of gift, recharge, adjustment, unseen-spend/);
    expect(await refusal(await withEntry(0, (r) => (r.id = 'x'.repeat(201))))).toMatch(/id: expected a string of at most 200/);
  });

  it('30. JSON that is not an object at the top, or NaN and trailing commas', async () => {
    expect(await refusal('[{"type":"metadata"}]')).toMatch(/JSON array/);
    expect(await refusal((await json()).replace('"parser":1', '"parser":NaN'))).toMatch(/not valid JSON/);
  });

  it('31. a file cut inside a UTF-8 character', async () => {
    const good = bytes(await ndjson());
    expect(await refusal(new Uint8Array([...good, 0xc3]))).toBe('the file ends in the middle of a UTF-8 character (truncated?)');
  });

  describe('a purchase typed in by hand (ALL_ENTRIES[6], line 9): explains must be what the purchase planner writes', () => {
    const MANUAL = 6;
    const line9 = `line 9, id "${ALL_ENTRIES[MANUAL]!.id}": `;
    type Item = { id: string; coins: number; at: string; at_ms: number };
    const withExplains = (edit: (items: Item[], row: Record<string, unknown>) => void) => withEntry(MANUAL, (r) => edit(r.explains as Item[], r));

    it('32. an explains item with negative or zero coins (the total kept consistent)', async () => {
      expect(await refusal(await withExplains((items, r) => { items[0]!.coins = -300; r.explains_coins = -150; })))
        .toBe(`${line9}explains[0].coins: expected an integer in [1, 1000000000]`);
      expect(await refusal(await withExplains((items, r) => { items[1]!.coins = 0; r.explains_coins = 300; }))).toMatch(/explains\[1\]\.coins: expected an integer/);
    });

    it('33. an explains id that is not an adjustment of its source, another account\'s, or one listed twice', async () => {
      expect(await refusal(await withExplains((items) => (items[1]!.id = 'recharge:ORD-1'))))
        .toBe(`${line9}explains[1].id: "recharge:ORD-1" is not the id of a balance-rise adjustment (adjustment:rise:…)`);
      expect(await refusal(await withExplains((items) => (items[1]!.id = 'adjustment:rise:')))).toMatch(/is not the id of a balance-rise adjustment/);
      expect(await refusal(await withExplains((items) => (items[0]!.id = 'adjustment:initial:42'))))
        .toBe(`${line9}explains[0].id: "adjustment:initial:42" is not this account's initial-balance adjustment ("adjustment:initial:6801234567890123456")`);
      expect(await refusal(await withExplains((items) => (items[1]!.id = 'adjustment:initial:6801234567890123456'))))
        .toMatch(/explains\[1\]\.id: "adjustment:initial:6801234567890123456" is not the id of a balance-rise adjustment/);
      expect(await refusal(await withExplains((items, r) => { Object.assign(items[1]!, { id: 'adjustment:rise:x', coins: 50 }); items.push({ ...items[1]! }); r.explains_coins = 400; })))
        .toBe(`${line9}explains[2].id: "adjustment:rise:x" is listed twice`);
    });

    it('34. explains_coins that is not the items\' total, or items adding up to more than the purchase', async () => {
      expect(await refusal(await withExplains((_items, r) => (r.explains_coins = 999)))).toBe(`${line9}explains_coins (999) is not the total of explains (450)`);
      expect(await refusal(await withExplains((_items, r) => (r.explains_coins = null)))).toMatch(/explains_coins \(null\) is not the total/);
      expect(await refusal(await withExplains((items, r) => { items[0]!.coins = 600; r.explains_coins = 750; }))).toBe(`${line9}explains takes 750 coins, more than the purchase's 500`);
      expect(await refusal(await withExplains((_items, r) => { r.explains = null; }))).toBe(`${line9}explains_coins must be empty when explains is`);
    });

    it('35. a place or explains on a purchase Coinsight saw, or on a gift', async () => {
      expect(await refusal(await withEntry(3, (r) => (r.purchase_where = 'app')))).toMatch(/purchase_where is only kept for a purchase typed in by hand \(source manual\), not source cashier\+end-result/);
      const lines9 = await lines();
      const stolen = { explains: lines9[2 + MANUAL]!.explains, explains_coins: 450 };
      expect(await refusal(await withEntry(3, (r) => Object.assign(r, stolen)))).toMatch(/explains is only kept for a purchase typed in by hand/);
      expect(await refusal(await withEntry(1, (r) => (r.purchase_where = 'app')))).toMatch(/purchase_where must be empty for a gift entry/);
      expect(await refusal(await withEntry(MANUAL, (r) => (r.purchase_where = 'shop')))).toMatch(/where: expected one of app, gift-card, other/);
    });

    it('36. explains items that are not what an export writes: unknown, missing or prototype keys, times that disagree, JSON text', async () => {
      expect(await refusal(await withExplains((items) => Object.assign(items[0]!, { note: 'x' })))).toBe(`${line9}explains[0] has an unknown field "note"`);
      expect(await refusal(await withExplains((items) => delete (items[1] as Partial<Item>).at_ms))).toBe(`${line9}explains[1]: the field "at_ms" is missing`);
      expect(await refusal(await withExplains((items) => (items[0]!.at_ms += 1)))).toMatch(/explains\[0\]\.at .* and explains\[0\]\.at_ms .* name different instants/);
      expect(await refusal(await withExplains((items, r) => (r.explains = JSON.stringify(items))))).toBe(`${line9}explains: expected an array or empty`);
      const rows = (await ndjson()).split('\n');
      rows[2 + MANUAL] = rows[2 + MANUAL]!.replace('"explains":[{', '"explains":[{"__proto__":{"isAdmin":true},');
      expect(await refusal(rows.join('\n'))).toMatch(/explains\[0\] has the key "__proto__"/);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });

  it('an identical duplicate is harmless: kept once', async () => {
    const rows = await lines();
    rows.splice(3, 0, rows[2]!);
    const result = await readBackup(bytes(join(rows)), { checkSettings });
    if (!result.ok) throw result.error;
    expect(result.content.entries).toEqual(ALL_ENTRIES);
  });
});
