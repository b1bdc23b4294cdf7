/**
 * The options page in Chromium, driven as a person would: settings written only through the background survive a
 * reload; a purchase Coinsight could not see is typed in (a price it cannot read is refused next to the field, saying
 * why), listed, edited and deleted, and takes over the coins held at install; the basis for estimates is switched and
 * the one in force follows; an exchange rate and a diamond value are entered.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AdjustmentEntry, LedgerEntry, RechargeEntry } from '../../src/core/ledger';
import { openExtensionPage, readStorageLocal, readStore, text, waitFor, withChromium } from './harness';
import { ROSE, openLive, sendGift } from './live-page';

const ACCOUNT = '6912345678901234567'; // the stand-in's signed-in user

async function openOptions(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="purchase-form"]');
  await page.waitForSelector('[data-testid="basis-in-force"]');
}
const inForce = (page: Page) => text(page, 'basis-in-force');
/** YYYY-MM-DDTHH:MM, UTC (the harness runs Chromium in UTC), `days` before now. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 16);

describe('options page', () => {
  const suite = withChromium({ initialCoins: 1000, locale: 'en-US' });

  it('saves the display currency and week start through the background', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="settings-form"]');
    await options.selectOption('[data-testid="display-currency"]', 'IDR');
    await options.selectOption('[data-testid="week-start"]', '6');
    await options.click('[data-testid="save-settings"]');
    await waitFor('the saved confirmation', async () => (await text(options, 'settings-status')) === 'Saved');
    expect((await readStorageLocal(options)).settings).toMatchObject({ displayCurrency: 'IDR', weekStart: 6, conversion: { basis: 'your-purchases' } });

    await options.reload();
    await options.waitForSelector('[data-testid="settings-form"]');
    expect(await options.inputValue('[data-testid="display-currency"]')).toBe('IDR');
    expect(await options.inputValue('[data-testid="week-start"]')).toBe('6');
    // Back to dollars for the scenario below.
    await options.selectOption('[data-testid="display-currency"]', 'USD');
    await options.click('[data-testid="save-settings"]');
    await waitFor('dollars saved', async () => (await readStorageLocal(options)).settings && ((await readStorageLocal(options)).settings as { displayCurrency: string }).displayCurrency === 'USD');
    await options.close();
  });

  it('records a purchase typed in by hand, refuses a price it cannot read, and shows which basis is in force', async () => {
    // Coinsight sees the account holding 1,000 coins (coins of unknown price), then five Roses are sent from them.
    const live = await suite.session.context.newPage();
    await openLive(live);
    for (let tap = 0; tap < 5; tap++) expect(await sendGift(live, ROSE)).toBe('ok');
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await waitFor('the coins held at install and the Roses in the ledger', async () => {
      const entries = await readStore<LedgerEntry>(options);
      return entries.some((e) => e.kind === 'adjustment' && e.source === 'initial-balance') && entries.filter((e) => e.kind === 'gift').length === 5;
    });
    await openOptions(options);

    // Nothing paid yet: "your purchases" cannot apply, and the page says why and what is used instead.
    expect(await text(options, 'in-force-name')).toBe('TikTok web coin packages');
    expect(await text(options, 'basis-fallback')).toContain('You chose “Your purchases”, but it cannot apply: there are no priced purchases in one currency yet.');
    await options.check('[data-testid="basis-option-app-package"]');
    await waitFor('the in-app basis in force', async () => (await text(options, 'in-force-name')) === 'In-app coin packages');
    expect(await options.locator('[data-testid="basis-fallback"]').count()).toBe(0);
    expect(await inForce(options)).toContain('$4.99 for 330 coins (≈ $1.51 per 100 coins). In-app packages, about 25 % dearer than the web, as publicly reported: 330 coins for $4.99 (no date given by the source).');

    // Read at arm's length: no text on the page is smaller than 14 px (Chromium gives extension pages 75 % by default).
    const small = await options.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((el) => [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()))
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 14).map((el) => `${el.tagName}.${el.className}: ${el.textContent?.slice(0, 40)}`));
    expect(small).toEqual([]);

    // A price with a bare "$": refused next to the field, with the reason, and nothing is written.
    await options.fill('[data-testid="purchase-coins"]', '1,000');
    await options.fill('[data-testid="purchase-price"]', '$10.99');
    await options.fill('[data-testid="purchase-when"]', daysAgo(2));
    await options.press('[data-testid="purchase-price"]', 'Enter');
    expect(await text(options, 'purchase-price-error')).toBe('“$” is used by several currencies (USD, CAD, AUD, NZD, …): choose one in the currency list.');
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('purchase-price');
    expect(await options.getAttribute('[data-testid="purchase-price"]', 'aria-invalid')).toBe('true');
    await options.selectOption('[data-testid="purchase-currency"]', 'USD');
    await options.fill('[data-testid="purchase-price"]', '$0.995');
    await options.click('[data-testid="save-purchase"]');
    await waitFor('the decimals refusal', async () => (await text(options, 'purchase-price-error')) === 'More than 2 decimals for USD.');
    expect((await readStore<LedgerEntry>(options)).some((e) => e.kind === 'recharge')).toBe(false);

    // Read as typed: $10.99 for 1,000 coins bought in the app two days ago, before Coinsight was installed.
    await options.fill('[data-testid="purchase-price"]', '$10.99');
    expect(await text(options, 'purchase-price-hint')).toBe('Reads as $10.99 (USD).');
    await options.click('[data-testid="save-purchase"]');
    await waitFor('the purchase listed', async () => (await options.locator('[data-testid="purchase-row"]').count()) === 1);
    expect(await text(options, 'purchase-row-coins')).toBe('1,000');
    expect(await text(options, 'purchase-row-price')).toBe('$10.99');
    expect(await text(options, 'purchase-row-explains')).toBe('1,000 coins held at install');
    expect(await text(options, 'purchase-status')).toContain('It explains 1,000 coins Coinsight had seen without a price.');
    let ledger = await readStore<LedgerEntry>(options);
    const purchase = ledger.find((e): e is RechargeEntry => e.kind === 'recharge')!;
    expect(purchase).toMatchObject({ source: 'manual', coins: 1000, price: { minor: 1099, currency: 'USD' }, where: 'app', account: ACCOUNT });
    expect(purchase.id).toMatch(/^recharge:manual:[0-9a-f-]{36}$/);
    expect(ledger.filter((e) => e.kind === 'adjustment')).toEqual([]); // the install-time coins were these

    // Paid now: "your purchases" applies, at the price typed.
    await options.check('[data-testid="basis-option-your-purchases"]');
    await waitFor('your purchases in force', async () => (await text(options, 'in-force-name')) === 'Your purchases');
    expect(await inForce(options)).toContain('$10.99 for 1,000 coins (≈ $1.10 per 100 coins)');

    // Edited to 800 coins: 200 of the install-time coins go back to being of unknown price.
    await options.click('[data-testid="edit-purchase"]');
    await waitFor('the form filled with the purchase', async () => (await options.inputValue('[data-testid="purchase-price"]')) === '10.99');
    expect(await options.inputValue('[data-testid="purchase-currency"]')).toBe('USD');
    await options.fill('[data-testid="purchase-coins"]', '800');
    await options.click('[data-testid="save-purchase"]');
    await waitFor('the edited purchase', async () => (await text(options, 'purchase-row-coins')) === '800');
    expect(await text(options, 'purchase-row-explains')).toBe('800 coins held at install');
    ledger = await readStore<LedgerEntry>(options);
    expect(ledger.filter((e): e is AdjustmentEntry => e.kind === 'adjustment').map((e) => e.coins)).toEqual([200]);

    // An exchange rate into dollars, labelled an estimate; and a diamond value of my own.
    await options.selectOption('[data-testid="exchange-from"]', 'EUR');
    await options.fill('[data-testid="exchange-to-amount"]', '1.08');
    await options.click('[data-testid="save-exchange-rate"]');
    await waitFor('the exchange rate listed', async () => (await options.locator('[data-testid="exchange-rate-row"]').count()) === 1);
    expect(await text(options, 'exchange-rate-row')).toContain('€1.00 = $1.08 (estimated)');
    expect(await text(options, 'diamond-source')).toContain('Commonly reported value of a diamond');
    await options.fill('[data-testid="diamond-price"]', '0.60');
    await options.click('[data-testid="save-diamond"]');
    await waitFor('my diamond value in force', async () => (await text(options, 'diamond-value')).startsWith('$0.60 for 100 diamonds'));

    // Everything survives a reload of the page.
    await options.reload();
    await openOptions(options);
    expect(await options.isChecked('[data-testid="basis-option-your-purchases"]')).toBe(true);
    expect(await text(options, 'exchange-rate-row')).toContain('€1.00 = $1.08');
    expect(await text(options, 'diamond-source')).toContain('A diamond value you entered');
    await options.click('[data-testid="reset-diamond"]');
    await waitFor('the reported diamond value back', async () => (await text(options, 'diamond-source')).startsWith('Commonly reported value of a diamond'));
    expect(await text(options, 'diamond-value')).toBe('$0.01 for 2 diamonds (≈ $0.50 per 100 diamonds)');
    await waitFor('the purchase listed again', async () => (await options.locator('[data-testid="purchase-row"]').count()) === 1);

    // Deleted: the install-time coins are whole again, and nothing is paid any more.
    await options.click('[data-testid="delete-purchase"]');
    await options.click('[data-testid="confirm-delete"]');
    await waitFor('the purchase gone', async () => (await options.locator('[data-testid="purchases-none"]').count()) === 1);
    ledger = await readStore<LedgerEntry>(options);
    expect(ledger.filter((e) => e.kind === 'recharge')).toEqual([]);
    expect(ledger.filter((e) => e.kind === 'adjustment')).toEqual([expect.objectContaining({ source: 'initial-balance', coins: 1000 })]);
    await waitFor('your purchases no longer applies', async () => (await options.locator('[data-testid="basis-fallback"]').count()) === 1);
  });
});
