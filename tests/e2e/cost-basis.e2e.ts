/**
 * The worker-kept cost basis in real Chromium (its IndexedDB commits transactions on its own schedule, unlike
 * fake-indexeddb): 10 coins held at install, 5 Roses from them, a 350-coin package for $3.70, then 10 more Roses,
 * 5 of them still from the install-time coins and 5 from the package. The stored lots and cost rows, read with the
 * browser's own IndexedDB, must equal what core/cost-rows.ts builds from the recorded ledger from scratch, and say
 * by hand: 15 coins spent, 10 of unknown price (held at install), 5 paid 5¢ (floor(370 × 5 / 350)).
 */
import { describe, expect, it } from 'vitest';
import { costRowsFromScratch, type CostRow, type LotRow } from '../../src/core/cost-rows';
import { compareEntries } from '../../src/core/lots';
import type { LedgerEntry } from '../../src/core/ledger';
import { LIFETIME_BUCKET } from '../../src/core/rollups';
import { openExtensionPage, readStore, waitFor, withChromium } from './harness';
import { ROSE, buyPackage, openLive, sendGift } from './live-page';

describe('the cost basis kept by the worker, in Chromium', () => {
  const suite = withChromium({ initialCoins: 10, locale: 'en-US' });

  it('holds exactly what a from-scratch build of the recorded ledger gives', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);
    for (let tap = 0; tap < 5; tap++) expect(await sendGift(page, ROSE)).toBe('ok');
    expect((await buyPackage(page, 1)).status).toBe('succeeded'); // 350 coins for $3.70
    await openLive(page);
    for (let tap = 0; tap < 10; tap++) expect(await sendGift(page, ROSE)).toBe('ok');

    const extensionPage = await openExtensionPage(suite.session, 'src/options/index.html');
    const ledger = await waitFor('15 Roses and the confirmed recharge to be recorded', async () => {
      const entries = await readStore<LedgerEntry>(extensionPage);
      const roses = entries.filter((e) => e.kind === 'gift').length;
      return roses === 15 && entries.some((e) => e.kind === 'recharge' && e.checks?.balance === 'match') ? entries : null;
    });
    const account = ledger[0]!.account;
    const expected = costRowsFromScratch(account, ledger);
    const lots = (await readStore<LotRow>(extensionPage, 'lots')).sort(compareEntries);
    const costs = (await readStore<CostRow>(extensionPage, 'costs')).sort((a, b) => a.bucket - b.bucket);
    expect(lots).toEqual(expected.lots);
    expect(costs).toEqual(expected.costs);
    expect(costs.find((row) => row.bucket === LIFETIME_BUCKET)).toMatchObject({
      spent: 15, paid: { USD: 5 }, paidCoins: { USD: 5 }, unpriced: { 'initial-balance': 10 }, consumedThrough: 15,
    });
    expect(await readStore(extensionPage, 'builds')).toEqual([{ store: 'lots', complete: 1 }]);
  });
});
