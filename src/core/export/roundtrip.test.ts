import { describe, expect, it } from 'vitest';
import { jsonExport, ndjsonExport } from './json-export';
import type { EntryCost } from './costs';
import { readBackup } from './restore';
import { MAX_EXPLAINS, type ExplainedCoins, type LedgerEntry, type RechargeEntry } from '../ledger';
import { ALL_ENTRIES, BALANCES, MANUAL_PURCHASE, SETTINGS, bytes, checkSettings, collect, pagesOf, request } from './export.fixtures';

const manual = MANUAL_PURCHASE as RechargeEntry;
/** The largest explains list the ledger accepts, each id as long as the ledger allows: one row of ~300,000 characters. */
const LONGEST_EXPLAINS: ExplainedCoins[] = Array.from({ length: MAX_EXPLAINS }, (_, i) => ({
  id: `adjustment:rise:balance:${String(i).padStart(176, '0')}`, at: manual.at + i * 60_000, source: 'balance-rise', coins: 1,
}));

describe('backup round trip', () => {
  for (const [name, write] of [['JSON', jsonExport], ['NDJSON', ndjsonExport]] as const) {
    it(`${name}: restoring an export gives back the same entries, balances and settings`, async () => {
      const text = await collect(write({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS }, request()));
      const result = await readBackup(bytes(text), { checkSettings });
      if (!result.ok) throw result.error;
      expect(result.content.entries).toEqual(ALL_ENTRIES);
      expect(result.content.balances).toEqual(BALANCES);
      expect(result.content.settings).toEqual(SETTINGS);
      expect(result.content.summary.entries).toBe(ALL_ENTRIES.length);
      expect(result.content.metadata.timeZone).toBe('Europe/Paris');
    });

    it(`${name}: restores the same when the file arrives in small byte chunks (split inside characters and lines)`, async () => {
      const data = bytes(await collect(write({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS }, request())));
      const chunks = function* () {
        for (let i = 0; i < data.length; i += 7) yield data.subarray(i, i + 7);
      };
      const result = await readBackup(chunks(), { checkSettings });
      if (!result.ok) throw result.error;
      expect(result.content.entries).toEqual(ALL_ENTRIES);
    });
  }

  it('a backup with the cost columns filled restores the same entries (they are derived), and so does a version-2 backup without them', async () => {
    const costs = (page: readonly LedgerEntry[]): Map<string, EntryCost> => new Map(page.filter((e) => e.kind === 'gift' || e.kind === 'unseen-spend')
      .map((e) => [e.id, { cost: { paid: { USD: 3 }, pricedCoins: 1, unpriced: { 'initial-balance': e.coins - 1 } }, estimate: { minor: 7, currency: 'USD', basis: 'usd-web-package-2022' } }]));
    const text = await collect(ndjsonExport({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS, costs }, request()));
    expect(text).toContain('"cost_estimate_basis":"usd-web-package-2022"');
    const result = await readBackup(bytes(text), { checkSettings });
    if (!result.ok) throw result.error;
    expect(result.content.entries).toEqual(ALL_ENTRIES);
    const v2 = text.trimEnd().split('\n').map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record.type === 'metadata') {
        record.schemaVersion = 2;
        delete (record.contents as Record<string, unknown>).limits; // version 2 has no limits block
        record.columns = (record.columns as string[]).filter((column) => !column.startsWith('cost_'));
      }
      for (const key of Object.keys(record)) if (key.startsWith('cost_')) delete record[key];
      return JSON.stringify(record);
    }).join('\n');
    const older = await readBackup(bytes(v2), { checkSettings });
    if (!older.ok) throw older.error;
    expect(older.content.entries).toEqual(ALL_ENTRIES);
  });

  describe('a purchase typed in by hand', () => {
    const restored = async (entries: readonly LedgerEntry[], write: typeof jsonExport) => {
      const result = await readBackup(bytes(await collect(write({ entries: pagesOf(entries) }, request()))), { checkSettings });
      if (!result.ok) throw result.error;
      return result.content.entries;
    };

    for (const [name, write] of [['JSON', jsonExport], ['NDJSON', ndjsonExport]] as const) {
      it(`${name}: comes back with its place and the exact adjustments it explains (ids, dates, sources, coins)`, async () => {
        const [entry] = await restored([MANUAL_PURCHASE], write);
        expect(entry).toEqual(MANUAL_PURCHASE);
        expect((entry as RechargeEntry).explains).toEqual(manual.explains); // what deleting it will give back
      });

      it(`${name}: an explains list of the most items the ledger allows (a row far over 64 Ki characters) still restores`, async () => {
        const big: RechargeEntry = { ...manual, coins: MAX_EXPLAINS, explains: LONGEST_EXPLAINS };
        const text = await collect(write({ entries: pagesOf([big]) }, request()));
        expect(Math.max(...text.split('\n').map((line) => line.length))).toBeGreaterThan(64 * 1024);
        expect(await restored([big], write)).toEqual([big]);
      });
    }

    it('without explains, with an empty list, and without a place: each restores as it was (absent stays absent)', async () => {
      const { explains: _explains, where: _where, ...bare } = manual;
      const variants: RechargeEntry[] = [{ ...bare, id: 'recharge:manual:a' }, { ...manual, id: 'recharge:manual:b', explains: [] }, { ...bare, id: 'recharge:manual:c', where: 'app' }];
      expect(await restored(variants, ndjsonExport)).toEqual(variants);
    });
  });

  it('a JSON backup re-indented by another tool (jq, an editor) still restores', async () => {
    const text = await collect(jsonExport({ entries: pagesOf(ALL_ENTRIES), balances: pagesOf(BALANCES), settings: SETTINGS }, request()));
    const result = await readBackup(bytes(JSON.stringify(JSON.parse(text), null, 2)), { checkSettings });
    if (!result.ok) throw result.error;
    expect(result.content.entries).toEqual(ALL_ENTRIES);
  });

  it('an export in another time zone restores the same instants', async () => {
    const text = await collect(ndjsonExport({ entries: pagesOf(ALL_ENTRIES) }, request({ timeZone: 'Australia/Lord_Howe' })));
    const result = await readBackup(bytes(text), { checkSettings });
    if (!result.ok) throw result.error;
    expect(result.content.entries).toEqual(ALL_ENTRIES);
    expect(result.content.settings).toBeNull();
  });
});
