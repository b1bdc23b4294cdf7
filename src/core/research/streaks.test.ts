import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRoomGift, QUIET_MS, RETAIN_MS, rowOf, StreakBook, streakRowId } from './streaks';
import type { CapturedGift, RoomGift } from './types';

const ROOM = '7300000000000000001';
let nextMsg = 1;
const gift = (over: Partial<CapturedGift> = {}): CapturedGift => ({
  msgId: String(nextMsg++), roomId: ROOM, at: 1_000_000, giftId: 5655, repeatCount: 1, repeatEnd: false,
  groupId: '1699909158189', groupCount: 1, sender: 'p_aaaa', own: false, unitCoins: 1, ...over,
});

/** A store that applies the worker's rule: put(mergeRoomGift(stored, upsert)). */
function store() {
  const rows = new Map<string, RoomGift>();
  return {
    rows,
    write: (upserts: RoomGift[]) => upserts.forEach((row) => rows.set(row.id, mergeRoomGift(rows.get(row.id), row))),
    coins: () => [...rows.values()].reduce((sum, row) => sum + (row.coins ?? 0), 0),
  };
}

describe('StreakBook', () => {
  it('counts a streak as its max repeat count, not the sum of its messages', () => {
    const book = new StreakBook();
    const db = store();
    for (const n of [1, 2, 3, 4]) db.write(book.add(gift({ repeatCount: n, at: 1_000_000 + n, unitCoins: 5 }), n));
    db.write(book.add(gift({ repeatCount: 4, repeatEnd: true, at: 1_000_010, unitCoins: 5 }), 10));
    const [row] = [...db.rows.values()];
    expect(row).toMatchObject({ count: 4, coins: 20, final: true, at: 1_000_001, endedAt: 1_000_010, streakId: '1699909158189' });
    expect(db.rows.size).toBe(1);
  });

  it('counts a single tap (two messages: rc 1, then rc 1 with repeatEnd) once', () => {
    const book = new StreakBook();
    const db = store();
    db.write(book.add(gift({ repeatCount: 1 }), 0));
    expect(book.add(gift({ repeatCount: 1, repeatEnd: true }), 100)).toEqual([expect.objectContaining({ count: 1, final: true })]);
    db.write(book.add(gift({ repeatCount: 1, repeatEnd: true }), 100));
    expect(db.coins()).toBe(1);
  });

  it('takes messages out of order, the end before the highest count included', () => {
    const book = new StreakBook();
    const db = store();
    for (const [n, end] of [[3, false], [1, false], [5, true], [2, false], [4, false]] as const) db.write(book.add(gift({ repeatCount: n, repeatEnd: end }), n));
    expect([...db.rows.values()]).toEqual([expect.objectContaining({ count: 5, final: true })]);
    // A late message with a higher count than the end message said still raises it.
    db.write(book.add(gift({ repeatCount: 6 }), 20));
    expect([...db.rows.values()][0]).toMatchObject({ count: 6, final: true });
  });

  it('counts a message seen in the backlog and again on the socket once (same msgId)', () => {
    const book = new StreakBook();
    const db = store();
    const single = gift({ groupId: '0', giftId: 9106, unitCoins: 299, msgId: '7301054169947638534' });
    db.write(book.add(single, 0));
    expect(book.add({ ...single }, 5)).toEqual([]);
    db.write(book.add({ ...single }, 5));
    expect(db.coins()).toBe(299);
  });

  it('counts non-streak gifts once each, final at once, by msgId', () => {
    const book = new StreakBook();
    const rows = [...book.add(gift({ groupId: '0', unitCoins: 100 }), 0), ...book.add(gift({ groupId: '0', unitCoins: 100 }), 0)];
    expect(rows.map((r) => [r.final, r.streakId, r.coins])).toEqual([[true, null, 100], [true, null, 100]]);
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
    expect(book.openCount()).toBe(0);
  });

  it('keeps streaks of different senders, gifts and groups apart (a group id is only a time)', () => {
    const book = new StreakBook();
    const db = store();
    db.write(book.add(gift({ sender: 'p_a', repeatCount: 3 }), 0));
    db.write(book.add(gift({ sender: 'p_b', repeatCount: 2 }), 0));
    db.write(book.add(gift({ sender: 'p_a', giftId: 5487, unitCoins: 5, repeatCount: 2 }), 0));
    db.write(book.add(gift({ sender: 'p_a', groupId: '1699909158190', repeatCount: 1 }), 0));
    expect(db.rows.size).toBe(4);
    expect(db.coins()).toBe(3 + 2 + 10 + 1);
  });

  it('multiplies by the batch size', () => {
    expect(rowOf(gift({ repeatCount: 3, groupCount: 10, unitCoins: 1 }))).toMatchObject({ count: 30, coins: 30 });
  });

  it('finalises a streak after a quiet period, not before, and reports it once', () => {
    const book = new StreakBook();
    book.add(gift({ repeatCount: 2 }), 1_000);
    expect(book.flushQuiet(1_000 + QUIET_MS - 1)).toEqual([]);
    expect(book.openCount()).toBe(1);
    expect(book.flushQuiet(1_000 + QUIET_MS)).toEqual([expect.objectContaining({ count: 2, final: true })]);
    expect(book.flushQuiet(1_000 + QUIET_MS + 1)).toEqual([]);
    expect(book.openCount()).toBe(0);
  });

  it('measures quiet from the last message, in the worker clock', () => {
    const book = new StreakBook();
    book.add(gift({ repeatCount: 1 }), 0);
    book.add(gift({ repeatCount: 2 }), 4_000);
    expect(book.flushQuiet(QUIET_MS + 100)).toEqual([]);
    expect(book.flushQuiet(4_000 + QUIET_MS)).toHaveLength(1);
  });

  it('marks the participant\'s own gifts', () => {
    expect(new StreakBook().add(gift({ own: true }), 0)).toEqual([expect.objectContaining({ own: true })]);
  });

  it('keeps an unknown price unknown (coins null), and takes a price that arrives later', () => {
    const book = new StreakBook();
    expect(book.add(gift({ unitCoins: null, repeatCount: 2 }), 0)).toEqual([expect.objectContaining({ coins: null, unitCoins: null })]);
    expect(book.add(gift({ unitCoins: 1, repeatCount: 2 }), 1)).toEqual([expect.objectContaining({ coins: 2, unitCoins: 1 })]);
  });

  it('forgets a final streak after RETAIN_MS; a late message then gives a smaller row the store merge keeps from lowering the count', () => {
    const book = new StreakBook();
    const db = store();
    db.write(book.add(gift({ repeatCount: 7, repeatEnd: true }), 0));
    book.flushQuiet(RETAIN_MS);
    db.write(book.add(gift({ repeatCount: 3 }), RETAIN_MS + 1));
    db.write(book.flushQuiet(RETAIN_MS + 1 + QUIET_MS));
    expect([...db.rows.values()]).toEqual([expect.objectContaining({ count: 7, final: true })]);
  });

  it('survives a killed worker: a new book restored from the stored open rows finalises them after a quiet period', () => {
    const db = store();
    const first = new StreakBook();
    db.write(first.add(gift({ repeatCount: 4 }), 0));
    db.write(first.add(gift({ repeatCount: 9, giftId: 5487, unitCoins: 5, repeatEnd: true }), 0));
    // The worker dies here. A new one reads the rows with final = false.
    const second = new StreakBook();
    second.restore([...db.rows.values()].filter((row) => !row.final), 50_000);
    expect(second.openCount()).toBe(1);
    db.write(second.add(gift({ repeatCount: 2 }), 50_001)); // an older message of the same streak, delivered late
    db.write(second.add(gift({ repeatCount: 5 }), 50_002));
    const quiet = second.flushQuiet(50_002 + QUIET_MS);
    expect(quiet).toEqual([expect.objectContaining({ count: 5, final: true })]);
    db.write(quiet);
    expect([...db.rows.values()].every((row) => row.final)).toBe(true);
    expect(db.coins()).toBe(5 + 45);
  });
});

describe('mergeRoomGift', () => {
  const arbRow = fc.record({
    count: fc.integer({ min: 1, max: 500 }), at: fc.integer({ min: 0, max: 1e6 }), span: fc.integer({ min: 0, max: 1e5 }),
    final: fc.boolean(), own: fc.boolean(), unit: fc.option(fc.constantFrom(1, 5), { nil: null }),
  }).map(({ count, at, span, final, own, unit }): RoomGift => ({
    id: 'x', roomId: ROOM, at, endedAt: at + span, giftId: 5655, count, unitCoins: unit, coins: unit === null ? null : unit * count,
    sender: 'p_a', streakId: '1', final, own,
  }));

  it('is idempotent, commutative and associative for counts, times and flags (any order, any repetition: one result)', () => {
    fc.assert(fc.property(fc.array(arbRow, { minLength: 1, maxLength: 8 }), fc.integer(), (rows, seed) => {
      const shuffled = [...rows].sort((a, b) => ((a.count * 31 + a.at + seed) % 7) - ((b.count * 31 + b.at + seed) % 7));
      const fold = (list: RoomGift[]) => list.reduce<RoomGift | undefined>((acc, row) => mergeRoomGift(acc, row), undefined)!;
      const a = fold(rows);
      const b = fold([...shuffled, ...rows]);
      for (const key of ['count', 'at', 'endedAt', 'final', 'own'] as const) expect(b[key]).toEqual(a[key]);
      expect(a.count).toBe(Math.max(...rows.map((r) => r.count)));
      expect(a.unitCoins === null || a.coins === a.unitCoins * a.count).toBe(true);
    }));
  });
});

describe('streakRowId', () => {
  it('is deterministic per streak, and per message for non-streak gifts', () => {
    expect(streakRowId(gift({ msgId: '1' }))).toBe(streakRowId(gift({ msgId: '2', repeatCount: 9 })));
    expect(streakRowId(gift({ groupId: '0', msgId: '1' }))).not.toBe(streakRowId(gift({ groupId: '0', msgId: '2' })));
  });
});
