/**
 * Firefox: the popup's money figures (paid, estimated, this LIVE) as in Chromium (conversion.e2e.ts), from the
 * background's tab events and storage.session, which Firefox's MV3 event page has too.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { LedgerEntry } from '../../src/core/ledger';
import { coinsFromText, waitFor } from './harness';
import { buyPackage, openExtensionPage, readStore, sendGift, withFirefox } from './firefox';

const DOUGHNUT = 9104; // 30 coins
const HAND_HEARTS = 9105; // 100 coins

const textOf = (page: Page, testid: string) =>
  page.$eval(`[data-testid="${testid}"]`, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('Firefox: what every coin cost', () => {
  const suite = withFirefox({ initialCoins: 100, locale: 'en-US' });

  it('shows paid and estimated money and this LIVE, as worked out by hand', async () => {
    const page = await suite.session.browser.newPage();
    // 100 coins held at install (the first reading, on /coin), then 70 coins bought for $0.74.
    await buyPackage(page, 0);

    await page.goto('https://www.tiktok.com/@coinsight_creator/live');
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await page.waitForSelector('[data-testid="balance"][data-state="ready"]');
    expect(await sendGift(page, HAND_HEARTS)).toBe('ok');
    expect(await sendGift(page, DOUGHNUT)).toBe('ok');

    const store = await openExtensionPage(suite.session, 'src/options/index.html', '[data-testid="settings-form"]');
    await waitFor('the recharge, priced, and both gifts', async () => {
      const entries = await readStore<LedgerEntry>(store, 'ledger');
      return entries.some((e) => e.kind === 'recharge' && e.price) && entries.filter((e) => e.kind === 'gift').length === 2;
    });
    await store.close();

    // FIFO by hand: Hand Hearts takes the 100 held coins (no price); the Doughnut takes 30 of the 70 bought for 74¢:
    // floor(74 × 30 / 70) = 31¢ paid. Estimate at "your purchases" = 74¢ / 70 coins: 100 × 74 / 70 = 105.71 → $1.06.
    await page.bringToFront();
    const popup = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="balance-ready"][data-money="ready"]');
    expect(coinsFromText(await textOf(popup, 'spent-today'))).toBe(130);
    expect(await textOf(popup, 'paid-today')).toBe('$0.31');
    expect(await textOf(popup, 'estimated-today')).toBe('≈ $1.06');
    // Both gifts were sent after the tab entered the LIVE.
    expect(await textOf(popup, 'live-handle')).toBe('@coinsight_creator');
    expect(coinsFromText(await textOf(popup, 'live-coins'))).toBe(130);
    expect(await textOf(popup, 'live-paid')).toBe('$0.31');
    expect(await textOf(popup, 'live-estimated')).toBe('≈ $1.06');
    await popup.close();
    await page.close();
  });
});
