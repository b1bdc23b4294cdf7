/**
 * A ledger that holds up in the wild (issue "Trustworthy ledger"): spending Coinsight could not see is still counted,
 * once; a wallet reading from a clock a year ahead does not derail reconciliation; a gift answered after a move to
 * another LIVE belongs to the creator it was sent to. (What page scripts forge: forgery.e2e.ts.)
 * One browser serves every scenario; each starts from the stand-in's own state and the ledger as it is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BalanceObservation, GiftEntry, LedgerEntry } from '../../src/core/ledger';
import { coinsFromText, openExtensionPage, openPopup, readStore, text, waitFor, withChromium } from './harness';
import { ROSE, moveToLive, openLive, refreshBalance, sendGift, sendStatus } from './live-page';
import type { Page } from 'playwright-core';

const DOUGHNUT = 9104; // 30 coins in the stand-in's catalogue
const DAY = 24 * 60 * 60 * 1000;

interface DiagnosticRow { endpoint: string; reason: string; count?: number }

describe('a trustworthy ledger', () => {
  const suite = withChromium({ initialCoins: 1_000 });
  let store: Page;
  beforeAll(async () => {
    store = await openExtensionPage(suite.session, 'src/options/index.html');
  });

  const ledger = () => readStore<LedgerEntry>(store);
  const spentIn = (entries: LedgerEntry[]) =>
    entries.filter((e) => e.kind === 'gift' || e.kind === 'unseen-spend').reduce((sum, e) => sum + e.coins, 0);
  const diagnostics = () => readStore<DiagnosticRow>(store, 'diagnostics');
  /** The ledger has taken in the page's latest wallet reading (its coins are stored as a reading). */
  const readingStored = (coins: number) => waitFor(`a wallet reading of ${coins} coins`, async () =>
    (await readStore<BalanceObservation>(store, 'balances')).some((row) => row.source === 'wallet' && row.coins === coins));

  it('counts a 30-coin gift lost to a reload once, as unseen spending: never 0, never 60', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);
    await readingStored(1_000);
    const spentBefore = spentIn(await ledger());

    // The stand-in takes the coins and holds its answer; the tab reloads before the page ever sees it.
    suite.site.control.holdSends();
    const sends = suite.site.state.sends.length;
    await page.click(`[data-testid="gift-${DOUGHNUT}"]`);
    await waitFor('the Doughnut to reach TikTok', () => suite.site.state.sends.length === sends + 1 && suite.site.state.held === 1);
    await openLive(page); // the reload aborts the request; its answer is dropped
    await waitFor('the held answer to be dropped', () => suite.site.state.held === 0);
    suite.site.control.releaseSends();
    expect(suite.site.state.sends.at(-1)).toMatchObject({ giftId: DOUGHNUT, debited: 30, answered: false });

    // The new page's own wallet reading shows the fall.
    await readingStored(970);
    const entries = await waitFor('30 coins of unseen spending', async () => {
      const all = await ledger();
      return spentIn(all) - spentBefore === 30 ? all : null;
    });
    expect(entries.filter((e) => e.kind === 'unseen-spend')).toEqual([expect.objectContaining({ coins: 30, source: 'balance-fall' })]);
    // Another reading of the same balance changes nothing.
    await refreshBalance(page);
    await sendGift(page, ROSE);
    expect(await refreshBalance(page)).toBe(969);
    await readingStored(969);
    expect(spentIn(await ledger()) - spentBefore).toBe(31);

    const popup = await openPopup(suite.session);
    expect(coinsFromText(await text(popup, 'spent-today'))).toBe(spentIn(await ledger()));
    expect(await text(popup, 'spent-today-unseen')).toContain('30');
    expect(await popup.locator('[data-testid="recent-entry"][data-kind="unseen-spend"]').count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('survives a wallet reading dated a year ahead: later real readings still reconcile, and the balance shown is real', async () => {
    const page = await suite.session.context.newPage();
    // This page's clock (where the tap reads the time) runs a year ahead, as a wrong system clock would.
    await page.addInitScript((ahead) => {
      const now = Performance.prototype.now;
      Performance.prototype.now = function (this: Performance) { return now.call(this) + ahead; };
      const dateNow = Date.now;
      Date.now = () => dateNow() + ahead;
    }, 365 * DAY);
    await openLive(page);
    await waitFor('the year-ahead reading to be refused', async () =>
      (await diagnostics()).some((row) => /ahead of the worker's clock/.test(row.reason)));
    await page.close();

    // Back to a right clock: real readings, a real gift, spending in the app.
    const real = await suite.session.context.newPage();
    await openLive(real);
    const before = await ledger();
    expect(await sendGift(real, DOUGHNUT)).toBe('ok');
    suite.site.control.setBalance(suite.site.state.balance - 100); // 100 coins spent in the phone app
    const shown = await refreshBalance(real);
    await readingStored(shown);
    const after = await waitFor('the app spending as unseen', async () => {
      const all = await ledger();
      return spentIn(all) - spentIn(before) === 130 ? all : null;
    });
    expect(after.filter((e) => e.kind === 'adjustment').length).toBe(before.filter((e) => e.kind === 'adjustment').length);
    expect(after.every((e) => e.at <= Date.now() + 60_000)).toBe(true);
    const popup = await openPopup(suite.session);
    expect(coinsFromText(await text(popup, 'balance-coins'))).toBe(suite.site.state.balance);
    await popup.close();
    await real.close();
  });

  it('attributes a gift answered after a move to another LIVE to the creator it was sent to', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);
    const first = suite.site.creator('coinsight_creator');
    suite.site.control.holdSends();
    const sends = suite.site.state.sends.length;
    const sent = (await sendStatus(page)).sent;
    await page.click(`[data-testid="gift-${ROSE}"]`);
    await waitFor('the Rose to reach TikTok', () => suite.site.state.sends.length === sends + 1 && suite.site.state.held === 1);
    await moveToLive(page, 'another_creator');
    suite.site.control.releaseSends();
    await waitFor('the page to have the answer', async () => (await sendStatus(page)).sent === sent + 1);
    const orderId = suite.site.state.sends.at(-1)!.orderId;
    const gift = await waitFor('the Rose in the ledger', async () =>
      (await ledger()).find((e): e is GiftEntry => e.kind === 'gift' && e.orderId === orderId));
    expect(gift).toMatchObject({ creatorHandle: 'coinsight_creator', creatorId: first.id, roomId: first.roomId });

    // A gift sent after the move belongs to the new creator.
    expect(await sendGift(page, ROSE)).toBe('ok');
    const second = suite.site.state.sends.at(-1)!.orderId;
    const other = suite.site.creator('another_creator');
    const next = await waitFor('the second Rose', async () => (await ledger()).find((e): e is GiftEntry => e.kind === 'gift' && e.orderId === second));
    expect(next).toMatchObject({ creatorHandle: 'another_creator', creatorId: other.id, roomId: other.roomId });
    await page.close();
  });
});
