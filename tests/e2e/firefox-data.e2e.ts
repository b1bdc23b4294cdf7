/**
 * Firefox: "Your data" as in Chromium (data.e2e.ts). A ledger captured through the stand-in (100 coins held at install,
 * 70 bought for $0.74, Hand Hearts and a Doughnut sent) is exported in each format through the options page, each a real
 * download; the CSV is read by Python's csv module, the JSON and NDJSON validate against the shipped schema, every file
 * matches the ledger row by row and carries what each gift cost (worked out by hand below). The NDJSON backup is
 * restored into a fresh profile (same ledger, balances and settings), where a corrupt file is then refused with the
 * first bad record and changes nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { BalanceObservation, LedgerEntry } from '../../src/core/ledger';
import { byId, csvRows, entryOf, jsonExportOf, ndjsonLinesOf, scratchFilesInPage } from './export-files';
import { SCRATCH_DIR } from '../../src/platform/scratch-files';
import { LAST_BEAT_KEY } from '../../src/core/activity/gaps';
import { waitFor } from './harness';
import { buyPackage, launchFirefox, nextDownload, openExtensionPage, readStore, sendGift, withFirefox, type FirefoxSession } from './firefox';
import { LIVE_URL } from './live-page';

const DOUGHNUT = 9104; // 30 coins
const HAND_HEARTS = 9105; // 100 coins
const READY = '[data-testid="export-start"]';

const textOf = (page: Page, testid: string) => page.$eval(`[data-testid="${testid}"]`, (el) => (el.textContent ?? '').trim()).catch(() => '');

async function exportThroughPage(session: FirefoxSession, page: Page, format: 'csv' | 'json' | 'ndjson') {
  await page.select('[data-testid="export-format"]', format);
  const file = await nextDownload(session, () => page.click('[data-testid="export-start"]'));
  await waitFor('the export reported', () => textOf(page, 'export-done').then((done) => done.endsWith(`.${format}.`)));
  return file;
}

/** Every object store's rows and storage.local (but the minute heartbeat), as text: equal exactly when nothing changed. */
async function everything(page: Page): Promise<unknown> {
  return page.evaluate(async (beatKey) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('coinsight');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const stores: Record<string, string[]> = {};
    for (const name of [...db.objectStoreNames]) {
      stores[name] = await new Promise<string[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve((request.result as unknown[]).map((row) => JSON.stringify(row)).sort());
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    const api = (globalThis as unknown as { browser: { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } } }).browser;
    const { [beatKey]: _beat, ...local } = await api.storage.local.get(null);
    return { stores, local };
  }, LAST_BEAT_KEY);
}

async function restore(page: Page, file: string): Promise<void> {
  const input = await page.$('input[data-testid="import-file"]');
  await input!.uploadFile(file);
}

describe('Firefox: your data', () => {
  const suite = withFirefox({ initialCoins: 100, locale: 'en-US' });

  it('exports each format as a download, restores the backup into a fresh profile, and refuses a corrupt file changing nothing', async () => {
    const live = await suite.session.browser.newPage();
    await buyPackage(live, 0);
    await live.goto(LIVE_URL);
    await live.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await live.waitForSelector('[data-testid="balance"][data-state="ready"]');
    expect(await sendGift(live, HAND_HEARTS)).toBe('ok');
    expect(await sendGift(live, DOUGHNUT)).toBe('ok');
    await live.close();

    const options = await openExtensionPage(suite.session, 'src/options/index.html', READY);
    await waitFor('the priced recharge and both gifts', async () => {
      const entries = await readStore<LedgerEntry>(options, 'ledger');
      return entries.some((e) => e.kind === 'recharge' && e.price) && entries.filter((e) => e.kind === 'gift').length === 2;
    });
    // A setting of my own, which the backup must carry (the estimate stays at my USD purchases: "your purchases").
    await options.select('[data-testid="display-currency"]', 'EUR');
    await options.click('[data-testid="save-settings"]');
    await waitFor('euros saved', async () => ((await everything(options) as { local: { settings?: { displayCurrency?: string } } }).local.settings?.displayCurrency === 'EUR'));
    const ledger = byId(await readStore<LedgerEntry>(options, 'ledger'));
    const balances = byId(await readStore<BalanceObservation>(options, 'balances'));
    const gift = (coins: number) => ledger.find((e) => e.kind === 'gift' && e.coins === coins)!.id;

    // CSV: one row per entry; FIFO by hand: Hand Hearts took the 100 held coins (no price: ≈ 100 × 74 / 70 = 105.7 →
    // $1.06 at "your purchases", estimated); the Doughnut took 30 of the 70 bought for 74¢: 31¢ paid.
    const csv = await exportThroughPage(suite.session, options, 'csv');
    expect(csv.name).toMatch(/^coinsight-export-.*\.csv$/);
    const rows = byId(csvRows(csv.body) as ({ id: string } & Record<string, string>)[]);
    expect(rows.map((row) => [row.id, row.kind, Number(row.coins), Number(row.at_ms)])).toEqual(ledger.map((e) => [e.id, e.kind, e.coins, e.at]));
    expect(rows.find((row) => row.id === gift(100))).toMatchObject({
      cost_paid: '[]', cost_paid_minor: '', cost_priced_coins: '0', cost_unpriced_coins: '100',
      cost_estimated_minor: '106', cost_estimated_currency: 'USD', cost_estimate_basis: 'your-purchases-USD',
    });
    expect(rows.find((row) => row.id === gift(30))).toMatchObject({
      cost_paid_minor: '31', cost_paid_currency: 'USD', cost_paid: '[{"currency":"USD","minor":31}]', cost_unpriced_coins: '0', cost_estimated_minor: '',
    });

    const json = jsonExportOf((await exportThroughPage(suite.session, options, 'json')).body);
    expect(byId(json.entries.map(entryOf))).toEqual(ledger);
    expect(json.balances.map((b) => b.id).sort()).toEqual(balances.map((b) => b.id));
    expect(json.entries.find((row) => row.id === gift(30))).toMatchObject({ cost_paid: [{ currency: 'USD', minor: 31 }] });

    const ndjson = await exportThroughPage(suite.session, options, 'ndjson');
    expect(ndjson.name).toMatch(/^coinsight-backup-.*\.ndjson$/);
    const lines = ndjsonLinesOf(ndjson.body);
    expect(byId(lines.filter((l) => l.type === 'entry').map(({ type: _type, ...row }) => entryOf(row)))).toEqual(ledger);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', entries: ledger.length, balances: balances.length });
    // Written to disk on its way (options/data/disk-sink.ts), not gathered in memory: the scratch file is the download.
    expect(await options.evaluate(scratchFilesInPage, SCRATCH_DIR)).toContainEqual({ name: expect.stringMatching(/^export-\d+-\w+\.part$/), size: Buffer.byteLength(ndjson.body) });
    const settings = (await everything(options) as { local: Record<string, unknown> }).local.settings;
    expect(lines.find((line) => line.type === 'settings')).toEqual({ type: 'settings', settings });
    await options.close();

    const fresh = await launchFirefox(suite.site.port);
    try {
      const page = await openExtensionPage(fresh, 'src/options/index.html', READY);
      expect(await readStore<LedgerEntry>(page, 'ledger')).toEqual([]);
      const backup = path.join(fresh.downloads, 'backup.ndjson');
      writeFileSync(backup, ndjson.body);
      await restore(page, backup);
      expect(await waitFor('the restore', () => textOf(page, 'import-done'))).toBe(`Restored: ${ledger.length} entries added, 0 already here, ${balances.length} wallet readings added. Settings restored.`);
      expect(byId(await readStore<LedgerEntry>(page, 'ledger'))).toEqual(ledger);
      expect(byId(await readStore<BalanceObservation>(page, 'balances'))).toEqual(balances);
      expect((await everything(page) as { local: Record<string, unknown> }).local.settings).toEqual(settings);

      const before = await everything(page);
      const corrupt = ndjson.body.trimEnd().split('\n');
      const bad = corrupt.findIndex((line) => line.includes('"kind":"gift"'));
      corrupt[bad] = corrupt[bad]!.replace(/"coins":\d+/, '"coins":-3');
      const edited = path.join(fresh.downloads, 'edited.ndjson');
      writeFileSync(edited, corrupt.join('\n'));
      await restore(page, edited);
      expect(await waitFor('the refusal', () => textOf(page, 'import-error')))
        .toMatch(new RegExp(`^Nothing was restored from edited\\.ndjson: line ${bad + 1}, id "gift:[^"]+": .*coins`));
      expect(await textOf(page, 'import-done')).toBe('');
      expect(await everything(page)).toEqual(before);
    } finally {
      await fresh.close();
    }
  });
});
