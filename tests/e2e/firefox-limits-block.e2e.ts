/**
 * Firefox: the weekly block cap, once reached, blocks a gift send at the network (declarativeNetRequest, Firefox ≥ 128)
 * and sends /coin to Coinsight's explanation; when the test clock passes the reset, the block lifts. The test build is
 * loaded (its clock can be moved).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitFor } from './harness';
import { openExtensionPage, sendGift, withFirefox, type FirefoxSession } from './firefox';
import { dynamicRuleIds, setGuard, setTestClock, weeklyBlockReached } from './limits-harness';

const ROSE = 5655;
const DAY = 86_400_000;

/**
 * Opens /coin in a new tab and says where it settled. Firefox sends no navigation events for extension pages: the
 * navigation is started, not awaited, and a fresh tab keeps the previous page from answering the first poll.
 */
async function openCoinPage(session: FirefoxSession): Promise<{ landed: 'tiktok' | 'blocked'; page: Page }> {
  const page = await session.browser.newPage();
  void page.goto('https://www.tiktok.com/coin').catch(() => undefined);
  const landed = await waitFor('/coin to settle', () => page.evaluate(() => {
    if (location.protocol === 'moz-extension:') return document.querySelector('main[data-state]') ? 'blocked' as const : null;
    return document.body?.dataset.fakeState === 'ready' && location.pathname === '/coin' ? 'tiktok' as const : null;
  }).catch(() => null));
  return { landed, page };
}

describe('Firefox: a reached block cap', () => {
  const suite = withFirefox({ initialCoins: 1_000 }, 'file', { build: 'test' });

  it('blocks a send and /coin, and lifts after the period rolls over', async () => {
    const { site, session } = suite;
    const live = await session.browser.newPage();
    await live.goto('https://www.tiktok.com/@coinsight_creator/live');
    await live.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    expect(await sendGift(live, ROSE)).toBe('ok');

    const extension = await openExtensionPage(session, 'src/blocked/index.html', 'main[data-state]');
    const resetsAt = Date.now() + 2 * DAY;
    await setGuard(extension, weeklyBlockReached(resetsAt));

    const sends = site.state.sends.length;
    expect(await sendGift(live, ROSE)).toBe('network-error');
    expect(site.state.sends.length).toBe(sends);
    const coin = await openCoinPage(session);
    expect(coin.landed).toBe('blocked');
    expect(await coin.page.$eval('[data-testid="blocked-why"]', (el) => el.textContent)).toBe('Your limit: 100 coins a week.');

    // The idle background is suspended (its onSuspend noted it), as Firefox does to event pages: the block stays.
    const lifecycle = () => extension.evaluate(async () => {
      const api = (globalThis as unknown as { browser: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } }).browser;
      return (await api.storage.session.get('workerLifecycle')).workerLifecycle as { startedAt: number; suspendedAt?: number } | undefined;
    });
    const running = await waitFor('the background lifecycle note', lifecycle);
    await waitFor('the background to suspend', async () => ((await lifecycle())?.suspendedAt ?? 0) >= running.startedAt, 30_000);
    expect(await sendGift(live, ROSE)).toBe('network-error');
    expect(site.state.sends.length).toBe(sends);

    // The test clock moves past the reset: the change wakes the background, which lifts the rules.
    await setTestClock(extension, resetsAt - Date.now() + 60_000);
    await waitFor('the block rules lifted', async () => (await dynamicRuleIds(extension)).length === 0);
    expect((await lifecycle())!.startedAt).toBeGreaterThan(running.startedAt);
    expect(await sendGift(live, ROSE)).toBe('ok');
    expect(site.state.sends.length).toBe(sends + 1);
    expect((await openCoinPage(session)).landed).toBe('tiktok');
  });
});
