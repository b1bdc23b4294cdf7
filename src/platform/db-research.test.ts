import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { ROOM_ROWS } from '../queries/research-rooms.fixtures';
import { DB_NAME, SCHEMA_V1, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, openDb } from './db';

describe('database version 6 (research mode)', () => {
  it('opens a version 5 database with its ledger intact, and empty roomGifts and researchKeys tables', async () => {
    const name = `${DB_NAME}-v6-${Math.random().toString(36).slice(2)}`;
    const v5 = new Dexie(name);
    v5.version(1).stores(SCHEMA_V1);
    v5.version(3).stores(SCHEMA_V3);
    v5.version(4).stores(SCHEMA_V4);
    v5.version(5).stores(SCHEMA_V5);
    const entry = { kind: 'adjustment', id: 'adjustment:initial:me', at: 1, coins: 5, account: 'me', source: 'initial-balance', parser: 1 };
    await v5.table('ledger').put(entry);
    v5.close();
    const db = openDb(name);
    try {
      expect(await db.ledger.toArray()).toEqual([entry]);
      expect([await db.roomGifts.count(), await db.researchKeys.count()]).toEqual([0, 0]);
      await db.roomGifts.bulkPut(ROOM_ROWS);
      const roomA = await db.roomGifts.where('[roomId+at]').between([ROOM_ROWS[0]!.roomId, 0], [ROOM_ROWS[0]!.roomId, Infinity]).primaryKeys();
      expect(roomA).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
      expect(await db.roomGifts.where('sender').equals(ROOM_ROWS[1]!.sender).count()).toBe(2);
      await db.researchKeys.put({ id: 'k_0123456789abcdef', kind: 'install', from: 'generated', bytes: new Uint8Array([1, 2, 3]), createdAt: 1 });
      expect((await db.researchKeys.get('k_0123456789abcdef'))?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    } finally {
      await db.delete();
    }
  });
});
