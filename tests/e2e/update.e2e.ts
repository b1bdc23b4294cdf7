/**
 * Nothing lost across an update: a LIVE tab stays open, and is never reloaded, while Coinsight is disabled and enabled
 * again mid-streak (chrome.management.setEnabled from chrome://extensions: what an update or a reload does to open
 * tabs, whose content scripts are orphaned). Sends made before, during (the extension is off) and after must each be
 * in the ledger exactly once: the worker re-injects the relay, and the tap replays what the orphaned relay missed.
 * The stand-in's own log of successful sends is the ground truth.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry } from '../../src/core/ledger';
import {
  consoleProblems, openExtensionPage, readStorageLocal, setExtensionEnabled, stopServiceWorkers, waitFor, waitForEverySuccessfulSend, withChromium,
} from './harness';
import { ROSE, openLive, sendGift } from './live-page';

describe('an update mid-streak in Chromium', () => {
  const suite = withChromium({ initialCoins: 1_000 }, 'test');

  const okSends = () => suite.site.state.sends.filter((send) => send.outcome === 'ok').length;

  function expectEachOnce(gifts: GiftEntry[]): void {
    const okOrders = suite.site.state.sends.filter((send) => send.outcome === 'ok').map((send) => send.orderId);
    expect(gifts.map((gift) => gift.orderId).sort()).toEqual([...okOrders].sort());
    expect(new Set(gifts.map((gift) => gift.id)).size).toBe(gifts.length);
    // Replayed sends carry the page they left from and their send time, like live ones.
    expect(gifts.every((gift) => gift.creatorHandle === 'coinsight_creator' && typeof gift.sentAt === 'number' && gift.sentAt <= gift.at)).toBe(true);
  }

  async function streakAcrossDisable(afterEnable: (page: Parameters<typeof sendGift>[0]) => Promise<void>, sendsAfterEnable = 0) {
    const page = await suite.session.context.newPage();
    // An orphaned relay must go quiet: nothing in the console for each event it can no longer handle.
    const problems = await consoleProblems(page);
    await openLive(page);
    const extensionPage = await openExtensionPage(suite.session, 'src/options/index.html');

    for (let tap = 0; tap < 3; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    await waitForEverySuccessfulSend(suite.site, extensionPage);

    await setExtensionEnabled(suite.session, false); // the options page closes with its extension
    for (let tap = 0; tap < 2; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    await setExtensionEnabled(suite.session, true);
    await afterEnable(page);
    // One at once, racing the worker's re-injection of the relay.
    expect(await sendGift(page, ROSE)).toBe('ok');

    const reader = await openExtensionPage(suite.session, 'src/options/index.html');
    // A worker stopped before its re-injection got out is woken by its retry alarm, 30 s later (background/reattach.ts).
    await waitForEverySuccessfulSend(suite.site, reader, 60_000);
    // And the streak goes on through the new relay.
    for (let tap = 0; tap < 3; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    expect(okSends()).toBe(9 + sendsAfterEnable);
    expectEachOnce(await waitForEverySuccessfulSend(suite.site, reader));
    await waitFor('an empty outbox', async () => Object.keys(await readStorageLocal(reader)).every((key) => !key.startsWith('outbox:')));
    expect(problems).toEqual([]);
  }

  it('records every successful send once when Coinsight is disabled and enabled again', async () => {
    await streakAcrossDisable(async () => undefined);
  });

  it('records every successful send once when the new worker is stopped right after the re-enable', async () => {
    await streakAcrossDisable(async (page) => {
      await stopServiceWorkers(page);
      expect(await sendGift(page, ROSE)).toBe('ok');
    }, 1);
  });
});
