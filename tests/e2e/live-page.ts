// Driving the stand-in's LIVE and /coin pages the way a person would: click, then wait for the page's own status.
import type { Page } from 'playwright-core';
import { waitFor } from './harness';

export const ROSE = 5655;
export const LION = 9110;
export const FINGER_HEART = 9102; // 5 coins
export const LIVE_URL = 'https://www.tiktok.com/@coinsight_creator/live';

export async function openLive(page: Page, url = LIVE_URL): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
  await page.waitForSelector('[data-testid="balance"][data-state="ready"]');
}

export async function sendStatus(page: Page): Promise<{ sent: number; pending: number; last: string }> {
  return page.locator('[data-testid="send-status"]').evaluate((el) => ({
    sent: Number(el.getAttribute('data-sent')), pending: Number(el.getAttribute('data-pending')), last: el.getAttribute('data-last') ?? '',
  }));
}

/**
 * A person taps gifts in the tab in front. A tab behind another (an extension page opened later) gets animation
 * frames only about once a second in headless Chromium, and Playwright's click waits for two of them: every send
 * took two seconds.
 */
async function inFront(page: Page): Promise<void> {
  await page.bringToFront();
}

/** Clicks a gift and waits until the page has handled TikTok's answer; returns the page's outcome label. */
export async function sendGift(page: Page, giftId: number): Promise<string> {
  const before = (await sendStatus(page)).sent;
  await inFront(page);
  await page.click(`[data-testid="gift-${giftId}"]`);
  const status = await waitFor(`send ${before + 1} handled`, async () => {
    const now = await sendStatus(page);
    return now.sent >= before + 1 && now.pending === 0 ? now : null;
  });
  return status.last;
}

/**
 * Clicks a gift that a limit holds: waits for Coinsight's dialog, answers it (`limit-dialog-cancel` or
 * `limit-dialog-confirm`), and waits until the page has handled the outcome; returns the page's outcome label.
 */
export async function answerHeldGift(page: Page, giftId: number, answer: 'cancel' | 'confirm'): Promise<string> {
  const before = (await sendStatus(page)).sent;
  await inFront(page);
  await page.click(`[data-testid="gift-${giftId}"]`);
  await page.locator(`[data-testid="limit-dialog-${answer}"]:not([disabled])`).click();
  await page.locator('coinsight-limit-dialog').waitFor({ state: 'detached' });
  const status = await waitFor(`held send ${before + 1} handled`, async () => {
    const now = await sendStatus(page);
    return now.sent >= before + 1 && now.pending === 0 ? now : null;
  });
  return status.last;
}

/** Clicks a gift `times` times in a row without waiting for any answer (a quick streak; sends overlap in flight). */
export async function clickGifts(page: Page, giftId: number, times: number): Promise<void> {
  await inFront(page);
  for (let i = 0; i < times; i++) await page.click(`[data-testid="gift-${giftId}"]`);
}

/** Counts the limit dialogs (Coinsight's `coinsight-limit-dialog`) the page shows from now on; call the result to read. */
export async function countDialogs(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __dialogs: number };
    w.__dialogs = 0;
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if ((node as Element).localName === 'coinsight-limit-dialog') w.__dialogs++;
    }).observe(document.documentElement, { childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { __dialogs: number }).__dialogs);
}

/** The text of Coinsight's limits strip in the page (spent, left, reset), or null while there is none. */
export async function stripText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('coinsight-limits')?.shadowRoot?.querySelector('[data-testid="limit-strip"]')?.textContent ?? null);
}

/** Waits until Coinsight's money price shows beside the gift in the LIVE panel: the relay has the room's gift list. */
export async function waitForPanelPrice(page: Page, giftId: number): Promise<string> {
  return waitFor(`a money price beside gift ${giftId}`, () => page.evaluate((id) => {
    const host = document.querySelector(`[data-testid="gift-${id}"] coinsight-price`);
    return host?.shadowRoot?.textContent ?? null;
  }, giftId));
}

/** The wallet readings the LIVE page has completed (successful or not) so far. */
export async function balanceReads(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="balance"]', 'data-reads'));
}

/**
 * Clicks "Refresh" on the LIVE page (the wallet endpoint is read again, as when the real gift panel opens) and waits for
 * that reading to arrive; returns the coins it showed. Throws when the reading failed.
 */
export async function refreshBalance(page: Page): Promise<number> {
  const before = await balanceReads(page);
  await inFront(page);
  await page.click('[data-testid="refresh-balance"]');
  await waitFor(`wallet reading ${before + 1}`, async () => (await balanceReads(page)) >= before + 1);
  const balance = page.locator('[data-testid="balance"]');
  if ((await balance.getAttribute('data-state')) !== 'ready') throw new Error('the wallet reading failed');
  return Number(await balance.getAttribute('data-coins'));
}

/**
 * Moves to another creator's LIVE without a page load (the suggested-LIVE button: history.pushState, as the real web
 * app does) and waits until the page is in that room with its gift panel loaded again. In-flight sends are not aborted.
 */
export async function moveToLive(page: Page, handle: string): Promise<void> {
  await inFront(page);
  await page.click(`[data-testid="suggested-live"][data-handle="${handle}"]`);
  await page.waitForSelector(`[data-testid="room"][data-handle="${handle}"]`);
  const panel = page.locator(`[data-testid="gift-panel"][data-handle="${handle}"]:not([data-state="loading"])`);
  await panel.waitFor();
  if ((await panel.getAttribute('data-state')) !== 'ready') throw new Error(`the gift list of @${handle} did not load`);
}

/** From /coin with a package chosen: Recharge, then Pay now in the cashier; resolves on the end-result page. */
async function payAtCashier(page: Page): Promise<{ status: string | null }> {
  await inFront(page);
  await page.click('[data-e2e="wallet-buy-now-button"]');
  await page.waitForSelector('[data-e2e="cashier-footer-button"]', { state: 'visible' });
  await Promise.all([page.waitForURL(/\/coin\/end-result/), page.click('[data-e2e="cashier-footer-button"]')]);
  await page.waitForSelector('[data-testid="payment-result"]:not([data-status="pending"])');
  await page.waitForSelector('[data-testid="balance"][data-state="ready"]');
  return { status: await page.getAttribute('[data-testid="payment-result"]', 'data-status') };
}

/** Buys the package at `index` on /coin through the cashier; resolves on the end-result page. */
export async function buyPackage(page: Page, index: number): Promise<{ status: string | null }> {
  await page.goto('https://www.tiktok.com/coin');
  await page.waitForSelector('[data-e2e="wallet-coins-balance"]:not(:empty)');
  await inFront(page);
  await page.click(`[data-e2e="wallet-package-${index}"]`);
  return payAtCashier(page);
}

/** Buys a custom amount of coins on /coin (priced at the wallet's unit price) through the cashier; resolves on the end-result page. */
export async function buyCustomAmount(page: Page, coins: number): Promise<{ status: string | null }> {
  await page.goto('https://www.tiktok.com/coin');
  await page.waitForSelector('[data-e2e="wallet-coins-balance"]:not(:empty)');
  await page.waitForSelector('body[data-fake-state="ready"]');
  await inFront(page);
  await page.click('[data-e2e="wallet-package-custom"]');
  await page.fill('[data-e2e="wallet-package-coin-custom-input-box"]', String(coins));
  return payAtCashier(page);
}
