import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { DB_NAME, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, openDb, type ActivityRow } from './db';
import { newLock } from '../core/lock/state';

describe('database version 5 (the activity log)', () => {
  it('opens a version 4 database with its ledger intact and an empty activity table indexed by kind and time', async () => {
    const name = `${DB_NAME}-v5-${Math.random().toString(36).slice(2)}`;
    const v4 = new Dexie(name);
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2);
    v4.version(3).stores(SCHEMA_V3);
    v4.version(4).stores(SCHEMA_V4);
    const entry = { kind: 'adjustment', id: 'adjustment:initial:me', at: 1, coins: 5, account: 'me', source: 'initial-balance', parser: 1 };
    await v4.table('ledger').put(entry);
    v4.close();
    const db = openDb(name);
    try {
      expect(await db.ledger.toArray()).toEqual([entry]);
      expect(await db.activity.count()).toBe(0);
      const overrides: ActivityRow[] = [
        { kind: 'override', id: 'a', at: 2, ruleId: 'r', reason: 'why', coins: null, giftId: null, creator: null, roomId: null },
        { kind: 'override', id: 'b', at: 1, ruleId: 'r', reason: 'why', coins: 5, giftId: 1, creator: 'c', roomId: 'x' },
      ];
      await db.activity.bulkAdd(overrides);
      expect((await db.activity.where('[kind+at]').between(['override', 0], ['override', 10]).toArray()).map((row) => row.id)).toEqual(['b', 'a']);
    } finally {
      await db.delete();
    }
  });
});

describe('database version 7 (the parental lock)', () => {
  it('opens a version 5 database with its ledger and log intact and an empty lock table that holds one row', async () => {
    const name = `${DB_NAME}-v7-${Math.random().toString(36).slice(2)}`;
    const v5 = new Dexie(name);
    v5.version(1).stores(SCHEMA_V1);
    v5.version(2).stores(SCHEMA_V2);
    v5.version(3).stores(SCHEMA_V3);
    v5.version(4).stores(SCHEMA_V4);
    v5.version(5).stores(SCHEMA_V5);
    const entry = { kind: 'adjustment', id: 'adjustment:initial:me', at: 1, coins: 5, account: 'me', source: 'initial-balance', parser: 1 };
    await v5.table('ledger').put(entry);
    await v5.table('activity').put({ kind: 'settings-changed', id: 'e', at: 3, detail: {} });
    v5.close();
    const db = openDb(name);
    try {
      expect(await db.ledger.toArray()).toEqual([entry]);
      expect(db.verno).toBe(7);
      expect(await db.activity.count()).toBe(1);
      expect(await db.lock.count()).toBe(0);
      const pin = { v: 1 as const, kdf: 'PBKDF2-SHA-256' as const, iterations: 600_000, salt: 's', hash: 'h' };
      await db.lock.put({ ...newLock('lock-1', pin), id: 'lock' });
      expect((await db.lock.get('lock'))?.pin).toEqual(pin);
    } finally {
      await db.delete();
    }
  });
});
