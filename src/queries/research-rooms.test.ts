import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDb } from '../background/recorder.fixtures';
import { loadRoom, loadRoomLog, summariseRows, watchedRoom } from './research-rooms';
import { ROOM_A, ROOM_B, ROOM_ROWS, T } from './research-rooms.fixtures';

describe('the rooms research mode logged', () => {
  it('sums each room once per streak, keeps the participant\'s own gifts apart, and leaves unknown prices out of coins', () => {
    const { rooms, total, senders } = summariseRows(ROOM_ROWS);
    expect(rooms.map((r) => r.roomId)).toEqual([ROOM_B, ROOM_A]); // most recently seen first
    const a = rooms[1]!;
    expect(a.others).toEqual({ streaks: 4, gifts: 12 + 1 + 2 + 3, coins: 12 + 1000 + 15, unpricedGifts: 2 });
    expect(a.own).toEqual({ streaks: 1, gifts: 5, coins: 5, unpricedGifts: 0 });
    expect(a.total).toEqual({ streaks: 5, gifts: 23, coins: 1032, unpricedGifts: 2 });
    // A naive sum that added the participant's ledger to the room would say 1037: the own gift is in the room once.
    expect(a.total.coins).toBe(a.others.coins + a.own.coins);
    expect(a.senders).toBe(3);
    expect(a.openStreaks).toBe(1);
    expect(a.firstAt).toBe(T);
    expect(a.lastAt).toBe(T + 141_000);
    expect(a.creatorHandle).toBe('sunset.cooking');
    expect(a.topGifts.map((g) => [g.giftName, g.count, g.coins])).toEqual([['Galaxy', 1, 1000], ['Rose', 17, 17], ['Finger Heart', 3, 15]]);
    expect(total).toEqual({ streaks: 7, gifts: 54, coins: 1063, unpricedGifts: 2 });
    expect(senders).toBe(4);
  });

  it('names the creator from the newest row that knows them', () => {
    const b = summariseRows(ROOM_ROWS).rooms[0]!;
    expect([b.creatorHandle, b.creatorId]).toEqual(['night.owl', '6700000000000000001']);
    expect(summariseRows([]).rooms).toEqual([]);
  });

  it('finds the room of the LIVE being watched by its creator handle', () => {
    const summary = summariseRows(ROOM_ROWS);
    expect(watchedRoom(summary, '@Sunset.Cooking')?.roomId).toBe(ROOM_A);
    expect(watchedRoom(summary, 'someone.else')).toBeNull();
  });

  it('reads the same from the database, the whole log or one room through its index', async () => {
    const db = freshDb();
    await db.roomGifts.bulkPut(ROOM_ROWS);
    expect(await loadRoomLog(db)).toEqual(summariseRows(ROOM_ROWS));
    expect(await loadRoom(db, ROOM_A)).toEqual(summariseRows(ROOM_ROWS.filter((r) => r.roomId === ROOM_A)).rooms[0]);
    expect(await loadRoom(db, '1')).toBeNull();
  });
});
