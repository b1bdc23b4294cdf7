import { describe, expect, it } from 'vitest';
import { csvCell, csvExport, csvSidecar } from './csv';
import { jsonExport, ndjsonExport } from './json-export';
import { ENTRY_COLUMN_NAMES } from './fields';
import { ExportRequestError, emptySummary } from './metadata';
import { isoInZone } from './timestamps';
import { EXPORT_SCHEMA_VERSION } from './version';
import { ADJUSTMENT, ALL_ENTRIES, BALANCES, BARE_GIFT, FULL_GIFT, MANUAL_PURCHASE, RECHARGE, SETTINGS, collect, pagesOf, request } from './export.fixtures';

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF): enough to check what the writer produced. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  expect(field).toBe('');
  return rows;
}

describe('timestamps', () => {
  it('writes the offset in force at each instant, across a DST change and in a :45 zone', () => {
    expect(isoInZone(Date.UTC(2026, 2, 29, 0, 30, 0, 123), 'Europe/Paris')).toBe('2026-03-29T01:30:00.123+01:00');
    expect(isoInZone(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Paris')).toBe('2026-03-29T03:30:00.000+02:00');
    expect(isoInZone(Date.UTC(2026, 0, 1), 'Asia/Kathmandu')).toBe('2026-01-01T05:45:00.000+05:45');
    expect(isoInZone(Date.UTC(2026, 0, 1), 'America/St_Johns')).toBe('2025-12-31T20:30:00.000-03:30');
    expect(Date.parse(isoInZone(1_767_225_600_001, 'Pacific/Kiritimati'))).toBe(1_767_225_600_001);
  });
});

describe('CSV', () => {
  it('has a header row and one RFC 4180 row per entry, integers for coins and minor units, the currency beside them', async () => {
    const text = await collect(csvExport({ entries: pagesOf(ALL_ENTRIES) }, request()));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...ENTRY_COLUMN_NAMES]);
    expect(rows).toHaveLength(ALL_ENTRIES.length + 1);
    const record = (i: number) => Object.fromEntries(rows[0]!.map((c, j) => [c, rows[i]![j]]));
    const recharge = record(4);
    expect(recharge).toMatchObject({ id: RECHARGE.id, coins: '70', price_minor: '74', price_currency: 'USD', gift_id: '' });
    expect(record(2)).toMatchObject({ at: '2026-03-29T01:30:00.123+01:00', at_ms: String(FULL_GIFT.at), creator_handle: 'alice.streams' });
  });

  it('a hand-entered purchase: its place, the coins it explains, and the exact list as JSON text', async () => {
    const rows = parseCsv(await collect(csvExport({ entries: pagesOf([MANUAL_PURCHASE, RECHARGE]) }, request())));
    const record = (i: number) => Object.fromEntries(rows[0]!.map((c, j) => [c, rows[i]![j]]));
    expect(record(1)).toMatchObject({ source: 'manual', coins: '500', price_minor: '699', price_currency: 'EUR', purchase_where: 'gift-card', explains_coins: '450' });
    expect(JSON.parse(record(1).explains!)).toEqual([
      { id: 'adjustment:initial:6801234567890123456', at: '2026-03-28T01:30:00.123+01:00', at_ms: ADJUSTMENT.at, source: 'initial-balance', coins: 300 },
      { id: 'adjustment:rise:balance:a1b2c3d4e5f60718', at: '2026-03-29T04:43:20.123+02:00', at_ms: RECHARGE.at + 800_000, source: 'balance-rise', coins: 150 },
    ]);
    // A purchase Coinsight saw has none of them: empty, not 0.
    expect(record(2)).toMatchObject({ purchase_where: '', explains_coins: '', explains: '' });
  });

  it('quotes commas, quotes and newlines so the value reads back exactly', async () => {
    const text = await collect(csvExport({ entries: pagesOf([BARE_GIFT]) }, request()));
    const rows = parseCsv(text);
    const nameColumn = rows[0]!.indexOf('gift_name');
    expect(rows[1]![nameColumn]).toBe('He said "hi", then\nleft');
  });

  it('guards text cells that a spreadsheet would run as a formula, and only text cells', async () => {
    const rows = parseCsv(await collect(csvExport({ entries: pagesOf([ADJUSTMENT]) }, request())));
    expect(rows[1]![rows[0]!.indexOf('note')]).toBe(`'${(ADJUSTMENT as { note: string }).note}`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`, 'note').startsWith(`"'`) || csvCell(`${start}1+1`, 'note').startsWith(`'`)).toBe(true);
    expect(csvCell(-5, 'coins')).toBe('-5');
    expect(csvCell('+275760-09-13T00:00:00.000+00:00', 'at')).toBe('+275760-09-13T00:00:00.000+00:00');
    expect(csvCell(null)).toBe('');
    // Every first character (UTF-16 code unit) is guarded exactly when it is one of = + - @ TAB CR, and only then.
    for (let code = 0; code < 0x10000; code++) {
      const text = `${String.fromCharCode(code)}x`;
      const guarded = csvCell(text, 'note').replace(/^"/, '').startsWith(`'${String.fromCharCode(code)}`);
      expect(guarded, `U+${code.toString(16)}`).toBe(/^[=+\-@\t\r]/.test(text));
    }
    expect(csvCell('')).toBe('');
  });

  it('streams one chunk per ledger page and hands back the summary', async () => {
    const generator = csvExport({ entries: pagesOf(ALL_ENTRIES, 2) }, request());
    const chunks: string[] = [];
    let step = await generator.next();
    while (!step.done) {
      chunks.push(step.value);
      step = await generator.next();
    }
    expect(chunks).toHaveLength(1 + Math.ceil(ALL_ENTRIES.length / 2));
    expect(step.value.entries).toBe(ALL_ENTRIES.length);
    expect(step.value.entriesByKind).toEqual({ gift: 2, recharge: 3, adjustment: 1, 'unseen-spend': 1, 'imported-gift': 1, 'imported-purchase': 1 });
    expect(step.value.coinsByKind.gift).toBe(104);
    const sidecar = JSON.parse(await csvSidecar(request(), step.value));
    expect(sidecar.summary.entries).toBe(ALL_ENTRIES.length);
    expect(sidecar.metadata.columns).toEqual([...ENTRY_COLUMN_NAMES]);
  });

  it('applies the filters: date range (from inclusive, to exclusive), kinds, account', async () => {
    const filters = { from: FULL_GIFT.at, to: RECHARGE.at, kinds: ['gift', 'recharge'] as const, account: '' };
    const rows = parseCsv(await collect(csvExport({ entries: pagesOf(ALL_ENTRIES) }, request({ filters: { ...filters, kinds: [...filters.kinds] } }))));
    expect(rows.slice(1).map((r) => r[0])).toEqual([BARE_GIFT.id]);
  });

  it('refuses an unknown time zone rather than writing UTC silently', async () => {
    await expect(collect(jsonExport({ entries: pagesOf(ALL_ENTRIES) }, request({ timeZone: 'Mars/Olympus' })))).rejects.toBeInstanceOf(ExportRequestError);
  });
});

describe('JSON and NDJSON', () => {
  it('JSON opens with the metadata block and closes with the counts', async () => {
    const text = await collect(jsonExport({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS }, request()));
    expect(text.startsWith(`{"metadata":{"format":"coinsight-export","schemaVersion":${EXPORT_SCHEMA_VERSION},`)).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['metadata', 'settings', 'entries', 'balances', 'summary']);
    expect(doc.metadata).toMatchObject({ timeZone: 'Europe/Paris', extensionVersion: '0.1.0', exportedAt: '2026-04-01T14:00:00.000+02:00' });
    expect(doc.entries).toHaveLength(ALL_ENTRIES.length);
    // The explains list is the row's one array (no JSON text inside JSON); its total sits beside it as an integer.
    expect(doc.entries[6]).toMatchObject({ purchase_where: 'gift-card', explains_coins: 450, explains: [{ coins: 300, source: 'initial-balance' }, { coins: 150, source: 'balance-rise' }] });
    expect(doc.entries[3]).toMatchObject({ purchase_where: null, explains_coins: null, explains: null });
    expect(doc.summary).toEqual({
      ...emptySummary(), entries: 9, balances: 2,
      entriesByKind: { gift: 2, recharge: 3, adjustment: 1, 'unseen-spend': 1, 'imported-gift': 1, 'imported-purchase': 1 },
      coinsByKind: { gift: 104, recharge: 600, adjustment: 1200, 'unseen-spend': 10, 'imported-gift': 30, 'imported-purchase': 70 },
    });
  });

  it('NDJSON: a metadata line, a line per record, a summary line', async () => {
    const text = await collect(ndjsonExport({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES) }, request()));
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.type)).toEqual(['metadata', ...ALL_ENTRIES.map(() => 'entry'), 'balance', 'balance', 'summary']);
    expect(lines[1]).toMatchObject({ type: 'entry', id: ADJUSTMENT.id, note: (ADJUSTMENT as { note: string }).note });
  });

  it('an empty ledger still gives a complete, parseable file', async () => {
    const doc = JSON.parse(await collect(jsonExport({ entries: pagesOf([]) }, request())));
    expect(doc.entries).toEqual([]);
    expect(doc.summary.entries).toBe(0);
  });
});

describe('timestamps, against Intl itself', () => {
  it('agree with a direct Intl reading at every minute around DST changes and in odd-offset zones', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/Sao_Paulo'];
    const starts = [Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 9, 25, 0), Date.UTC(2026, 3, 5, 14), Date.UTC(2026, 9, 4, 15), Date.UTC(2011, 11, 29, 9)];
    for (const zone of zones) {
      const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      for (const start of starts) {
        for (let at = start; at < start + 4 * 3_600_000; at += 60_000 + 7) {
          const iso = isoInZone(at, zone);
          expect(Date.parse(iso), `${zone} ${iso}`).toBe(at);
          const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
          expect(iso.slice(0, 19), zone).toBe(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`);
        }
      }
    }
  });
});

describe('timestamps, out of order', () => {
  it('are right whatever came before: zones and instants interleaved, before 1900, past 9999', () => {
    // isoInZone keeps the text of the last wall-clock hour it wrote; this walks zones and times in a shuffled order so
    // that every step can hit or miss that memory, and checks each result on its own.
    const zones = ['Europe/Paris', 'Asia/Kathmandu', 'America/St_Johns', 'UTC', 'Pacific/Kiritimati', 'Europe/London'];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const zone = zones[Math.floor(random() * zones.length)]!;
      const at = Date.UTC(1950, 0, 1) + Math.floor(random() * 100 * 365 * 86_400_000);
      const near = random() < 0.5 ? at : at + Math.floor(random() * 7_200_000) - 3_600_000; // often the same hour as before
      const iso = isoInZone(near, zone);
      expect(Date.parse(iso), `${zone} ${near} ${iso}`).toBe(near);
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(near).map((x) => [x.type, x.value]));
      expect(iso.slice(0, 19), `${zone} ${near}`).toBe(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`);
    }
    expect(isoInZone(8_640_000_000_000_000, 'UTC')).toBe('+275760-09-13T00:00:00.000+00:00');
    expect(isoInZone(-8_640_000_000_000_000, 'UTC')).toBe('-271821-04-20T00:00:00.000+00:00');
    expect(isoInZone(-1, 'UTC')).toBe('1969-12-31T23:59:59.999+00:00');
    expect(isoInZone(Date.UTC(-5, 0, 1, 3), 'UTC')).toBe('-000005-01-01T03:00:00.000+00:00'); // Intl says 6 BC
    expect(Date.parse(isoInZone(Date.UTC(1850, 5, 1, 12, 0, 0, 5), 'Europe/Paris'))).toBe(Date.UTC(1850, 5, 1, 12, 0, 0, 5));
  });
});

describe('streaming', () => {
  it('reads the next ledger page only after the previous page has been handed out (memory stays one page deep)', async () => {
    const events: string[] = [];
    async function* ledger() {
      for (let page = 0; page < 3; page++) {
        events.push(`read ${page}`);
        yield ALL_ENTRIES.slice(page * 2, page * 2 + 2);
      }
    }
    for (const write of [csvExport, jsonExport, ndjsonExport]) {
      events.length = 0;
      for await (const chunk of write({ entries: ledger() }, request())) events.push(`chunk ${chunk.length > 0}`);
      const reads = events.map((e, i) => (e.startsWith('read') ? i : -1)).filter((i) => i >= 0);
      // Between two reads there is always a chunk: page n+1 is not pulled while page n's rows are still held.
      for (let k = 1; k < reads.length; k++) expect(events.slice(reads[k - 1]! + 1, reads[k]).some((e) => e.startsWith('chunk'))).toBe(true);
    }
  });
});

describe('exportChunks', () => {
  it('dispatches each format of the options page select to its writer', async () => {
    const { exportChunks, EXPORT_FORMATS } = await import('./index');
    expect(EXPORT_FORMATS).toEqual(['csv', 'json', 'ndjson']);
    const starts = await Promise.all(EXPORT_FORMATS.map(async (format) => (await collect(exportChunks(format, { entries: pagesOf(ALL_ENTRIES) }, request()))).slice(0, 14)));
    expect(starts).toEqual(['id,kind,at,at_', '{"metadata":{"', '{"type":"metad']);
  });
});
