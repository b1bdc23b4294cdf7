/**
 * Nothing lost, nothing doubled: the service worker is stopped between sends and while sends are in flight, and the
 * tab is reloaded mid-streak. The stand-in's own log of successful sends is the ground truth the ledger must match.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry, LedgerEntry } from '../../src/core/ledger';
import {
  coinsFromText, openExtensionPage, openPopup, readStorageLocal, readStore, stopServiceWorkers, text, waitFor, withChromium,
} from './harness';
import { ROSE, openLive, sendGift, sendStatus } from './live-page';

describe('delivery survives a stopped worker and a reloaded tab', () => {
  const suite = withChromium({ initialCoins: 1_000 });

  const succeededSends = () => suite.site.state.sends.filter((send) => send.outcome === 'ok').length;

  it('records every successful send once, whatever happens to the worker and the tab', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);

    // A streak with the worker stopped between taps.
    for (let tap = 0; tap < 3; tap++) {
      expect(await sendGift(page, ROSE)).toBe('ok');
      await stopServiceWorkers(page);
    }

    // Taps fired while the worker is being stopped: the responses arrive with no worker running.
    const before = (await sendStatus(page)).sent;
    await Promise.all([page.click(`[data-testid="gift-${ROSE}"]`), stopServiceWorkers(page)]);
    await Promise.all([page.click(`[data-testid="gift-${ROSE}"]`), stopServiceWorkers(page)]);
    await waitFor('two in-flight sends handled', async () => {
      const status = await sendStatus(page);
      return status.sent >= before + 2 && status.pending === 0;
    });

    // Reload mid-streak, right after a tap whose answer the page has but whose observation may not have reached the
    // worker yet. (Reloading before the answer arrives loses nothing of Coinsight's: the page never saw that gift.)
    expect(await sendGift(page, ROSE)).toBe('ok');
    await stopServiceWorkers(page);
    await openLive(page);
    for (let tap = 0; tap < 2; tap++) expect(await sendGift(page, ROSE)).toBe('ok');

    // And once more with the worker stopped while the outbox is delivering.
    await Promise.all([sendGift(page, ROSE), stopServiceWorkers(page)]);

    const expected = succeededSends();
    expect(expected).toBe(9);
    const extensionPage = await openExtensionPage(suite.session, 'src/options/index.html');
    let seen: GiftEntry[] = [];
    const roses = await waitFor(`${expected} roses in the ledger`, async () => {
      seen = (await readStore<LedgerEntry>(extensionPage)).filter((entry): entry is GiftEntry => entry.kind === 'gift');
      return seen.length >= expected ? seen : null;
    }).catch(async (error: unknown) => {
      // Say which sends are missing and what is still queued, so that a failure can be understood from its log.
      const recorded = new Set(seen.map((rose) => rose.orderId));
      const missing = suite.site.state.sends.filter((send) => send.outcome === 'ok' && !recorded.has(send.orderId ?? ''));
      const queued = Object.keys(await readStorageLocal(extensionPage)).filter((key) => key.startsWith('outbox:'));
      throw new Error(`${String(error)}; ${seen.length} recorded; missing sends ${JSON.stringify(missing)}; outbox keys ${JSON.stringify(queued)}`);
    });
    expect(roses).toHaveLength(expected);
    expect(new Set(roses.map((rose) => rose.id)).size).toBe(expected);
    expect(roses.reduce((sum, rose) => sum + rose.coins, 0)).toBe(expected);

    // Every queued item was delivered and forgotten: nothing is left in the outbox.
    await waitFor('an empty outbox', async () => Object.keys(await readStorageLocal(extensionPage)).every((key) => !key.startsWith('outbox:')));

    const popup = await openPopup(suite.session);
    expect(coinsFromText(await text(popup, 'spent-today'))).toBe(expected);
    expect(coinsFromText(await text(popup, 'balance-coins'))).toBe(suite.site.state.balance);
  });
});
