import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LIFETIME_BUCKET } from '../../core/rollups';
import { LEDGER_TABLES, putEntries } from '../ledger-writer';
import { DOUGHNUT, ME, T0, freshDb, giftEntry } from '../recorder.fixtures';
import { DERIVED_STORES, type DerivedStore } from './stores';

describe('derived stores', () => {
  const registered = DERIVED_STORES as DerivedStore[];
  const original = [...registered];
  afterEach(() => {
    registered.splice(0, registered.length, ...original);
  });

  it('are all kept in the writer’s transaction, even when the caller’s callback is not async', async () => {
    const db = freshDb();
    const seen: number[] = [];
    // A second store that reads and awaits, as a per-creator rollup or the lots will. (With a native promise chain
    // between the stores, src/queries/balance.test.ts lost Dexie's transaction: PrematureCommitError.)
    registered.push({
      name: 'counting', tables: ['rollups'],
      apply: async (database, changes) => {
        seen.push(changes.length, await database.rollups.count());
        await database.rollups.count();
      },
    });
    const gifts = Array.from({ length: 50 }, (_, i) => giftEntry(`74880000000000000${String(i).padStart(2, '0')}`, T0 + i * 60_000, DOUGHNUT));
    await db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, gifts));
    await db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, [{ ...gifts[0]!, at: T0 + 1 }]));
    expect(seen).toEqual([50, 2, 1, 2]); // one hour row and the lifetime row
    expect(await db.rollups.get([ME, LIFETIME_BUCKET])).toMatchObject({ giftCoins: 1_500, gifts: 50 });
    expect(await db.ledger.count()).toBe(50);
  });
});
