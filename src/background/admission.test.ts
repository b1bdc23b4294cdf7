import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { entryIds, type GiftEntry } from '../core/ledger';
import type { Observation } from '../platform/observations';
import { MAX_AGE_MS, MAX_SKEW_MS, MAX_UNKNOWN_UNIT_COINS, RateLimiter } from './admission';
import { recordBatch, recordUntrusted } from './recorder';
import { DOUGHNUT, GALAXY, NOW, ROSE, T0, balanceObs, expectRollupsMatchLedger, freshDb, giftEntry, giftObs, ledgerOf } from './recorder.fixtures';

const catalogue = (at: number, gifts: { giftId: number; giftName: string; unitCoins: number }[]): Observation => ({
  type: 'catalogue', id: `catalogue:${at}`, at,
  gifts: gifts.map((gift) => ({ id: gift.giftId, name: gift.giftName, coins: gift.unitCoins, type: 1, combo: true, imageHash: null })),
});

const diagnosticReasons = async (db: ReturnType<typeof freshDb>) =>
  (await db.diagnostics.toArray()).map((row) => `${row.reason} ×${row.count ?? 1}`).sort();

describe('time: observations are bounded by the worker clock', () => {
  it('refuses a gift or a reading dated far ahead or in 1970, records one a few minutes off, and counts each refusal', async () => {
    const db = freshDb();
    const ahead = giftEntry('7485000000000000001', NOW + 365 * 24 * 3600_000, ROSE);
    const epoch = giftEntry('7485000000000000002', 0, ROSE);
    const yearAhead = balanceObs(NOW + 365 * 24 * 3600_000, 1_000_000);
    const skewed = giftEntry('7485000000000000003', NOW + MAX_SKEW_MS - 1_000, ROSE);
    const reply = await recordUntrusted(db, [giftObs(ahead), giftObs(epoch), yearAhead, giftObs(skewed)], { now: NOW });
    expect(reply.recorded).toEqual([skewed.id]);
    expect(reply.rejected.map((r) => r.id)).toEqual([ahead.id, epoch.id, yearAhead.id]);
    expect((await ledgerOf(db)).map((e) => e.id)).toEqual([skewed.id]);
    expect(await db.balances.count()).toBe(0);
    expect(await diagnosticReasons(db)).toEqual([
      'observation refused: dated 31536000 s ahead of the worker\'s clock ×2',
      'observation refused: dated more than 90 days ago ×1',
    ]);
  });

  it('still records what an outbox kept while the browser was closed for weeks', async () => {
    const db = freshDb();
    const old = giftEntry('7485000000000000004', NOW - MAX_AGE_MS + 60_000, ROSE);
    expect((await recordUntrusted(db, [giftObs(old)], { now: NOW })).recorded).toEqual([old.id]);
  });
});

describe('gifts: what a content script proposes must add up', () => {
  it('refuses coins that are not unit price × count, a count no person sends, and a send answered before it left', async () => {
    const db = freshDb();
    const inflated = { ...giftEntry('7485000000000000010', T0, ROSE), coins: 1_000_000_000 };
    const huge = giftEntry('7485000000000000011', T0, ROSE, 50_000);
    const backwards = { ...giftEntry('7485000000000000012', T0, ROSE), sentAt: T0 + 1 };
    const reply = await recordUntrusted(db, [giftObs(inflated), giftObs(huge), giftObs(backwards)], { now: NOW });
    expect(reply.rejected.map((r) => r.reason)).toEqual(['coins are not unit price × count', 'count above 10000', 'sent after it was answered']);
    expect(await db.ledger.count()).toBe(0);
  });

  it('refuses a price the gift list contradicts, and an unlisted gift dearer than any real one', async () => {
    const db = freshDb();
    await recordBatch(db, [catalogue(T0 - 60_000, [ROSE, DOUGHNUT])]);
    const fakeRose = giftEntry('7485000000000000020', T0, { ...ROSE, unitCoins: 999_999 });
    const unlisted = giftEntry('7485000000000000021', T0, { giftId: 1, giftName: 'Unknown', unitCoins: MAX_UNKNOWN_UNIT_COINS + 1 });
    const realRose = giftEntry('7485000000000000022', T0, ROSE, 10);
    const unlistedGalaxy = giftEntry('7485000000000000023', T0, GALAXY);
    const reply = await recordUntrusted(db, [giftObs(fakeRose), giftObs(unlisted), giftObs(realRose), giftObs(unlistedGalaxy)], { now: NOW });
    expect(reply.recorded).toEqual([realRose.id, unlistedGalaxy.id]);
    expect(reply.rejected).toEqual([
      { id: fakeRose.id, reason: 'unit price disagrees with the gift list' },
      { id: unlisted.id, reason: 'unlisted gift dearer than 100000 coins' },
    ]);
  });

  it('checks the gifts of a batch against the gift list delivered in the same batch', async () => {
    const db = freshDb();
    const fakeDoughnut = giftEntry('7485000000000000030', T0, { ...DOUGHNUT, unitCoins: 3_000 });
    const reply = await recordBatch(db, [giftObs(fakeDoughnut), catalogue(T0 - 1, [DOUGHNUT])]);
    expect(reply.rejected.map((r) => r.id)).toEqual([fakeDoughnut.id]);
  });

  it('never lets a proposal replace a recorded entry; a conflict is counted, a repeat is not', async () => {
    const db = freshDb();
    const real = giftEntry('7485000000000000040', T0, DOUGHNUT);
    await recordUntrusted(db, [giftObs(real)], { now: NOW });
    const forgedSameId: GiftEntry = { ...giftEntry('7485000000000000040', T0, GALAXY), creatorHandle: 'someone.else' };
    expect(await recordUntrusted(db, [giftObs(forgedSameId)], { now: NOW }))
      .toEqual({ recorded: [], rejected: [{ id: real.id, reason: expect.stringMatching(/^conflict/) }] });
    expect(await recordUntrusted(db, [giftObs(real)], { now: NOW })).toEqual({ recorded: [real.id], rejected: [] });
    expect(await ledgerOf(db)).toEqual([real]);
    expect(await db.diagnostics.count()).toBe(1);
    // The same forged batch delivered again (its reply was lost) is counted once.
    await recordUntrusted(db, [giftObs(forgedSameId)], { now: NOW + 1_000 });
    expect(await diagnosticReasons(db)).toEqual(['observation refused: conflict: an entry with this id was recorded with other content ×1']);
    await expectRollupsMatchLedger(db);
  });
});

describe('rate: new gifts per tab are paced', () => {
  it('grants a burst, then the refill rate, per tab', () => {
    const limiter = new RateLimiter(100, 10);
    expect(limiter.take(1, 80, 0)).toBe(80);
    expect(limiter.take(1, 80, 0)).toBe(20);
    expect(limiter.take(2, 80, 0)).toBe(80); // another tab has its own bucket
    expect(limiter.take(1, 80, 1_000)).toBe(10); // one second refills 10
    expect(limiter.take(1, 80, 100_000)).toBe(80); // never above the burst
    expect(limiter.take(undefined, 5_000, 0)).toBe(5_000); // the start-up drain is not paced
  });

  it('refuses a flood beyond the allowance with one diagnostic row, and counts repeats as free', async () => {
    const db = freshDb();
    const limiter = new RateLimiter(50, 1);
    const flood = Array.from({ length: 3_000 }, (_, i) => giftEntry(`74860000000${String(i).padStart(8, '0')}`, T0 + i, ROSE));
    const replies = [];
    for (let i = 0; i < flood.length; i += 500) replies.push(await recordUntrusted(db, flood.slice(i, i + 500).map(giftObs), { now: NOW, limiter, tabId: 9 }));
    expect(await db.ledger.count()).toBe(50);
    expect(replies.flatMap((r) => r.rejected)).toHaveLength(2_950);
    // One row per batch and reason, whatever the flood's size.
    const rows = await db.diagnostics.toArray();
    expect(rows).toHaveLength(6);
    expect(rows.reduce((sum, row) => sum + (row.count ?? 1), 0)).toBe(2_950);
    // What was recorded can be replayed (an outbox after a lost reply) without using the allowance.
    const replay = await recordUntrusted(db, flood.slice(0, 50).map(giftObs), { now: NOW, limiter, tabId: 9 });
    expect(replay).toEqual({ recorded: flood.slice(0, 50).map((g) => g.id), rejected: [] });
    expect(await db.ledger.get(entryIds.giftByMsg(flood[50]!.msgId!))).toBeUndefined();
  });
});
