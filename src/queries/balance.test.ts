import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { random, rowCounter } from '../platform/row-counter.fixtures';
import { LEDGER_TABLES, putEntries } from '../background/ledger-writer';
import {
  PARSER_VERSION, entryIds,
  type AdjustmentEntry, type BalanceObservation, type GiftEntry, type LedgerEntry, type RechargeEntry,
} from '../core/ledger';
import type { Money } from '../core/money';
import { dayWindow, monthWindow, weekWindow, type WeekStart, type Window } from '../core/periods';
import { addEntry, emptyTotals, type Totals } from '../core/rollups';
import { RECENT_ENTRIES, loadBalanceView } from './balance';
import { openDb, type AccountRow, type CoinsightDb } from '../platform/db';

const ME = '6812345678901234567';
const OTHER = '7098765432109876543';
const ROOM = '7412345678901234567';
const iso = (text: string): number => {
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new Error(`bad date ${text}`);
  return at;
};
const usd = (minor: number): Money => ({ minor, currency: 'USD' });

let dbSerial = 0;
const opened: CoinsightDb[] = [];
function freshDb(name = `balance-test-${process.pid}-${++dbSerial}-${Math.random().toString(36).slice(2)}`): CoinsightDb {
  const db = openDb(name);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete().catch(() => undefined);
});

let serial = 0;
function gift(at: number, coins: number, account = ME, name = 'Rose'): GiftEntry {
  const msgId = String(7_480_000_000_000_000n + BigInt(++serial));
  return {
    kind: 'gift', id: entryIds.giftByMsg(msgId), at, coins, account, source: 'gift-send', parser: PARSER_VERSION,
    giftId: 5655, giftName: name, unitCoins: 1, count: coins, roomId: ROOM, msgId,
  };
}
function recharge(at: number, coins: number, price?: Money, account = ME): RechargeEntry {
  const orderId = `TT${at}${++serial}`;
  return {
    kind: 'recharge', id: entryIds.recharge(orderId), at, coins, account, parser: PARSER_VERSION, orderId,
    source: price ? 'cashier+end-result' : 'end-result+balance-delta', ...(price ? { price } : {}),
  };
}
function adjustment(at: number, coins: number, source: 'initial-balance' | 'balance-rise', account = ME): AdjustmentEntry {
  return { kind: 'adjustment', id: `adjustment:test:${++serial}`, at, coins, account, source, parser: PARSER_VERSION };
}
function balance(at: number, coins: number, account = ME): BalanceObservation {
  return { id: entryIds.balance(account, at, coins), account, at, coins, source: 'wallet' };
}

/** Through the one real writer, so rollups are kept exactly as the recorder keeps them. */
async function write(db: CoinsightDb, entries: readonly LedgerEntry[]): Promise<void> {
  await db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, entries));
}

const totals = (partial: Partial<Totals>): Totals => ({ ...emptyTotals(), ...partial });

// Wednesday 12 March 2025, 17:00 UTC = 22:30 in Kolkata (UTC+5:30), still Wednesday there.
const NOW = iso('2025-03-12T17:00:00.000Z');

/**
 * Gifts worth distinct powers of two, placed on the edges of the windows in UTC and in Kolkata, where a day starts
 * at 18:30 UTC: every total below names exactly which gifts it contains.
 */
const EDGE_GIFTS = [
  gift(iso('2025-03-12T16:59:59.999Z'), 1), //     UTC Wed          | IST Wed 22:29
  gift(iso('2025-03-12T00:00:00.000Z'), 2), //     UTC Wed 00:00    | IST Wed 05:30
  gift(iso('2025-03-11T23:59:59.999Z'), 4), //     UTC Tue 23:59    | IST Wed 05:29
  gift(iso('2025-03-11T18:30:00.000Z'), 8), //     UTC Tue          | IST Wed 00:00
  gift(iso('2025-03-11T18:29:59.999Z'), 16), //    UTC Tue          | IST Tue 23:59
  gift(iso('2025-03-09T18:30:00.000Z'), 32), //    UTC Sun          | IST Mon 00:00
  gift(iso('2025-03-09T18:29:59.999Z'), 64), //    UTC Sun          | IST Sun 23:59
  gift(iso('2025-03-08T23:59:59.999Z'), 128), //   UTC Sat 23:59    | IST Sun 05:29
  gift(iso('2025-03-08T00:00:00.000Z'), 256), //   UTC Sat 00:00    | IST Sat 05:30
  gift(iso('2025-03-07T18:29:59.999Z'), 512), //   UTC Fri          | IST Fri 23:59
  gift(iso('2025-03-01T00:00:00.000Z'), 1024), //  UTC 1 Mar 00:00  | IST 1 Mar 05:30
  gift(iso('2025-02-28T18:30:00.000Z'), 2048), //  UTC 28 Feb       | IST 1 Mar 00:00
  gift(iso('2025-02-28T18:29:59.999Z'), 4096), //  UTC 28 Feb       | IST 28 Feb 23:59
  gift(iso('2024-06-01T12:00:00.000Z'), 8192), //  last year
];
const PRICED = recharge(iso('2025-03-12T10:00:00.000Z'), 1_400, usd(1_999)); // today in both zones
const UNPRICED = recharge(iso('2025-03-11T20:00:00.000Z'), 700); //            UTC Tue | IST Wed 01:30
const OPENING = adjustment(iso('2024-05-01T08:00:00.000Z'), 5_000, 'initial-balance');
const RISE = adjustment(iso('2025-03-05T12:00:00.000Z'), 300, 'balance-rise'); // this month, not this week
const ELSEWHERE = [gift(iso('2025-03-12T12:00:00.000Z'), 9_999, OTHER), recharge(iso('2025-03-12T11:00:00.000Z'), 20_000, usd(26_999), OTHER)];

async function seedEdges(db: CoinsightDb): Promise<void> {
  await write(db, [...EDGE_GIFTS, PRICED, UNPRICED, OPENING, RISE, ...ELSEWHERE]);
  await db.accounts.bulkPut([
    { uid: OTHER, uniqueId: 'second.account', nickName: null, lastSeenAt: iso('2025-03-01T00:00:00Z') },
    { uid: ME, uniqueId: 'night.owl', nickName: 'Night Owl', lastSeenAt: iso('2025-03-12T16:00:00Z') },
  ]);
}

describe('loadBalanceView: period totals', () => {
  const todayUtc = totals({ giftCoins: 1 + 2, gifts: 2, rechargeCoins: 1_400, recharges: 1, money: { USD: 1_999 } });
  const todayIst = totals({ giftCoins: 1 + 2 + 4 + 8, gifts: 4, rechargeCoins: 2_100, recharges: 2, money: { USD: 1_999 }, unpricedRechargeCoins: 700 });
  const weekRecharges = { rechargeCoins: 2_100, recharges: 2, money: { USD: 1_999 }, unpricedRechargeCoins: 700 };
  const lifetime = totals({
    giftCoins: 16_383, gifts: 14, rechargeCoins: 2_100, recharges: 2, adjustmentCoins: 5_300, money: { USD: 1_999 }, unpricedRechargeCoins: 700,
  });

  const cases: { zone: string; weekStart: WeekStart; today: Totals; week: Totals; month: Totals }[] = [
    // UTC: Mon 10 – Mon 17 March; Sun 9 – Sun 16; Sat 8 – Sat 15.
    { zone: 'UTC', weekStart: 1, today: todayUtc, week: totals({ giftCoins: 31, gifts: 5, ...weekRecharges }),
      month: totals({ giftCoins: 2_047, gifts: 11, ...weekRecharges, adjustmentCoins: 300 }) },
    { zone: 'UTC', weekStart: 0, today: todayUtc, week: totals({ giftCoins: 127, gifts: 7, ...weekRecharges }),
      month: totals({ giftCoins: 2_047, gifts: 11, ...weekRecharges, adjustmentCoins: 300 }) },
    { zone: 'UTC', weekStart: 6, today: todayUtc, week: totals({ giftCoins: 511, gifts: 9, ...weekRecharges }),
      month: totals({ giftCoins: 2_047, gifts: 11, ...weekRecharges, adjustmentCoins: 300 }) },
    // Kolkata: every boundary is at 18:30 UTC the evening before.
    { zone: 'Asia/Kolkata', weekStart: 1, today: todayIst, week: totals({ giftCoins: 63, gifts: 6, ...weekRecharges }),
      month: totals({ giftCoins: 4_095, gifts: 12, ...weekRecharges, adjustmentCoins: 300 }) },
    { zone: 'Asia/Kolkata', weekStart: 0, today: todayIst, week: totals({ giftCoins: 255, gifts: 8, ...weekRecharges }),
      month: totals({ giftCoins: 4_095, gifts: 12, ...weekRecharges, adjustmentCoins: 300 }) },
    { zone: 'Asia/Kolkata', weekStart: 6, today: todayIst, week: totals({ giftCoins: 511, gifts: 9, ...weekRecharges }),
      month: totals({ giftCoins: 4_095, gifts: 12, ...weekRecharges, adjustmentCoins: 300 }) },
  ];

  for (const c of cases) {
    it(`totals today, this week and this month in ${c.zone} with weeks starting on day ${c.weekStart}`, async () => {
      const db = freshDb();
      await seedEdges(db);
      const view = await loadBalanceView(db, { now: NOW, timeZone: c.zone, weekStart: c.weekStart });
      expect(view.account).toBe(ME);
      expect(view.today).toEqual(c.today);
      expect(view.week).toEqual(c.week);
      expect(view.month).toEqual(c.month);
      expect(view.lifetime).toEqual(lifetime);
      expect(view.empty).toBe(false);
      // Money figures are asked for the very windows these totals cover.
      expect(view.windows).toEqual({
        today: dayWindow(NOW, c.zone), week: weekWindow(NOW, c.zone, c.weekStart), month: monthWindow(NOW, c.zone),
      });
    });
  }

  it('counts a gift sent at 23:59:59.999 local time on the old day and one at 00:00 on the new day, in Kolkata', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T18:30:00.000Z'); // Thursday 00:00 in Kolkata
    await write(db, [gift(now - 1, 10), gift(now, 20), gift(now + 59 * 60_000, 40)]);
    const view = await loadBalanceView(db, { now, timeZone: 'Asia/Kolkata', weekStart: 1, account: ME });
    expect(view.today.giftCoins).toBe(60);
    const before = await loadBalanceView(db, { now: now - 1, timeZone: 'Asia/Kolkata', weekStart: 1, account: ME });
    expect(before.today.giftCoins).toBe(10);
  });

  it('shows zeros, no balance and the first-run flag for an empty ledger', async () => {
    const db = freshDb();
    const view = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1 });
    expect(view).toMatchObject({ account: '', accounts: [], balance: null, recent: [], empty: true });
    expect(view.today).toEqual(emptyTotals());
    expect(view.lifetime).toEqual(emptyTotals());
  });
});

describe('loadBalanceView: recent entries, balance and accounts', () => {
  it(`lists the newest ${RECENT_ENTRIES} entries of the account, newest first`, async () => {
    const db = freshDb();
    const mine: LedgerEntry[] = [];
    const n = RECENT_ENTRIES + 25;
    for (let i = 0; i < n; i++) mine.push(i % 9 === 4 ? recharge(NOW - (n - i) * 600_000, 70, usd(99)) : gift(NOW - (n - i) * 600_000, 1 + i));
    const theirs = [gift(NOW - 60_000, 5_000, OTHER), gift(NOW - 1_000, 1_000, OTHER)];
    await write(db, [...mine, ...theirs]);
    const view = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1, account: ME });
    expect(view.recent).toHaveLength(RECENT_ENTRIES);
    expect(view.recent.map((e) => e.id)).toEqual(mine.slice(-RECENT_ENTRIES).reverse().map((e) => e.id));
    expect(view.recent[0]).toEqual(mine[n - 1]);
    expect(view.recent.every((e) => e.account === ME)).toBe(true);
  });

  it('shows the latest balance of the account, not an older one or another account’s', async () => {
    const db = freshDb();
    await write(db, [gift(NOW - 1_000, 1)]);
    await db.balances.bulkPut([
      balance(NOW - 3_600_000, 4_000), balance(NOW - 60_000, 3_950), balance(NOW - 7_200_000, 9_000), balance(NOW - 1_000, 12, OTHER),
    ]);
    const view = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1, account: ME });
    expect(view.balance).toEqual(balance(NOW - 60_000, 3_950));
  });

  it('is not empty when only a balance is known', async () => {
    const db = freshDb();
    await db.accounts.put({ uid: ME, uniqueId: 'night.owl', nickName: null, lastSeenAt: NOW - 120_000 });
    await db.balances.put(balance(NOW - 60_000, 0));
    const view = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1 });
    expect(view.empty).toBe(false);
    expect(view.balance?.coins).toBe(0);
  });

  it('defaults to the account seen most recently and lists accounts newest first; another can be chosen', async () => {
    const db = freshDb();
    await seedEdges(db);
    const view = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1 });
    expect(view.account).toBe(ME);
    expect(view.accounts.map((a: AccountRow) => a.uid)).toEqual([ME, OTHER]);
    expect(view.today.giftCoins).toBe(3);

    await db.accounts.update(OTHER, { lastSeenAt: NOW - 1_000 });
    const switched = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1 });
    expect(switched.account).toBe(OTHER);
    expect(switched.today).toEqual(totals({ giftCoins: 9_999, gifts: 1, rechargeCoins: 20_000, recharges: 1, money: { USD: 26_999 } }));
    expect(switched.recent.map((e) => e.account)).toEqual([OTHER, OTHER]);

    const chosen = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1, account: ME });
    expect(chosen.account).toBe(ME);
    expect(chosen.lifetime.giftCoins).toBe(16_383);
  });

  it('without account rows, shows the account of the newest entry', async () => {
    const db = freshDb();
    await write(db, [gift(NOW - 7_200_000, 3, ME), gift(NOW - 60_000, 7, OTHER), gift(NOW - 3_600_000, 11, ME)]);
    const view = await loadBalanceView(db, { now: NOW, timeZone: 'UTC', weekStart: 1 });
    expect(view.account).toBe(OTHER);
    expect(view.lifetime.giftCoins).toBe(7);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Acceptance: "The popup opens showing a ledger of 100,000 entries without reading all of them".

const ENTRIES = 100_000;
const CHUNK = 5_000;
const CATALOGUE = [
  { name: 'Rose', coins: 1 }, { name: 'TikTok', coins: 1 }, { name: 'Finger Heart', coins: 5 }, { name: 'Doughnut', coins: 30 },
  { name: 'Hand Hearts', coins: 100 }, { name: 'Corgi', coins: 299 }, { name: 'Galaxy', coins: 1_000 }, { name: 'Lion', coins: 29_999 },
];

function seededLedger(now: number): LedgerEntry[] {
  const next = random(20250312);
  const span = 730 * 86_400_000; // two years up to now
  const entries: LedgerEntry[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const account = i % 50 === 49 ? OTHER : ME;
    const at = now - Math.floor(next() * span);
    const roll = next();
    if (roll < 0.004) entries.push(recharge(at, [70, 350, 700, 1_400, 3_500, 7_000][i % 6]!, i % 3 ? usd(99 * (1 + (i % 6))) : undefined, account));
    else if (roll < 0.005) entries.push(adjustment(at, 1 + Math.floor(next() * 500), 'balance-rise', account));
    else {
      const item = CATALOGUE[Math.floor(next() ** 3 * CATALOGUE.length)]!;
      const count = next() < 0.9 ? 1 : 10;
      entries.push({ ...gift(at, item.coins * count, account, item.name), unitCoins: item.coins, count });
    }
  }
  return entries;
}

const direct = (entries: readonly LedgerEntry[], account: string, window?: Window): Totals =>
  entries.filter((e) => e.account === account && (!window || (e.at >= window.start && e.at < window.end))).reduce(addEntry, emptyTotals());

describe('a ledger of 100,000 entries', () => {
  it('opens the Balance view without reading all of them, with exact totals', { timeout: 180_000 }, async () => {
    const name = `balance-100k-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const now = iso('2025-03-12T17:20:00.000Z');
    const entries = seededLedger(now);

    const seeding = freshDb(name);
    const seedStart = performance.now();
    // Written in time order, as a ledger is recorded: chunks dated all over two years would each have the cost basis
    // redo from its earliest hour (DESIGN-NOTES, "Derived stores, and the cost basis").
    const chronological = [...entries].sort((a, b) => a.at - b.at);
    for (let i = 0; i < entries.length; i += CHUNK) await write(seeding, chronological.slice(i, i + CHUNK));
    const seedMs = performance.now() - seedStart;
    await seeding.balances.put(balance(now - 5 * 60_000, 123_456));
    await seeding.accounts.bulkPut([
      { uid: ME, uniqueId: 'night.owl', nickName: 'Night Owl', lastSeenAt: now - 60_000 },
      { uid: OTHER, uniqueId: 'second.account', nickName: null, lastSeenAt: now - 86_400_000 },
    ]);
    expect(await seeding.ledger.count()).toBe(ENTRIES);
    seeding.close();

    // The popup opens its own connection.
    const counts = new Map<string, number>();
    const popup = freshDb(name);
    popup.use(rowCounter(counts));
    const mine = entries.filter((e) => e.account === ME);
    const newestFirst = [...mine].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));

    const report: string[] = [`seeded ${ENTRIES} entries in ${Math.round(seedMs)} ms`];
    for (const [timeZone, weekStart] of [['UTC', 1], ['Asia/Kolkata', 0], ['Asia/Kolkata', 6]] as const) {
      counts.clear();
      const loadStart = performance.now();
      const view = await loadBalanceView(popup, { now, timeZone, weekStart });
      const loadMs = performance.now() - loadStart;
      const ledgerRows = counts.get('ledger') ?? 0;
      const rollupRows = counts.get('rollups') ?? 0;
      report.push(`${timeZone}/${weekStart}: ${ledgerRows} ledger rows, ${rollupRows} rollup rows, ${Math.round(loadMs)} ms`);

      expect(view.account).toBe(ME);
      expect(view.today).toEqual(direct(mine, ME, dayWindow(now, timeZone)));
      expect(view.week).toEqual(direct(mine, ME, weekWindow(now, timeZone, weekStart)));
      expect(view.month).toEqual(direct(mine, ME, monthWindow(now, timeZone)));
      expect(view.lifetime).toEqual(direct(mine, ME));
      expect(view.recent.map((e) => e.at)).toEqual(newestFirst.slice(0, RECENT_ENTRIES).map((e) => e.at));
      expect(view.balance?.coins).toBe(123_456);
      // Not vacuous: twelve days of a ledger with ~137 entries a day.
      expect(view.month.gifts).toBeGreaterThan(1_000);
      // The recent entries plus the entries of at most six partial edge hours: far below a scan.
      expect(ledgerRows).toBeGreaterThanOrEqual(RECENT_ENTRIES);
      expect(ledgerRows).toBeLessThanOrEqual(1_000);
      // At most one row per hour of the month, week and day, plus the lifetime row.
      expect(rollupRows).toBeLessThanOrEqual(31 * 24 + 7 * 24 + 24 + 1);
    }

    // The counter itself sees a full read: proof that the small numbers above are not a blind spot.
    counts.clear();
    expect(await popup.ledger.where('[account+at]').between([ME, 0], [ME, now + 1]).count()).toBe(mine.length);
    await popup.ledger.where('[account+at]').between([ME, 0], [ME, now + 1]).toArray();
    expect(counts.get('ledger')).toBe(mine.length);
    popup.close();
    console.info(`[balance 100k] ${report.join('; ')}`);
  });
});
