/**
 * "Your data" on the options page, in Chromium with the built extension: a ledger captured through the stand-in
 * (coins held at install, a package bought, Roses sent) is exported in each format through the page (a real
 * download), parsed (the CSV by Python's csv module) and compared with the stored ledger row by row, JSON and NDJSON
 * validated against the shipped schema; a corrupt file is refused with the first bad record and changes nothing; a
 * backup restored into a fresh profile gives back the same ledger, balances, settings and limits, and again adds nothing;
 * a study key gives one creator the same pseudonym in two profiles (another key, another), with no raw id in the file;
 * delete-all leaves nothing behind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BalanceObservation, GiftEntry, LedgerEntry } from '../../src/core/ledger';
import { byId, csvRows, entryOf, jsonExportOf, ndjsonLinesOf, scratchFilesInPage } from './export-files';
import { SCRATCH_DIR } from '../../src/platform/scratch-files';
import { launchChromium, openExtensionPage, readStorageLocal, readStore, text, waitFor, withChromium } from './harness';
import { limitRule, saveLimit, sendFromPage } from './limits-harness';
import { ROSE, buyPackage, openLive, sendGift } from './live-page';
import type { LimitsView } from '../../src/platform/protocol';
import { GUARD_KEY } from '../../src/core/guard-state';
import { LIMITS_KEY } from '../../src/core/limits';

async function openData(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="export-start"]');
}

/** Exports in `format` through the page and returns the downloaded file's text. */
async function exportThroughPage(page: Page, format: 'csv' | 'json' | 'ndjson'): Promise<{ name: string; body: string }> {
  await page.selectOption('[data-testid="export-format"]', format);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-start"]')]);
  const path = await download.path();
  await page.waitForSelector('[data-testid="export-done"]');
  return { name: download.suggestedFilename(), body: readFileSync(path, 'utf8') };
}

async function everyStore(page: Page): Promise<Record<string, unknown[]>> {
  const names = await page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      resolve([...open.result.objectStoreNames]);
      open.result.close();
    };
  }));
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = (await readStore<unknown>(page, name)).map((row) => JSON.stringify(row)).sort();
  return out;
}

/** The limits as the worker lists them (what the limits page shows). */
async function limitsOf(page: Page): Promise<LimitsView['rules']> {
  const reply = await sendFromPage(page, 'limits/view', { roomId: null });
  if (!reply.ok) throw new Error(reply.error);
  return (reply.value as LimitsView).rules;
}

interface StudyFile {
  text: string;
  metadata: { pseudonymisation: { mode: string; keyCheck: string } };
  entries: Record<string, unknown>[];
}

/** A JSON export under a study key, made through the page. */
async function studyExport(page: Page, key: string): Promise<StudyFile> {
  await page.check('[data-testid="export-pseudonyms-study"]');
  await page.fill('[data-testid="export-study-key"]', key);
  const { body } = await exportThroughPage(page, 'json');
  return { text: body, ...jsonExportOf<Omit<StudyFile, 'text'>>(body) };
}

describe('your data: export, restore, delete', () => {
  const suite = withChromium({ initialCoins: 1000, locale: 'en-US' });
  let backup = '';

  it('exports each format through the page; every file matches the ledger row by row', async () => {
    const live = await suite.session.context.newPage();
    expect((await buyPackage(live, 1)).status).toBe('succeeded');
    await openLive(live);
    for (let tap = 0; tap < 4; tap++) expect(await sendGift(live, ROSE)).toBe('ok');
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await waitFor('the purchase and the Roses in the ledger', async () => {
      const entries = await readStore<LedgerEntry>(options);
      return entries.some((e) => e.kind === 'recharge') && entries.filter((e) => e.kind === 'gift').length === 4;
    });
    await live.close();
    // A setting of my own, which the backup must carry.
    await openData(options);
    await options.selectOption('[data-testid="display-currency"]', 'EUR');
    await options.click('[data-testid="save-settings"]');
    await waitFor('euros saved', async () => ((await readStorageLocal(options)).settings as { displayCurrency?: string } | undefined)?.displayCurrency === 'EUR');
    const ledger = byId(await readStore<LedgerEntry>(options));
    const balances = byId(await readStore<BalanceObservation>(options, 'balances'));
    expect(new Set(ledger.map((e) => e.kind))).toEqual(new Set(['adjustment', 'recharge', 'gift']));

    // CSV, read by Python's csv module (RFC 4180): one row per entry, same ids, kinds, coins and times.
    const csv = await exportThroughPage(options, 'csv');
    expect(csv.name).toMatch(/^coinsight-export-.*\.csv$/);
    const parsed = csvRows(csv.body);
    expect(byId(parsed as ({ id: string } & Record<string, string>)[]).map((row) => [row.id, row.kind, Number(row.coins), Number(row.at_ms)]))
      .toEqual(ledger.map((e) => [e.id, e.kind, e.coins, e.at]));
    expect(await options.getAttribute('[data-testid="export-sidecar"]', 'download')).toBe(csv.name.replace(/\.csv$/, '.meta.json'));

    // JSON: valid against the shipped schema; every entry and balance as stored; the settings carried.
    const json = await exportThroughPage(options, 'json');
    const doc = jsonExportOf(json.body);
    expect(byId(doc.entries.map(entryOf))).toEqual(ledger);
    expect(doc.balances.map((b) => b.id).sort()).toEqual(balances.map((b) => b.id));
    expect(doc.summary.entries).toBe(ledger.length);
    expect(doc.settings?.displayCurrency).toBe('EUR');
    expect(doc.metadata.timeZone).toBe('UTC');

    // NDJSON: every line valid; the entries as stored. It is kept as the backup for the next scenarios.
    const ndjson = await exportThroughPage(options, 'ndjson');
    expect(ndjson.name).toMatch(/^coinsight-backup-.*\.ndjson$/);
    const lines = ndjsonLinesOf(ndjson.body);
    expect(byId(lines.filter((l) => l.type === 'entry').map(({ type: _type, ...row }) => entryOf(row)))).toEqual(ledger);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', entries: ledger.length, balances: balances.length });
    backup = ndjson.body;
    await options.close();
  });

  it('refuses a corrupt file, naming the first bad record, and changes nothing', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await openData(options);
    const before = { stores: await everyStore(options), local: await readStorageLocal(options) };
    const lines = backup.trimEnd().split('\n');
    const bad = lines.findIndex((line) => line.includes('"kind":"gift"'));
    lines[bad] = lines[bad]!.replace(/"coins":\d+/, '"coins":-3');
    await options.setInputFiles('[data-testid="import-file"]', { name: 'edited.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
    await options.waitForSelector('[data-testid="import-error"]');
    expect(await text(options, 'import-error')).toMatch(new RegExp(`^Nothing was restored from edited\\.ndjson: line ${bad + 1}, id "gift:[^"]+": .*coins`));
    await options.setInputFiles('[data-testid="import-file"]', { name: 'table.json', mimeType: 'application/json', buffer: Buffer.from('id,kind,coins\ngift:msg:1,gift,5\n') });
    await waitFor('the CSV refused', async () => (await text(options, 'import-error')).startsWith('Nothing was restored from table.json'));
    expect(await options.locator('[data-testid="import-done"]').count()).toBe(0);
    expect({ stores: await everyStore(options), local: await readStorageLocal(options) }).toEqual(before);
    await options.close();
  });

  it('restores the backup into a fresh profile: the same ledger, balances, settings and limits; a second restore adds nothing', async () => {
    const source = await openExtensionPage(suite.session, 'src/options/index.html');
    const ledger = byId(await readStore<LedgerEntry>(source));
    const balances = byId(await readStore<BalanceObservation>(source, 'balances'));
    const settings = (await readStorageLocal(source)).settings;
    // Two limits of my own, saved through the worker's door as the limits page does; a backup made now carries them.
    const creator = (ledger.find((e) => e.kind === 'gift') as GiftEntry).creatorId!;
    await saveLimit(source, limitRule({ period: { kind: 'week' }, cap: { kind: 'coins', coins: 100_000 }, action: 'confirm', overridesPerPeriod: 2, confirmDelaySeconds: 3 }));
    await saveLimit(source, limitRule({ scope: { kind: 'creator', creator }, period: { kind: 'day' }, cap: { kind: 'coins', coins: 50 }, action: 'warn', carryOver: 'roll-unused' }));
    const limits = await limitsOf(source);
    expect(limits).toHaveLength(2);
    await openData(source);
    const withLimits = (await exportThroughPage(source, 'ndjson')).body;
    expect(ndjsonLinesOf(withLimits).find((line) => line.type === 'limits')).toEqual({ type: 'limits', limits });
    await source.close();
    const fresh = await launchChromium(suite.site.port);
    try {
      const options = await openExtensionPage(fresh, 'src/options/index.html');
      await openData(options);
      expect(await readStore<LedgerEntry>(options)).toEqual([]);
      const file = { name: 'coinsight-backup.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(withLimits) };
      await options.setInputFiles('[data-testid="import-file"]', file);
      await options.waitForSelector('[data-testid="import-done"]');
      expect(await text(options, 'import-done')).toBe(`Restored: ${ledger.length} entries added, 0 already here, ${balances.length} wallet readings added. Settings restored. Limits restored: 2.`);
      expect(byId(await readStore<LedgerEntry>(options))).toEqual(ledger);
      expect(byId(await readStore<BalanceObservation>(options, 'balances'))).toEqual(balances);
      expect((await readStorageLocal(options)).settings).toEqual(settings);
      expect(await limitsOf(options)).toEqual(limits);
      await waitFor('the page showing the restored currency', async () => (await options.inputValue('[data-testid="display-currency"]')) === 'EUR');

      await options.setInputFiles('[data-testid="import-file"]', file);
      await waitFor('the second restore', async () => (await text(options, 'import-done').catch(() => '')).includes(`0 entries added, ${ledger.length} already here`));
      expect(byId(await readStore<LedgerEntry>(options))).toEqual(ledger);
      expect(await limitsOf(options)).toEqual(limits);
    } finally {
      await fresh.close();
    }
  });

  it('pseudonymises under a study key: one creator, the same pseudonym in two profiles; another key, another; no raw id or handle', async () => {
    const KEY = 'our-study-2026-spring';
    const a = await openExtensionPage(suite.session, 'src/options/index.html');
    await openData(a);
    const ledger = await readStore<LedgerEntry>(a);
    const A1 = await studyExport(a, KEY);
    const A2 = await studyExport(a, 'another-study-key-2026');
    await a.close();
    // A second browser profile, where the same person sends one Rose in the same creator's LIVE.
    const fresh = await launchChromium(suite.site.port);
    try {
      const live = await fresh.context.newPage();
      await openLive(live);
      expect(await sendGift(live, ROSE)).toBe('ok');
      const b = await openExtensionPage(fresh, 'src/options/index.html');
      await waitFor('the Rose in the second profile', async () => (await readStore<LedgerEntry>(b)).some((e) => e.kind === 'gift'));
      await openData(b);
      const B1 = await studyExport(b, KEY);

      const creators = (file: StudyFile) => [...new Set(file.entries.filter((e) => e.kind === 'gift').map((e) => e.creator_id))];
      expect(creators(A1)).toHaveLength(1);
      expect(creators(B1)).toEqual(creators(A1));
      expect(creators(A2)).toHaveLength(1);
      expect(creators(A2)).not.toEqual(creators(A1));
      expect(B1.metadata.pseudonymisation).toEqual(A1.metadata.pseudonymisation);
      expect(A2.metadata.pseudonymisation.keyCheck).not.toBe(A1.metadata.pseudonymisation.keyCheck);
      // Nothing that names anyone: no raw identifier of any entry, no handle, no gift's free text.
      const gift = ledger.find((e) => e.kind === 'gift') as GiftEntry;
      const raw = [gift.account, gift.creatorId, gift.roomId, gift.creatorHandle, ...ledger.flatMap((e) => [e.id, 'orderId' in e ? e.orderId : null, 'msgId' in e ? e.msgId : null])]
        .filter((value): value is string => typeof value === 'string' && value.length > 0);
      expect(raw.length).toBeGreaterThan(4);
      for (const file of [A1, A2, B1]) for (const value of raw) expect(file.text.includes(value), value).toBe(false);
      expect(A1.entries.every((e) => !('creator_handle' in e) && !('note' in e))).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('deletes all data after a confirmation that says what is lost and offers a backup; nothing is left behind', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await openData(options);
    const entries = (await readStore<LedgerEntry>(options)).length;
    await options.click('[data-testid="delete-all"]');
    expect(await text(options, 'delete-what')).toContain(`every entry of your ledger (${entries} entries)`);
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('[data-testid="delete-backup-first"]')]);
    const saved = readFileSync(await download.path(), 'utf8');
    expect(saved.trimEnd().split('\n').length).toBe(backup.trimEnd().split('\n').length);
    // The backup was written to disk on its way to the download (options/data/disk-sink.ts): its scratch file is there.
    expect(await options.evaluate(scratchFilesInPage, SCRATCH_DIR)).toContainEqual({ name: expect.stringMatching(/^export-\d+-\w+\.part$/), size: Buffer.byteLength(saved) });
    // The restore case left two limits here, one of them in the guard state the relays read.
    expect(Object.keys(await readStorageLocal(options))).toEqual(expect.arrayContaining([LIMITS_KEY, GUARD_KEY]));
    await options.click('[data-testid="confirm-delete-all"]');
    await options.waitForSelector('[data-testid="delete-done"]');
    const stores = await everyStore(options);
    // Only the deletion itself is left in the activity log: tamper evidence for a parent (background/lock/gate.ts).
    expect(Object.entries(stores).filter(([, rows]) => rows.length > 0).map(([name]) => name).sort()).toEqual(['activity', 'builds', 'creatorDays']);
    expect(stores.activity).toEqual([expect.stringMatching(/"kind":"data-changed".*"message":"deleteAllData"/)]);
    expect(stores.builds).toEqual(['{"store":"lots","complete":1}']);
    expect(stores.creatorDays).toEqual(['{"account":"","day":-1,"creator":"","since":0}']);
    expect(await readStorageLocal(options)).toEqual({});
    expect(await options.evaluate(scratchFilesInPage, SCRATCH_DIR)).toBeNull();
    // No limit is left for the worker, and what it did after the deletion (a limits refresh) stored nothing back.
    expect(await limitsOf(options)).toEqual([]);
    expect(await readStorageLocal(options)).toEqual({});
    await options.close();
  });
});
