/**
 * The in-page strip (issue 9, item 2): on a LIVE page a limit covers, and on /coin, one line says what was spent this
 * period, what is left and when it resets, from the worker's `inPageLimits`; it follows each send the worker records.
 * Limits are saved through the worker's door (`saveLimit`), as the options editor does. Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openExtensionPage, waitFor, waitForEverySuccessfulSend, withChromium } from './harness';
import { limitRule, saveLimit } from './limits-harness';
import { FINGER_HEART, LIVE_URL, moveToLive, openLive, sendGift, stripText } from './live-page';

describe('the limits strip in the page, Chromium', () => {
  const suite = withChromium({ initialCoins: 200_000, locale: 'en-US' }, 'test');

  /** "Mon 00:00": how the page words the reset (the strip's own format, in the page's locale and zone). */
  const resetWords = (page: Page, at: number) => page.evaluate((when) => new Date(when).toLocaleString(undefined, Date.now() + 6 * 86_400_000 > when
    ? { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), at);

  it('on a LIVE page and on /coin: spent this week, left and the reset, updated after a send', async () => {
    const extension = await openExtensionPage(suite.session, 'src/options/index.html');
    const rule = limitRule({ action: 'warn', cap: { kind: 'coins', coins: 1_000 } });
    const view = await saveLimit(extension, rule);
    const resetsAt = view.statuses.find((status) => status.ruleId === rule.id)!.resetsAt;

    const page = await suite.session.context.newPage();
    await openLive(page);
    const resets = await resetWords(page, resetsAt);
    expect(await waitFor('the strip', () => stripText(page))).toBe(`Coinsight · This week: spent 0 coins · 1,000 coins left · resets ${resets}`);

    expect(await sendGift(page, FINGER_HEART)).toBe('ok');
    await waitFor('the strip after the send', async () => (await stripText(page)) === `Coinsight · This week: spent 5 coins · 995 coins left · resets ${resets}`);

    await page.goto('https://www.tiktok.com/coin');
    expect(await waitFor('the strip on /coin', () => stripText(page))).toBe(`Coinsight · This week: spent 5 coins · 995 coins left · resets ${resets}`);
  });

  it('a creator\'s limit shows on that creator\'s LIVE only, and a confirm rule\'s strip follows the sends too', async () => {
    const extension = await openExtensionPage(suite.session, 'src/options/index.html');
    const page = await suite.session.context.newPage();
    await openLive(page, LIVE_URL);
    expect(await sendGift(page, FINGER_HEART)).toBe('ok'); // the door takes only a creator the ledger has seen
    const rule = limitRule({ action: 'confirm', period: { kind: 'day' }, scope: { kind: 'creator', creator: '@coinsight_creator' }, cap: { kind: 'coins', coins: 50 } });
    await waitForEverySuccessfulSend(suite.site, extension);
    await saveLimit(extension, rule);

    await page.reload();
    expect(await waitFor('the strip', () => stripText(page))).toMatch(/^Coinsight · Today: spent 5 coins · 45 coins left · resets /);
    expect(await sendGift(page, FINGER_HEART)).toBe('ok');
    await waitFor('the strip after the send', async () => (await stripText(page))?.startsWith('Coinsight · Today: spent 10 coins · 40 coins left · resets '));

    await moveToLive(page, 'another_creator');
    await waitFor('no strip on another creator\'s LIVE', async () => (await stripText(page)) === null);
  });

  it('a per-LIVE limit shows on a LIVE page, with that room\'s own spending', async () => {
    const extension = await openExtensionPage(suite.session, 'src/options/index.html');
    await saveLimit(extension, limitRule({ action: 'warn', period: { kind: 'day' }, scope: { kind: 'live' }, cap: { kind: 'coins', coins: 100 } }));
    const page = await suite.session.context.newPage();
    await openLive(page, LIVE_URL);
    expect(await waitFor('the strip', () => stripText(page))).toMatch(/^Coinsight · Today: spent 0 coins · 100 coins left · resets /);
    expect(await sendGift(page, FINGER_HEART)).toBe('ok');
    await waitFor('the strip after the send', async () => (await stripText(page))?.startsWith('Coinsight · Today: spent 5 coins · 95 coins left · resets '));
    await page.goto('https://www.tiktok.com/@another_creator/live'); // another room: its own allowance
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    expect(await waitFor('the strip in another room', () => stripText(page))).toMatch(/^Coinsight · Today: spent 0 coins · 100 coins left · resets /);
  });
});
