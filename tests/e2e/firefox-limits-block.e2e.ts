/**
 * Firefox: a weekly block cap of 100 coins, saved through the worker's door and reached by a recorded gift, stops the
 * next send in the page (the tap's dialog says why; Cancel fails it as Firefox's own network failure) and, through
 * declarativeNetRequest (Firefox ≥ 128), a send the tap never sees and /coin (Coinsight's explanation), also while the
 * background is suspended; when the test clock passes the week's end, the block lifts and a send is recorded again.
 * The test build is loaded (its clock can be moved).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { GiftEntry } from '../../src/core/ledger';
import { waitFor } from './harness';
import { openExtensionPage, readStore, sendGift, withFirefox, type FirefoxSession } from './firefox';
import {
  giftSendRequests, limitRule, limitStripText, saveLimit, sendPastTheTap, setTestClock, waitForBlock, waitForGuard,
} from './limits-harness';

const ROSE = 5655;
const HAND_HEARTS = 9105; // 100 coins

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

const status = (page: Page) => page.$eval('[data-testid="send-status"]', (el) => ({
  sent: Number(el.getAttribute('data-sent')), pending: Number(el.getAttribute('data-pending')), last: el.getAttribute('data-last') ?? '',
}));

describe('Firefox: a reached weekly block cap', () => {
  const suite = withFirefox({ initialCoins: 1_000, locale: 'en-US' }, 'file', { build: 'test' });

  it('blocks a send and /coin, also while the background sleeps, and lifts after the period rolls over', async () => {
    const { site, session } = suite;
    const extension = await openExtensionPage(session, 'src/blocked/index.html', 'main[data-state]');
    await saveLimit(extension, limitRule());
    const live = await session.browser.newPage();
    await live.goto('https://www.tiktok.com/@coinsight_creator/live');
    await live.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    // The relay has the room's prices once Coinsight's price shows beside a gift: the tap can then price each send.
    await waitFor('a price beside the Hand Hearts', () => live.evaluate((id) => document.querySelector(`[data-testid="gift-${id}"] coinsight-price`)?.shadowRoot?.textContent ?? null, HAND_HEARTS));
    expect(await sendGift(live, HAND_HEARTS)).toBe('ok');
    const reached = await waitForGuard(extension, 'nothing left', (state) => state.rules[0]?.left === 0);
    await waitForBlock(extension, true);

    // The next send is held in the page with the reason; Cancel fails it as a network failure.
    const before = { sends: site.state.sends.length, requests: giftSendRequests(site) };
    const sent = (await status(live)).sent;
    await live.click(`[data-testid="gift-${ROSE}"]`);
    const reason = await live.locator('coinsight-limit-dialog >>> [data-testid="limit-dialog-reason"]').waitHandle();
    expect(await reason.evaluate((el) => el.textContent)).toMatch(/^Sending it would go past a limit you set to block\. The limit resets .+\.$/);
    await live.locator('coinsight-limit-dialog >>> [data-testid="limit-dialog-cancel"]').click();
    await waitFor('the blocked send handled', async () => ((await status(live)).sent > sent && (await status(live)).pending === 0));
    expect((await status(live)).last).toBe('network-error');
    // A send the tap never sees is stopped by the browser; /coin shows why.
    const { roomId } = site.creator('coinsight_creator');
    expect(await sendPastTheTap(live, roomId)).toBe('network-error');
    expect({ sends: site.state.sends.length, requests: giftSendRequests(site) }).toEqual(before);
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
    expect(await sendPastTheTap(live, roomId)).toBe('network-error');
    expect({ sends: site.state.sends.length, requests: giftSendRequests(site) }).toEqual(before);

    // The test clock moves past the week's end: the change wakes the background, which starts a new week and lifts
    // the rules; a send goes out and is recorded.
    const resetsAt = reached.rules[0]!.resetsAt;
    await setTestClock(extension, resetsAt - Date.now() + 60_000);
    await waitForGuard(extension, 'a new week', (state) => state.rules[0]!.resetsAt > resetsAt && state.rules[0]!.left === 100);
    await waitForBlock(extension, false);
    expect((await lifecycle())!.startedAt).toBeGreaterThan(running.startedAt);
    await waitFor('the strip to show the new week', async () => (await limitStripText(live))?.includes('100 coins left'));
    expect(await sendGift(live, ROSE)).toBe('ok');
    expect(site.state.sends.length).toBe(before.sends + 1);
    await waitFor('the new send recorded', async () => (await readStore<GiftEntry>(extension, 'ledger')).filter((entry) => entry.kind === 'gift').length === 2);
    expect((await openCoinPage(session)).landed).toBe('tiktok');
  });
});
