import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, readBackup, type ExportFilters } from '../../core/export';
import type { LedgerEntry } from '../../core/ledger';
import { SETTINGS_KEY, settingsPatchSchema } from '../../platform/settings';
import { MemoryStorage, seedLedger } from '../../background/handlers/data.fixtures';
import { DOUGHNUT, MIN, NOW, OTHER, ROSE, T0, freshDb, giftEntry, giftObs, ledgerOf } from '../../background/recorder.fixtures';
import { recordBatch } from '../../background/recorder';
import type { CoinsightDb } from '../../platform/db';
import { exportFile, isBackup, type ExportChoice } from './export-file';
import { balancePages, ledgerPages, rowsToRead } from './ledger-pages';

const collect = async (pages: AsyncIterable<LedgerEntry[]>) => {
  const sizes: number[] = [];
  const ids: string[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    ids.push(...page.map((entry) => entry.id));
  }
  return { sizes, ids };
};
const byTime = (entries: LedgerEntry[]) => entries.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((entry) => entry.id);

/** Twelve gifts, seven of them at the very same instant, so pages of 3 cut through a run of equal times. */
async function crowdedLedger(db: CoinsightDb): Promise<void> {
  const gifts = Array.from({ length: 12 }, (_, i) =>
    giftEntry(`74810000000000000${String(i).padStart(2, '0')}`, T0 + (i >= 2 && i < 9 ? 5 * MIN : i * MIN), i % 2 ? ROSE : DOUGHNUT, 1, i === 11 ? OTHER : undefined));
  await recordBatch(db, gifts.map(giftObs), { now: NOW });
}

describe('ledger pages (keyset over the time index)', () => {
  it('read every entry once, in time order, when pages cut through a run of equal times', async () => {
    const db = freshDb();
    await crowdedLedger(db);
    const all = byTime(await db.ledger.toArray());
    for (const size of [1, 2, 3, 5, 7, 100]) {
      const { ids, sizes } = await collect(ledgerPages(db, NO_FILTERS, size));
      expect(ids, `pages of ${size}`).toEqual(all);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(size);
    }
  });

  it('read only the filtered period and account, through the index (and count them for progress)', async () => {
    const db = freshDb();
    await crowdedLedger(db);
    const entries = await db.ledger.toArray();
    const cases: ExportFilters[] = [
      { ...NO_FILTERS, from: T0 + 5 * MIN, to: T0 + 10 * MIN },
      { ...NO_FILTERS, account: OTHER },
      { ...NO_FILTERS, from: T0 + 5 * MIN, account: entries[0]!.account },
      { ...NO_FILTERS, to: T0 + 5 * MIN },
    ];
    for (const filters of cases) {
      const wanted = byTime(entries.filter((e) => (filters.from === null || e.at >= filters.from) && (filters.to === null || e.at < filters.to) && (filters.account === null || e.account === filters.account)));
      expect((await collect(ledgerPages(db, filters, 2))).ids, JSON.stringify(filters)).toEqual(wanted);
      expect(await rowsToRead(db, filters)).toBe(wanted.length);
    }
  });

  it('read the balances the same way', async () => {
    const db = freshDb();
    await seedLedger(db);
    const read: string[] = [];
    for await (const page of balancePages(db, NO_FILTERS, 1)) read.push(...page.map((b) => b.id));
    expect(read).toEqual((await db.balances.orderBy('at').toArray()).map((b) => b.id));
  });
});

describe('an export made on the page', () => {
  const env = (db: CoinsightDb, storage = new MemoryStorage()) => ({ db, readLocal: (key: string) => storage.get(key), timeZone: 'UTC', now: NOW, extensionVersion: '0.1.0' });
  const choice = (overrides: Partial<ExportChoice> = {}): ExportChoice => ({ format: 'ndjson', filters: NO_FILTERS, pseudonymisation: { mode: 'none' }, ...overrides });

  it('a whole, open JSON or NDJSON export is a backup: it carries the settings and restores to the same ledger', async () => {
    const db = freshDb();
    await seedLedger(db);
    const settings = { displayCurrency: 'EUR', weekStart: 6, conversion: { basis: 'web-package', customRate: null, diamondRate: null, exchangeRates: [] } };
    const progress: number[] = [];
    const file = await exportFile(env(db, new MemoryStorage({ [SETTINGS_KEY]: settings })), choice(), ({ read, total }) => progress.push(read / total));
    expect(file.fileName).toBe(`coinsight-backup-${new Date(NOW).toISOString().slice(0, 19).replaceAll(':', '-')}.ndjson`);
    expect(file.sidecar).toBeNull();
    expect(progress.at(-1)).toBe(1);
    const restored = await readBackup(new Uint8Array(await file.blob.arrayBuffer()), { checkSettings: settingsPatchSchema });
    if (!restored.ok) throw restored.error;
    expect(restored.content.entries).toEqual(await ledgerOf(db));
    expect(restored.content.settings).toEqual(settings);
  });

  it('a filtered, pseudonymised or CSV export is not a backup: no settings; a CSV comes with its metadata', async () => {
    expect(isBackup(choice({ format: 'csv' }))).toBe(false);
    expect(isBackup(choice({ pseudonymisation: { mode: 'random' } }))).toBe(false);
    expect(isBackup(choice({ filters: { ...NO_FILTERS, kinds: ['gift'] } }))).toBe(false);
    const db = freshDb();
    await seedLedger(db);
    const csv = await exportFile(env(db), choice({ format: 'csv', filters: { ...NO_FILTERS, kinds: ['gift'] } }), () => undefined);
    expect(csv.fileName).toMatch(/^coinsight-export-.*\.csv$/);
    expect((await csv.blob.text()).trimEnd().split('\n')).toHaveLength(1 + 5); // header + five gifts
    expect(JSON.parse(await csv.sidecar!.text())).toMatchObject({ metadata: { filters: { kinds: ['gift'] } }, summary: { entries: 5 } });

    const study = await exportFile(env(db), choice({ format: 'json', pseudonymisation: { mode: 'study', key: 'correct horse battery staple' } }), () => undefined);
    const text = await study.blob.text();
    expect(JSON.parse(text)).not.toHaveProperty('settings');
    for (const entry of await db.ledger.toArray()) expect(text).not.toContain(entry.account);
    expect(text).not.toContain('sunset.cooking');
  });

  it('a study key shorter than the minimum is refused before anything is read', async () => {
    const db = freshDb();
    await recordBatch(db, [giftObs(giftEntry('7481000000000000001', T0, DOUGHNUT))], { now: NOW });
    await expect(exportFile(env(db), choice({ pseudonymisation: { mode: 'study', key: 'short' } }), () => undefined)).rejects.toThrow(/12/);
  });
});
