import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, type GiftEntry, type LedgerEntry, type RechargeEntry } from './ledger';
import { STREAK_GAP_MS, groupStreaks, recentRows, spendIdsOf } from './streaks';

const ME = '6812345678901234567';
const ROOM = '7300000000000000001';
const OTHER_ROOM = '7300000000000000002';
const T = Date.parse('2025-03-12T17:00:00.000Z');

let serial = 0;
function send(at: number, over: Partial<GiftEntry> = {}): GiftEntry {
  const id = `gift:order:${++serial}`;
  return {
    kind: 'gift', id, at, coins: 1, account: ME, source: 'gift-send', parser: PARSER_VERSION,
    giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: ROOM, creatorHandle: 'creator', ...over,
  };
}
function recharge(at: number): RechargeEntry {
  return { kind: 'recharge', id: `recharge:${++serial}`, at, coins: 70, account: ME, source: 'cashier+end-result', parser: PARSER_VERSION, orderId: String(serial), price: { minor: 74, currency: 'USD' } };
}
/** Newest first, as the view reads them. */
const newestFirst = (entries: LedgerEntry[]) => [...entries].sort((a, b) => b.at - a.at);

describe('streaks in the activity list', () => {
  it('makes twelve Roses tapped a second apart one row of 12 gifts and 12 coins, keeping the sends newest first', () => {
    const roses = Array.from({ length: 12 }, (_, i) => send(T + i * 1_000));
    const rows = groupStreaks(newestFirst(roses));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ kind: 'streak', giftName: 'Rose', count: 12, coins: 12, from: T, to: T + 11_000 });
    expect(row!.kind === 'streak' && row!.sends.map((s) => s.at)).toEqual(roses.map((s) => s.at).reverse());
  });

  it('counts the gifts of batched sends (a send of 10 Roses is 10 gifts)', () => {
    const rows = groupStreaks(newestFirst([send(T, { count: 10, coins: 10 }), send(T + 2_000, { count: 10, coins: 10 }), send(T + 3_000)]));
    expect(rows).toEqual([expect.objectContaining({ kind: 'streak', count: 21, coins: 21 })]);
  });

  it('ends a streak at a longer pause, another gift, another room, or anything else in between', () => {
    const entries = [
      send(T), send(T + STREAK_GAP_MS), // a streak: the gap is exactly the limit
      send(T + 2 * STREAK_GAP_MS + 1), // after a longer pause: alone
      send(T + 2 * STREAK_GAP_MS + 2, { giftId: 9104, giftName: 'Doughnut', coins: 30, unitCoins: 30 }), // another gift
      send(T + 2 * STREAK_GAP_MS + 3, { roomId: OTHER_ROOM }), // another room
      recharge(T + 2 * STREAK_GAP_MS + 4),
      send(T + 2 * STREAK_GAP_MS + 5, { roomId: OTHER_ROOM }), // the recharge in between splits it from the previous one
    ];
    const rows = groupStreaks(newestFirst(entries));
    expect(rows.map((row) => (row.kind === 'streak' ? `streak×${row.sends.length}` : row.entry.kind))).toEqual([
      'gift', 'recharge', 'gift', 'gift', 'gift', 'streak×2',
    ]);
  });

  it('keeps every entry exactly once, in order, whatever the mix', () => {
    const entries = newestFirst([send(T), send(T + 1), recharge(T + 2), send(T + 3), send(T + 4, { giftId: 1 }), send(T + 5, { giftId: 1 })]);
    const rows = groupStreaks(entries);
    const flattened = rows.flatMap((row) => (row.kind === 'streak' ? row.sends : [row.entry]));
    expect(flattened).toEqual(entries);
    expect(groupStreaks([])).toEqual([]);
  });

  it('lists the spends whose cost the rows show: gifts and unseen spending, not recharges', () => {
    const a = send(T);
    const b = send(T + 1);
    const r = recharge(T + 2);
    expect(spendIdsOf(groupStreaks(newestFirst([a, b, r])))).toEqual([r, b, a].filter((e) => e.kind === 'gift').map((e) => e.id));
  });

  it('shows at most the rows asked for, and leaves out the oldest row of a full read, which may be a cut streak', () => {
    const alone = (i: number) => send(T + i * 10 * STREAK_GAP_MS, { giftId: i });
    const five = newestFirst([alone(0), alone(1), alone(2), alone(3), alone(4)]);
    expect(recentRows(five, 3, false).rows).toHaveLength(3);
    expect(recentRows(five, 10, false)).toMatchObject({ rows: { length: 5 }, partial: false });
    expect(recentRows(five, 10, true).rows.map((row) => row.kind === 'entry' && row.entry.at)).toEqual(five.slice(0, 4).map((e) => e.at));
    const roses = newestFirst(Array.from({ length: 4 }, (_, i) => send(T + i)));
    expect(recentRows(roses, 10, true)).toMatchObject({ rows: [{ kind: 'streak', count: 4 }], partial: true });
  });
});
