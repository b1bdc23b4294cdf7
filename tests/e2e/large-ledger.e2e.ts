/**
 * The popup opens on a ledger of 100,000 entries without reading all of them. The ledger is seeded straight into
 * IndexedDB (rows and their rollups, computed with the product's own rollup arithmetic), and every row the popup
 * reads from the `ledger` store is counted by wrapping IndexedDB itself before the popup's code runs.
 */
import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, type GiftEntry, type LedgerEntry, type RechargeEntry } from '../../src/core/ledger';
import { costRowsFromScratch } from '../../src/core/cost-rows';
import { LIFETIME_BUCKET, applyEntry, bucketOf, emptyRollup, type Rollup } from '../../src/core/rollups';
import { dayWindow, monthWindow, weekWindow } from '../../src/core/periods';
import { coinsFromText, openExtensionPage, text, withChromium } from './harness';

const ACCOUNT = '6912345678901234567';
const ENTRIES = 100_000;

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

function seedLedger(now: number): LedgerEntry[] {
  const next = random(20261121);
  const span = 2 * 365 * 86_400_000;
  const entries: LedgerEntry[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const at = now - Math.floor(next() * span);
    if (i % 50 === 0) {
      const recharge: RechargeEntry = {
        kind: 'recharge', id: `recharge:seed-${i}`, at, coins: 350, account: ACCOUNT, source: 'cashier+end-result',
        parser: PARSER_VERSION, orderId: `seed-${i}`, price: { minor: 370, currency: 'USD' },
      };
      entries.push(recharge);
    } else {
      const unitCoins = [1, 5, 30, 99, 299][i % 5]!;
      const count = 1 + (i % 3);
      const gift: GiftEntry = {
        kind: 'gift', id: `gift:order:seed-${i}`, at, coins: unitCoins * count, account: ACCOUNT, source: 'gift-send',
        parser: PARSER_VERSION, giftId: 5000 + (i % 5), giftName: `Gift ${i % 5}`, unitCoins, count, roomId: '7300000000000000001',
        creatorHandle: 'seeded_creator',
      };
      entries.push(gift);
    }
  }
  return entries;
}

function rollupsOf(entries: readonly LedgerEntry[]): Rollup[] {
  const rows = new Map<number, Rollup>();
  for (const entry of entries) {
    for (const bucket of [bucketOf(entry.at), LIFETIME_BUCKET]) rows.set(bucket, applyEntry(rows.get(bucket) ?? emptyRollup(ACCOUNT, bucket), entry, 1));
  }
  return [...rows.values()];
}

describe('a ledger of 100,000 entries', () => {
  const suite = withChromium(null);

  it('opens the popup with exact totals while reading only a bounded number of ledger rows', async () => {
    const now = Date.now();
    const entries = seedLedger(now);
    const rollups = rollupsOf(entries);

    // Let the extension create its database, then write the seed in chunks.
    const seeder = await openExtensionPage(suite.session, 'src/popup/index.html');
    await seeder.waitForSelector('[data-testid="balance-ready"]');
    // Rows cross as one JSON string: Playwright's own serialisation of 10,000 objects per call took most of a minute.
    const write = (store: string, rows: unknown[]) => seeder.evaluate(
      ({ store, json }) => new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('coinsight');
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite', { durability: 'relaxed' });
          for (const row of JSON.parse(json) as unknown[]) tx.objectStore(store).put(row);
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
      { store, json: JSON.stringify(rows) },
    );
    for (let i = 0; i < entries.length; i += 50_000) await write('ledger', entries.slice(i, i + 50_000));
    await write('rollups', rollups);
    // The cost basis the worker would have kept (the database was created with its store complete).
    const costBasis = costRowsFromScratch(ACCOUNT, entries);
    await write('lots', costBasis.lots);
    await write('costs', costBasis.costs);
    await write('accounts', [{ uid: ACCOUNT, uniqueId: 'coinsight_viewer', nickName: 'Viewer', lastSeenAt: now }]);
    await write('balances', [{ id: 'balance:seed', account: ACCOUNT, at: now - 60_000, coins: 4_321, source: 'wallet' }]);
    // Weeks start on Monday for this test, set the way the options page stores it.
    await seeder.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } })
      .chrome.storage.local.set({ settings: { displayCurrency: 'USD', weekStart: 1 } }));
    await seeder.close();

    // Count every row IndexedDB hands to the popup from the ledger store, before any of the popup's code runs.
    await suite.session.context.addInitScript(() => {
      const reads: Record<string, number> = {};
      (globalThis as unknown as { __ledgerReads: Record<string, number> }).__ledgerReads = reads;
      const storeOf = (source: IDBObjectStore | IDBIndex) => ('objectStore' in source ? source.objectStore.name : source.name);
      const count = (source: IDBObjectStore | IDBIndex, request: IDBRequest) => {
        request.addEventListener('success', () => {
          const result: unknown = request.result;
          const rows = Array.isArray(result) ? result.length : result ? 1 : 0;
          reads[storeOf(source)] = (reads[storeOf(source)] ?? 0) + rows;
        });
        return request;
      };
      for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as (IDBObjectStore | IDBIndex)[]) {
        for (const method of ['get', 'getAll', 'openCursor', 'openKeyCursor', 'getAllKeys'] as const) {
          const original = (proto as unknown as Record<string, (...args: unknown[]) => IDBRequest>)[method]!;
          (proto as unknown as Record<string, unknown>)[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
            return count(this, original.apply(this, args));
          };
        }
      }
    });

    const popup = await openExtensionPage(suite.session, 'src/popup/index.html');
    await popup.waitForSelector('[data-testid="balance-ready"]');
    const reads = await popup.evaluate(() => (globalThis as unknown as { __ledgerReads: Record<string, number> }).__ledgerReads);

    const gifts = entries.filter((entry) => entry.kind === 'gift');
    const spentIn = (window: { start: number; end: number }) =>
      gifts.filter((entry) => entry.at >= window.start && entry.at < window.end).reduce((sum, entry) => sum + entry.coins, 0);
    const viewNow = await popup.evaluate(() => Date.now());
    expect(coinsFromText(await text(popup, 'spent-today'))).toBe(spentIn(dayWindow(viewNow, 'UTC')));
    expect(coinsFromText(await text(popup, 'spent-month'))).toBe(spentIn(monthWindow(viewNow, 'UTC')));
    expect(coinsFromText(await text(popup, 'spent-week'))).toBe(spentIn(weekWindow(viewNow, 'UTC', 1)));
    const recharged = entries.filter((entry) => entry.kind === 'recharge').length * 370;
    expect(await text(popup, 'recharged-total')).toBe(`$${(recharged / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(coinsFromText(await text(popup, 'balance-coins'))).toBe(4_321);
    expect(await popup.locator('[data-testid="recent-entry"]').count()).toBe(20);

    // The popup read the 20 newest entries plus, at most, the entries of partial edge hours; never the ledger.
    expect(reads.ledger ?? 0).toBeGreaterThanOrEqual(20);
    expect(reads.ledger ?? 0).toBeLessThan(200);
    expect(reads.rollups ?? 0).toBeLessThan(2_000);
  });
});
