/**
 * Spend limits in TikTok's page (issue 9, items 3–5, page side), through the real worker: each limit is saved through
 * the worker's door (`saveLimit`, what the options editor sends) and the worker computes the guard state the relay hands
 * the tap. A gift send that a `confirm` rule holds is asked about in a dialog before it leaves the page; Cancel fails
 * it as a network failure would (the stand-in never sees it, the page keeps working); Confirm sends it once; a streak
 * after one Confirm asks once; a per-creator block stops sends to that creator only. Both ways the page sends gifts:
 * fetch and XMLHttpRequest (`?transport=xhr`). The in-page strip (spent, left, reset) is limits-strip.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LimitRule } from '../../src/core/limits';
import { openExtensionPage, waitFor, waitForEverySuccessfulSend, withChromium } from './harness';
import { guardLeft, limitRule, saveLimit } from './limits-harness';
import { FINGER_HEART, LION, LIVE_URL, ROSE, answerHeldGift, clickGifts, countDialogs, moveToLive, openLive, sendGift, sendStatus, waitForPanelPrice } from './live-page';

const confirmRule = (fields: Partial<LimitRule> = {}): LimitRule => limitRule({ action: 'confirm', cap: { kind: 'coins', coins: 1_200 }, ...fields });

describe.each(['fetch', 'xhr'] as const)('limits in the page, Chromium, gifts sent by %s', (transport) => {
  // A fresh browser and stand-in per test: each test's limits and spending are its own.
  const suite = withChromium({ initialCoins: 200_000, locale: 'en-US' }, 'test');
  const liveUrl = (url = LIVE_URL) => (transport === 'xhr' ? `${url}?transport=xhr` : url);
  const sendsOf = (giftId: number) => suite.site.state.sends.filter((send) => send.giftId === giftId).length;
  // What the dialog and the tap's own state decide (a streak's one question, an override's reason, the wait before
  // Confirm) does not depend on how the page sends: those run once, with fetch. Holding, failing and letting a send
  // go, and counting sends in flight, are the transport's: those run with both.
  const itOnce = (transport === 'fetch' ? it : () => undefined) as typeof it;

  /** Opens the LIVE page and waits until the relay has the room's gift list (the tap knows each gift's price). */
  async function openLivePage(): Promise<Page> {
    const page = await suite.session.context.newPage();
    await openLive(page, liveUrl());
    await waitForPanelPrice(page, LION);
    return page;
  }

  /** Saves `rules` through the worker's door, then opens the LIVE page. Returns it and the extension page. */
  async function liveWith(...rules: LimitRule[]): Promise<{ page: Page; extension: Page }> {
    const extension = await openExtensionPage(suite.session, 'src/options/index.html');
    for (const rule of rules) await saveLimit(extension, rule);
    return { page: await openLivePage(), extension };
  }

  /** Waits until the ledger has every send the stand-in took and the worker's guard state says `left` for `rule`. */
  async function recorded(extension: Page, rule: LimitRule, left: number): Promise<void> {
    await waitForEverySuccessfulSend(suite.site, extension);
    await waitFor(`the guard state's ${left} coins left`, async () => (await guardLeft(extension, rule.id)) === left);
  }

  it('asks before a Lion that would cross the cap, with its coins and money and what is left; Cancel sends nothing and the page keeps working', async () => {
    const { page } = await liveWith(confirmRule());
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
  });

  it('Escape cancels too', async () => {
    const { page } = await liveWith(confirmRule());
    await page.click(`[data-testid="gift-${LION}"]`);
    await page.locator('[data-testid="limit-dialog-cancel"]').waitFor();
    await page.keyboard.press('Escape');
    await waitFor('the page handled the cancelled send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(LION)).toBe(0);
  });

  it('Confirm sends it exactly once, and the worker records it', async () => {
    const rule = confirmRule();
    const { page, extension } = await liveWith(rule);
    expect(await answerHeldGift(page, LION, 'confirm')).toBe('ok');
    expect(sendsOf(LION)).toBe(1);
    expect(suite.site.state.sends.filter((send) => send.giftId === LION).at(-1)).toMatchObject({ outcome: 'ok' });
    await recorded(extension, rule, 1_200 - 29_999);
    expect(sendsOf(LION)).toBe(1);
  });

  it('sends a rule has room for go out unasked, and the dialog comes exactly at the send that crosses the cap', async () => {
    // 10 coins: two Finger Hearts (5 each) fit, the third crosses. Sent at once: the tap counts what it let through.
    const rule = confirmRule({ cap: { kind: 'coins', coins: 10 } });
    const { page, extension } = await liveWith(rule);
    const dialogs = await countDialogs(page);
    await clickGifts(page, FINGER_HEART, 2);
    await waitFor('two sends handled', async () => (await sendStatus(page)).sent === 2 && (await sendStatus(page)).pending === 0);
    expect(await dialogs()).toBe(0);
    expect(sendsOf(FINGER_HEART)).toBe(2);
    expect(await answerHeldGift(page, FINGER_HEART, 'cancel')).toBe('network-error');
    expect(await dialogs()).toBe(1);

    await recorded(extension, rule, 0);
    expect(sendsOf(FINGER_HEART)).toBe(2);
  });

  it('a send the worker records while others are in flight counts once, and those in flight still count: the dialog comes at the crossing send', async () => {
    // 10 coins of Roses (1 coin each): the 10th fits, the 11th crosses.
    const rule = confirmRule({ cap: { kind: 'coins', coins: 10 } });
    const { page, extension } = await liveWith(rule);
    const dialogs = await countDialogs(page);
    for (let i = 0; i < 5; i++) expect(await sendGift(page, ROSE)).toBe('ok');
    await recorded(extension, rule, 5);
    // Three more leave at once; the stand-in answers only the first: the worker records it (4 left) while two are in flight.
    suite.site.control.holdSends();
    await clickGifts(page, ROSE, 3);
    await waitFor('three sends at the stand-in', () => sendsOf(ROSE) === 8);
    expect(suite.site.control.releaseFirstSend()).toBe(true);
    await waitFor('the guard state: 4 left', async () => (await guardLeft(extension, rule.id)) === 4);
    // Two in flight + two more = 10 coins: they fit, unasked; the next one crosses and is asked about.
    await clickGifts(page, ROSE, 2);
    await waitFor('ten sends at the stand-in', () => sendsOf(ROSE) === 10);
    expect(await dialogs()).toBe(0);
    await page.click(`[data-testid="gift-${ROSE}"]`);
    await page.locator('[data-testid="limit-dialog-cancel"]').waitFor();
    suite.site.control.releaseSends();
    await page.locator('[data-testid="limit-dialog-cancel"]').click();
    await waitFor('every send handled', async () => (await sendStatus(page)).pending === 0);
    expect(await dialogs()).toBe(1);
    expect(sendsOf(ROSE)).toBe(10);
    await recorded(extension, rule, 0);
  });

  itOnce('a streak of 10 after one Confirm asks once', async () => {
    const { page } = await liveWith(confirmRule({ cap: { kind: 'coins', coins: 1 } })); // a Finger Heart crosses it
    const dialogs = await countDialogs(page);
    expect(await answerHeldGift(page, FINGER_HEART, 'confirm')).toBe('ok');
    for (let i = 1; i < 10; i++) expect(await sendGift(page, FINGER_HEART)).toBe('ok');
    expect(await dialogs()).toBe(1);
    expect(sendsOf(FINGER_HEART)).toBe(10);
  });

  it('a per-creator block stops sends to that creator only', async () => {
    // The door takes only a creator the ledger has seen: one Rose to them first, then the block of 1 coin is reached.
    const extension = await openExtensionPage(suite.session, 'src/options/index.html');
    const first = await openLivePage();
    expect(await sendGift(first, ROSE)).toBe('ok');
    await waitForEverySuccessfulSend(suite.site, extension);
    await first.close();
    const rule = limitRule({ action: 'block', scope: { kind: 'creator', creator: '@coinsight_creator' }, cap: { kind: 'coins', coins: 1 } });
    await saveLimit(extension, rule);
    await waitFor('the guard state: nothing left for the creator', async () => (await guardLeft(extension, rule.id)) === 0);
    const page = await openLivePage();

    await page.click(`[data-testid="gift-${ROSE}"]`);
    await expect(page.locator('[data-testid="limit-dialog-reason"]').textContent()).resolves.toContain('go past a limit you set to block');
    expect(await page.locator('[data-testid="limit-dialog-confirm"]').count()).toBe(0); // a block has no Confirm
    expect(await page.locator('[data-testid="limit-dialog-override"]').count()).toBe(0); // this rule allows no override
    await page.locator('[data-testid="limit-dialog-cancel"]').click();
    await waitFor('the page handled the blocked send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(ROSE)).toBe(1);

    // Another LIVE's creator: no rule covers the send, it goes out untouched.
    await moveToLive(page, 'another_creator');
    const other = suite.site.creator('another_creator');
    expect(await sendGift(page, ROSE)).toBe('ok');
    expect(suite.site.state.sends.filter((send) => send.giftId === ROSE).at(-1)).toMatchObject({ outcome: 'ok', toUserId: other.id });
    expect(sendsOf(ROSE)).toBe(2);
  });

  itOnce('an override needs a typed reason; one the worker refuses is shown, and the send stays blocked', async () => {
    // The limit is removed while the dialog is open: the worker knows no such limit any more and must refuse.
    const rule = limitRule({ action: 'block', cap: { kind: 'coins', coins: 1 }, overridesPerPeriod: 2 });
    const { page, extension } = await liveWith(rule);
    await page.click(`[data-testid="gift-${LION}"]`);
    await page.locator('[data-testid="limit-dialog-override"]').click();
    await page.locator('[data-testid="limit-override-submit"]').click();
    expect(await page.locator('[data-testid="limit-override-error"]').textContent()).toBe('Type a reason to override the limit.');
    const reply = await extension.evaluate((id) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } })
      .chrome.runtime.sendMessage({ type: 'limits/delete', payload: { id } }), rule.id);
    expect(reply.ok).toBe(true);
    await page.locator('[data-testid="limit-override-reason"]').fill('a friend\'s birthday');
    await page.locator('[data-testid="limit-override-submit"]').click();
    await waitFor('the refusal shown', async () => ((await page.locator('[data-testid="limit-override-error"]').textContent()) ?? '').startsWith('Not overridden: '));
    expect(await sendStatus(page)).toMatchObject({ pending: 1 }); // still held, still blocked
    expect(sendsOf(LION)).toBe(0);
    await page.locator('[data-testid="limit-dialog-cancel"]').click();
    await waitFor('the page handled the blocked send', async () => (await sendStatus(page)).pending === 0);
    expect((await sendStatus(page)).last).toBe('network-error');
    expect(sendsOf(LION)).toBe(0);
  });

  itOnce('with a wait before Confirm, Confirm is enabled only after it, and the wait starts again when the tab loses focus', async () => {
    const { page } = await liveWith(confirmRule({ confirmDelaySeconds: 3 }));
    await page.click(`[data-testid="gift-${LION}"]`);
    const confirm = page.locator('[data-testid="limit-dialog-confirm"]');
    expect(await confirm.isDisabled()).toBe(true);
    await waitFor('the wait counted down to 1 s', async () => (await confirm.textContent()) === 'Confirm (1 s)');
    await page.evaluate(() => window.dispatchEvent(new Event('blur'))); // the window lost focus
    await waitFor('the wait started again', async () => (await confirm.textContent()) === 'Confirm (3 s)');
    expect(await confirm.isDisabled()).toBe(true);
    expect(sendsOf(LION)).toBe(0);
    await confirm.click(); // Playwright waits until it is enabled
    await waitFor('the confirmed send handled', async () => {
      const now = await sendStatus(page);
      return now.pending === 0 && now.last === 'ok';
    });
    expect(sendsOf(LION)).toBe(1);
  });
});
