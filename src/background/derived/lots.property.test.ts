/**
 * The worker's cost basis against the reference: random interleavings of writes (late lots, repeats, corrections,
 * a price added to a recharge later, entries moved in time or to another account, deletions such as a withdrawn unseen
 * spend; several currencies, lots of unknown price, deficits) go through the real ledger writer, and the stored lots and
 * cost rows, costsOf every spend and spendMoneyIn of random windows must equal core/lots.ts's replayLots of the final
 * ledger, from scratch, and hold the invariant (expectLotsMatchLedger).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../core/ledger';
import { ACCOUNT, balanceRise, gift, initialBalance, recharge, unseenSpend } from '../../core/lots.fixtures';
import type { CoinsightDb } from '../../platform/db';
import { LEDGER_TABLES, deleteEntries, putEntries } from '../ledger-writer';
import { expectRollupsMatchLedger, freshDb } from '../recorder.fixtures';
import { replaySpendMoneyIn, spendMoneyIn } from '../../queries/cost';
import { expectLotsMatchLedger } from './lots.fixtures';

const T = Date.parse('2026-03-02T18:00:00Z');
const OTHER = '7098765432109876543';
const SLOTS = 30;

/** One version of the entry in a slot: a slot's kind (and so its id) is fixed, everything else may change. */
const version = fc.record({
  slot: fc.nat(SLOTS - 1),
  minute: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 240 })), // within an hour, or across four
  ms: fc.constantFrom(0, 0, 0, 1, 500),
  coins: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 400 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) }),
  minor: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 1_000_000_000_000 })),
  currency: fc.constantFrom('USD', 'IDR', 'EUR'),
  priced: fc.boolean(),
  other: fc.nat(3).map((n) => n === 0), // the other account less often
});
type Version = typeof version extends fc.Arbitrary<infer V> ? V : never;

function entryOf(v: Version): LedgerEntry {
  const at = T + v.minute * 60_000 + v.ms;
  const key = String(v.slot);
  let entry: LedgerEntry;
  switch (v.slot % 6) {
    case 0:
    case 1: entry = recharge(`o${key}`, at, v.coins, v.priced ? { minor: v.minor, currency: v.currency } : undefined); break;
    case 2: entry = v.slot < SLOTS / 2 ? { ...initialBalance(at, v.coins), id: `adjustment:initial:${key}` } : balanceRise(`w${key}`, at, v.coins); break;
    case 5: entry = unseenSpend(`b${key}`, at, v.coins); break;
    default: entry = gift(`m${key}`, at, v.coins);
  }
  return v.other ? { ...entry, account: OTHER } : entry;
}

const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ put: fc.array(version, { minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ remove: fc.array(fc.nat(SLOTS - 1), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ repeat: fc.array(fc.nat(SLOTS - 1), { minLength: 1, maxLength: 4 }) }) },
);

const idOf = (slot: number) => entryOf({ slot, minute: 0, ms: 0, coins: 1, minor: 0, currency: 'USD', priced: false, other: false }).id;

/** The entries stored in those slots now (any account, any version). */
async function storedIn(db: CoinsightDb, slots: readonly number[]): Promise<LedgerEntry[]> {
  return (await db.ledger.bulkGet([...new Set(slots.map(idOf))])).filter((e): e is LedgerEntry => e !== undefined);
}

/** Windows in minutes from T: whole hours, partial edges, a window inside one hour, one spanning two partial hours. */
const windowArb = fc.tuple(fc.integer({ min: -10, max: 250 }), fc.integer({ min: 0, max: 250 }), fc.constantFrom(0, 1, 30_000))
  .map(([from, length, ms]) => ({ start: T + from * 60_000 + ms, end: T + (from + length) * 60_000 + ms }));

async function run(operations: readonly (typeof operation extends fc.Arbitrary<infer O> ? O : never)[], checkEachStep: boolean, windows: readonly { start: number; end: number }[] = []): Promise<void> {
  const db = freshDb();
  try {
    for (const op of operations) {
      await db.transaction('rw', [...LEDGER_TABLES], async () => {
        if ('put' in op) await putEntries(db, op.put.map(entryOf));
        else if ('remove' in op) await deleteEntries(db, await storedIn(db, op.remove));
        else await putEntries(db, await storedIn(db, op.repeat));
      });
      if (checkEachStep) await expectLotsMatchLedger(db);
    }
    await expectRollupsMatchLedger(db);
    await expectLotsMatchLedger(db);
    for (const account of [ACCOUNT, OTHER]) {
      for (const w of windows) expect(await spendMoneyIn(db, account, w), `window ${JSON.stringify(w)}`).toEqual(await replaySpendMoneyIn(db, account, w));
    }
  } finally {
    await db.delete();
  }
}

describe('lots store, for any interleaving of writes through the ledger writer', () => {
  it('equals a from-scratch replay of the final ledger', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), fc.array(windowArb, { maxLength: 6 }), (ops, windows) => run(ops, false, windows)), { numRuns: 150 });
  });

  it('equals a from-scratch replay after every write', async () => {
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), (ops) => run(ops, true)), { numRuns: 60 });
  });

  it('keeps one account in order when many late lots and spends arrive in one batch', async () => {
    const single = version.map((v) => ({ ...v, other: false }));
    const batches = fc.array(fc.record({ put: fc.array(single, { minLength: 5, maxLength: 30 }) }), { minLength: 1, maxLength: 4 });
    await fc.assert(fc.asyncProperty(batches, (ops) => run(ops, true)), { numRuns: 60 });
  });
});
