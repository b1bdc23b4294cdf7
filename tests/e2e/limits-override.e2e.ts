/**
 * Self-imposed overrides (issue 9, item 5), end to end in Chromium through the real worker: a weekly block of 100
 * coins allowing one override a week, reached, with the browser's block (DNR) on. In the page's block dialog an
 * override without a reason is refused; with one, the held send goes out exactly once, past the browser's block (the
 * worker opens it for that tab's one send before it answers) and is recorded; the tab's allowance closes once the
 * gift is recorded; a second override is refused by the worker (the count is used) and is not offered after that; the
 * options page's log shows the one override with its reason and amount. Both ways the page sends gifts: fetch and
 * XMLHttpRequest (`?transport=xhr`).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { GiftEntry } from '../../src/core/ledger';
import { openExtensionPage, readStore, waitFor, withChromium } from './harness';
import {
  dynamicRuleIds, BLOCK_RULE_COUNT, giftSendRequests, limitRule, saveLimit, sendPastTheTap, sessionRuleIds, waitForBlock, waitForGuard,
} from './limits-harness';
import { LIVE_URL, ROSE, openLive, sendGift, sendStatus, waitForPanelPrice } from './live-page';

const FINGER_HEART = 9102; // 5 coins
const HAND_HEARTS = 9105; // 100 coins

/** Waits until the page has handled `count` more sends than `before` and none is pending; returns the last outcome. */
async function handled(page: Page, before: number, count = 1): Promise<string> {
  const status = await waitFor(`send ${before + count} handled`, async () => {
    const now = await sendStatus(page);
    return now.sent >= before + count && now.pending === 0 ? now : null;
  });
  return status.last;
}

describe.each(['fetch', 'xhr'] as const)('overrides of a reached block (Chromium, gifts sent by %s)', (transport) => {
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' }, 'file', { build: 'test' });

  it('need a reason, let exactly one send through the browser’s block, are counted and logged', async () => {
    const { site, session } = suite;
    const extension = await openExtensionPage(session, 'src/options/index.html');
    const weekly = limitRule({ overridesPerPeriod: 1 });
    await saveLimit(extension, weekly);
    const live = await session.context.newPage();
    await openLive(live, transport === 'xhr' ? `${LIVE_URL}?transport=xhr` : LIVE_URL);
    await waitForPanelPrice(live, HAND_HEARTS);
    expect(await sendGift(live, HAND_HEARTS)).toBe('ok');
    await waitForGuard(extension, 'nothing left, one override', (state) => state.rules[0]?.left === 0 && state.rules[0].overridesLeft === 1);
    await waitForBlock(extension, true);
    const roses = () => site.state.sends.filter((send) => send.giftId === ROSE && send.outcome === 'ok').length;
    const before = { requests: giftSendRequests(site), sent: (await sendStatus(live)).sent };

    // Two sends held at once, each asked in turn, both offered the one override the state allowed when they were held.
    await live.click(`[data-testid="gift-${ROSE}"]`);
    // The dialog covers the page now: the page itself sends the second (as TikTok's own code may, a combo's next tap).
    await live.evaluate((id) => document.querySelector<HTMLElement>(`[data-testid="gift-${id}"]`)!.click(), FINGER_HEART);
    await waitFor('both sends held', async () => (await sendStatus(live)).pending === 2);
    expect(await live.getByTestId('limit-dialog-cost').textContent()).toMatch(/^This Rose costs 1 coins/);
    await live.getByTestId('limit-dialog-override').click();
    await live.getByTestId('limit-override-submit').click();
    expect(await live.getByTestId('limit-override-error').textContent()).toBe('Type a reason to override the limit.');
    expect((await sendStatus(live)).pending).toBe(2);
    await live.getByTestId('limit-override-reason').fill('my sister’s birthday');
    await live.getByTestId('limit-override-submit').click();
    await waitFor('the overridden Rose answered', async () => (await sendStatus(live)).sent === before.sent + 1);
    expect((await sendStatus(live)).last).toBe('ok');
    expect(roses()).toBe(1);
    expect(giftSendRequests(site)).toBe(before.requests + 1);
    expect(await dynamicRuleIds(extension)).toHaveLength(BLOCK_RULE_COUNT); // it went out past the browser's block

    // The second: the worker refuses it (the week's one override is used), and it stays blocked.
    expect(await live.getByTestId('limit-dialog-cost').textContent()).toMatch(/^This Finger Heart costs 5 coins/);
    await live.getByTestId('limit-dialog-override').click();
    await live.getByTestId('limit-override-reason').fill('and my brother’s');
    await live.getByTestId('limit-override-submit').click();
    await waitFor('the refusal shown', async () => /^Not overridden: .*used up/.test((await live.getByTestId('limit-override-error').textContent()) ?? ''));
    expect((await sendStatus(live)).pending).toBe(1);
    await live.getByTestId('limit-dialog-cancel').click();
    expect(await handled(live, before.sent, 2)).toBe('network-error');
    expect(giftSendRequests(site)).toBe(before.requests + 1);

    // The Rose is recorded; the tab's allowance through the browser's block is closed with it.
    await waitFor('the overridden Rose recorded', async () => (await readStore<GiftEntry>(extension)).some((entry) => entry.kind === 'gift' && entry.giftId === ROSE));
    await waitFor('the one-send allowance closed', async () => (await sessionRuleIds(extension)).length === 0);
    expect(await sendPastTheTap(live, site.creator('coinsight_creator').roomId)).toBe('network-error');

    // The count is used: the next blocked send offers no override.
    await waitForGuard(extension, 'no override left', (state) => state.rules[0]?.overridesLeft === 0);
    await waitFor('the page to hold the new state', async () => {
      await live.click(`[data-testid="gift-${ROSE}"]`);
      await live.getByTestId('limit-dialog-cancel').waitFor();
      const offered = await live.getByTestId('limit-dialog-override').count();
      await live.getByTestId('limit-dialog-cancel').click();
      await live.locator('coinsight-limit-dialog').waitFor({ state: 'detached' });
      return offered === 0;
    });
    expect(giftSendRequests(site)).toBe(before.requests + 1);

    // The options page's log: the one override, its reason and amount.
    const options = await openExtensionPage(session, 'src/options/index.html');
    const rows = options.getByTestId('limit-override-row');
    await waitFor('the override log', async () => (await rows.count()) === 1);
    expect(await rows.getByTestId('limit-override-reason').textContent()).toBe('my sister’s birthday');
    expect(await rows.locator('td').nth(3).textContent()).toBe('1 coins');
  });
});
