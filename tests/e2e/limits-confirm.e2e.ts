/**
 * Spend limits in TikTok's page (issue 9, items 3–5, page side): a gift send that a `confirm` rule holds is asked
 * about in a dialog before it leaves the page; Cancel fails it as a network failure would (the stand-in never sees
 * it, the page keeps working); Confirm sends it once; a streak after one Confirm asks once; a per-creator block stops
 * sends to that creator only. Both ways the page sends gifts: fetch and XMLHttpRequest (`?transport=xhr`).
 *
 * The worker's own guard state lands with the limits-core work; here the test writes a GuardState into storage.local
 * from an extension page, as the worker would, and the relay hands it to the tap.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { GUARD_KEY, type GuardRule, type GuardState } from '../../src/core/guard-state';
import { openExtensionPage, waitFor, withChromium, writeStorageLocal } from './harness';
import { LION, LIVE_URL, ROSE, answerHeldGift, moveToLive, openLive, sendGift, sendStatus, waitForPanelPrice } from './live-page';

const WEEK_ENDS = Date.UTC(2099, 0, 5); // far ahead: nothing resets during the test

function rule(over: Partial<GuardRule>): GuardRule {
  return {
    id: '00000000-0000-4000-8000-000000000001', action: 'confirm', scope: 'all', left: 1_200,
    cap: { kind: 'coins', coins: 5_000 }, period: 'week', resetsAt: WEEK_ENDS, overridesLeft: 0, confirmDelaySeconds: 0, ...over,
  };
}
const guardState = (rules: GuardRule[]): GuardState => ({ v: 1, madeAt: Date.now(), spentThrough: Date.now(), rules });

/** Counts the limit dialogs the page has shown since this was called. */
async function countDialogs(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __dialogs: number };
    w.__dialogs = 0;
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if ((node as Element).localName === 'coinsight-limit-dialog') w.__dialogs++;
    }).observe(document.documentElement, { childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { __dialogs: number }).__dialogs);
}

describe.each(['fetch', 'xhr'] as const)('limits in the page, Chromium, gifts sent by %s', (transport) => {
  const suite = withChromium({ initialCoins: 200_000, locale: 'en-US' });
  const liveUrl = (url = LIVE_URL) => (transport === 'xhr' ? `${url}?transport=xhr` : url);
  const sendsOf = (giftId: number) => suite.site.state.sends.filter((send) => send.giftId === giftId).length;

  /** Writes the guard state, then opens the LIVE page and waits until the relay has the room's gift list. */
  async function liveWith(rules: GuardRule[]): Promise<Page> {
    const extension = await openExtensionPage(suite.session, 'src/options/index.html');
    await writeStorageLocal(extension, { [GUARD_KEY]: guardState(rules) });
    await extension.close();
    const page = await suite.session.context.newPage();
    await openLive(page, liveUrl());
    await waitForPanelPrice(page, LION);
    return page;
  }

  it('asks before a Lion that would cross the cap, with its coins and money and what is left; Cancel sends nothing and the page keeps working', async () => {
    const page = await liveWith([rule({})]);
    const lionsBefore = sendsOf(LION);
    await page.click(`[data-testid="gift-${LION}"]`);
    const cost = page.locator('[data-testid="limit-dialog-cost"]');
    await waitFor('the money price in the dialog', async () => ((await cost.textContent()) ?? '').includes('≈'));
    expect(await cost.textContent()).toBe('This Lion costs 29,999 coins ≈ $317.13 (estimated).');
    expect(await page.locator('[data-testid="limit-dialog-left"]').textContent()).toBe('1,200 coins are left this week.');
    expect(await sendStatus(page)).toMatchObject({ pending: 1 }); // held: the page waits, the request has not left
    await page.locator('[data-testid="limit-dialog-cancel"]').click();
    await waitFor('the page handled the cancelled send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(LION)).toBe(lionsBefore);

    // The page still works: a Rose fits in what is left and goes out at once, unasked.
    const rosesBefore = sendsOf(ROSE);
    expect(await sendGift(page, ROSE)).toBe('ok');
    expect(sendsOf(ROSE)).toBe(rosesBefore + 1);
    expect(sendsOf(LION)).toBe(lionsBefore);
    await page.close();
  });

  it('Escape cancels too', async () => {
    const page = await liveWith([rule({})]);
    const lionsBefore = sendsOf(LION);
    await page.click(`[data-testid="gift-${LION}"]`);
    await page.locator('[data-testid="limit-dialog-cancel"]').waitFor();
    await page.keyboard.press('Escape');
    await waitFor('the page handled the cancelled send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(LION)).toBe(lionsBefore);
    await page.close();
  });

  it('Confirm sends it exactly once', async () => {
    const page = await liveWith([rule({})]);
    const lionsBefore = sendsOf(LION);
    expect(await answerHeldGift(page, LION, 'confirm')).toBe('ok');
    expect(sendsOf(LION)).toBe(lionsBefore + 1);
    expect(suite.site.state.sends.filter((send) => send.giftId === LION).at(-1)).toMatchObject({ outcome: 'ok' });
    await page.close();
  });

  it('a streak of 10 after one Confirm asks once', async () => {
    const page = await liveWith([rule({ left: 0 })]); // nothing left: every send asks, but a streak is one decision
    const dialogs = await countDialogs(page);
    const rosesBefore = sendsOf(ROSE);
    expect(await answerHeldGift(page, ROSE, 'confirm')).toBe('ok');
    for (let i = 1; i < 10; i++) expect(await sendGift(page, ROSE)).toBe('ok');
    expect(await dialogs()).toBe(1);
    expect(sendsOf(ROSE)).toBe(rosesBefore + 10);
    await page.close();
  });

  it('a per-creator block stops sends to that creator only', async () => {
    const creator = suite.site.creator('coinsight_creator');
    const page = await liveWith([rule({ action: 'block', scope: 'creator', creators: [creator.id, '@coinsight_creator'], left: 0 })]);
    const rosesBefore = sendsOf(ROSE);
    await page.click(`[data-testid="gift-${ROSE}"]`);
    await expect(page.locator('[data-testid="limit-dialog-reason"]').textContent()).resolves.toContain('go past a limit you set to block');
    expect(await page.locator('[data-testid="limit-dialog-confirm"]').count()).toBe(0); // a block has no Confirm
    expect(await page.locator('[data-testid="limit-dialog-override"]').count()).toBe(0); // this rule allows no override
    await page.locator('[data-testid="limit-dialog-cancel"]').click();
    await waitFor('the page handled the blocked send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(ROSE)).toBe(rosesBefore);

    // Another LIVE's creator: no rule covers the send, it goes out untouched.
    await moveToLive(page, 'another_creator');
    const other = suite.site.creator('another_creator');
    expect(await sendGift(page, ROSE)).toBe('ok');
    expect(suite.site.state.sends.filter((send) => send.giftId === ROSE).at(-1)).toMatchObject({ outcome: 'ok', toUserId: other.id });
    expect(sendsOf(ROSE)).toBe(rosesBefore + 1);
    await page.close();
  });

  it('an override needs a typed reason; one the worker refuses is shown, and the send stays blocked', async () => {
    // The worker knows no limit with this id (it was written into the guard state by the test, not saved through the
    // settings door), so it must refuse the override: the page shows why and nothing is sent.
    const page = await liveWith([rule({ action: 'block', left: 0, overridesLeft: 2 })]);
    const rosesBefore = sendsOf(ROSE);
    await page.click(`[data-testid="gift-${ROSE}"]`);
    await page.locator('[data-testid="limit-dialog-override"]').click();
    await page.locator('[data-testid="limit-override-submit"]').click();
    expect(await page.locator('[data-testid="limit-override-error"]').textContent()).toBe('Type a reason to override the limit.');
    await page.locator('[data-testid="limit-override-reason"]').fill('a friend\'s birthday');
    await page.locator('[data-testid="limit-override-submit"]').click();
    await waitFor('the refusal shown', async () => ((await page.locator('[data-testid="limit-override-error"]').textContent()) ?? '').startsWith('Not overridden: '));
    expect(await sendStatus(page)).toMatchObject({ pending: 1 }); // still held, still blocked
    expect(sendsOf(ROSE)).toBe(rosesBefore);
    await page.locator('[data-testid="limit-dialog-cancel"]').click();
    await waitFor('the page handled the blocked send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(ROSE)).toBe(rosesBefore);
    await page.close();
  });

  it('with a wait before Confirm, Confirm is enabled only after it, and the wait starts again when the tab loses focus', async () => {
    const page = await liveWith([rule({ left: 0, confirmDelaySeconds: 3 })]);
    const lionsBefore = sendsOf(LION);
    await page.click(`[data-testid="gift-${LION}"]`);
    const confirm = page.locator('[data-testid="limit-dialog-confirm"]');
    expect(await confirm.isDisabled()).toBe(true);
    await waitFor('the wait counted down to 1 s', async () => (await confirm.textContent()) === 'Confirm (1 s)');
    await page.evaluate(() => window.dispatchEvent(new Event('blur'))); // the window lost focus
    await waitFor('the wait started again', async () => (await confirm.textContent()) === 'Confirm (3 s)');
    expect(await confirm.isDisabled()).toBe(true);
    expect(sendsOf(LION)).toBe(lionsBefore);
    await confirm.click(); // Playwright waits until it is enabled
    await waitFor('the confirmed send handled', async () => {
      const now = await sendStatus(page);
      return now.pending === 0 && now.last === 'ok';
    });
    expect(sendsOf(LION)).toBe(lionsBefore + 1);
    await page.close();
  });
});
