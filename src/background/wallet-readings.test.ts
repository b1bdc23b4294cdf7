import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { entryIds, type GiftEntry } from '../core/ledger';
import { LIFETIME_BUCKET, spentCoins } from '../core/rollups';
import { loadBalanceView } from '../queries/balance';
import { DB_NAME, SCHEMA_V1, openDb } from '../platform/db';
import type { Observation } from '../platform/observations';
import { recordBatch } from './recorder';
import { DOUGHNUT, HOUR, ME, MIN, ROSE, T0, balanceObs, expectRollupsMatchLedger, freshDb, giftEntry, giftObs, ledgerOf, lifetimeOf } from './recorder.fixtures';

const kinds = async (db: ReturnType<typeof freshDb>) => (await ledgerOf(db)).map((e) => `${e.kind}:${e.coins}`);
const sentAt = (entry: GiftEntry, at: number): GiftEntry => ({ ...entry, sentAt: at });
const raced = (observation: Observation): Observation =>
  observation.type === 'balance' ? { ...observation, balance: { ...observation.balance, raced: true } } : observation;
/** Coins spent in all, gifts and unseen spending: what a limit will count. */
const spent = async (db: ReturnType<typeof freshDb>) => spentCoins((await lifetimeOf(db))!);

describe('every coin explained: unseen spending', () => {
  it('counts a 30-coin gift lost to a reload once, as unseen spending, and once only when its capture turns up late', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 1_000)]);
    // The tab reloaded while the Doughnut was in flight: TikTok took 30 coins, the page never saw the answer.
    await recordBatch(db, [balanceObs(T0 + 5 * MIN, 970)]);
    expect(await kinds(db)).toEqual(['adjustment:1000', 'unseen-spend:30']);
    expect(await spent(db)).toBe(30);
    // Its capture arrives after all (an outbox adopted later): it explains the fall, which is withdrawn.
    const late = sentAt(giftEntry('7487000000000000001', T0 + MIN + 200, DOUGHNUT), T0 + MIN);
    await recordBatch(db, [giftObs(late)]);
    expect(await kinds(db)).toEqual(['adjustment:1000', 'gift:30']);
    expect(await spent(db)).toBe(30);
    // The next reading agrees with the ledger: nothing from elsewhere, nothing unseen.
    await recordBatch(db, [balanceObs(T0 + 10 * MIN, 970)]);
    expect(await kinds(db)).toEqual(['adjustment:1000', 'gift:30']);
    await expectRollupsMatchLedger(db);
  });

  it('withdraws a fall taken by a reading that raced a send in another tab, when that send is answered after the reading', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    // Tab B sends a Doughnut at T0+1min; tab A reads the wallet at T0+1min+100ms (after the debit); B's answer at +300ms.
    await recordBatch(db, [balanceObs(T0 + MIN + 100, 470)]);
    expect(await spent(db)).toBe(30);
    await recordBatch(db, [giftObs(sentAt(giftEntry('7487000000000000002', T0 + MIN + 300, DOUGHNUT), T0 + MIN))]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'gift:30']);
    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 470)]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'gift:30']);
    expect(await spent(db)).toBe(30);
    await expectRollupsMatchLedger(db);
  });

  it('keeps what a late gift does not explain: 50 fell, the gift was 30, 20 stay unseen', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    const fall = balanceObs(T0 + MIN, 450);
    await recordBatch(db, [fall]);
    await recordBatch(db, [giftObs(sentAt(giftEntry('7487000000000000003', T0 + 30_000, DOUGHNUT), T0 + 29_000))]);
    expect(await db.ledger.get(entryIds.unseenSpend(fall.id))).toMatchObject({ kind: 'unseen-spend', coins: 20 });
    expect(await spent(db)).toBe(50);
    await expectRollupsMatchLedger(db);
  });

  it('leaves unseen spending alone when the gift was sent after that reading', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    await recordBatch(db, [balanceObs(T0 + MIN, 400)]); // 100 spent in the app
    await recordBatch(db, [giftObs(sentAt(giftEntry('7487000000000000004', T0 + 2 * MIN, DOUGHNUT), T0 + 2 * MIN - 300))]);
    await recordBatch(db, [balanceObs(T0 + 3 * MIN, 370)]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'unseen-spend:100', 'gift:30']);
    expect(await spent(db)).toBe(130);
  });

  it('does not reconcile a reading that raced a send of its own page: the next clean reading does, over both', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    // The reading's answer came while a Doughnut of the same page was in flight: it may or may not show the debit.
    await recordBatch(db, [raced(balanceObs(T0 + MIN + 100, 470))]);
    await recordBatch(db, [giftObs(sentAt(giftEntry('7487000000000000005', T0 + MIN + 300, DOUGHNUT), T0 + MIN))]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'gift:30']);
    // The raced reading is still shown: it is the newest balance.
    expect((await loadBalanceView(db, { now: T0 + MIN + 200, timeZone: 'UTC', weekStart: 1, account: ME })).balance?.coins).toBe(470);
    // The other race: the reading was answered before the debit, and raced; the next clean one settles both.
    await recordBatch(db, [raced(balanceObs(T0 + 2 * MIN, 470)), giftObs(sentAt(giftEntry('7487000000000000006', T0 + 2 * MIN + 50, ROSE), T0 + 2 * MIN - 50))]);
    await recordBatch(db, [balanceObs(T0 + 3 * MIN, 469)]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'gift:30', 'gift:1']);
    await expectRollupsMatchLedger(db);
  });

  it('counts spending in the app between readings as unseen, and a later rise as coins from elsewhere, never netted', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    await recordBatch(db, [balanceObs(T0 + HOUR, 200)]);
    await recordBatch(db, [balanceObs(T0 + 2 * HOUR, 1_200)]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'unseen-spend:300', 'adjustment:1000']);
    expect(await lifetimeOf(db)).toMatchObject({ unseenSpendCoins: 300, adjustmentCoins: 1_500 });
  });
});

describe('time: readings out of order, out of range, and a clock put back', () => {
  it('forgets readings dated ahead of a corrected clock, moves entries dated ahead to now, and reconciles afresh', async () => {
    const db = freshDb();
    const ahead = T0 + 24 * HOUR; // the machine's clock ran a day ahead
    await recordBatch(db, [balanceObs(T0 - HOUR, 1_000)], { now: ahead });
    await recordBatch(db, [balanceObs(ahead - MIN, 1_000), giftObs(giftEntry('7487000000000000010', ahead, DOUGHNUT)), balanceObs(ahead + MIN, 970)], { now: ahead + MIN });
    expect(await kinds(db)).toEqual(['adjustment:1000', 'gift:30']);
    // The clock is put right: it is T0 again. The view does not show the reading from "tomorrow".
    expect((await loadBalanceView(db, { now: T0, timeZone: 'UTC', weekStart: 1, account: ME })).balance?.coins).toBe(1_000);
    await recordBatch(db, [balanceObs(T0 + MIN, 970)], { now: T0 + MIN });
    expect((await db.balances.toArray()).map((b) => b.at).sort()).toEqual([T0 - HOUR, T0 + MIN]);
    expect(await db.ledger.get(entryIds.giftByMsg('7487000000000000010'))).toMatchObject({ at: T0 + MIN });
    expect((await loadBalanceView(db, { now: T0 + MIN, timeZone: 'UTC', weekStart: 1, account: ME })).balance?.coins).toBe(970);
    // Real readings from now on explain what they see, and nothing is counted twice.
    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 940)], { now: T0 + 2 * MIN });
    expect(await kinds(db)).toEqual(['adjustment:1000', 'gift:30', 'unseen-spend:30']);
    expect(await spent(db)).toBe(60);
    await expectRollupsMatchLedger(db);
  });

  it('repairs a database that holds a reading from next year (stored before readings were bounded)', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 1_000)], { now: T0 });
    await db.balances.put((balanceObs(T0 + 365 * 24 * HOUR, 5_000_000) as Extract<Observation, { type: 'balance' }>).balance);
    await recordBatch(db, [giftObs(giftEntry('7487000000000000011', T0 + MIN, DOUGHNUT)), balanceObs(T0 + 2 * MIN, 970)], { now: T0 + 2 * MIN });
    await recordBatch(db, [balanceObs(T0 + 3 * MIN, 940)], { now: T0 + 3 * MIN });
    expect(await kinds(db)).toEqual(['adjustment:1000', 'gift:30', 'unseen-spend:30']);
    expect((await loadBalanceView(db, { now: T0 + 3 * MIN, timeZone: 'UTC', weekStart: 1, account: ME })).balance?.coins).toBe(940);
  });

  it('a reading that arrives after a newer one changes nothing, and the newer one stays shown', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500), balanceObs(T0 + 2 * MIN, 470)]);
    await recordBatch(db, [balanceObs(T0 + MIN, 100)]);
    expect(await kinds(db)).toEqual(['adjustment:500', 'unseen-spend:30']);
    expect((await loadBalanceView(db, { now: T0 + 3 * MIN, timeZone: 'UTC', weekStart: 1, account: ME })).balance?.coins).toBe(470);
  });
});

describe('schema version 2', () => {
  it('upgrades a version-1 database: rollup rows gain unseenSpendCoins, nothing is lost', async () => {
    const name = `${DB_NAME}-migration-${Math.random().toString(36).slice(2)}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const gift = giftEntry('7487000000000000020', T0, DOUGHNUT);
    await v1.table('ledger').put(gift);
    const oldRollup = { account: ME, bucket: LIFETIME_BUCKET, giftCoins: 30, gifts: 1, rechargeCoins: 0, recharges: 0, adjustmentCoins: 0, money: {}, unpricedRechargeCoins: 0 };
    await v1.table('rollups').put(oldRollup);
    v1.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(6); // the newest version: 2, 3 (lots), 4 (per-creator days), 5 (activity, staged restores) and 6 (research) ran
    expect(await db.rollups.get([ME, LIFETIME_BUCKET])).toEqual({ ...oldRollup, unseenSpendCoins: 0 });
    expect(await db.ledger.toArray()).toEqual([gift]);
    // And it records on top of what was there.
    await recordBatch(db, [balanceObs(T0 + MIN, 470)]);
    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 400)]);
    expect(await db.rollups.get([ME, LIFETIME_BUCKET])).toMatchObject({ giftCoins: 30, unseenSpendCoins: 70 });
    await db.delete();
  });
});
