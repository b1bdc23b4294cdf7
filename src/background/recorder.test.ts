import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, entryIds, type BalanceObservation, type GiftEntry, type LedgerEntry } from '../core/ledger';
import { HOUR, bucketOf } from '../core/rollups';
import type { Observation } from '../platform/observations';
import { Outbox, type OutboxStore } from '../content/relay/outbox';
import type { OutboxChunk } from '../platform/outbox-keys';
import { CASHIER_MATCH_MS, MAX_DIAGNOSTICS, RECONCILE_MS, recordBatch, recordUntrusted } from './recorder';
import {
  ME, OTHER, ROOM, CREATOR, T0, MIN, NOW, ROSE, FINGER_HEART, DOUGHNUT, GALAXY, usd, freshDb, giftEntry, giftObs, balanceObs, cashierObs, paidObs, failedObs, ledgerOf, lifetimeOf, expectRollupsMatchLedger,
} from './recorder.fixtures';

// ---------------------------------------------------------------------------------------------------------------

describe('gifts are recorded exactly once', () => {
  it('records a batch of gift sends and acknowledges every id', async () => {
    const db = freshDb();
    const batch = [
      giftObs(giftEntry('7481000000000000001', T0, ROSE)),
      giftObs(giftEntry('7481000000000000002', T0 + 1_200, ROSE)),
      giftObs(giftEntry('7481000000000000003', T0 + 9_000, DOUGHNUT, 10)),
    ];
    const reply = await recordBatch(db, batch);
    expect(reply).toEqual({ recorded: batch.map((o) => o.id), rejected: [] });
    expect((await ledgerOf(db)).map((e) => [e.kind === 'gift' ? e.giftName : e.kind, e.coins])).toEqual([['Rose', 1], ['Rose', 1], ['Doughnut', 300]]);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 302, gifts: 3, rechargeCoins: 0, adjustmentCoins: 0 });
  });

  it('counts a batch delivered twice (the acknowledgement was lost) once', async () => {
    const db = freshDb();
    const batch = [
      giftObs(giftEntry('7481000000000000011', T0, GALAXY)),
      giftObs(giftEntry('7481000000000000012', T0 + 700, FINGER_HEART, 3)),
    ];
    await recordBatch(db, batch);
    const again = await recordBatch(db, batch);
    // The repeat is still acknowledged, so the relay forgets it.
    expect(again.recorded).toEqual(batch.map((o) => o.id));
    expect(await db.ledger.count()).toBe(2);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 1_015, gifts: 2 });
    expect(await db.rollups.get([ME, bucketOf(T0)])).toMatchObject({ giftCoins: 1_015, gifts: 2 });
    await expectRollupsMatchLedger(db);
  });

  it('finds repeats and corrections in large batches, whether their ids sit together or among many others', async () => {
    const db = freshDb();
    const msg = (n: number) => `74890000000000${String(n).padStart(5, '0')}`;
    // 300 sends on record, ids 0, 10, 20, …: a batch spanning ids 0…2990 has hundreds of other keys in its range.
    await recordBatch(db, Array.from({ length: 300 }, (_, i) => giftObs(giftEntry(msg(i * 10), T0 + i * 1_000, ROSE))));
    const spread = [
      ...Array.from({ length: 10 }, (_, i) => giftObs(giftEntry(msg(i * 300), T0 + i * 30_000, ROSE))), // repeats
      giftObs(giftEntry(msg(1_500), T0 + 150_000, DOUGHNUT)), // other content under a recorded id: refused
      ...Array.from({ length: 10 }, (_, i) => giftObs(giftEntry(msg(i * 300 + 5), T0 + i * 1_000, ROSE))), // new
    ];
    const reply = await recordBatch(db, spread);
    expect(reply.rejected).toEqual([{ id: entryIds.giftByMsg(msg(1_500)), reason: expect.stringMatching(/^conflict/) }]);
    // A batch whose ids sit together: the next sends of a streak, two of them repeats of the previous batch.
    const together = [
      giftObs(giftEntry(msg(2_705), T0 + 9_000, ROSE)), giftObs(giftEntry(msg(2_990), T0 + 299_000, ROSE)),
      ...Array.from({ length: 20 }, (_, i) => giftObs(giftEntry(msg(3_000 + i), T0 + 400_000 + i, ROSE))),
    ];
    await recordBatch(db, together);
    expect(await db.ledger.count()).toBe(300 + 10 + 20);
    expect(await db.ledger.get(entryIds.giftByMsg(msg(1_500)))).toMatchObject({ giftName: 'Rose', coins: 1 });
    expect(await lifetimeOf(db)).toMatchObject({ gifts: 330, giftCoins: 330 });
    await expectRollupsMatchLedger(db);
  });

  it('counts a gift once when the same observation arrives twice in one batch', async () => {
    const db = freshDb();
    const rose = giftObs(giftEntry('7481000000000000021', T0, ROSE));
    await recordBatch(db, [rose, rose, rose]);
    expect(await db.ledger.count()).toBe(1);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 1, gifts: 1 });
  });

  it('counts gifts once when the outbox replays them after a lost reply', async () => {
    const db = freshDb();
    const stored = new Map<string, OutboxChunk>();
    const store: OutboxStore = {
      set: async (items) => { for (const [key, item] of Object.entries(items)) stored.set(key, item); },
      remove: async (keys) => { for (const key of keys) stored.delete(key); },
      getAll: async () => Object.fromEntries(stored),
    };
    let deliveries = 0;
    const outbox = new Outbox({
      store,
      isFatal: () => false,
      firstRetryMs: 1,
      deliver: async (batch) => {
        deliveries++;
        const reply = await recordUntrusted(db, batch, { now: NOW });
        // The worker was stopped after committing but before answering: the relay must retry.
        if (deliveries === 1) throw new Error('The message port closed before a response was received.');
        return reply;
      },
    });
    outbox.add([
      giftObs(giftEntry('7481000000000000031', T0, ROSE)),
      giftObs(giftEntry('7481000000000000032', T0 + 300, ROSE)),
      giftObs(giftEntry('7481000000000000033', T0 + 600, DOUGHNUT)),
    ]);
    await outbox.drained();
    outbox.stop();
    expect(deliveries).toBe(2);
    expect(stored.size).toBe(0);
    expect(await db.ledger.count()).toBe(3);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 32, gifts: 3 });
    await expectRollupsMatchLedger(db);
  });

  it('keeps the first version of a gift: a later proposal with the same id and other content is a counted conflict', async () => {
    const db = freshDb();
    const first = giftEntry('7481000000000000041', T0, ROSE, 1);
    await recordBatch(db, [giftObs(first)]);
    // Forged (or a bug): the same id claiming a batch of 10, an hour later.
    const other = { ...giftEntry('7481000000000000041', T0 + HOUR, ROSE, 10) };
    const reply = await recordUntrusted(db, [giftObs(other)], { now: NOW });
    expect(reply).toEqual({ recorded: [], rejected: [{ id: other.id, reason: expect.stringMatching(/^conflict/) }] });
    expect(await ledgerOf(db)).toEqual([first]);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 1, gifts: 1 });
    expect(await db.diagnostics.toArray()).toEqual([expect.objectContaining({ endpoint: 'relay', reason: expect.stringContaining('conflict') })]);
    // A replay that differs only in its cross-checks (a relay with fresher context) is a plain repeat, not a conflict.
    const rechecked = { ...first, checks: { catalogue: 'unknown' as const, balance: 'mismatch' as const } };
    expect(await recordUntrusted(db, [giftObs(rechecked)], { now: NOW })).toEqual({ recorded: [first.id], rejected: [] });
    expect(await ledgerOf(db)).toEqual([first]);
    expect(await db.diagnostics.count()).toBe(1);
    await expectRollupsMatchLedger(db);
  });
});

describe('rollups always equal the sum of their entries', () => {
  it('after a mixed stream of gifts, repeats, corrections, balances and recharges for two accounts', async () => {
    const db = freshDb();
    const gifts: GiftEntry[] = [];
    for (let i = 0; i < 60; i++) {
      const gift = [ROSE, FINGER_HEART, DOUGHNUT, GALAXY][i % 4]!;
      gifts.push(giftEntry(`74820000000000${String(i).padStart(5, '0')}`, T0 - 30 * HOUR + i * 37 * MIN, gift, 1 + (i % 3), i % 5 === 0 ? OTHER : ME));
    }
    await recordBatch(db, [balanceObs(T0 - 31 * HOUR, 12_000), balanceObs(T0 - 31 * HOUR, 800, OTHER)]);
    await recordBatch(db, gifts.slice(0, 40).map(giftObs));
    await recordBatch(db, gifts.slice(20, 60).map(giftObs)); // half of it a repeat
    await recordBatch(db, [
      giftObs({ ...gifts[7]!, coins: 5_000, count: 5 }), // a correction of an existing send
      cashierObs(T0 - 2 * HOUR, 1_400, usd(1_999)),
      paidObs(T0 - 2 * HOUR + 2 * MIN, 'PAY-20250312-0001'),
      balanceObs(T0, 60_000), // rises far beyond what was seen: coins from elsewhere
    ]);
    await expectRollupsMatchLedger(db);
    const entries = await db.ledger.toArray();
    const mine = entries.filter((e) => e.account === ME);
    const sum = (list: LedgerEntry[], kind: LedgerEntry['kind']) => list.filter((e) => e.kind === kind).reduce((s, e) => s + e.coins, 0);
    expect(await lifetimeOf(db)).toMatchObject({
      giftCoins: sum(mine, 'gift'), rechargeCoins: 1_400, adjustmentCoins: sum(mine, 'adjustment'), money: { USD: 1_999 },
    });
    expect(mine.filter((e) => e.kind === 'gift')).toHaveLength(48);
    expect(entries.filter((e) => e.account === OTHER && e.kind === 'gift')).toHaveLength(12);
  });
});

describe('balances', () => {
  it('records the first balance ever seen as coins already held', async () => {
    const db = freshDb();
    const balance = balanceObs(T0, 4_250);
    await recordBatch(db, [balance]);
    expect(await ledgerOf(db)).toEqual([expect.objectContaining({
      kind: 'adjustment', id: entryIds.initialBalance(ME), source: 'initial-balance', coins: 4_250, at: T0, account: ME,
    })]);
    expect(await db.balances.count()).toBe(1);
    expect(await lifetimeOf(db)).toMatchObject({ adjustmentCoins: 4_250, giftCoins: 0 });
  });

  it('adds gifts recorded before the first balance to the coins already held', async () => {
    const db = freshDb();
    await recordBatch(db, [
      giftObs(giftEntry('7483000000000000001', T0 - 10 * MIN, DOUGHNUT)),
      giftObs(giftEntry('7483000000000000002', T0 - 5 * MIN, FINGER_HEART, 4)),
    ]);
    await recordBatch(db, [balanceObs(T0, 450)]);
    // 450 left after spending 50: the account held 500 when Coinsight started.
    const initial = await db.ledger.get(entryIds.initialBalance(ME));
    expect(initial).toMatchObject({ kind: 'adjustment', source: 'initial-balance', coins: 500 });
  });

  it('counts gifts sent before the first wallet reading as already spent from the coins held', async () => {
    const db = freshDb();
    const galaxy = giftEntry('7483000000000000011', T0, GALAXY);
    await recordBatch(db, [giftObs(galaxy), balanceObs(T0, 2_400, ME, 'gift-send')]);
    // A gift send's left_diamond is shown, not reconciled: the first wallet reading establishes what was held.
    expect(await db.ledger.get(entryIds.initialBalance(ME))).toBeUndefined();
    await recordBatch(db, [balanceObs(T0 + MIN, 2_400)]);
    expect(await db.ledger.get(entryIds.initialBalance(ME))).toMatchObject({ coins: 3_400 });
  });

  it('invents no coins when overlapping sends report their balances out of order', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 100)]);
    // A fast streak: three Roses in flight at once. TikTok debited them in order (99, 98, 97) but the responses
    // arrived 98, 97, 99: the last one reports a balance from before the others' debits.
    const sends = [
      { msg: '7487000000000000001', at: T0 + 1_000, left: 98 },
      { msg: '7487000000000000002', at: T0 + 1_010, left: 97 },
      { msg: '7487000000000000003', at: T0 + 1_020, left: 99 },
    ];
    for (const send of sends) await recordBatch(db, [giftObs(giftEntry(send.msg, send.at, ROSE)), balanceObs(send.at, send.left, ME, 'gift-send')]);
    expect((await ledgerOf(db)).filter((e) => e.kind === 'adjustment').map((e) => e.source)).toEqual(['initial-balance']);
    // The newest sighting is what the popup shows until the next wallet reading; one row per account, not one per send.
    expect(await db.balances.get(entryIds.giftSendBalance(ME))).toMatchObject({ coins: 99, at: T0 + 1_020, source: 'gift-send' });
    expect(await db.balances.count()).toBe(2);
    // The next wallet reading agrees with the ledger (100 − 3): still nothing from elsewhere.
    await recordBatch(db, [balanceObs(T0 + MIN, 97)]);
    expect((await ledgerOf(db)).filter((e) => e.kind === 'adjustment')).toHaveLength(1);
  });

  it('keeps only the newest gift-send sighting, whatever order they are recorded in', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 + 2_000, 40, ME, 'gift-send'), balanceObs(T0 + 1_000, 41, ME, 'gift-send')]);
    await recordBatch(db, [balanceObs(T0 + 500, 42, ME, 'gift-send')]);
    expect(await db.balances.toArray()).toEqual([expect.objectContaining({ id: entryIds.giftSendBalance(ME), coins: 40, at: T0 + 2_000 })]);
    expect(await db.ledger.count()).toBe(0);
  });

  it('records no opening adjustment when the first balance is zero and nothing was spent', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 0)]);
    expect(await db.ledger.count()).toBe(0);
    expect(await db.balances.count()).toBe(1);
  });

  it('records an unexplained rise as coins from elsewhere', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    const later = balanceObs(T0 + 3 * HOUR, 1_200);
    await recordBatch(db, [later]);
    const rise = await db.ledger.get(entryIds.balanceRise(later.id));
    expect(rise).toMatchObject({ kind: 'adjustment', source: 'balance-rise', coins: 700, at: T0 + 3 * HOUR, account: ME });
    expect(rise).not.toHaveProperty('price');
    expect(await lifetimeOf(db)).toMatchObject({ adjustmentCoins: 1_200, rechargeCoins: 0 });
  });

  it('measures a rise against the gifts recorded since the last balance', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    await recordBatch(db, [giftObs(giftEntry('7483000000000000021', T0 + MIN, DOUGHNUT, 10))]); // -300
    const later = balanceObs(T0 + 2 * HOUR, 900); // 200 expected: 700 came from elsewhere
    await recordBatch(db, [later]);
    expect(await db.ledger.get(entryIds.balanceRise(later.id))).toMatchObject({ coins: 700 });
  });

  it('records nothing for a rise that a recorded recharge explains', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500)]);
    await recordBatch(db, [cashierObs(T0 + 10 * MIN, 700, usd(999)), paidObs(T0 + 12 * MIN, 'PAY-0001')]);
    await recordBatch(db, [balanceObs(T0 + 15 * MIN, 1_200)]);
    const kinds = (await ledgerOf(db)).map((e) => `${e.kind}:${e.source}:${e.coins}`);
    expect(kinds).toEqual(['adjustment:initial-balance:500', 'recharge:cashier+end-result:700']);
  });

  it('records a fall nothing explains as unseen spending, once, and counts it as spent', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 5_000)]);
    const fall = balanceObs(T0 + HOUR, 3_200);
    await recordBatch(db, [fall]);
    await recordBatch(db, [balanceObs(T0 + 2 * HOUR, 3_200), fall]);
    expect((await ledgerOf(db)).map((e) => `${e.kind}:${e.source}:${e.coins}`)).toEqual(['adjustment:initial-balance:5000', 'unseen-spend:balance-fall:1800']);
    expect(await db.ledger.get(entryIds.unseenSpend(fall.id))).toMatchObject({ at: T0 + HOUR, account: ME });
    expect(await lifetimeOf(db)).toMatchObject({ unseenSpendCoins: 1_800, giftCoins: 0 });
    expect(await db.balances.count()).toBe(3);
    await expectRollupsMatchLedger(db);
  });

  it('records a replayed balance once and its rise once', async () => {
    const db = freshDb();
    const rise = balanceObs(T0 + HOUR, 800);
    await recordBatch(db, [balanceObs(T0, 100), rise]);
    await recordBatch(db, [rise]);
    await recordBatch(db, [balanceObs(T0, 100), rise]);
    expect((await ledgerOf(db)).map((e) => `${e.source}:${e.coins}`)).toEqual(['initial-balance:100', 'balance-rise:700']);
    expect(await db.balances.count()).toBe(2);
  });

  it('draws no conclusion from a balance that arrives after a newer one', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500), balanceObs(T0 + 2 * HOUR, 900)]);
    // A wallet response from in between, delivered late by another tab's outbox.
    await recordBatch(db, [balanceObs(T0 + HOUR, 1_500)]);
    expect((await ledgerOf(db)).map((e) => `${e.source}:${e.coins}`)).toEqual(['initial-balance:500', 'balance-rise:400']);
    expect(await db.balances.count()).toBe(3);
  });

  it('keeps the balances of two accounts apart', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 500, ME), balanceObs(T0 + MIN, 40, OTHER), balanceObs(T0 + HOUR, 520, ME)]);
    expect((await ledgerOf(db)).map((e) => `${e.account}:${e.source}:${e.coins}`)).toEqual([
      `${ME}:initial-balance:500`, `${OTHER}:initial-balance:40`, `${ME}:balance-rise:20`,
    ]);
  });
});

describe('recharges', () => {
  it('prices a payment whose cashier sighting arrives after it (the /coin page\'s outbox outrun by the end-result page)', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - HOUR, 500)]);
    await recordBatch(db, [paidObs(T0 + MIN, 'ORDER-LATE-CASHIER')]);
    await recordBatch(db, [cashierObs(T0, 70, usd(74))]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-LATE-CASHIER'))).toMatchObject({ coins: 70, price: usd(74), source: 'cashier+end-result', at: T0 + MIN });
    expect(await db.pendingPayments.count()).toBe(0);
    // The balance rise that follows is explained by it: nothing from elsewhere.
    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 570)]);
    expect((await ledgerOf(db)).map((e) => `${e.kind}:${e.source}:${e.coins}`)).toEqual(['adjustment:initial-balance:500', 'recharge:cashier+end-result:70']);
    await expectRollupsMatchLedger(db);
  });

  it('adds the price to a payment the balance rise already settled when its cashier sighting turns up last', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - HOUR, 500), paidObs(T0 + MIN, 'ORDER-RISE-FIRST')]);
    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 570)]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-RISE-FIRST'))).not.toHaveProperty('price');
    await recordBatch(db, [cashierObs(T0, 70, usd(74))]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-RISE-FIRST'))).toMatchObject({ coins: 70, price: usd(74), source: 'cashier+end-result' });
    expect(await lifetimeOf(db)).toMatchObject({ rechargeCoins: 70, unpricedRechargeCoins: 0, money: { USD: 74 } });
    // The sighting is used: a later payment does not take it again.
    await recordBatch(db, [paidObs(T0 + 5 * MIN, 'ORDER-NEXT')]);
    expect(await db.pendingPayments.count()).toBe(1);
    await expectRollupsMatchLedger(db);
  });

  it('turns a cashier sighting confirmed by a successful end-result into a priced recharge', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierObs(T0, 1_400, usd(1_999))]);
    await recordBatch(db, [paidObs(T0 + 3 * MIN, 'TT2025031219080012345')]);
    expect(await ledgerOf(db)).toEqual([{
      kind: 'recharge', id: entryIds.recharge('TT2025031219080012345'), at: T0 + 3 * MIN, coins: 1_400, account: ME,
      source: 'cashier+end-result', parser: PARSER_VERSION, orderId: 'TT2025031219080012345', price: usd(1_999),
    }]);
    expect(await db.pendingPayments.count()).toBe(0);
    expect(await lifetimeOf(db)).toMatchObject({ rechargeCoins: 1_400, recharges: 1, money: { USD: 1_999 }, unpricedRechargeCoins: 0 });
    // The sighting is used up: a second payment ten minutes later without a cashier of its own waits for the balance.
    await recordBatch(db, [paidObs(T0 + 13 * MIN, 'TT2025031219180012399')]);
    expect(await db.ledger.get(entryIds.recharge('TT2025031219180012399'))).toBeUndefined();
    expect(await db.pendingPayments.count()).toBe(1);
  });

  it('records a recharge without a price when the cashier price was unreadable, and says it is unpriced', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierObs(T0, 350, null), paidObs(T0 + MIN, 'ORDER-350')]);
    const recharge = await db.ledger.get(entryIds.recharge('ORDER-350'));
    expect(recharge).toMatchObject({ kind: 'recharge', coins: 350, source: 'cashier+end-result' });
    expect(recharge).not.toHaveProperty('price');
    expect(await lifetimeOf(db)).toMatchObject({ rechargeCoins: 350, unpricedRechargeCoins: 350, money: {} });
  });

  it('records nothing for a failed payment, and still matches the cashier when the retry succeeds', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierObs(T0, 700, usd(999)), failedObs(T0 + MIN)]);
    expect(await db.ledger.count()).toBe(0);
    expect(await db.pendingPayments.count()).toBe(0);
    await recordBatch(db, [paidObs(T0 + 4 * MIN, 'ORDER-RETRY')]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-RETRY'))).toMatchObject({ coins: 700, price: usd(999) });
  });

  it('uses the newest cashier sighting when the user changed the package before paying', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierObs(T0, 70, usd(99)), cashierObs(T0 + MIN, 7_000, usd(9_999)), paidObs(T0 + 2 * MIN, 'ORDER-BIG')]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-BIG'))).toMatchObject({ coins: 7_000, price: usd(9_999) });
  });

  it('ignores a cashier sighting of another account or from too long ago', async () => {
    const db = freshDb();
    await recordBatch(db, [
      cashierObs(T0 - CASHIER_MATCH_MS - MIN, 700, usd(999)),
      cashierObs(T0 - MIN, 350, usd(499), OTHER),
      paidObs(T0, 'ORDER-ALONE'),
    ]);
    expect(await db.ledger.count()).toBe(0);
    expect(await db.pendingPayments.toArray()).toEqual([{ orderId: 'ORDER-ALONE', account: ME, at: T0 }]);
  });

  it('keeps a payment without a cashier pending until the next balance rise says how many coins it bought', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - HOUR, 500)]);
    await recordBatch(db, [paidObs(T0, 'ORDER-OTHER-TAB')]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-OTHER-TAB'))).toBeUndefined();
    expect(await db.pendingPayments.count()).toBe(1);

    await recordBatch(db, [balanceObs(T0 + 2 * MIN, 2_600)]);
    const recharge = await db.ledger.get(entryIds.recharge('ORDER-OTHER-TAB'));
    expect(recharge).toEqual({
      kind: 'recharge', id: entryIds.recharge('ORDER-OTHER-TAB'), at: T0, coins: 2_100, account: ME,
      source: 'end-result+balance-delta', parser: PARSER_VERSION, orderId: 'ORDER-OTHER-TAB',
    });
    expect(await db.pendingPayments.count()).toBe(0);
    expect((await ledgerOf(db)).filter((e) => e.source === 'balance-rise')).toEqual([]);
    expect(await lifetimeOf(db)).toMatchObject({ rechargeCoins: 2_100, unpricedRechargeCoins: 2_100, adjustmentCoins: 500 });
  });

  it('does not attribute the coins already held to a pending payment when the first balance arrives', async () => {
    const db = freshDb();
    // Installed mid-purchase: the end-result page is the first thing Coinsight sees, then the wallet.
    await recordBatch(db, [paidObs(T0, 'ORDER-AT-INSTALL')]);
    await recordBatch(db, [balanceObs(T0 + MIN, 9_870)]);
    const entries = await ledgerOf(db);
    expect(entries.map((e) => `${e.kind}:${e.source}:${e.coins}`)).toEqual(['adjustment:initial-balance:9870']);
  });

  it('withdraws the "coins from elsewhere" when the balance rise was recorded before the payment (cashier seen)', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - HOUR, 500), cashierObs(T0 - 2 * MIN, 700, usd(999))]);
    // The wallet refreshed before the end-result page was delivered.
    const rise = balanceObs(T0, 1_200);
    await recordBatch(db, [rise]);
    expect(await db.ledger.get(entryIds.balanceRise(rise.id))).toMatchObject({ coins: 700 });
    await recordBatch(db, [paidObs(T0 + MIN, 'ORDER-RACE')]);
    expect((await ledgerOf(db)).map((e) => `${e.kind}:${e.source}:${e.coins}`)).toEqual([
      'adjustment:initial-balance:500', 'recharge:cashier+end-result:700',
    ]);
    expect(await lifetimeOf(db)).toMatchObject({ adjustmentCoins: 500, rechargeCoins: 700, money: { USD: 999 } });
    await expectRollupsMatchLedger(db);
  });

  it('converts a recorded rise into the recharge when a payment without a cashier arrives after it', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - HOUR, 500)]);
    const rise = balanceObs(T0, 1_900);
    await recordBatch(db, [rise]);
    await recordBatch(db, [paidObs(T0 + 5 * MIN, 'ORDER-LATE')]);
    expect(await db.ledger.get(entryIds.balanceRise(rise.id))).toBeUndefined();
    expect(await db.ledger.get(entryIds.recharge('ORDER-LATE'))).toMatchObject({ coins: 1_400, source: 'end-result+balance-delta' });
    expect(await db.pendingPayments.count()).toBe(0);
    expect(await lifetimeOf(db)).toMatchObject({ adjustmentCoins: 500, rechargeCoins: 1_400 });
    await expectRollupsMatchLedger(db);
  });

  it('keeps a rise of a different size when a cashier recharge arrives: only a matching rise is the same coins', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - HOUR, 500), cashierObs(T0 - 2 * MIN, 700, usd(999))]);
    await recordBatch(db, [balanceObs(T0, 1_250)]); // 750: 700 bought plus 50 from elsewhere
    await recordBatch(db, [paidObs(T0 + MIN, 'ORDER-PLUS')]);
    expect((await ledgerOf(db)).map((e) => `${e.source}:${e.coins}`)).toEqual(['initial-balance:500', 'balance-rise:750', 'cashier+end-result:700']);
  });

  it('keeps a rise recorded long before the payment', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0 - 3 * HOUR, 500), balanceObs(T0 - 2 * HOUR, 1_200), cashierObs(T0 - MIN, 700, usd(999))]);
    await recordBatch(db, [paidObs(T0, 'ORDER-FAR')]);
    expect((await ledgerOf(db)).map((e) => `${e.source}:${e.coins}`)).toEqual(['initial-balance:500', 'balance-rise:700', 'cashier+end-result:700']);
    expect(RECONCILE_MS).toBeLessThan(2 * HOUR);
  });

  it('records a replayed payment as one recharge', async () => {
    const db = freshDb();
    const cashier = cashierObs(T0, 700, usd(999));
    const paid = paidObs(T0 + MIN, 'ORDER-REPLAY');
    await recordBatch(db, [balanceObs(T0 - HOUR, 100), cashier, paid]);
    await recordBatch(db, [paid]);
    await recordBatch(db, [paid, balanceObs(T0 + 2 * MIN, 800)]);
    const recharges = (await ledgerOf(db)).filter((e) => e.kind === 'recharge');
    expect(recharges).toHaveLength(1);
    expect(await lifetimeOf(db)).toMatchObject({ rechargeCoins: 700, recharges: 1, money: { USD: 999 }, adjustmentCoins: 100 });
  });

  it('records a replayed pending payment once, before and after the rise settles it', async () => {
    const db = freshDb();
    const paid = paidObs(T0, 'ORDER-PENDING-REPLAY');
    await recordBatch(db, [balanceObs(T0 - HOUR, 100), paid, paid]);
    await recordBatch(db, [balanceObs(T0 + MIN, 450)]);
    await recordBatch(db, [paid]);
    expect(await db.pendingPayments.count()).toBe(0);
    await recordBatch(db, [balanceObs(T0 + 10 * MIN, 900)]); // a later, unrelated rise
    expect((await ledgerOf(db)).map((e) => `${e.source}:${e.coins}`)).toEqual([
      'initial-balance:100', 'end-result+balance-delta:350', 'balance-rise:450',
    ]);
  });

  it('does not reuse a cashier sighting replayed after its payment was recorded', async () => {
    const db = freshDb();
    const cashier = cashierObs(T0, 7_000, usd(9_999));
    const paid = paidObs(T0 + MIN, 'ORDER-FIRST');
    await recordBatch(db, [balanceObs(T0 - HOUR, 100), cashier, paid]);
    // The reply was lost: the whole batch comes again from the outbox.
    await recordBatch(db, [cashier, paid]);
    // A second purchase, paid in another tab (no cashier seen here): its coins are not known yet.
    await recordBatch(db, [paidObs(T0 + 20 * MIN, 'ORDER-SECOND')]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-SECOND'))).toBeUndefined();
    await recordBatch(db, [balanceObs(T0 + 21 * MIN, 7_170)]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-SECOND'))).toMatchObject({ coins: 70, source: 'end-result+balance-delta' });
    expect(await lifetimeOf(db)).toMatchObject({ rechargeCoins: 7_070, money: { USD: 9_999 } });
  });
});

describe('diagnostics', () => {
  const diag = (i: number): Observation => ({
    type: 'diagnostic', id: `diagnostic:${i}`, at: T0 + i * 1_000, endpoint: i % 2 ? 'gift-send' : 'wallet-balance', reason: 'gift-send: no gift id',
  });

  it('stores diagnostics once each, without bodies', async () => {
    const db = freshDb();
    await recordBatch(db, [diag(1), diag(2), diag(1)]);
    expect(await db.diagnostics.toArray()).toEqual([
      { id: 'diagnostic:1', at: T0 + 1_000, endpoint: 'gift-send', reason: 'gift-send: no gift id' },
      { id: 'diagnostic:2', at: T0 + 2_000, endpoint: 'wallet-balance', reason: 'gift-send: no gift id' },
    ]);
  });

  it(`keeps only the newest ${MAX_DIAGNOSTICS}`, async () => {
    const db = freshDb();
    const all = Array.from({ length: MAX_DIAGNOSTICS + 25 }, (_, i) => diag(i));
    for (let i = 0; i < all.length; i += 500) await recordBatch(db, all.slice(i, i + 500));
    expect(await db.diagnostics.count()).toBe(MAX_DIAGNOSTICS);
    expect((await db.diagnostics.orderBy('at').first())?.id).toBe('diagnostic:25');
    expect((await db.diagnostics.orderBy('at').last())?.id).toBe(`diagnostic:${MAX_DIAGNOSTICS + 24}`);
  });
});

describe('recordUntrusted', () => {
  it('refuses invalid items by id and records the valid ones of the same batch', async () => {
    const db = freshDb();
    const good = giftObs(giftEntry('7484000000000000001', T0, ROSE));
    const goodBalance = balanceObs(T0 + 1, 999);
    const negative = { ...giftObs(giftEntry('7484000000000000002', T0, ROSE)), id: 'bad-negative' };
    (negative as { entry: GiftEntry }).entry = { ...giftEntry('7484000000000000002', T0, ROSE), coins: -5 };
    const proposedRecharge = {
      type: 'recharge', id: 'bad-recharge',
      entry: { kind: 'recharge', id: entryIds.recharge('FAKE'), at: T0, coins: 100_000, account: ME, source: 'cashier+end-result', parser: 1, orderId: 'FAKE' },
    };
    const rechargeAsGift = {
      type: 'gift', id: 'bad-recharge-as-gift',
      entry: { kind: 'recharge', id: entryIds.recharge('FAKE2'), at: T0, coins: 100_000, account: ME, source: 'cashier+end-result', parser: 1, orderId: 'FAKE2' },
    };
    const longName = { ...giftObs(giftEntry('7484000000000000003', T0, ROSE)), id: 'bad-long-name' };
    (longName as { entry: GiftEntry }).entry = { ...giftEntry('7484000000000000003', T0, ROSE), giftName: 'R'.repeat(201) };
    const longReason = { type: 'diagnostic', id: 'bad-long-reason', at: T0, endpoint: 'gift-send', reason: 'x'.repeat(201) };
    const zeroCashier = { ...cashierObs(T0, 700, usd(999)), id: 'bad-zero-cashier', coins: 0 };
    const fractional = { ...balanceObs(T0 + 2, 10), id: 'bad-fraction' };
    (fractional as { balance: BalanceObservation }).balance = { ...(balanceObs(T0 + 2, 10) as { balance: BalanceObservation }).balance, coins: 10.5 };
    const noId = { type: 'gift' };

    const reply = await recordUntrusted(db, [
      negative, good, proposedRecharge, rechargeAsGift, 'not an object', null, longName, longReason, zeroCashier, noId, fractional, goodBalance,
    ], { now: NOW });
    expect(reply.recorded).toEqual([good.id, goodBalance.id]);
    expect(reply.rejected.map((r) => r.id)).toEqual([
      'bad-negative', 'bad-recharge', 'bad-recharge-as-gift', 'bad-long-name', 'bad-long-reason', 'bad-zero-cashier', 'bad-fraction',
    ]);
    const reasons = Object.fromEntries(reply.rejected.map((r) => [r.id, r.reason]));
    expect(reasons['bad-negative']).toMatch(/entry\.coins/);
    expect(reasons['bad-recharge']).toMatch(/type/);
    expect(reasons['bad-recharge-as-gift']).toMatch(/entry\.kind/);
    expect(reasons['bad-long-name']).toMatch(/giftName.*200/);
    expect(reasons['bad-long-reason']).toMatch(/reason.*200/);

    expect((await ledgerOf(db)).map((e) => `${e.kind}:${e.coins}`)).toEqual(['gift:1', 'adjustment:1000']);
    expect(await db.ledger.get(entryIds.recharge('FAKE'))).toBeUndefined();
    // Each refusal is counted as a diagnostic of the relay, with the reason and never the refused values.
    const diagnostics = await db.diagnostics.toArray();
    expect(diagnostics).toHaveLength(reply.rejected.length); // every reason here is its own (each names its item)
    expect(diagnostics.every((d) => d.endpoint === 'relay' && d.reason.startsWith('observation refused: batch['))).toBe(true);
    expect(diagnostics.some((d) => d.reason.includes('RRRR') || d.reason.includes('xxxx'))).toBe(false);
    expect(await db.cashierSightings.count()).toBe(0);
  });

  it('refuses a gift whose id would overwrite a recharge or an adjustment', async () => {
    const db = freshDb();
    await recordUntrusted(db, [balanceObs(T0 - HOUR, 100), cashierObs(T0, 7_000, usd(9_999)), paidObs(T0 + MIN, 'ORDER-REAL')], { now: NOW });
    const forged = (id: string): Observation => {
      const entry = { ...giftEntry('7484000000000000099', T0 + 2 * MIN, ROSE), id };
      return { type: 'gift', id, entry };
    };
    const reply = await recordUntrusted(db, [forged(entryIds.recharge('ORDER-REAL')), forged(entryIds.initialBalance(ME))], { now: NOW });
    expect(reply.recorded).toEqual([]);
    expect(reply.rejected.map((r) => r.id)).toEqual([entryIds.recharge('ORDER-REAL'), entryIds.initialBalance(ME)]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-REAL'))).toMatchObject({ kind: 'recharge', coins: 7_000 });
    expect(await db.ledger.get(entryIds.initialBalance(ME))).toMatchObject({ kind: 'adjustment', coins: 100 });
    await expectRollupsMatchLedger(db);
  });

  it('refuses a gift that claims to come from anything but a gift send', async () => {
    const db = freshDb();
    const entry = { ...giftEntry('7484000000000000100', T0, GALAXY), source: 'manual' as const };
    const reply = await recordUntrusted(db, [{ type: 'gift', id: entry.id, entry }], { now: NOW });
    expect(reply.rejected.map((r) => r.id)).toEqual([entry.id]);
    expect(await db.ledger.count()).toBe(0);
  });

  it('drops fields the schema does not know instead of storing them', async () => {
    const db = freshDb();
    const entry = { ...giftEntry('7484000000000000101', T0, ROSE), cookie: 'sessionid=abc' };
    await recordUntrusted(db, [{ type: 'gift', id: entry.id, entry, extra: 'x' }], { now: NOW });
    expect(await db.ledger.get(entry.id)).not.toHaveProperty('cookie');
  });
});

describe('a batch is all or nothing', () => {
  it('leaves nothing half-written when a write fails mid-batch, and records everything on the retry', async () => {
    const db = freshDb();
    let failAccounts = true;
    db.use({
      stack: 'dbcore',
      name: 'fail-accounts-table',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'accounts') return table;
          return {
            ...table,
            mutate: (request) => (failAccounts ? Promise.reject(new DOMException('The disk is full', 'QuotaExceededError')) : table.mutate(request)),
          };
        },
      }),
    });
    const batch: Observation[] = [
      balanceObs(T0 - HOUR, 500),
      giftObs(giftEntry('7485000000000000001', T0, DOUGHNUT, 3)),
      cashierObs(T0 + MIN, 700, usd(999)),
      paidObs(T0 + 2 * MIN, 'ORDER-ATOMIC'),
      { type: 'diagnostic', id: 'diagnostic:atomic', at: T0, endpoint: 'gift-list', reason: 'gift-list: no valid gifts' },
      { type: 'account', id: 'account:me', at: T0, account: { uid: ME, uniqueId: 'night.owl', nickName: 'Night Owl' } },
    ];
    await expect(recordBatch(db, batch)).rejects.toThrow(/disk is full/);
    for (const table of ['ledger', 'rollups', 'balances', 'cashierSightings', 'pendingPayments', 'diagnostics', 'accounts'] as const) {
      expect(await db.table(table).count(), table).toBe(0);
    }

    failAccounts = false;
    await expect(recordBatch(db, batch)).resolves.toEqual({ recorded: batch.map((o) => o.id), rejected: [] });
    expect((await ledgerOf(db)).map((e) => `${e.source}:${e.coins}`)).toEqual(['initial-balance:500', 'gift-send:90', 'cashier+end-result:700']);
    expect(await db.accounts.get(ME)).toEqual({ uid: ME, uniqueId: 'night.owl', nickName: 'Night Owl', lastSeenAt: T0 });
    await expectRollupsMatchLedger(db);
  });

  it('rolls back every gift of a batch when the browser aborts the transaction halfway through', async () => {
    const db = freshDb();
    let abortOnBalanceWrite = false;
    let ledgerWritesBeforeAbort = 0;
    db.use({
      stack: 'dbcore',
      name: 'abort-midway',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (request) => {
              if (name === 'ledger') ledgerWritesBeforeAbort++;
              // The gifts are written first, in bulk; the wallet reading after them is where the browser gives up.
              if (name === 'balances' && abortOnBalanceWrite) (request.trans as unknown as IDBTransaction).abort();
              return table.mutate(request);
            },
          };
        },
      }),
    });
    await recordBatch(db, [balanceObs(T0 - HOUR, 500)]);
    const batch = Array.from({ length: 200 }, (_, i) => giftObs(giftEntry(`74860000000000${String(i).padStart(5, '0')}`, T0 + i * 20_000, ROSE)));
    ledgerWritesBeforeAbort = 0;
    abortOnBalanceWrite = true;
    await expect(recordBatch(db, [...batch, balanceObs(T0 + 2 * HOUR, 300)])).rejects.toThrow();
    expect(ledgerWritesBeforeAbort).toBeGreaterThanOrEqual(1);
    expect((await ledgerOf(db)).map((e) => e.source)).toEqual(['initial-balance']);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 0, gifts: 0, adjustmentCoins: 500 });
    expect(await db.balances.count()).toBe(1);
    await expectRollupsMatchLedger(db);

    abortOnBalanceWrite = false;
    await recordBatch(db, [...batch, balanceObs(T0 + 2 * HOUR, 300)]);
    expect(await lifetimeOf(db)).toMatchObject({ giftCoins: 200, gifts: 200, adjustmentCoins: 500 });
    await expectRollupsMatchLedger(db);
  });
});

describe('accounts and catalogue', () => {
  it('keeps the newest account details and the newest price of each gift', async () => {
    const db = freshDb();
    await recordBatch(db, [
      { type: 'account', id: 'a2', at: T0 + HOUR, account: { uid: ME, uniqueId: 'night.owl.2', nickName: 'Night Owl' } },
      { type: 'account', id: 'a1', at: T0, account: { uid: ME, uniqueId: 'night.owl', nickName: null } },
      { type: 'catalogue', id: 'c2', at: T0 + HOUR, gifts: [{ id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' }] },
      { type: 'catalogue', id: 'c1', at: T0, gifts: [
        { id: 5655, name: 'Rose (old)', coins: 2, type: 1, combo: true, imageHash: null },
        { id: 11046, name: 'Galaxy', coins: 1000, type: 2, combo: false, imageHash: null },
      ] },
    ]);
    expect(await db.accounts.get(ME)).toMatchObject({ uniqueId: 'night.owl.2', lastSeenAt: T0 + HOUR });
    expect(await db.catalogue.get(5655)).toMatchObject({ name: 'Rose', coins: 1, seenAt: T0 + HOUR });
    expect(await db.catalogue.get(11046)).toMatchObject({ name: 'Galaxy', coins: 1000, seenAt: T0 });
  });
});

describe('stale sightings and payments', () => {
  it('forgets abandoned "Pay now" clicks and unsettled payments a week after what was last observed', async () => {
    const db = freshDb();
    await recordBatch(db, [cashierObs(T0, 350, usd(370)), paidObs(T0 + MIN, 'order-without-rise')]);
    // The first sighting was used by the payment; a second, abandoned one and a payment without a cashier remain.
    await recordBatch(db, [cashierObs(T0 + 10 * MIN, 700, usd(740)), paidObs(T0 + 3 * HOUR, 'order-never-settled')]);
    expect(await db.cashierSightings.count()).toBe(2);
    expect(await db.pendingPayments.count()).toBe(1);

    await recordBatch(db, [balanceObs(T0 + 8 * 24 * HOUR, 1_050)]);
    expect(await db.cashierSightings.count()).toBe(0);
    expect(await db.pendingPayments.count()).toBe(0);
    // The recharge itself is ledger history and stays.
    expect((await ledgerOf(db)).filter((entry) => entry.kind === 'recharge')).toHaveLength(1);
  });
});

describe('recharges confirmed by the balance', () => {
  it('marks a recharge as confirmed once a later balance shows its coins arrived', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 6), cashierObs(T0 + MIN, 350, usd(370)), paidObs(T0 + 2 * MIN, 'ORDER-350')]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-350'))).not.toHaveProperty('checks');

    await recordBatch(db, [balanceObs(T0 + 3 * MIN, 356)]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-350'))).toMatchObject({ coins: 350, price: usd(370), checks: { balance: 'match' } });
    // Confirming rewrote the entry, not its coins: no adjustment, and the rollups still equal the ledger.
    expect((await ledgerOf(db)).filter((entry) => entry.kind === 'adjustment').map((entry) => entry.source)).toEqual(['initial-balance']);
    await expectRollupsMatchLedger(db);
  });

  it('leaves a recharge unconfirmed while the balance shows less than it bought', async () => {
    const db = freshDb();
    await recordBatch(db, [balanceObs(T0, 6), cashierObs(T0 + MIN, 350, usd(370)), paidObs(T0 + 2 * MIN, 'ORDER-350'), balanceObs(T0 + 3 * MIN, 6)]);
    expect(await db.ledger.get(entryIds.recharge('ORDER-350'))).not.toHaveProperty('checks');
  });
});
