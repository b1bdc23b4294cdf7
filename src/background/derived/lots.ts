/**
 * The FIFO cost basis (core/lots.ts) kept by the worker in the same transaction as every ledger write, as the rows of
 * core/cost-rows.ts: lots (one per recharge or adjustment) and per-hour / lifetime cost rows, no row per spend.
 * core/lots.ts's replayLots stays the reference: the stored rows must equal a from-scratch replay of the final ledger
 * (lots.property.test.ts beside this file).
 *
 * Per account, a batch is either
 * - an append (the common case: only new entries, all after the account's tail in replay order): the open lots (one
 *   index read) and the touched hour rows (one bulkGet, with the lifetime row) are read, the entries consumed in memory,
 *   and the touched lots and rows written: the round trips of rollups, whatever the batch's size;
 * - or redone from the hour of its earliest affected point (lots-rewind.ts).
 * A change that FIFO cannot see (a recharge confirmed by a wallet reading, a gift's cross-checks) changes nothing.
 * While the store is being built over an older ledger (lots-build.ts), entries the build has not reached are left to it.
 */
import { Dexie } from 'dexie';
import { FifoWalk, HourRows, addTotals, emptyCostRow, isLotEntry, type CostRow } from '../../core/cost-rows';
import { isImported, type CapturedEntry, type LedgerEntry } from '../../core/ledger';
import { compareEntries, lotStateOf } from '../../core/lots';
import { LIFETIME_BUCKET, bucketOf } from '../../core/rollups';
import { LOTS_BUILD, type CoinsightDb, type DerivedBuild } from '../../platform/db';
import { redoFrom } from './lots-rewind';
import { CostWrites, lotRowOf } from './lots-writes';
import type { DerivedStore, LedgerChange } from './stores';

export const lotsStore: DerivedStore = { name: 'lots', tables: ['lots', 'costs', 'builds'], apply: applyToLots };

/** Databases whose store is known to be built: a build never goes back, so its marker need not be read again. */
const built = new WeakSet<CoinsightDb>();

/**
 * The build's marker. A Dexie promise even when cached: awaiting a native promise that no request stands behind let
 * the caller's transaction commit under it (PrematureCommitError, measured on fake-indexeddb).
 */
export function lotsBuild(db: CoinsightDb): Promise<DerivedBuild | undefined> {
  if (built.has(db)) return Dexie.Promise.resolve({ store: LOTS_BUILD, complete: 1 });
  return db.builds.get(LOTS_BUILD).then((build) => {
    if (build?.complete) built.add(db);
    return build;
  });
}

/** The newest `at` of an account's entries the store holds: Infinity once built; -Infinity for none yet. */
export function builtThrough(build: DerivedBuild | undefined, account: string): number {
  if (build?.complete) return Infinity;
  if (!build?.cursor) return -Infinity;
  const [cursorAccount, cursorAt] = build.cursor;
  return account < cursorAccount ? Infinity : account === cursorAccount ? cursorAt : -Infinity;
}

/** True when FIFO sees no difference: same position, same coins, and (for a lot) the same price or reason. */
function sameForFifo(before: LedgerEntry | undefined, after: LedgerEntry | undefined): boolean {
  if (!before || !after || before.account !== after.account || before.at !== after.at || before.kind !== after.kind || before.coins !== after.coins) return false;
  if (!isLotEntry(before)) return true;
  const [a, b] = [lotStateOf(before), lotStateOf(after as typeof before)];
  return JSON.stringify([a.price, a.unpriced]) === JSON.stringify([b.price, b.unpriced]);
}

async function applyToLots(db: CoinsightDb, changes: readonly LedgerChange[]): Promise<void> {
  const effective = changes.filter(({ before, after }) => !sameForFifo(before, after));
  if (effective.length === 0) return;
  const build = await lotsBuild(db);
  const accounts = new Map<string, { removed: LedgerEntry[]; added: LedgerEntry[]; limit: number }>();
  const take = (entry: LedgerEntry | undefined, side: 'removed' | 'added') => {
    if (!entry || isImported(entry)) return; // outside the cost basis
    const limit = builtThrough(build, entry.account);
    if (entry.at > limit) return; // the build will read it from the ledger
    let account = accounts.get(entry.account);
    if (!account) accounts.set(entry.account, (account = { removed: [], added: [], limit }));
    account[side].push(entry);
  };
  for (const { before, after } of effective) {
    take(before, 'removed');
    take(after, 'added');
  }
  const writes = new CostWrites();
  for (const [account, { removed, added, limit }] of accounts) {
    const ordered = [...removed, ...added].sort(compareEntries);
    if (removed.length === 0 && await appendEntries(db, account, added.sort(compareEntries), writes)) continue;
    await redoFrom(db, account, ordered[0]!, limit, writes);
  }
  await writes.flush(db);
}

/**
 * Takes in entries (one account's, in replay order) that all come after its tail; returns false, having written
 * nothing, when one does not.
 */
export async function appendEntries(db: CoinsightDb, account: string, all: readonly LedgerEntry[], writes: CostWrites): Promise<boolean> {
  const entries = all.filter((entry): entry is CapturedEntry => !isImported(entry)); // the build walks imported history too: outside the cost basis
  if (entries.length === 0) return true;
  const buckets = [...new Set(entries.filter((e) => !isLotEntry(e)).map((e) => bucketOf(e.at)))];
  const [rows, open] = await Dexie.Promise.all([
    db.costs.bulkGet([[account, LIFETIME_BUCKET], ...buckets.map((bucket): [string, number] => [account, bucket])]),
    db.lots.where('[account+open]').equals([account, 1]).toArray(),
  ]);
  const [stored, ...hourRows] = rows;
  if (stored?.tail && compareEntries(entries[0]!, stored.tail) <= 0) return false;
  const lifetime: CostRow = stored ?? emptyCostRow(account, LIFETIME_BUCKET);
  const storedConsumed = new Map(open.map((lot) => [lot.id, lot.consumed]));
  const walk = new FifoWalk(open.sort(compareEntries), lifetime.consumedThrough);
  const hours = new HourRows(account, hourRows.filter((row): row is CostRow => row !== undefined));
  for (const entry of entries) {
    if (isLotEntry(entry)) walk.lot(entry);
    else {
      const cost = walk.spend(entry);
      addTotals(lifetime, hours.add(cost, walk.consumed));
    }
  }
  for (const lot of walk.queue) {
    if (storedConsumed.get(lot.id) !== lot.consumed) writes.putLot(lotRowOf(lot, account));
  }
  for (const row of hours.rows.values()) writes.putCost(row);
  const last = entries[entries.length - 1]!;
  lifetime.consumedThrough = walk.consumed;
  lifetime.tail = { at: last.at, id: last.id };
  writes.putCost(lifetime);
  return true;
}

