/**
 * The only code that writes the ledger. Every write keeps the derived stores (derived/) exact in the same
 * transaction, so views read a few hundred rollup rows instead of scanning entries, and a repeat of the same entry
 * changes nothing. Callers must already be inside a read-write transaction over `ledger` and LEDGER_TABLES.
 */
import { Dexie } from 'dexie';
import type { LedgerEntry } from '../core/ledger';
import type { CoinsightDb } from '../platform/db';
import { DERIVED_STORES, type LedgerChange } from './derived/stores';

/** The tables a ledger write touches: the ledger and every derived store's. */
export const LEDGER_TABLES: readonly string[] = ['ledger', ...new Set(DERIVED_STORES.flatMap((store) => store.tables))];

/**
 * Writes entries by id. Returns the ids that were new or changed (an identical repeat is not a write).
 * `known` is what the caller already read of these ids in the same transaction (admission.ts does), so the ledger is
 * not asked twice.
 */
export async function putEntries(db: CoinsightDb, entries: readonly LedgerEntry[], known?: ReadonlyMap<string, LedgerEntry>): Promise<string[]> {
  if (entries.length === 0) return [];
  const unique = new Map(entries.map((entry) => [entry.id, entry]));
  const existing = known ?? await existingEntries(db, [...unique.keys()]);
  const changes: LedgerChange[] = [];
  for (const [id, after] of unique) {
    const before = existing.get(id);
    if (!before || !sameEntry(before, after)) changes.push({ before, after });
  }
  if (changes.length === 0) return [];
  // The ledger first: a derived store that must redo from an earlier point reads the entries from the ledger itself.
  await db.ledger.bulkPut(changes.map((change) => change.after!));
  await applyToDerived(db, changes);
  return changes.map((change) => change.after!.id);
}

/**
 * The stored versions of those ids that exist. Most ids in a batch are new (a streak's sends), and one `get` per id is
 * one round trip to the browser's IndexedDB each: instead, the keys between the lowest and highest id of each id
 * family (`gift:order:…`, TikTok's ids grow over time, so a batch's ids sit together) are listed in one read, and
 * only the ids found there are fetched. A range crowded with other keys falls back to one get per id, so the cost
 * stays bounded whatever the ids look like.
 */
export async function existingEntries(db: CoinsightDb, ids: readonly string[]): Promise<Map<string, LedgerEntry>> {
  const families = new Map<string, string[]>();
  for (const id of ids) {
    const family = id.slice(0, id.lastIndexOf(':') + 1);
    const members = families.get(family);
    if (members) members.push(id);
    else families.set(family, [id]);
  }
  const present: string[] = [];
  for (const members of families.values()) {
    if (members.length < 8) {
      present.push(...members); // too few to be worth a range read
      continue;
    }
    members.sort();
    const limit = 2 * members.length + 16;
    const keys = await db.ledger.where(':id').between(members[0]!, members[members.length - 1]!, true, true).limit(limit).primaryKeys();
    if (keys.length >= limit) present.push(...members);
    else {
      const stored = new Set(keys);
      present.push(...members.filter((id) => stored.has(id)));
    }
  }
  const found = new Map<string, LedgerEntry>();
  if (present.length === 0) return found;
  const rows = await db.ledger.bulkGet(present);
  rows.forEach((row, index) => row && found.set(present[index]!, row));
  return found;
}

export async function deleteEntries(db: CoinsightDb, entries: readonly LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.ledger.bulkDelete(entries.map((entry) => entry.id));
  await applyToDerived(db, entries.map((before) => ({ before, after: undefined })));
}

/**
 * Each store in turn, chained on Dexie's own promise. Deliberately not an async function nor a native promise chain:
 * either, one layer deeper between the transaction and its requests, lost Dexie's transaction zone when the caller's
 * transaction callback was not itself async (PrematureCommitError, measured on fake-indexeddb with two stores).
 */
function applyToDerived(db: CoinsightDb, changes: readonly LedgerChange[]): Promise<void> {
  let done: Promise<void> = Dexie.Promise.resolve();
  for (const store of DERIVED_STORES) done = done.then(() => store.apply(db, changes));
  return done;
}

/** Field-by-field equality of two plain entries (they are JSON-shaped: no dates, no cycles). */
export function sameEntry(a: LedgerEntry, b: LedgerEntry): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)))
      : inner,
  );
}
