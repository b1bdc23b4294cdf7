/**
 * Firefox: a gift and a recharge are recorded once and shown in the popup, with the background suspended in between
 * (Firefox's event page suspends when idle; the next content-script message wakes it).
 */
import { describe, expect, it } from 'vitest';
import type { BalanceObservation, LedgerEntry } from '../../src/core/ledger';
import { coinsFromText, waitFor } from './harness';
import { buyPackage, openExtensionPage, withFirefox } from './firefox';

const ROSE = 5655;

describe('Firefox', () => {
  const suite = withFirefox({ initialCoins: 500 });

  it('records a gift and a recharge once across a suspended background, and the popup shows them', async () => {
    const page = await suite.session.browser.newPage();
    await page.goto('https://www.tiktok.com/@coinsight_creator/live');
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await page.waitForSelector('[data-testid="balance"][data-state="ready"]');
    await page.click(`[data-testid="gift-${ROSE}"]`);
    await page.waitForSelector('[data-testid="send-status"][data-sent="1"][data-pending="0"]');
    expect(await page.$eval('[data-testid="send-status"]', (el) => el.getAttribute('data-last'))).toBe('ok');

    const popup = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="balance-ready"]');
    const readStore = <T = LedgerEntry>(store: string) => popup.evaluate((name) => new Promise<T[]>((resolve, reject) => {
      const open = indexedDB.open('coinsight');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => {
          open.result.close();
          resolve(request.result as T[]);
        };
      };
    }), store);
    const readLedger = () => readStore<LedgerEntry>('ledger');
    const lifecycle = () => popup.evaluate(async () => {
      const api = (globalThis as unknown as { browser: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } }).browser;
      return (await api.storage.session.get('workerLifecycle')).workerLifecycle as { startedAt: number; suspendedAt?: number } | undefined;
    });

    await waitFor('the gift in the ledger', async () => (await readLedger()).some((entry) => entry.kind === 'gift'));
    const before = await waitFor('the background lifecycle note', lifecycle);
    // Wait for the idle background to be suspended before buying coins.
    await waitFor('the background to suspend', async () => ((await lifecycle())?.suspendedAt ?? 0) >= before.startedAt, 30_000);

    await buyPackage(page, 0);

    const ledger = await waitFor('the recharge in the ledger', async () => {
      const entries = await readLedger();
      return entries.some((entry) => entry.kind === 'recharge') ? entries : null;
    });
    // The background that recorded the recharge is a new instance: it was woken from suspension.
    expect((await lifecycle())!.startedAt).toBeGreaterThan(before.startedAt);

    expect(ledger.filter((entry) => entry.kind === 'gift')).toEqual([expect.objectContaining({ giftId: ROSE, coins: 1, count: 1 })]);
    expect(ledger.filter((entry) => entry.kind === 'recharge')).toEqual([
      expect.objectContaining({ coins: 70, price: { minor: 74, currency: 'USD' }, source: 'cashier+end-result' }),
    ]);
    expect(ledger.filter((entry) => entry.kind === 'adjustment')).toEqual([expect.objectContaining({ source: 'initial-balance', coins: 500 })]);

    // The end-result page's wallet reading (a reading, forwarded when the page is idle) shows the coins arrived.
    await waitFor('the wallet reading after the recharge', async () => (await readStore<BalanceObservation>('balances')).some((row) => row.source === 'wallet' && row.coins === 569));
    // A fresh popup, as a person would open it (Firefox gives extension pages no reload events to wait on).
    const fresh = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="balance-ready"]');
    expect(coinsFromText(await fresh.$eval('[data-testid="balance-coins"]', (el) => el.textContent ?? ''))).toBe(569);
    expect(coinsFromText(await fresh.$eval('[data-testid="spent-today"]', (el) => el.textContent ?? ''))).toBe(1);
    expect(await fresh.$eval('[data-testid="recharged-total"]', (el) => el.textContent)).toBe('$0.74');
  });
});
