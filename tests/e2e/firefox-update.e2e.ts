/**
 * Firefox: the add-on is reloaded (as an update does) while a LIVE tab stays open and is not reloaded. Firefox injects
 * the content scripts into open tabs again by itself, and the worker's sweep injects them too: the tap hooks once, one
 * relay runs, the tap replays what the cut-off relay missed, and every successful send is in the ledger exactly once. An update opens no welcome page.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry, LedgerEntry } from '../../src/core/ledger';
import { WELCOME_PAGE, waitFor } from './harness';
import { openExtensionPage, readStore, reloadAddon, sendGift, withFirefox } from './firefox';

const ROSE = 5655;

describe('Firefox: an add-on reload mid-streak', () => {
  const suite = withFirefox({ initialCoins: 500 });

  it('records every successful send once, before, right after and well after the reload', async () => {
    const page = await suite.session.browser.newPage();
    await page.goto('https://www.tiktok.com/@coinsight_creator/live');
    await page.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await page.waitForSelector('[data-testid="balance"][data-state="ready"]');

    for (let tap = 0; tap < 3; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    const restarted = await reloadAddon(suite.session);
    // While the add-on is being reloaded: answered with the old relay cut off and the new one maybe not there yet.
    for (let tap = 0; tap < 2; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    await restarted();
    for (let tap = 0; tap < 3; tap++) expect(await sendGift(page, ROSE)).toBe('ok');

    const okOrders = () => suite.site.state.sends.filter((send) => send.outcome === 'ok').map((send) => send.orderId);
    expect(okOrders()).toHaveLength(8);
    const popup = await openExtensionPage(suite.session, 'src/popup/index.html', '[data-testid="balance-ready"]');
    const gifts = await waitFor('every successful send in the ledger', async () => {
      const found = (await readStore<LedgerEntry>(popup, 'ledger')).filter((entry): entry is GiftEntry => entry.kind === 'gift');
      return found.length >= okOrders().length ? found : null;
    });
    expect(gifts.map((gift) => gift.orderId).sort()).toEqual([...okOrders()].sort());
    expect(gifts.every((gift) => gift.creatorHandle === 'coinsight_creator' && typeof gift.sentAt === 'number')).toBe(true);

    // An update is not a first run: the new background recorded gifts, and no welcome page opened (background/welcome.ts).
    const where = await Promise.all((await suite.session.browser.pages()).map((tab) => tab.evaluate(() => location.href).catch(() => tab.url())));
    expect(where.filter((href) => href.includes(WELCOME_PAGE))).toEqual([]);
    expect(where).toContain(`${suite.session.extensionBase}src/popup/index.html`); // the check does see extension tabs
  });
});
