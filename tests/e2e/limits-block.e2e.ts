/**
 * The block of everything (issue 9, item 4), enforced by declarativeNetRequest in Chromium: with an all-scope weekly
 * block cap reached, a gift send never reaches TikTok's server (the stand-in counts what arrives) while the page carries
 * on; /coin opens Coinsight's explanation; a stopped worker changes nothing; once the test clock passes the reset,
 * sending and buying work again. The test build is loaded: its clock can be moved (the shipped one cannot).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openExtensionPage, stopServiceWorkers, waitFor, withChromium, type FakeTikTok } from './harness';
import { BLOCK_RULE_COUNT, dynamicRuleIds, setGuard, setTestClock, weeklyBlockReached } from './limits-harness';
import { LIVE_URL, ROSE, openLive, sendGift } from './live-page';
import { LIFECYCLE_KEY } from '../../src/platform/settings';

const DAY = 86_400_000;
const giftRequests = (site: FakeTikTok) => (site.state as unknown as { requests: { path: string }[] }).requests.filter((request) => request.path.startsWith('/webcast/gift/send')).length;

/** When the running worker started (it notes it in storage.session at start-up). */
const workerStartedAt = (page: Page) => page.evaluate(async (key) => {
  const session = (globalThis as unknown as { chrome: { storage: { session: { get(key: string): Promise<Record<string, { startedAt?: number } | undefined>> } } } }).chrome.storage.session;
  return (await session.get(key))[key]?.startedAt ?? 0;
}, LIFECYCLE_KEY);

/** Opens /coin and says where it landed: TikTok's page (its balance shown) or Coinsight's blocked page. */
async function openCoinPage(page: Page): Promise<'tiktok' | 'blocked'> {
  await page.goto('https://www.tiktok.com/coin');
  return waitFor('/coin to settle', async () => {
    if (page.url().startsWith('chrome-extension://')) return (await page.locator('main[data-state]').count()) > 0 ? 'blocked' as const : null;
    return (await page.locator('body[data-fake-state="ready"]').count()) > 0 ? 'tiktok' as const : null;
  });
}

describe('a reached block cap blocks sends and buying until the period rolls over (Chromium)', () => {
  const suite = withChromium({ initialCoins: 1_000 }, 'file', { build: 'test' });

  it('blocks at the network, explains on /coin, survives a stopped worker, and lifts at the reset', async () => {
    const { site, session } = suite;
    const workerProblems: string[] = [];
    session.worker.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') workerProblems.push(message.text());
    });
    const live = await session.context.newPage();
    await openLive(live);
    expect(await sendGift(live, ROSE)).toBe('ok');

    const extension = await openExtensionPage(session, 'src/blocked/index.html');
    const resetsAt = Date.now() + 3 * DAY;
    await setGuard(extension, weeklyBlockReached(resetsAt));

    // Sent by fetch and by XHR: neither reaches the server; the page handles a network error and goes on.
    const before = { sends: site.state.sends.length, requests: giftRequests(site) };
    expect(await sendGift(live, ROSE)).toBe('network-error');
    const xhr = await session.context.newPage();
    await openLive(xhr, `${LIVE_URL}?transport=xhr`);
    expect(await sendGift(xhr, ROSE)).toBe('network-error');
    expect(await sendGift(xhr, ROSE)).toBe('network-error');
    expect({ sends: site.state.sends.length, requests: giftRequests(site) }).toEqual(before);
    // The balance reading is still allowed (the ledger needs it).
    await xhr.click('[data-testid="refresh-balance"]');
    await xhr.waitForSelector('[data-testid="balance"][data-state="ready"][data-reads="2"]');

    const coin = await session.context.newPage();
    expect(await openCoinPage(coin)).toBe('blocked');
    expect(coin.url()).toBe(`chrome-extension://${session.extensionId}/src/blocked/index.html`);
    expect(await coin.getByTestId('blocked-heading').innerText()).toBe('Coinsight blocked buying coins');
    expect(await coin.getByTestId('blocked-why').innerText()).toBe('Your limit: 100 coins a week.');
    const until = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(resetsAt);
    expect(await coin.getByTestId('blocked-until').innerText()).toBe(`Blocked until ${until}.`);
    expect(await coin.getByTestId('blocked-options').getAttribute('href')).toBe(`chrome-extension://${session.extensionId}/src/options/index.html`);

    // A stopped worker, and the next one's start-up (woken by a message), leave the block as it was.
    await stopServiceWorkers(live);
    expect(await sendGift(live, ROSE)).toBe('network-error');
    const startedBefore = await workerStartedAt(extension);
    // Any message wakes it, and is answered only once its start-up (the re-assert included) has run.
    await extension.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } })
      .chrome.runtime.sendMessage({ type: 'limits/view', payload: { roomId: null } }).catch(() => undefined));
    expect(await workerStartedAt(extension)).toBeGreaterThan(startedBefore);
    expect(await dynamicRuleIds(extension)).toHaveLength(BLOCK_RULE_COUNT);
    expect(await sendGift(live, ROSE)).toBe('network-error');
    expect(await openCoinPage(coin)).toBe('blocked');
    expect(site.state.sends.length).toBe(before.sends);

    // The test clock moves past the reset: the worker lifts the rules, sending and buying work again.
    await setTestClock(extension, resetsAt - Date.now() + 60_000);
    await waitFor('the block rules lifted', async () => (await dynamicRuleIds(extension)).length === 0);
    expect(await sendGift(live, ROSE)).toBe('ok');
    expect(await sendGift(xhr, ROSE)).toBe('ok');
    expect(site.state.sends.length).toBe(before.sends + 2);
    expect(await openCoinPage(coin)).toBe('tiktok');
    expect(workerProblems).toEqual([]);
  });
});
