/**
 * Firefox: the guard state the worker computes for a limit saved through its door (`saveLimit`, as the options editor
 * does) crosses from the relay (isolated world) to the tap (page world) as JSON strings, and a held send fails as
 * Firefox's own network failure does, for fetch and XHR. The Chromium scenarios are limits-confirm.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from './harness';
import { openExtensionPage, withFirefox } from './firefox';
import { guardLeft, limitRule, saveLimit } from './limits-harness';

const FINGER_HEART = 9102; // 5 coins: more than the 2-coin cap, so each send asks
const LIVE = 'https://www.tiktok.com/@coinsight_creator/live';

describe('Firefox: limits in the page', () => {
  const suite = withFirefox({ initialCoins: 500 });

  it('holds a send a confirm rule covers; Cancel fails it as a network failure (fetch and XHR); Confirm sends it once', async () => {
    const extension = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="balance-ready"]');
    const rule = limitRule({ action: 'confirm', period: { kind: 'day' }, cap: { kind: 'coins', coins: 2 } });
    await saveLimit(extension, rule);

    for (const transport of ['fetch', 'xhr']) {
      const page = await suite.session.browser.newPage();
      await page.goto(transport === 'xhr' ? `${LIVE}?transport=xhr` : LIVE);
      await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
      const sendsBefore = suite.site.state.sends.length;
      const status = () => page.$eval('[data-testid="send-status"]', (el) => ({ pending: Number(el.getAttribute('data-pending')), last: el.getAttribute('data-last') }));

      await page.click(`[data-testid="gift-${FINGER_HEART}"]`);
      const cost = () => page.$eval('coinsight-limit-dialog >>> [data-testid="limit-dialog-cost"]', (el) => el.textContent ?? '').catch(() => '');
      expect(await waitFor('the money price in the dialog', async () => ((await cost()).includes('≈') ? cost() : null))).toBe('This Finger Heart costs 5 coins ≈ $0.05 (estimated).');
      expect(await page.$eval('coinsight-limit-dialog >>> [data-testid="limit-dialog-left"]', (el) => el.textContent)).toBe(transport === 'fetch' ? '2 coins are left today.' : '0 coins are left today.');
      await page.locator('coinsight-limit-dialog >>> [data-testid="limit-dialog-cancel"]').click();
      await waitFor('the cancelled send handled', async () => (await status()).pending === 0);
      expect((await status()).last).toBe('network-error');
      expect(suite.site.state.sends.length).toBe(sendsBefore);

      await page.click(`[data-testid="gift-${FINGER_HEART}"]`);
      await page.locator('coinsight-limit-dialog >>> [data-testid="limit-dialog-confirm"]').click();
      await waitFor('the confirmed send handled', async () => {
        const now = await status();
        return now.pending === 0 && now.last === 'ok';
      });
      expect(suite.site.state.sends.length).toBe(sendsBefore + 1);
      // The worker recorded each Finger Heart confirmed so far: its guard state counts them (2 − 5 each) for the next page.
      const confirmed = suite.site.state.sends.length;
      await waitFor('the sends counted in the guard state', async () => (await guardLeft(extension, rule.id)) === 2 - 5 * confirmed);
      await page.close();
    }
    await extension.close();
  });
});
