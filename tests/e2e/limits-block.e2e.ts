/**
 * A weekly block cap of 100 coins, end to end in Chromium (issue 9, item 4 and its acceptance line), through the real
 * worker: the limit is saved through the settings door, and everything after that is what the worker computes from
 * the recorded gifts. Gifts are recorded up to the cap; the next send is stopped before it leaves the page (the tap's
 * dialog says why; Cancel fails it as a network failure) and the browser's own rules stop a send the tap never saw;
 * /coin opens Coinsight's explanation; a stopped worker changes nothing; once the test clock passes the week's end,
 * sending and buying work again. The test build is loaded: its clock can be moved (the shipped one cannot).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { GiftEntry } from '../../src/core/ledger';
import { LIFECYCLE_KEY } from '../../src/platform/settings';
import { openExtensionPage, readStore, stopServiceWorkers, waitFor, withChromium } from './harness';
import {
  BLOCK_RULE_COUNT, dynamicRuleIds, giftSendRequests, limitRule, limitStripText, saveLimit, sendPastTheTap, setTestClock,
  waitForBlock, waitForGuard,
} from './limits-harness';
import { LIVE_URL, ROSE, buyPackage, openLive, sendGift, sendStatus, waitForPanelPrice } from './live-page';

const PERFUME = 9103; // 20 coins
const DOUGHNUT = 9104; // 30 coins

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

/** Clicks a gift the block holds, checks the dialog says why (and offers neither Confirm nor an override), cancels. */
async function blockedSend(page: Page, giftId: number): Promise<string> {
  const before = (await sendStatus(page)).sent;
  await page.click(`[data-testid="gift-${giftId}"]`);
  expect(await page.getByTestId('limit-dialog-title').textContent()).toBe('Coinsight: your limit blocks this gift');
  expect(await page.getByTestId('limit-dialog-reason').textContent()).toMatch(/^Sending it would go past a limit you set to block\. The limit resets .+\.$/);
  expect(await page.getByTestId('limit-dialog-left').textContent()).toBe('0 coins are left this week.');
  expect(await page.getByTestId('limit-dialog-confirm').count()).toBe(0);
  expect(await page.getByTestId('limit-dialog-override').count()).toBe(0);
  await page.getByTestId('limit-dialog-cancel').click();
  const status = await waitFor(`blocked send ${before + 1} handled`, async () => {
    const now = await sendStatus(page);
    return now.sent > before && now.pending === 0 ? now : null;
  });
  return status.last;
}

describe('a weekly block cap of 100 coins, saved through the door (Chromium)', () => {
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' }, 'file', { build: 'test' });

  it('records gifts up to the cap, then stops sends before they leave and /coin, through a stopped worker, until the week rolls over', async () => {
    const { site, session } = suite;
    const workerProblems: string[] = [];
    session.worker.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') workerProblems.push(message.text());
    });
    const extension = await openExtensionPage(session, 'src/options/index.html');
    const weekly = limitRule();
    await saveLimit(extension, weekly);
    const { roomId } = site.creator('coinsight_creator');

    // Up to the cap: 20 + 30 + 30 + 20 coins, each recorded, by fetch and by XHR.
    const live = await session.context.newPage();
    await openLive(live);
    const xhr = await session.context.newPage();
    await openLive(xhr, `${LIVE_URL}?transport=xhr`);
    for (const page of [live, xhr]) await waitForPanelPrice(page, PERFUME);
    expect(await sendGift(live, PERFUME)).toBe('ok');
    expect(await sendGift(xhr, DOUGHNUT)).toBe('ok');
    expect(await sendGift(live, DOUGHNUT)).toBe('ok');
    expect(await sendGift(xhr, PERFUME)).toBe('ok');
    const reached = await waitForGuard(extension, 'nothing left', (state) => state.rules[0]?.left === 0);
    const gifts = (await readStore<GiftEntry>(extension)).filter((entry) => entry.kind === 'gift');
    expect(gifts.map((gift) => gift.coins).sort()).toEqual([20, 20, 30, 30]);
    await waitForBlock(extension, true);
    await waitFor('the strip to say nothing is left', async () => (await limitStripText(live))?.includes('spent 100 coins · 0 coins left'));

    // The next send, by either transport, is stopped in the page with the reason; the page carries on.
    const before = { sends: site.state.sends.length, requests: giftSendRequests(site) };
    expect(await blockedSend(live, ROSE)).toBe('network-error');
    expect(await blockedSend(xhr, ROSE)).toBe('network-error');
    // A send the tap never sees (a page script's own frame) is stopped by the browser's rules.
    expect(await sendPastTheTap(live, roomId)).toBe('network-error');
    expect({ sends: site.state.sends.length, requests: giftSendRequests(site) }).toEqual(before);
    // The balance reading is still allowed (the ledger needs it).
    await xhr.click('[data-testid="refresh-balance"]');
    await xhr.waitForSelector('[data-testid="balance"][data-state="ready"][data-reads="2"]');

    const coin = await session.context.newPage();
    expect(await openCoinPage(coin)).toBe('blocked');
    expect(coin.url()).toBe(`chrome-extension://${session.extensionId}/src/blocked/index.html`);
    expect(await coin.getByTestId('blocked-heading').innerText()).toBe('Coinsight blocked buying coins');
    expect(await coin.getByTestId('blocked-why').innerText()).toBe('Your limit: 100 coins a week.');
    const resetsAt = reached.rules[0]!.resetsAt;
    const until = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(resetsAt);
    expect(await coin.getByTestId('blocked-until').innerText()).toBe(`Blocked until ${until}.`);
    expect(await coin.getByTestId('blocked-options').getAttribute('href')).toBe(`chrome-extension://${session.extensionId}/src/options/index.html`);

    // A stopped worker, and the next one's start-up (woken by a message), leave the block as it was.
    const startedBefore = await workerStartedAt(extension);
    await stopServiceWorkers(live);
    expect(await sendPastTheTap(live, roomId)).toBe('network-error');
    expect(await blockedSend(live, ROSE)).toBe('network-error'); // the tap decides alone; its dialog may wake the worker
    // Any message wakes it, and is answered only once its start-up (the re-assert included) has run.
    await extension.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } })
      .chrome.runtime.sendMessage({ type: 'limits/view', payload: { roomId: null } }).catch(() => undefined));
    expect(await workerStartedAt(extension)).toBeGreaterThan(startedBefore);
    expect(await dynamicRuleIds(extension)).toHaveLength(BLOCK_RULE_COUNT);
    expect(await sendPastTheTap(live, roomId)).toBe('network-error');
    expect(await openCoinPage(coin)).toBe('blocked');
    expect({ sends: site.state.sends.length, requests: giftSendRequests(site) }).toEqual(before);

    // The test clock moves past the week's end: the worker starts a new week and lifts the rules; sending and buying
    // work again, and the send is recorded.
    await setTestClock(extension, resetsAt - Date.now() + 60_000);
    await waitForGuard(extension, 'a new week', (state) => state.rules[0]!.resetsAt > resetsAt && state.rules[0]!.left === 100);
    await waitForBlock(extension, false);
    await waitFor('the strip to show the new week', async () => (await limitStripText(live))?.includes('100 coins left'));
    expect(await sendGift(live, ROSE)).toBe('ok');
    expect(site.state.sends.length).toBe(before.sends + 1);
    await waitFor('the new send recorded', async () => (await readStore<GiftEntry>(extension)).filter((entry) => entry.kind === 'gift').length === 5);
    expect(await openCoinPage(coin)).toBe('tiktok');
    expect(await buyPackage(coin, 0)).toEqual({ status: 'succeeded' });
    expect(workerProblems).toEqual([]);
  });
});
