import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../core/ledger';
import { ACCOUNT, balanceRise, gift, initialBalance, recharge, unseenSpend, usd } from '../../core/lots.fixtures';
import { DB_NAME, LOTS_BUILD, SCHEMA_V1, SCHEMA_V2, openDb, type CoinsightDb } from '../../platform/db';
import { costsOf, replayCostsOf, replaySpendMoneyIn, spendMoneyIn } from '../../queries/cost';
import { LEDGER_TABLES, putEntries } from '../ledger-writer';
import { LOTS_BUILD_ALARM, buildLots, buildLotsStep, resumeLotsBuild } from './lots-build';
import { OTHER, T, applyOperation, entryOf, operation, version } from './lots.arbitraries';
import { expectLotsMatchLedger } from './lots.fixtures';

const minute = (n: number) => T + n * 60_000;

/** A database as version 2 left it (no cost basis tables), holding `ledger`; then opened by today's code. */
async function upgradedFrom2(ledger: readonly LedgerEntry[]): Promise<CoinsightDb> {
  const name = `${DB_NAME}-lots-build-${Math.random().toString(36).slice(2)}`;
  const v2 = new Dexie(name);
  v2.version(1).stores(SCHEMA_V1);
  v2.version(2).stores(SCHEMA_V2);
  await v2.table('ledger').bulkPut([...ledger]);
  v2.close();
  const db = openDb(name);
  await db.open();
  return db;
}

const put = (db: CoinsightDb, ...entries: LedgerEntry[]) => db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, entries));

const LEDGER: LedgerEntry[] = [
  gift('g2', minute(64), 30, 2), // stored before the lots it uses: the table's order does not matter
  initialBalance(minute(0), 20),
  recharge('A', minute(1), 70, usd(74)),
  gift('g1', minute(2), 30),
  unseenSpend('fall', minute(3), 40),
  balanceRise('w1', minute(125), 10),
  ...Array.from({ length: 12 }, (_, i) => gift(`tie${i}`, minute(70), 1)), // more entries in one millisecond than a chunk
  { ...recharge('X', minute(0), 350, usd(370)), account: OTHER },
  { ...gift('h', minute(1), 5), account: OTHER },
];

describe('the cost basis of a ledger from before it (schema version 3)', () => {
  it('is built by the worker in chunks and then equals the replay; until then the figures come from the replay', async () => {
    const db = await upgradedFrom2(LEDGER);
    expect(db.verno).toBe(6); // 3 (lots), 4 (per-creator days), 5 (activity, staged restores), 6 (research)
    expect(await db.builds.get(LOTS_BUILD)).toBeUndefined();
    const window = { start: minute(0), end: minute(200) };
    const expected = await replaySpendMoneyIn(db, ACCOUNT, window);
    expect(expected.paid).toEqual({ USD: 74 });
    expect(await spendMoneyIn(db, ACCOUNT, window)).toEqual(expected);
    await buildLots(db, 5);
    expect(await db.builds.get(LOTS_BUILD)).toEqual({ store: LOTS_BUILD, complete: 1 });
    await expectLotsMatchLedger(db);
    expect(await spendMoneyIn(db, ACCOUNT, window)).toEqual(expected);
    // And the worker goes on from there: a late recharge between g1 and the unseen spend.
    await put(db, recharge('late', minute(2) + 1, 350, usd(370)));
    await expectLotsMatchLedger(db);
    await db.delete();
  });

  it('resumes after the worker was stopped half-way, from the last chunk that committed', async () => {
    const first = await upgradedFrom2(LEDGER);
    for (let i = 0; i < 2; i++) expect(await buildLotsStep(first, 4)).toBe(false);
    const cursor = (await first.builds.get(LOTS_BUILD))!.cursor!;
    // Half-way through the first account; the second chunk took all twelve gifts of one millisecond, not four.
    expect(cursor).toEqual([ACCOUNT, minute(70)]);
    first.close(); // the worker is stopped
    const db = openDb(first.name);
    await db.open();
    expect(await costsOf(db, ACCOUNT, ['gift:msg:g2'])).toEqual(await replayCostsOf(db, ACCOUNT, ['gift:msg:g2']));
    await buildLots(db, 4);
    await expectLotsMatchLedger(db);
    await db.delete();
  });

  it('keeps writes that arrive during the build exact, wherever they fall against its cursor', async () => {
    const ledger = fc.array(version, { minLength: 0, maxLength: 40 });
    const interleaving = fc.array(fc.oneof(operation, fc.constant('step' as const)), { minLength: 1, maxLength: 20 });
    await fc.assert(fc.asyncProperty(ledger, interleaving, fc.integer({ min: 1, max: 6 }), async (versions, steps, chunk) => {
      const entries = new Map(versions.map(entryOf).map((e) => [e.id, e]));
      const db = await upgradedFrom2([...entries.values()]);
      try {
        for (const step of steps) {
          if (step === 'step') await buildLotsStep(db, chunk);
          else await applyOperation(db, step);
        }
        await buildLots(db, chunk);
        await expectLotsMatchLedger(db);
      } finally {
        await db.delete();
      }
    }), { numRuns: 80 });
  }, 120_000);

  it('is complete from the start in a new database, and resumeLotsBuild sets its wake-up alarm only while there is work', async () => {
    const created: string[] = [];
    const cleared: string[] = [];
    const alarms = { create: (name: string) => void created.push(name), clear: (name: string) => void cleared.push(name) };
    const fresh = openDb(`${DB_NAME}-lots-fresh-${Math.random().toString(36).slice(2)}`);
    await fresh.open();
    expect(await fresh.builds.get(LOTS_BUILD)).toEqual({ store: LOTS_BUILD, complete: 1 });
    await resumeLotsBuild(fresh, alarms);
    expect(created).toEqual([]);
    await fresh.delete();

    const db = await upgradedFrom2(LEDGER);
    await resumeLotsBuild(db, alarms);
    expect(created).toEqual([LOTS_BUILD_ALARM]);
    expect(cleared).toEqual([LOTS_BUILD_ALARM]);
    await expectLotsMatchLedger(db);
    await db.delete();
  });
});
