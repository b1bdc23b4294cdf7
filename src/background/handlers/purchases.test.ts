import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { entryIds, type LedgerEntry } from '../../core/ledger';
import { manualPurchaseId, type ManualPurchase } from '../../core/manual-purchase';
import type { CoinsightDb } from '../../platform/db';
import { envelope } from '../../platform/protocol';
import { spendMoneyIn } from '../../queries/cost';
import { DOUGHNUT, ME, MIN, OTHER, T0, balanceObs, expectRollupsMatchLedger, freshDb, giftEntry, giftObs, ledgerOf, usd } from '../recorder.fixtures';
import { recordBatch } from '../recorder';
import { route, type Handlers } from '../router';
import { deletePurchase, purchaseHandlers, savePurchase } from './purchases';

const DAY = 24 * 60 * MIN;
/** The worker's clock in these tests: a month after install, so purchases and readings days apart are all in the past. */
const NOW = T0 + 30 * DAY;
const ALL_TIME = { start: 0, end: Number.MAX_SAFE_INTEGER };
const UUID_A = '3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f60';
const UUID_B = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const INITIAL = entryIds.initialBalance(ME);

async function knownAccount(db: CoinsightDb, uid = ME): Promise<void> {
  await db.accounts.put({ uid, uniqueId: 'night.owl', nickName: 'Night Owl', lastSeenAt: T0 });
}
const purchase = (coins: number, minor: number, at: number, where: ManualPurchase['where'] = 'app', account = ME): ManualPurchase =>
  ({ account, at, coins, price: usd(minor), where });
const add = (db: CoinsightDb, uuid: string, p: ManualPurchase) => savePurchase(db, uuid, p, NOW, false);
const edit = (db: CoinsightDb, uuid: string, p: ManualPurchase) => savePurchase(db, uuid, p, NOW, true);
const summary = async (db: CoinsightDb) => (await ledgerOf(db)).map((e) => `${e.kind}:${e.source}:${e.coins}`);
/** Installed at T0 holding 1,000 coins, then sent ten Doughnuts (300 coins) an hour later. */
async function installedWith1000ThenDoughnuts(db: CoinsightDb): Promise<void> {
  await knownAccount(db);
  await recordBatch(db, [balanceObs(T0, 1000)], { now: NOW });
  await recordBatch(db, [giftObs(giftEntry('7481000000000000001', T0 + 60 * MIN, DOUGHNUT, 10))], { now: NOW });
}

describe('a purchase typed in by hand: paid figures', () => {
  it('turns gifts first priced as coins held at install into paid ones, when it was bought before install', async () => {
    const db = freshDb();
    await installedWith1000ThenDoughnuts(db);
    expect(await spendMoneyIn(db, ME, ALL_TIME)).toEqual({ coins: 300, paid: {}, pricedCoins: 0, unpriced: { 'initial-balance': 300 } });

    // Bought 1,000 coins in the phone app for $10.99 two days before installing Coinsight.
    const entry = await add(db, UUID_A, purchase(1000, 1099, T0 - 2 * DAY));
    expect(entry).toMatchObject({
      kind: 'recharge', id: `recharge:manual:${UUID_A}`, orderId: `manual:${UUID_A}`, source: 'manual', coins: 1000, price: usd(1099), where: 'app',
      explains: [{ id: INITIAL, at: T0, source: 'initial-balance', coins: 1000 }],
    });
    // The install-time coins were these: the adjustment is used up, and the Doughnuts were paid 300/1000 × $10.99.
    expect(await summary(db)).toEqual(['recharge:manual:1000', 'gift:gift-send:300']);
    expect(await spendMoneyIn(db, ME, ALL_TIME)).toEqual({ coins: 300, paid: { USD: 329 }, pricedCoins: 300, unpriced: {} });
    await expectRollupsMatchLedger(db);

    // The next wallet reading agrees with the ledger: no coins from elsewhere, nothing unseen.
    await recordBatch(db, [balanceObs(T0 + 2 * 60 * MIN, 700)], { now: NOW });
    expect(await summary(db)).toEqual(['recharge:manual:1000', 'gift:gift-send:300']);
  });

  it('keeps coins it cannot explain as extra coins, which the next wallet reading records as spent unseen', async () => {
    const db = freshDb();
    await installedWith1000ThenDoughnuts(db);
    // 1,200 bought before install, but only 1,000 were held at install: 200 went somewhere Coinsight could not see.
    const entry = await add(db, UUID_A, purchase(1200, 1299, T0 - DAY));
    expect(entry.explains).toEqual([{ id: INITIAL, at: T0, source: 'initial-balance', coins: 1000 }]);
    await recordBatch(db, [balanceObs(T0 + 2 * 60 * MIN, 700)], { now: NOW });
    expect(await summary(db)).toEqual(['recharge:manual:1200', 'gift:gift-send:300', 'unseen-spend:balance-fall:200']);
    await expectRollupsMatchLedger(db);
  });

  it('takes from the earliest unpriced adjustment at or after its date, never from one before it', async () => {
    const db = freshDb();
    await knownAccount(db);
    await recordBatch(db, [balanceObs(T0, 1000)], { now: NOW });
    const rise = balanceObs(T0 + DAY, 1500); // 500 coins appeared: bought in the app
    await recordBatch(db, [rise], { now: NOW });
    const riseId = entryIds.balanceRise(rise.id);

    const first = await add(db, UUID_A, purchase(300, 399, T0 + DAY / 2));
    expect(first.explains).toEqual([{ id: riseId, at: T0 + DAY, source: 'balance-rise', coins: 300 }]);
    expect(await db.ledger.get(riseId)).toMatchObject({ coins: 200 });
    expect(await db.ledger.get(INITIAL)).toMatchObject({ coins: 1000 }); // dated before the purchase: untouched

    const second = await add(db, UUID_B, purchase(400, 499, T0 + DAY / 2, 'gift-card'));
    expect(second.explains).toEqual([{ id: riseId, at: T0 + DAY, source: 'balance-rise', coins: 200 }]);
    expect(await db.ledger.get(riseId)).toBeUndefined(); // used up: deleted
    await expectRollupsMatchLedger(db);
  });
});

describe('a purchase typed in by hand: edit and delete give back what it took', () => {
  async function twoPurchasesOverOneRise(db: CoinsightDb) {
    await knownAccount(db);
    await recordBatch(db, [balanceObs(T0, 1000)], { now: NOW });
    const rise = balanceObs(T0 + DAY, 1500);
    await recordBatch(db, [rise], { now: NOW });
    const original = await ledgerOf(db);
    await add(db, UUID_A, purchase(300, 399, T0 + DAY / 2));
    await add(db, UUID_B, purchase(400, 499, T0 + DAY / 2));
    return { riseId: entryIds.balanceRise(rise.id), original };
  }

  it('an edit restores what the old version took, then takes again', async () => {
    const db = freshDb();
    const { riseId } = await twoPurchasesOverOneRise(db);
    const edited = await edit(db, UUID_A, purchase(100, 149, T0 + DAY / 2));
    expect(edited.explains).toEqual([{ id: riseId, at: T0 + DAY, source: 'balance-rise', coins: 100 }]);
    expect(await db.ledger.get(riseId)).toMatchObject({ coins: 200 }); // recreated with 300, 100 taken again
    // Moved after the rise: it explains nothing, and the rise's coins go back to it.
    const later = await edit(db, UUID_A, purchase(100, 149, T0 + 2 * DAY));
    expect(later.explains).toBeUndefined();
    expect(await db.ledger.get(riseId)).toMatchObject({ coins: 300 });
    await expectRollupsMatchLedger(db);
  });

  it('deleting every purchase leaves the ledger exactly as it was, notes included', async () => {
    const db = freshDb();
    const { original } = await twoPurchasesOverOneRise(db);
    expect(await deletePurchase(db, UUID_B)).toBe(true);
    expect(await deletePurchase(db, UUID_A)).toBe(true);
    expect(await ledgerOf(db)).toEqual(original);
    expect(await deletePurchase(db, UUID_A)).toBe(false); // a retried delete changes nothing
    await expectRollupsMatchLedger(db);
  });

  it('deleting a purchase that used up the coins held at install brings that adjustment back as it was', async () => {
    const db = freshDb();
    await installedWith1000ThenDoughnuts(db);
    const original = await ledgerOf(db);
    await add(db, UUID_A, purchase(1000, 1099, T0 - DAY));
    expect(await db.ledger.get(INITIAL)).toBeUndefined();
    expect(await deletePurchase(db, UUID_A)).toBe(true);
    expect(await ledgerOf(db)).toEqual(original);
    expect(await spendMoneyIn(db, ME, ALL_TIME)).toEqual({ coins: 300, paid: {}, pricedCoins: 0, unpriced: { 'initial-balance': 300 } });
    await expectRollupsMatchLedger(db);
  });

  it('an add retried with the same uuid writes the same entry once', async () => {
    const db = freshDb();
    await installedWith1000ThenDoughnuts(db);
    const once = await add(db, UUID_A, purchase(500, 599, T0 - DAY));
    const before = await ledgerOf(db);
    expect(await add(db, UUID_A, purchase(500, 599, T0 - DAY))).toEqual(once);
    expect(await ledgerOf(db)).toEqual(before);
  });

  it('a failure part-way loses nothing: the whole save or delete is rolled back', async () => {
    const db = freshDb();
    await twoPurchasesOverOneRise(db);
    const ledger = await ledgerOf(db);
    const rollups = await db.rollups.toArray();
    // The disk is full when the ledger's rows are written, after the rollups moved (and, deleting, the purchase went).
    const bulkPut = db.ledger.bulkPut.bind(db.ledger);
    const bulkDelete = vi.spyOn(db.ledger, 'bulkDelete');
    const spy = vi.spyOn(db.ledger, 'bulkPut').mockImplementation((() => Promise.reject(new Error('QuotaExceededError: the disk is full'))) as unknown as typeof bulkPut);
    await expect(edit(db, UUID_A, purchase(100, 149, T0 + DAY / 2))).rejects.toThrow(/disk is full/);
    await expect(deletePurchase(db, UUID_B)).rejects.toThrow(/disk is full/);
    expect(bulkDelete).toHaveBeenCalled(); // the delete had removed the purchase before the failure
    spy.mockRestore();
    bulkDelete.mockRestore();
    expect(await ledgerOf(db)).toEqual(ledger);
    expect(await db.rollups.toArray()).toEqual(rollups);
  });
});

describe('a purchase typed in by hand: refusals', () => {
  it('refuses a date ahead of the clock, an account never seen, and an edit of what is not (or no longer) there', async () => {
    const db = freshDb();
    await installedWith1000ThenDoughnuts(db);
    await expect(add(db, UUID_A, purchase(100, 99, NOW + DAY))).rejects.toThrow('a purchase cannot be dated in the future');
    await expect(add(db, UUID_A, purchase(100, 99, T0, 'app', OTHER))).rejects.toThrow('has not been seen');
    await expect(edit(db, UUID_A, purchase(100, 99, T0))).rejects.toThrow('no longer in the ledger');
    const handlers = purchaseHandlers(db, () => NOW);
    await expect(handlers.editPurchase({ id: entryIds.initialBalance(ME), purchase: purchase(1, 1, T0) }, { kind: 'extension-page', tabId: undefined }))
      .rejects.toThrow('not a purchase typed in by hand');
    expect(await summary(db)).toEqual(['adjustment:initial-balance:1000', 'gift:gift-send:300']);
  });

  it('the router refuses a bad payload or a content script before the handler runs', async () => {
    const db = freshDb();
    await installedWith1000ThenDoughnuts(db);
    const id = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
    const base = `chrome-extension://${id}/`;
    const handlers = purchaseHandlers(db, () => NOW) as unknown as Handlers;
    const context = { extensionId: id, extensionBaseUrl: base, handlers };
    const options = { id, url: `${base}src/options/index.html`, origin: `chrome-extension://${id}` };
    const relay = { id, url: 'https://www.tiktok.com/@a/live', origin: 'https://www.tiktok.com', tab: { id: 3 } };
    const free = envelope('addPurchase', { uuid: UUID_A, purchase: { ...purchase(100, 0, T0) } });
    expect(await route(free, options, context)).toMatchObject({ ok: false, error: expect.stringContaining('payload.purchase.price.minor') });
    const good = envelope('addPurchase', { uuid: UUID_A, purchase: purchase(100, 99, T0 - DAY) });
    expect(await route(good, relay, context)).toMatchObject({ ok: false, error: expect.stringContaining('may only be sent by an extension-page') });
    expect(await route(good, options, context)).toMatchObject({ ok: true, value: { id: manualPurchaseId(UUID_A) } });
    const entries: LedgerEntry[] = await ledgerOf(db);
    expect(entries.map((e) => e.id)).toContain(manualPurchaseId(UUID_A));
  });
});
