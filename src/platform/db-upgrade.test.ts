// Upgrades lose nothing (issue 13 item 7): a database of every earlier version, made with that version's own schema
// chain (SCHEMA_V1…V6, as each release declared it) and filled in every table it had, is opened by the current
// build. Every row comes back as it was (a version 1 rollup gains only its zero unseen-spend column), the rollups still
// sum the ledger, and the cost basis the worker builds for a database that predates it equals one built from scratch.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { ALL_ENTRIES, BALANCES } from '../core/export/export.fixtures';
import { LIFETIME_BUCKET, applyEntry, bucketOf, emptyRollup, isEmptyRollup, type Rollup } from '../core/rollups';
import { buildLots } from '../background/derived/lots-build';
import { expectRollupsMatchLedger } from '../background/recorder.fixtures';
import { readRules } from '../background/limits/rules';
import { defaultSettings, settingsFromStorage } from './settings';
import { DB_NAME, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, openDb } from './db';

const SCHEMAS = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6];

/** Unseen spending came with version 2 (whose upgrade adds its rollup column as 0): version 1 never held any. */
const entriesAt = (version: number) => ALL_ENTRIES.filter((entry) => version > 1 || entry.kind !== 'unseen-spend');

function rollupsOf(version: number): Rollup[] {
  const rows = new Map<string, Rollup>();
  for (const entry of entriesAt(version)) {
    for (const bucket of [bucketOf(entry.at), LIFETIME_BUCKET]) {
      const key = `${entry.account}|${bucket}`;
      rows.set(key, applyEntry(rows.get(key) ?? emptyRollup(entry.account, bucket), entry, 1));
    }
  }
  const out = [...rows.values()].filter((row) => !isEmptyRollup(row));
  // Version 1 had no unseen spending column.
  if (version === 1) return out.map(({ unseenSpendCoins: _unseen, ...row }) => row as Rollup);
  return out;
}

/** One or more rows for every table a version had, as that version's code wrote them. */
function rowsAt(version: number): Record<string, unknown[]> {
  const account = '6801234567890123456';
  const rows: Record<string, unknown[]> = {
    ledger: entriesAt(version),
    rollups: rollupsOf(version),
    balances: [...BALANCES],
    catalogue: [{ giftId: 5655, name: 'Rose', coins: 1, imageHash: 'rose', seenAt: 1 }],
    cashierSightings: [{ id: 'cashier:1', account, at: 5, coins: 70, price: { minor: 74, currency: 'USD' }, usedBy: 'ORD-1' }],
    pendingPayments: [{ orderId: 'ORD-9', account, at: 6 }],
    diagnostics: [{ id: 'diagnostic:1', at: 7, endpoint: 'gift-send', reason: 'unexpected status 500' }],
    accounts: [{ uid: account, uniqueId: 'viewer', nickName: 'Viewer', lastSeenAt: 8 }],
  };
  if (version >= 4) rows.creatorDays = [{ account, day: '2025-03-12', creator: '@sunset.cooking', coins: 99, gifts: 1 }];
  if (version >= 5) {
    rows.activity = [{ kind: 'override', id: 'activity:1', at: 9, ruleId: 'r', reason: 'birthday', coins: 99, giftId: 5655, creator: null, roomId: null }];
    rows.restoreBatches = [{ restore: 'restore-1', seq: 0, at: 10, rows: [] }];
  }
  if (version >= 6) {
    rows.roomGifts = [{ id: 'room:1', at: 11, roomId: '7412345678901234567', sender: 'p:abc', giftId: 5655, count: 3, coins: 3 }];
    rows.researchKeys = [{ id: 'install', kind: 'install', from: 'generated', key: 'AAAA', createdAt: 12 }];
  }
  return rows;
}

describe('upgrading the database loses nothing', () => {
  it.each([1, 2, 3, 4, 5, 6])('from version %i to the current one', async (version) => {
    const name = `${DB_NAME}-upgrade-${version}-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    SCHEMAS.slice(0, version).forEach((schema, index) => old.version(index + 1).stores(schema));
    const filled = rowsAt(version);
    await old.transaction('rw', Object.keys(filled), async () => {
      for (const [table, rows] of Object.entries(filled)) await old.table(table).bulkPut(rows);
    });
    // Before version 3 there was no cost basis; from version 3 the worker kept it complete (builds: lots complete).
    if (version >= 3) await old.table('builds').put({ store: 'lots', complete: 0 });
    old.close();

    const db = openDb(name);
    try {
      await db.open();
      expect(db.verno).toBe(7);
      for (const [table, rows] of Object.entries(filled)) {
        const expected = table === 'rollups' && version === 1 ? (rows as Rollup[]).map((row) => ({ ...row, unseenSpendCoins: 0 })) : rows;
        const key = (row: unknown) => JSON.stringify(row);
        expect((await db.table(table).toArray()).map(key).sort(), table).toEqual(expected.map(key).sort());
      }
      for (const table of ['lock', ...(version < 6 ? ['roomGifts', 'researchKeys'] : []), ...(version < 5 ? ['activity'] : [])]) {
        expect(await db.table(table).count(), table).toBe(0);
      }
      // The worker's start-up build of the cost basis, for a database that has none yet (or an unfinished one).
      await buildLots(db);
      await expectRollupsMatchLedger(db);
    } finally {
      await db.delete();
    }
  });
});

describe('upgrading keeps the settings and limits of earlier releases', () => {
  it('reads the first release\'s settings (currency and week start only) with the conversion defaults added', () => {
    const defaults = defaultSettings('en-US');
    expect(settingsFromStorage({ displayCurrency: 'EUR', weekStart: 1 }, defaults)).toEqual({ ...defaults, displayCurrency: 'EUR', weekStart: 1 });
  });

  it('reads limits as the first release with limits stored them, every field intact', async () => {
    // The shape of the first release with limits (the rule has not changed since; a change must keep this passing).
    const stored = [
      { id: '0f8fad5b-d9cb-469f-a165-70867728950e', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1_000 }, action: 'block', carryOver: 'reset', overridesPerPeriod: 1, confirmDelaySeconds: 0, createdAt: 1_733_000_000_000 },
      { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', scope: { kind: 'creator', creator: '@sunset.cooking' }, period: { kind: 'month' }, cap: { kind: 'money', money: { minor: 500, currency: 'USD' } }, action: 'confirm', carryOver: 'roll-unused', overridesPerPeriod: 0, confirmDelaySeconds: 10, createdAt: 1_733_000_000_000 },
    ];
    expect(await readRules({ get: async () => ({ limits: structuredClone(stored) }) })).toEqual(stored);
  });
});
