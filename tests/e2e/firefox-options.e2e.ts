/**
 * Firefox: the options page works there too. A purchase typed in by hand is refused with its reason when its price
 * cannot be read, then recorded and listed once its currency is chosen; the basis in force follows the choice; an
 * exchange rate is saved through the (suspendable) background and survives opening the page again. The welcome page
 * saves a first limit and its Skip closes the tab (tabs.getCurrent and tabs.remove, no permission needed).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { LedgerEntry } from '../../src/core/ledger';
import { WELCOME_PAGE, waitFor } from './harness';
import { openExtensionPage, readStore, withFirefox } from './firefox';

const READY = '[data-testid="basis-in-force"]';
const textOf = (page: Page, testid: string) => page.$eval(`[data-testid="${testid}"]`, (el) => (el.textContent ?? '').trim()).catch(() => null);
/** Sets an input's value the way typing does for Preact (an input event), including for date-time inputs. */
const setValue = (page: Page, testid: string, value: string) => page.$eval(`[data-testid="${testid}"]`, (el, v) => {
  (el as HTMLInputElement).value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}, value);

describe('Firefox: the options page', () => {
  const suite = withFirefox(null);

  it('records a purchase typed in by hand, refuses an unreadable price, switches the basis and keeps an exchange rate', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html', READY);
    await setValue(options, 'purchase-coins', '330');
    await setValue(options, 'purchase-price', '4,99');
    await setValue(options, 'purchase-when', new Date(Date.now() - 86_400_000).toISOString().slice(0, 16));
    await options.click('[data-testid="save-purchase"]');
    expect(await waitFor('the refusal', () => textOf(options, 'purchase-price-error')))
      .toBe('Which currency? Type a symbol (€, Rp, R$…) or choose the currency.');

    await options.select('[data-testid="purchase-currency"]', 'EUR');
    await options.click('[data-testid="save-purchase"]');
    await waitFor('the purchase listed', () => textOf(options, 'purchase-row-price').then((price) => price === '€4.99'));
    const ledger = await readStore<LedgerEntry>(options, 'ledger');
    expect(ledger).toEqual([expect.objectContaining({ kind: 'recharge', source: 'manual', coins: 330, price: { minor: 499, currency: 'EUR' }, where: 'app' })]);

    await options.click('[data-testid="basis-option-web-custom"]');
    await waitFor('the custom-amount basis in force', () => textOf(options, 'in-force-name').then((name) => name === 'TikTok web, custom amount'));

    await options.select('[data-testid="exchange-from"]', 'EUR');
    await setValue(options, 'exchange-to-amount', '1.08');
    await options.click('[data-testid="save-exchange-rate"]');
    await waitFor('the exchange rate listed', () => textOf(options, 'exchange-rate-row').then((row) => row?.includes('€1.00 = $1.08') ?? false));

    const again = await openExtensionPage(suite.session, 'src/options/index.html', READY);
    expect(await textOf(again, 'in-force-name')).toBe('TikTok web, custom amount');
    expect(await textOf(again, 'exchange-rate-row')).toContain('(estimated)');
    expect(await waitFor('the purchase listed again', () => textOf(again, 'purchase-row-coins'))).toBe('330');
  });

  it('the welcome page saves a first limit through the background, and Skip closes its tab', async () => {
    const welcome = await openExtensionPage(suite.session, WELCOME_PAGE, '[data-testid="welcome-lock"][data-offered="true"]');
    await welcome.select('[data-testid="welcome-currency"]', 'BRL');
    await setValue(welcome, 'welcome-limit-coins', '700');
    await welcome.select('[data-testid="welcome-limit-action"]', 'block');
    await welcome.click('[data-testid="welcome-finish"]');
    expect(await waitFor('the summary', () => textOf(welcome, 'welcome-done-limit'))).toBe('Weekly limit: 700 coins (Block).');
    const stored = await welcome.evaluate(() => (globalThis as unknown as { browser: { storage: { local: { get(keys: string[]): Promise<Record<string, unknown>> } } } })
      .browser.storage.local.get(['settings', 'limits']));
    expect(stored.settings).toMatchObject({ displayCurrency: 'BRL' });
    expect(stored.limits).toEqual([expect.objectContaining({ period: { kind: 'week' }, cap: { kind: 'coins', coins: 700 }, action: 'block' })]);

    const again = await openExtensionPage(suite.session, WELCOME_PAGE, '[data-testid="welcome-skip"]');
    // Puppeteer's own list of pages is not told of a tab the page closed itself; the page no longer answering is.
    const gone = () => again.evaluate(() => location.href).then(() => false, () => true);
    expect(await gone()).toBe(false);
    await again.click('[data-testid="welcome-skip"]');
    await waitFor('the skipped welcome tab closed', gone);
  });
});
