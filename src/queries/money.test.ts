import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_TABLES, putEntries } from '../background/ledger-writer';
import { PARSER_VERSION, type AdjustmentEntry, type GiftEntry, type LedgerEntry, type RechargeEntry } from '../core/ledger';
import { dayWindow, monthWindow, weekWindow } from '../core/periods';
import { openDb, type CoinsightDb } from '../platform/db';
import { loadEntryCosts, loadLiveSpend, loadPeriodMoney } from './money';

const ME = '6812345678901234567';
const HOUR = 3_600_000;
const NOW = Date.parse('2025-03-12T17:00:00.000Z'); // a Wednesday

const opened: CoinsightDb[] = [];
function freshDb(): CoinsightDb {
  const db = openDb(`money-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete().catch(() => undefined);
});
async function write(db: CoinsightDb, entries: readonly LedgerEntry[]): Promise<void> {
  await db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, entries));
}

let serial = 0;
const gift = (at: number, coins: number, creatorHandle: string): GiftEntry => ({
  kind: 'gift', id: `gift:order:${++serial}`, at, coins, account: ME, source: 'gift-send', parser: PARSER_VERSION,
  giftId: 1, giftName: 'Gift', unitCoins: coins, count: 1, roomId: `room-${creatorHandle}`, creatorHandle,
});
const recharge = (at: number, coins: number, minor: number): RechargeEntry => ({
  kind: 'recharge', id: `recharge:${++serial}`, at, coins, account: ME, source: 'cashier+end-result', parser: PARSER_VERSION,
  orderId: String(serial), price: { minor, currency: 'USD' },
});
const held = (at: number, coins: number): AdjustmentEntry => ({ kind: 'adjustment', id: `adjustment:${++serial}`, at, coins, account: ME, source: 'initial-balance', parser: PARSER_VERSION });

/**
 * 100 coins held at install (last month), 70 bought for $0.74 and 200 for $2.10 (Monday), then this week:
 * a 1-coin gift to @b (Monday), then today 100 + 30 + 100 coins to @a.
 */
function scenario() {
  const lastMonth = Date.parse('2025-02-20T10:00:00.000Z');
  const monday = Date.parse('2025-03-10T10:00:00.000Z');
  const toB = gift(monday + HOUR, 1, 'b');
  const today = [gift(NOW - 3 * HOUR, 100, 'a'), gift(NOW - 2 * HOUR, 30, 'a'), gift(NOW - HOUR, 100, 'a')] as const;
  return { entries: [held(lastMonth, 100), recharge(monday, 70, 74), recharge(monday + 1, 200, 210), toB, ...today], toB, today };
}

describe('what the spending of each period cost', () => {
  it('gives paid money and unpriced coins for today, this week and this month, from the FIFO cost basis', async () => {
    const db = freshDb();
    const { entries } = scenario();
    await write(db, entries);
    const money = await loadPeriodMoney(db, ME, { today: dayWindow(NOW, 'UTC'), week: weekWindow(NOW, 'UTC', 1), month: monthWindow(NOW, 'UTC') });
    // Today: 100 = 99 held + 1 of the $0.74 lot (1¢); 30 from it (32 − 1 = 31¢); 100 = 39 of it (74 − 32 = 42¢)
    // + 61 of the $2.10 lot (floor(210 × 61 / 200) = 64¢). Paid 1 + 31 + 42 + 64 = 138¢; 99 held coins unpriced.
    expect(money.today).toEqual({ coins: 230, paid: { USD: 138 }, pricedCoins: 131, unpriced: { 'initial-balance': 99 } });
    // The week and the month add Monday's 1-coin gift, from the coins held at install.
    expect(money.week).toEqual({ coins: 231, paid: { USD: 138 }, pricedCoins: 131, unpriced: { 'initial-balance': 100 } });
    expect(money.month).toEqual(money.week);
  });

  it('gives each listed spend its own cost, and nothing for other ids', async () => {
    const db = freshDb();
    const { entries, today } = scenario();
    await write(db, entries);
    const costs = await loadEntryCosts(db, ME, [today[2].id, 'gift:order:unknown']);
    expect([...costs.keys()]).toEqual([today[2].id]);
    expect(costs.get(today[2].id)).toMatchObject({ coins: 100, paid: { USD: 106 }, pricedCoins: 100, unpriced: {} });
    expect(await loadEntryCosts(db, ME, [])).toEqual(new Map());
  });
});

describe('what the LIVE being watched cost', () => {
  it("sums the gifts to that creator since the tab entered, not before, and not another creator's", async () => {
    const db = freshDb();
    const { entries, today } = scenario();
    await write(db, entries);
    const live = await loadLiveSpend(db, ME, { handle: 'a', enteredAt: today[1].at }, NOW);
    // 30 + 100 coins: 31¢ + 106¢ paid, nothing unpriced.
    expect(live).toEqual({ visit: { handle: 'a', enteredAt: today[1].at }, sends: 2, cost: { coins: 130, paid: { USD: 137 }, pricedCoins: 130, unpriced: {} } });
    const fromStart = await loadLiveSpend(db, ME, { handle: 'a', enteredAt: 0 }, NOW);
    expect(fromStart.cost).toEqual({ coins: 230, paid: { USD: 138 }, pricedCoins: 131, unpriced: { 'initial-balance': 99 } });
    expect((await loadLiveSpend(db, ME, { handle: 'nobody', enteredAt: 0 }, NOW)).sends).toBe(0);
  });
});
