/**
 * Bad input from TikTok: malformed, truncated and unknown-shaped responses from every hooked endpoint are counted as
 * diagnostics (visible on the options page), never become spends, and break neither the page nor the worker.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/core/ledger';
import { openExtensionPage, readStore, waitFor, withChromium } from './harness';
import { ROSE, openLive, sendGift, sendStatus } from './live-page';
import type { Page } from 'playwright-core';

interface DiagnosticRow { endpoint: string; reason: string; at: number }

describe('malformed responses', () => {
  const suite = withChromium({ initialCoins: 100 });

  it('counts them as diagnostics and records only the real spend', async () => {
    const pageErrors: string[] = [];
    const page = await suite.session.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error.stack ?? error)));

    suite.site.control.malformedBalance(true);
    await page.goto('https://www.tiktok.com/@coinsight_creator/live');
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await page.waitForSelector('[data-testid="balance"]:not([data-state="loading"])');
    suite.site.control.malformedBalance(false);

    suite.site.control.nextSends(['malformed', 'truncated', 'unknown-shape', 'network-error', 'http500']);
    for (let tap = 0; tap < 5; tap++) await sendGift(page, ROSE);
    expect(await sendGift(page, ROSE)).toBe('ok');

    suite.site.control.malformedGiftList(true);
    await page.reload();
    await page.waitForSelector('[data-testid="gift-panel"]:not([data-state="loading"])');

    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    const diagnostics = await waitFor('diagnostics for all three endpoints', async () => {
      const rows = await readStore<DiagnosticRow>(options, 'diagnostics');
      const endpoints = new Set(rows.map((row) => row.endpoint));
      return ['gift-send', 'gift-list', 'wallet-balance'].every((endpoint) => endpoints.has(endpoint)) ? rows : null;
    });
    // Three unrecognised gift-send responses; the network error and the HTTP 500 are ordinary failures, not surprises.
    expect(diagnostics.filter((row) => row.endpoint === 'gift-send')).toHaveLength(3);
    // Reasons name what was wrong and never carry the response's content.
    for (const row of diagnostics) {
      expect(row.reason.length).toBeLessThanOrEqual(200);
      expect(row.reason).not.toMatch(/Rose|status_code|coinsight_viewer|6912345678901234567/);
    }

    const gifts = (await readStore<LedgerEntry>(options)).filter((entry) => entry.kind === 'gift');
    expect(gifts).toEqual([expect.objectContaining({ giftId: ROSE, coins: 1 })]);
    expect(suite.site.state.sends.filter((send) => send.outcome === 'ok')).toHaveLength(1);

    // The options page shows them, counted per endpoint and reason.
    await options.reload();
    await options.waitForSelector('[data-testid="diagnostics"]');
    const shown = await countsShown(options);
    expect(shown['gift-send']).toBe(3);
    expect(shown['gift-list']).toBeGreaterThanOrEqual(1);
    expect(shown['wallet-balance']).toBeGreaterThanOrEqual(1);

    // Nothing Coinsight did broke the page: its own script kept working, and no error came from the extension.
    expect((await sendStatus(page)).pending).toBe(0);
    expect(pageErrors.filter((error) => /chrome-extension:|tap\.iife|coinsight/i.test(error))).toEqual([]);
  });
});

async function countsShown(page: Page): Promise<Record<string, number>> {
  return page.locator('[data-testid="diagnostic-row"]').evaluateAll((rows) => {
    const counts: Record<string, number> = {};
    for (const row of rows) {
      const endpoint = row.getAttribute('data-endpoint') ?? '';
      counts[endpoint] = (counts[endpoint] ?? 0) + Number(row.querySelector('[data-testid="diagnostic-count"]')?.textContent);
    }
    return counts;
  });
}
