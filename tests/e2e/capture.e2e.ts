/**
 * The foundation scenario in real Chromium: a Rose streak of 5 (5 requests), one Lion, one refused send (40001),
 * one HTTP 500, one 350-coin recharge. The popup must show exactly the right coins and money, and the ledger must
 * hold each event once.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry, LedgerEntry, RechargeEntry } from '../../src/core/ledger';
import { coinsFromText, openExtensionPage, openPopup, readStore, text, waitFor, withChromium } from './harness';
import { LION, ROSE, buyPackage, openLive, sendGift } from './live-page';

const START_COINS = 30_010;

describe('capturing gifts and a recharge in Chromium', () => {
  const suite = withChromium({ initialCoins: START_COINS, locale: 'en-US' });

  it('records each successful gift and the recharge exactly once, and the popup shows the right numbers', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);

    for (let tap = 0; tap < 5; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    expect(await sendGift(page, LION)).toBe('ok');
    // 30,010 − 5 − 29,999 = 6 coins left: a second Lion is refused by TikTok with 40001.
    expect(await sendGift(page, LION)).toBe('40001');
    suite.site.control.nextSends(['http500']);
    expect(await sendGift(page, ROSE)).toBe('http-500');

    const bought = await buyPackage(page, 1); // 350 coins for $3.70 at the web rate
    expect(bought.status).toBe('succeeded');
    expect(suite.site.state.balance).toBe(6 + 350);

    const extensionPage = await openExtensionPage(suite.session, 'src/options/index.html');
    const ledger = await waitFor('the recharge to be recorded and confirmed by the balance', async () => {
      const entries = await readStore<LedgerEntry>(extensionPage);
      return entries.some((entry) => entry.kind === 'recharge' && entry.checks?.balance === 'match') ? entries : null;
    });

    const gifts = ledger.filter((entry): entry is GiftEntry => entry.kind === 'gift');
    const roses = gifts.filter((gift) => gift.giftId === ROSE);
    const lions = gifts.filter((gift) => gift.giftId === LION);
    expect(roses).toHaveLength(5);
    expect(new Set(roses.map((rose) => rose.id)).size).toBe(5);
    expect(roses.every((rose) => rose.coins === 1 && rose.count === 1 && rose.unitCoins === 1)).toBe(true);
    // The gift list is a reading the tap forwards when the page is idle; a send releases it first, so every gift,
    // the first one included, was cross-checked against the catalogue.
    expect(gifts.map((gift) => gift.checks?.catalogue)).toEqual(Array(6).fill('match'));
    expect(lions).toHaveLength(1);
    expect(lions[0]).toMatchObject({ coins: 29_999, giftName: 'Lion', account: '6912345678901234567', creatorHandle: 'coinsight_creator' });
    expect(gifts).toHaveLength(6);

    const recharges = ledger.filter((entry): entry is RechargeEntry => entry.kind === 'recharge');
    expect(recharges).toHaveLength(1);
    expect(recharges[0]).toMatchObject({ coins: 350, price: { minor: 370, currency: 'USD' }, source: 'cashier+end-result', orderId: suite.site.state.orders[0]!.orderId, checks: { balance: 'match' } });

    // The coins held before Coinsight saw anything are one "already held" adjustment; the recharge's rise is not another.
    const adjustments = ledger.filter((entry) => entry.kind === 'adjustment');
    expect(adjustments).toEqual([expect.objectContaining({ source: 'initial-balance', coins: START_COINS })]);
    expect(ledger).toHaveLength(8);

    const popup = await openPopup(suite.session);
    await waitFor('the popup to show the latest balance', async () => coinsFromText(await text(popup, 'balance-coins')) === 356);
    expect(coinsFromText(await text(popup, 'spent-today'))).toBe(30_004);
    expect(coinsFromText(await text(popup, 'spent-month'))).toBe(30_004);
    expect(await text(popup, 'recharged-month')).toBe('$3.70');
    expect(await text(popup, 'recharged-total')).toBe('$3.70');
    const rows = popup.locator('[data-testid="recent-entry"]');
    // 8 entries in 4 rows: the recharge, the Lion, the five Roses as one streak, the coins already held.
    expect(await rows.count()).toBe(4);
    expect(await popup.locator('[data-testid="recent-entry"][data-streak="5"] [data-testid="streak-title"]').innerText()).toBe('Rose × 5');
    expect(await rows.first().getAttribute('data-kind')).toBe('recharge');
    expect(await rows.first().locator('[data-testid="entry-money"]').innerText()).toBe('$3.70');
  });
});
