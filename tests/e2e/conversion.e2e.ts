/**
 * Conversion transparency, end to end (issue 8 acceptance): an account holds coins at install, buys coins twice at two
 * prices, then sends gifts that use up the install-time coins (estimated) and span both purchases (paid). The popup
 * must show paid and estimated money equal to the figures worked out by hand below, and "this LIVE" for the room open
 * in the tab it is about. Then what a newcomer saw (issue 8): big totals, a long handle, a Lion of unknown price.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LedgerEntry, RechargeEntry } from '../../src/core/ledger';
import { coinsFromText, openExtensionPage, readStore, text, waitFor, withChromium, type ChromiumSession } from './harness';
import { LION, ROSE, buyCustomAmount, buyPackage, moveToLive, openLive, refreshBalance, sendGift } from './live-page';

const DOUGHNUT = 9104; // 30 coins
const UNIVERSE = 9111; // 44,999 coins
const HAND_HEARTS = 9105; // 100 coins
const HELD_AT_INSTALL = 100;

/** The popup, opened after `over` was the tab in use (as a click on the toolbar button over it would). */
async function popupOver(session: ChromiumSession, over: Page): Promise<Page> {
  await over.bringToFront();
  const popup = await openExtensionPage(session, 'src/popup/index.html');
  await popup.waitForSelector('[data-testid="balance-ready"][data-money="ready"]');
  return popup;
}

/** Text with every run of white space (the no-break space after "≈" included) as one space. */
const flat = (value: string) => value.replace(/\s+/g, ' ').trim();
const moneyText = async (popup: Page, testid: string) => flat(await text(popup, testid));

describe('what every coin cost', () => {
  const suite = withChromium({ initialCoins: HELD_AT_INSTALL, locale: 'en-US' });

  it('shows paid and estimated money as worked out by hand, and this LIVE since the tab entered it', async () => {
    const page = await suite.session.context.newPage();
    const store = await openExtensionPage(suite.session, 'src/options/index.html');
    const ledger = () => readStore<LedgerEntry>(store);

    // 1. The first wallet reading (on /coin) finds 100 coins already held: their price is unknown.
    // 2. 70 coins for $0.74 (the first package), then 200 coins for $2.10 (a custom amount at $0.0105 a coin).
    expect((await buyPackage(page, 0)).status).toBe('succeeded');
    await waitFor('the first recharge', async () => (await ledger()).some((e) => e.kind === 'recharge'));
    expect((await buyCustomAmount(page, 200)).status).toBe('succeeded');
    const recharges = await waitFor('both recharges, priced', async () => {
      const found = (await ledger()).filter((e): e is RechargeEntry => e.kind === 'recharge' && e.price !== undefined);
      return found.length === 2 ? found.sort((a, b) => a.at - b.at) : null;
    });
    expect(recharges.map((r) => [r.coins, r.price])).toEqual([[70, { minor: 74, currency: 'USD' }], [200, { minor: 210, currency: 'USD' }]]);
    expect((await ledger()).filter((e) => e.kind === 'adjustment')).toEqual([expect.objectContaining({ source: 'initial-balance', coins: HELD_AT_INSTALL })]);

    // 3. Gifts. A Rose to @another_creator first, then back to @coinsight_creator (client-side moves, as the web app
    //    makes them): the tab enters that LIVE again, and "this LIVE" counts from then.
    await openLive(page);
    await moveToLive(page, 'another_creator');
    expect(await sendGift(page, ROSE)).toBe('ok');
    await moveToLive(page, 'coinsight_creator');
    for (const gift of [HAND_HEARTS, DOUGHNUT, HAND_HEARTS, ROSE, ROSE, ROSE]) expect(await sendGift(page, gift)).toBe('ok');
    expect(await refreshBalance(page)).toBe(HELD_AT_INSTALL + 70 + 200 - 234);
    await waitFor('all 7 gifts in the ledger', async () => (await ledger()).filter((e) => e.kind === 'gift').length === 7);

    // FIFO, by hand. Lots: H = 100 held (no price), A = 70 for 74¢, B = 200 for 210¢. A lot's share for coins k..n is
    // floor(price × n / coins) − floor(price × k / coins), so a used-up lot gives away exactly its price.
    //   Rose → @another_creator, 1 coin:   H 1                                           unpriced 1
    //   Hand Hearts, 100:  H 99 + A 1      A: floor(74 × 1 / 70) = 1                     1¢, unpriced 99
    //   Doughnut, 30:      A 30 (to 31)    floor(74 × 31 / 70) = 32; 32 − 1              31¢
    //   Hand Hearts, 100:  A 39 (to 70)    74 − 32 = 42;  B 61: floor(210 × 61 / 200) = 64       106¢
    //   Rose × 3:          B 62, 63, 64    65 − 64, 66 − 65, 67 − 66                     1¢ + 1¢ + 1¢
    // Paid today: 1 + 31 + 106 + 3 = 141¢ = $1.41. Unpriced: 100 coins held at install.
    // Estimate basis: "your purchases" (the default choice) = (74 + 210)¢ for (70 + 200) coins = 284¢ / 270 coins.
    //   100 coins: 100 × 284 / 270 = 105.19 → $1.05.   99 coins (this LIVE): 99 × 284 / 270 = 104.13 → $1.04.
    // Creators: 234 coins = 234 diamonds at the reported $0.005 = 117¢ = $1.17; TikTok: 141 + 105 − 117 = 129¢ = $1.29.
    const popup = await popupOver(suite.session, page);
    expect(coinsFromText(await text(popup, 'spent-today'))).toBe(234);
    for (const period of ['today', 'week', 'month']) {
      expect(await moneyText(popup, `paid-${period}`)).toBe('$1.41');
      expect(await moneyText(popup, `estimated-${period}`)).toBe('≈ $1.05');
    }
    expect(await moneyText(popup, 'creators-received')).toContain('$1.17');
    expect(await moneyText(popup, 'platform-share')).toContain('$1.29');
    expect(await moneyText(popup, 'diamond-value')).toMatch(/234 diamonds.*\$0\.01 for 2 diamonds.*Source: .*TikTok publishes no fixed rate/);

    // This LIVE: the six gifts since the tab came back to @coinsight_creator: 233 coins, all 141¢ paid (the Rose to
    // @another_creator was unpriced), and 99 coins held at install.
    expect(await text(popup, 'live-handle')).toBe('@coinsight_creator');
    expect(coinsFromText(await text(popup, 'live-coins'))).toBe(233);
    expect(await moneyText(popup, 'live-paid')).toBe('$1.41');
    expect(await moneyText(popup, 'live-estimated')).toBe('≈ $1.04');
    expect(await moneyText(popup, 'live-estimate-basis')).toContain('the average price of your purchases, 270 coins = $2.84');

    // How it is estimated, on screen once opened (no tooltip needed): the basis, its source, each reason.
    await popup.click('[data-testid="estimate-details"] summary');
    expect(await moneyText(popup, 'estimate-basis')).toContain('the average price of your purchases: 270 coins = $2.84');
    expect(await popup.locator('[data-testid="unpriced-reasons"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-reason')))).toEqual(['initial-balance']);
    expect(await moneyText(popup, 'unpriced-reasons')).toContain('Coins held at install (100 coins this month)');
    expect(await popup.locator('[data-testid="estimate-fallback"]').count()).toBe(0);

    // The three Roses are one row that opens to its sends; each row says what it cost.
    const streak = popup.locator('[data-testid="recent-entry"][data-streak="3"]');
    expect(await streak.locator('[data-testid="streak-title"]').innerText()).toBe('Rose × 3');
    expect(await streak.locator('[data-testid="entry-coins"]').first().innerText()).toBe('−3');
    expect(await streak.locator('[data-testid="entry-money"]').first().innerText()).toBe('$0.03 paid');
    await streak.locator('[data-testid="streak-toggle"]').click();
    expect(await streak.locator('[data-testid="streak-send"]').count()).toBe(3);
    const firstHands = popup.locator('[data-testid="recent-entry"][data-kind="gift"]').filter({ hasText: 'Hand Hearts' }).last();
    expect(flat(await firstHands.locator('[data-testid="entry-money"]').innerText())).toBe('$0.01 paid + ≈ $1.04 estimated');
    expect(await firstHands.locator('[data-testid="entry-estimate-note"]').innerText()).toContain('99 coins of unknown price (Coins held at install)');
    // Coins already held are a starting point, not coins coming in.
    const held = popup.locator('[data-testid="recent-entry"][data-source="initial-balance"]');
    expect(await held.locator('[data-testid="entry-coins"]').innerText()).toBe('100');
    expect(await held.locator('[data-testid="entry-money"]').innerText()).toBe('a starting point, not a purchase');
    await popup.close();

    // Over another tab (not a LIVE), the popup has no "this LIVE".
    const other = await suite.session.context.newPage();
    await other.goto('https://www.tiktok.com/coin');
    const elsewhere = await popupOver(suite.session, other);
    expect(await elsewhere.locator('[data-testid="live-card"]').count()).toBe(0);
    await elsewhere.close();
    await other.close();
    await store.close();
    await page.close();
  });

  it('fits the 380 px popup with big totals and a long handle, says which basis priced a Lion of unknown price, and why when it falls back', async () => {
    const page = await suite.session.context.newPage();
    const longHandle = 'the.longest.handle.is.24'; // TikTok allows 24 characters
    await openLive(page, `https://www.tiktok.com/@${longHandle}/live`);
    // 900,000,000 coins appear without a purchase Coinsight saw (the phone app): coins from elsewhere, price unknown.
    suite.site.control.setBalance(suite.site.state.balance + 900_000_000);
    await refreshBalance(page);
    expect(await sendGift(page, LION)).toBe('ok');
    await page.selectOption('[data-testid="send-count"]', '999');
    expect(await sendGift(page, UNIVERSE)).toBe('ok'); // 999 × 44,999 = 44,954,001 coins in one send
    await page.selectOption('[data-testid="send-count"]', '1');

    // The user picks a basis that cannot apply (a custom rate, none typed), a display currency of their own and
    // a rate into it: the popup says what it used instead and why, and adds a total in euros, labelled estimated.
    const store = await openExtensionPage(suite.session, 'src/options/index.html');
    const saved = await store.evaluate((patch) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } })
      .chrome.runtime.sendMessage({ type: 'settings/update', payload: { patch } }), {
      displayCurrency: 'EUR',
      conversion: { basis: 'custom', customRate: null, diamondRate: null, exchangeRates: [{ from: 'USD', to: 'EUR', fromMinor: 100, toMinor: 92, asOf: '2026-11-30' }] },
    });
    expect(saved.ok).toBe(true);
    await waitFor('both gifts in the ledger', async () => (await readStore<LedgerEntry>(store)).filter((e) => e.kind === 'gift').length === 9);
    await store.close();

    const popup = await popupOver(suite.session, page);
    await popup.setViewportSize({ width: 380, height: 800 });
    // Nothing pushes the popup sideways.
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    expect(coinsFromText(await text(popup, 'spent-today'))).toBe(234 + 29_999 + 44_954_001);

    // The long handle stays on one line, with an ellipsis, and shows in full once focused (keyboard, touch).
    const sub = popup.locator('[data-testid="recent-entry"][data-kind="gift"]').first().locator('[data-testid="entry-sub"]');
    const lineHeight = await sub.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 17);
    expect((await sub.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    expect(await sub.getAttribute('title')).toContain(`@${longHandle}`);
    await sub.focus();
    expect(await sub.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('normal');
    // Short dates: today's rows say the time, not the year.
    expect(await sub.innerText()).not.toMatch(/20\d\d/);
    expect(await text(popup, 'live-handle')).toBe(`@${longHandle}`);
    expect((await popup.locator('[data-testid="live-handle"]').boundingBox())!.height).toBeLessThan(lineHeight * 1.5);

    // The Lion: the last 136 coins bought for $2.10 (floor(210 × 200 / 200) − 67 = 143¢), the rest from elsewhere.
    // With no custom rate typed, the estimate falls back to the average of the user's purchases, and says so.
    const lion = popup.locator('[data-testid="recent-entry"][data-kind="gift"]').filter({ hasText: 'Lion' });
    expect(flat(await lion.locator('[data-testid="entry-money"]').innerText())).toMatch(/^\$1\.43 paid \+ ≈ \$\d{3}\.\d\d estimated$/);
    expect(await lion.locator('[data-testid="entry-estimate-note"]').innerText())
      .toBe('Estimate for 29,863 coins of unknown price (Coins from elsewhere), at the average price of your purchases, 270 coins = $2.84 (no date given)');
    await popup.click('[data-testid="estimate-details"] summary');
    expect(await text(popup, 'estimate-fallback')).toBe('You chose the rate you entered, which cannot be used (no rate entered yet), so the average price of your purchases is used instead.');
    expect(await popup.locator('[data-testid="unpriced-reasons"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-reason')))).toEqual(['initial-balance', 'balance-rise']);
    // Combined in euros at the typed rate, labelled estimated, with its date; paid stays in dollars.
    expect(await moneyText(popup, 'combined-totals')).toMatch(/^All in EUR, estimated: Today ≈ €[\d,.]+ · This week ≈ €[\d,.]+ · This month ≈ €[\d,.]+ at the exchange rates you entered: \$1\.00 = €0\.92 \(as of 2026-11-30\)$/);
    expect(await moneyText(popup, 'paid-today')).toBe('$2.84');
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    await popup.close();
    await page.close();
  });
});
