/**
 * Random writes for the cost basis' property tests (lots.property.test.ts, lots-build.test.ts): versions of the entries
 * in 30 slots (a slot's kind, and so its id, is fixed; its time, coins, price, whether it has one, and its account may
 * change from one version to the next), written, deleted and repeated through the real ledger writer.
 */
import fc from 'fast-check';
import type { LedgerEntry } from '../../core/ledger';
import { balanceRise, gift, initialBalance, recharge, unseenSpend } from '../../core/lots.fixtures';
import type { CoinsightDb } from '../../platform/db';
import { LEDGER_TABLES, deleteEntries, putEntries } from '../ledger-writer';

export const T = Date.parse('2026-03-02T18:00:00Z');
export const OTHER = '7098765432109876543';
const SLOTS = 30;

/** One version of the entry in a slot: a slot's kind (and so its id) is fixed, everything else may change. */
export const version = fc.record({
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

export function entryOf(v: Version): LedgerEntry {
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

export const operation = fc.oneof(
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
export const windowArb = fc.tuple(fc.integer({ min: -10, max: 250 }), fc.integer({ min: 0, max: 250 }), fc.constantFrom(0, 1, 30_000))
  .map(([from, length, ms]) => ({ start: T + from * 60_000 + ms, end: T + (from + length) * 60_000 + ms }));

export type Operation = typeof operation extends fc.Arbitrary<infer O> ? O : never;

/** One operation, in a transaction of its own as the recorder's. */
export function applyOperation(db: CoinsightDb, op: Operation): Promise<unknown> {
  return db.transaction('rw', [...LEDGER_TABLES], async () => {
    if ('put' in op) await putEntries(db, op.put.map(entryOf));
    else if ('remove' in op) await deleteEntries(db, await storedIn(db, op.remove));
    else await putEntries(db, await storedIn(db, op.repeat));
  });
}
