import { describe, expect, it } from 'vitest';
import { jsonExport, ndjsonExport } from './json-export';
import { readBackup } from './restore';
import { ALL_ENTRIES, BALANCES, SETTINGS, bytes, checkSettings, collect, pagesOf, request } from './export.fixtures';

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
