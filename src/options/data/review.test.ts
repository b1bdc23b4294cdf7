/**
 * The review before sharing, below the browser: the rows it shows a page at a time (same filters as the export), and
 * the reviewed export: removed rows and withheld columns are absent, the metadata says so, and the file validates
 * against the shipped schema.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESEARCH_COLUMNS, NO_FILTERS } from '../../core/export';
import { validateAgainst } from '../../core/export/json-schema-subset';
import type { JsonSchema } from '../../core/export/schema-document';
import { MemoryStorage, seedLedger } from '../../background/handlers/data.fixtures';
import { NOW, OTHER, freshDb, ledgerOf } from '../../background/recorder.fixtures';
import { exportFile, isBackup, type ExportChoice } from './export-file';
import { reviewPage } from './ledger-pages';

const SCHEMA = JSON.parse(readFileSync(fileURLToPath(new URL('../../../public/export-schema.json', import.meta.url)), 'utf8')) as JsonSchema;
const env = (db: ReturnType<typeof freshDb>) => {
  const storage = new MemoryStorage();
  return { db, readLocal: (key: string) => storage.get(key), timeZone: 'Europe/Paris', now: NOW, extensionVersion: '0.1.0' };
};

describe('review before sharing', () => {
  it('shows the rows the export would hold, one page at a time, with the export filters', async () => {
    const db = freshDb();
    await seedLedger(db);
    const all = (await ledgerOf(db)).map((e) => e.id);
    const pages = [await reviewPage(db, NO_FILTERS, 0, 3), await reviewPage(db, NO_FILTERS, 3, 3), await reviewPage(db, NO_FILTERS, 6, 3)];
    expect(pages.map((p) => p.length)).toEqual([3, 3, all.length - 6]);
    expect(new Set(pages.flat().map((e) => e.id))).toEqual(new Set(all));
    const gifts = await reviewPage(db, { ...NO_FILTERS, kinds: ['gift'], account: OTHER }, 0, 50);
    expect(gifts.map((e) => [e.kind, e.account])).toEqual([['gift', OTHER]]);
    // With a kinds filter, pages are counted in the rows that pass it.
    const allGifts = (await ledgerOf(db)).filter((e) => e.kind === 'gift').map((e) => e.id);
    const giftPages = [await reviewPage(db, { ...NO_FILTERS, kinds: ['gift'] }, 0, 2), await reviewPage(db, { ...NO_FILTERS, kinds: ['gift'] }, 2, 2), await reviewPage(db, { ...NO_FILTERS, kinds: ['gift'] }, 4, 2)];
    expect(giftPages.flat().map((e) => e.id).sort()).toEqual(allGifts.sort());
    expect(giftPages.flat().every((e) => e.kind === 'gift')).toBe(true);
  });

  it('a reviewed export leaves out the removed rows and held-back fields, says so in its metadata, and validates', async () => {
    const db = freshDb();
    await seedLedger(db);
    const rows = await reviewPage(db, NO_FILTERS, 0, 50);
    const removed = rows.filter((e) => e.kind === 'gift').slice(0, 2).map((e) => e.id);
    const allowed = DEFAULT_RESEARCH_COLUMNS.filter((c) => c !== 'gift_name');
    const choice: ExportChoice = {
      format: 'json', filters: NO_FILTERS, pseudonymisation: { mode: 'random' }, review: { removedIds: new Set(removed), allowedColumns: allowed },
    };
    expect(isBackup({ ...choice, pseudonymisation: { mode: 'none' } })).toBe(false);
    const file = await exportFile(env(db), choice, () => undefined);
    const doc = JSON.parse(await file.blob.text());
    expect(validateAgainst(SCHEMA, doc)).toBeNull();
    expect(doc.entries).toHaveLength(rows.length - 2);
    expect(doc.metadata.review).toEqual({ removedRows: 2, withheldColumns: expect.arrayContaining(['gift_name', 'creator_handle', 'note']) });
    expect(doc.metadata.withheldColumns).toEqual(doc.metadata.review.withheldColumns);
    expect(doc.summary.removedRows).toBe(2);
    for (const entry of doc.entries) {
      expect(Object.keys(entry)).toEqual(doc.metadata.columns);
      expect(entry).not.toHaveProperty('gift_name');
    }
    expect(await file.blob.text()).not.toContain('sunset.cooking'); // free text stays out
    // Without pseudonyms the ids are in the file as they are: the removed ones are not.
    const open = JSON.parse(await (await exportFile(env(db), { ...choice, pseudonymisation: { mode: 'none' } }, () => undefined)).blob.text());
    expect(open.entries.map((e: { id: string }) => e.id).sort()).toEqual(rows.map((e) => e.id).filter((id) => !removed.includes(id)).sort());
    expect(open.metadata.review.removedRows).toBe(2);
  });

  it('an export that was not reviewed says so (review: null)', async () => {
    const db = freshDb();
    await seedLedger(db);
    const file = await exportFile(env(db), { format: 'ndjson', filters: NO_FILTERS, pseudonymisation: { mode: 'none' } }, () => undefined);
    const metadata = JSON.parse((await file.blob.text()).split('\n')[0]!);
    expect(metadata.review).toBeNull();
  });
});
