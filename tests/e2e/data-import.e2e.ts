/**
 * TikTok's own data download and the review before sharing, in Chromium with the built extension. A profile captures
 * Roses through the stand-in; a download file holding those same Roses plus history from a month earlier is imported
 * on the options page: the file's unknowns (units, time zone, account) must be chosen before anything can be checked,
 * the overlap is shown, totals count the history once and the captured Roses once. Then a reviewed export removes a
 * row and holds back a field: the downloaded file lacks both, its metadata says so, and it validates against the
 * shipped schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { GiftEntry, ImportedEntry, LedgerEntry } from '../../src/core/ledger';
import type { Rollup } from '../../src/core/rollups';
import { validateAgainst } from '../../src/core/export/json-schema-subset';
import type { JsonSchema } from '../../src/core/export/schema-document';
import { ROOT, openExtensionPage, openPopup, readStore, text, waitFor, withChromium } from './harness';
import { ROSE, openLive, sendGift } from './live-page';

const SCHEMA = JSON.parse(readFileSync(`${ROOT}/public/export-schema.json`, 'utf8')) as JsonSchema;
const DAY = 86_400_000;
/** How TikTok's file writes a Date: a wall clock with no zone (here UTC, which the test then answers). */
const wall = (at: number) => new Date(at).toISOString().slice(0, 19).replace('T', ' ');

function downloadFile(captured: readonly GiftEntry[]): Buffer {
  const first = Math.min(...captured.map((g) => g.at));
  const sent = [
    { Date: wall(first - 30 * DAY), GiftAmount: '100', UserName: 'coinsight_creator' },
    { Date: wall(first - 29 * DAY), GiftAmount: '50', UserName: '@Coinsight_Creator' },
    // The Roses Coinsight captured, as TikTok's file lists them (its clock a few seconds off ours).
    ...captured.map((gift) => ({ Date: wall(gift.at - 3_000), GiftAmount: String(gift.coins), UserName: gift.creatorHandle ?? '' })),
  ];
  const bought = [{ Date: wall(first - 31 * DAY), Price: '500' }];
  return Buffer.from(JSON.stringify({ 'Your Activity': { Purchases: { SendGifts: { SendGifts: sent }, BuyGifts: { BuyGifts: bought } } } }));
}

async function lifetime(page: Page, account: string): Promise<Rollup> {
  const rows = await readStore<Rollup>(page, 'rollups');
  return rows.find((row) => row.account === account && row.bucket === -1)!;
}

async function chooseFile(page: Page, buffer: Buffer): Promise<void> {
  await page.setInputFiles('[data-testid="tiktok-file"]', { name: 'user_data_tiktok.json', mimeType: 'application/json', buffer });
  await page.waitForSelector('[data-testid="tiktok-found"]');
}

describe("your data: TikTok's download, and the review before sharing", () => {
  const suite = withChromium({ initialCoins: 1000, locale: 'en-US' });

  it('imports a download that repeats captured gifts: the overlap is shown, the totals count everything once', async () => {
    const live = await suite.session.context.newPage();
    await openLive(live);
    for (let tap = 0; tap < 3; tap++) expect(await sendGift(live, ROSE)).toBe('ok');
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    const captured = await waitFor('three Roses captured', async () => {
      const gifts = (await readStore<LedgerEntry>(options)).filter((e): e is GiftEntry => e.kind === 'gift');
      return gifts.length === 3 ? gifts : null;
    });
    await live.close();
    const account = captured[0]!.account;
    const before = await lifetime(options, account);
    const ledgerBefore = await readStore<LedgerEntry>(options);

    // A file with one unreadable row is refused whole, naming it; nothing is written.
    const broken = JSON.parse(downloadFile(captured).toString()) as { 'Your Activity': { Purchases: { SendGifts: { SendGifts: Record<string, unknown>[] } } } };
    broken['Your Activity'].Purchases.SendGifts.SendGifts[1]!.Date = '31/12/2025 10:00';
    await options.setInputFiles('[data-testid="tiktok-file"]', { name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await options.waitForSelector('[data-testid="tiktok-error"]');
    expect(await text(options, 'tiktok-error')).toBe('Nothing was imported from edited.json: SendGifts row 2: Date "31/12/2025 10:00" is not in a format Coinsight reads (YYYY-MM-DD HH:MM[:SS])');
    expect(await options.locator('[data-testid="tiktok-check"]').count()).toBe(0);
    expect(await readStore<LedgerEntry>(options)).toEqual(ledgerBefore);

    await chooseFile(options, downloadFile(captured));
    expect(await text(options, 'tiktok-found')).toContain('Found 5 sent gifts and 1 purchases');
    // Units, zone and account are unknown until chosen: nothing can be checked or imported before.
    expect(await options.isDisabled('[data-testid="tiktok-check"]')).toBe(true);
    expect(await text(options, 'tiktok-missing')).toBe('Still to choose: the unit of GiftAmount, the unit of Price, the time zone, the account');
    expect(await options.inputValue('[data-testid="tiktok-zone"]')).toBe('');
    await options.selectOption('[data-testid="tiktok-unit-gift"]', 'coins');
    await options.selectOption('[data-testid="tiktok-unit-price"]', 'coins');
    await options.selectOption('[data-testid="tiktok-zone"]', 'UTC');
    expect(await options.isDisabled('[data-testid="tiktok-check"]')).toBe(true);
    await options.selectOption('[data-testid="tiktok-account"]', account);
    await options.click('[data-testid="tiktok-check"]');
    await options.waitForSelector('[data-testid="tiktok-overlap"]');
    expect(await text(options, 'tiktok-count-history')).toBe('3 rows from before Coinsight (650 coins): counted');
    expect(await text(options, 'tiktok-count-overlap')).toBe(`3 rows Coinsight also captured (${captured.reduce((s, g) => s + g.coins, 0)} coins): shown, not counted again`);
    expect(await options.locator('[data-testid="tiktok-overlap-row"]').count()).toBe(3);
    expect((await readStore<LedgerEntry>(options)).some((e) => e.source === 'tiktok-download')).toBe(false); // the check wrote nothing

    await options.click('[data-testid="tiktok-import-start"]');
    await options.waitForSelector('[data-testid="tiktok-done"]');
    const imported = (await readStore<LedgerEntry>(options)).filter((e): e is ImportedEntry => e.source === 'tiktok-download');
    expect(imported.map((e) => e.status).sort()).toEqual(['history', 'history', 'history', 'overlap', 'overlap', 'overlap']);
    expect(new Set(imported.filter((e) => e.status === 'overlap').map((e) => e.matchedId))).toEqual(new Set(captured.map((g) => g.id)));
    const after = await lifetime(options, account);
    // The captured Roses count once (as captured), the history once, in its own fields; nothing else moved.
    expect(after.giftCoins).toBe(before.giftCoins);
    expect(after.unseenSpendCoins ?? 0).toBe(before.unseenSpendCoins ?? 0);
    expect(after.adjustmentCoins).toBe(before.adjustmentCoins);
    expect(after).toMatchObject({ importedGiftCoins: 150, importedGifts: 2, importedPurchaseCoins: 500, importedPurchases: 1 });

    // The popup names imported rows as such, never as captures.
    const popup = await openPopup(suite.session);
    await popup.waitForSelector('[data-testid="recent-entry"][data-source="tiktok-download"]');
    expect(await popup.locator('[data-testid="recent-entry"][data-source="tiktok-download"]').first().innerText()).toContain('imported');
    await popup.close();

    // The same file again adds nothing.
    await chooseFile(options, downloadFile(captured));
    await options.selectOption('[data-testid="tiktok-unit-gift"]', 'coins');
    await options.selectOption('[data-testid="tiktok-unit-price"]', 'coins');
    await options.selectOption('[data-testid="tiktok-zone"]', 'UTC');
    await options.selectOption('[data-testid="tiktok-account"]', account);
    await options.click('[data-testid="tiktok-check"]');
    await options.waitForSelector('[data-testid="tiktok-overlap"]');
    expect(await text(options, 'tiktok-count-already')).toBe('6 rows already imported: skipped');
    expect(await text(options, 'tiktok-count-history')).toMatch(/^0 rows/);
    await options.close();
  });

  it('a reviewed export leaves out the removed row and the held-back field, says so, and validates', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="export-start"]');
    await options.selectOption('[data-testid="export-format"]', 'json');
    await options.click('[data-testid="review-open"]');
    await options.waitForSelector('[data-testid="review-row"]');
    const ledger = await readStore<LedgerEntry>(options);
    expect(await options.locator('[data-testid="review-row"]').count()).toBe(Math.min(ledger.length, 50));
    // Free text is off by default; the gift name is turned off by hand.
    expect(await options.isChecked('[data-testid="review-field-creator_handle"]')).toBe(false);
    expect(await options.isChecked('[data-testid="review-field-gift_name"]')).toBe(true);
    await options.uncheck('[data-testid="review-field-gift_name"]');
    const row = options.locator('[data-testid="review-row"]').first();
    const removedId = (await row.getAttribute('data-id'))!;
    await row.locator('[data-testid="review-remove"]').click();
    await waitFor('the row marked removed', async () => (await row.getAttribute('data-removed')) === 'true');
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('[data-testid="review-export"]')]);
    await options.waitForSelector('[data-testid="review-done"]');
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      metadata: { review: { removedRows: number; withheldColumns: string[] }; withheldColumns: string[]; columns: string[] };
      entries: Record<string, unknown>[]; summary: { removedRows: number };
    };
    expect(validateAgainst(SCHEMA, doc)).toBeNull();
    expect(doc.entries).toHaveLength(ledger.length - 1);
    expect(doc.entries.map((e) => e.id)).not.toContain(removedId);
    expect(doc.entries.every((e) => !('gift_name' in e) && !('creator_handle' in e) && !('note' in e))).toBe(true);
    expect(doc.metadata.review.removedRows).toBe(1);
    expect(doc.metadata.review.withheldColumns).toEqual(expect.arrayContaining(['gift_name', 'creator_handle', 'note']));
    expect(doc.metadata.withheldColumns).toEqual(doc.metadata.review.withheldColumns);
    expect(doc.summary.removedRows).toBe(1);
    // The imported rows travel with their source and status, never as captures.
    expect(doc.entries.filter((e) => e.source === 'tiktok-download').every((e) => String(e.kind).startsWith('imported-') && e.import_status !== null)).toBe(true);
    await options.close();
  });
});
