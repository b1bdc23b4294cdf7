/**
 * Firefox: the guard state crosses from the relay (isolated world) to the tap (page world) as JSON strings, and a held
 * send fails as Firefox's own network failure does, for fetch and XHR. The Chromium scenarios are limits-confirm.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { GUARD_KEY, type GuardState } from '../../src/core/guard-state';
import { waitFor } from './harness';
import { openExtensionPage, withFirefox } from './firefox';

const ROSE = 5655;
const LIVE = 'https://www.tiktok.com/@coinsight_creator/live';

describe('Firefox: limits in the page', () => {
  const suite = withFirefox({ initialCoins: 500 });

  it('holds a send a confirm rule covers; Cancel fails it as a network failure (fetch and XHR); Confirm sends it once', async () => {
    const state: GuardState = {
      v: 1, madeAt: Date.now(), spentThrough: Date.now(), rules: [{
        id: '00000000-0000-4000-8000-000000000002', action: 'confirm', scope: 'all', left: 0, cap: { kind: 'coins', coins: 100 },
        period: 'day', resetsAt: Date.UTC(2099, 0, 1), overridesLeft: 0, confirmDelaySeconds: 0,
      }],
    };
    const extension = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="balance-ready"]');
    await extension.evaluate((items) => (globalThis as unknown as { browser: { storage: { local: { set(i: unknown): Promise<void> } } } }).browser.storage.local.set(items), { [GUARD_KEY]: state });
    await extension.close();

    for (const transport of ['fetch', 'xhr']) {
      const page = await suite.session.browser.newPage();
      await page.goto(transport === 'xhr' ? `${LIVE}?transport=xhr` : LIVE);
      await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
      const sendsBefore = suite.site.state.sends.length;
      const status = () => page.$eval('[data-testid="send-status"]', (el) => ({ pending: Number(el.getAttribute('data-pending')), last: el.getAttribute('data-last') }));

      await page.click(`[data-testid="gift-${ROSE}"]`);
      await page.locator('coinsight-limit-dialog >>> [data-testid="limit-dialog-cancel"]').click();
      await waitFor('the cancelled send handled', async () => (await status()).pending === 0);
      expect((await status()).last).toBe('network-error');
      expect(suite.site.state.sends.length).toBe(sendsBefore);

      await page.click(`[data-testid="gift-${ROSE}"]`);
      await page.locator('coinsight-limit-dialog >>> [data-testid="limit-dialog-confirm"]').click();
      await waitFor('the confirmed send handled', async () => {
        const now = await status();
        return now.pending === 0 && now.last === 'ok';
      });
      expect(suite.site.state.sends.length).toBe(sendsBefore + 1);
      await page.close();
    }
  });
});
