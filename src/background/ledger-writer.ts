/**
 * The only code that writes the ledger. Every write keeps the rollups exact in the same transaction, so views
 * read a few hundred rollup rows instead of scanning entries, and a repeat of the same entry changes nothing.
 * Callers must already be inside a read-write transaction over `ledger` and `rollups`.
 */
import type { LedgerEntry } from '../core/ledger';
import { LIFETIME_BUCKET, applyEntry, bucketOf, emptyRollup, isEmptyRollup, type Rollup } from '../core/rollups';
import type { CoinsightDb } from '../platform/db';

type RollupKey = [string, number];

/**
 * Writes entries by id. Returns the ids that were new or changed (an identical repeat is not a write).
 * `known` is what the caller already read of these ids in the same transaction (admission.ts does), so the ledger is
 * not asked twice.
 */
export async function putEntries(db: CoinsightDb, entries: readonly LedgerEntry[], known?: ReadonlyMap<string, LedgerEntry>): Promise<string[]> {
  if (entries.length === 0) return [];
  const unique = new Map(entries.map((entry) => [entry.id, entry]));
  const existing = known ?? await existingEntries(db, [...unique.keys()]);
  const changes: { before: LedgerEntry | undefined; after: LedgerEntry | undefined }[] = [];
  for (const [id, after] of unique) {
    const before = existing.get(id);
    if (!before || !sameEntry(before, after)) changes.push({ before, after });
  }
  if (changes.length === 0) return [];
  await applyToRollups(db, changes);
  await db.ledger.bulkPut(changes.map((change) => change.after!));
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
  await applyToRollups(db, entries.map((before) => ({ before, after: undefined })));
  await db.ledger.bulkDelete(entries.map((entry) => entry.id));
}

async function applyToRollups(db: CoinsightDb, changes: { before: LedgerEntry | undefined; after: LedgerEntry | undefined }[]) {
  const keys = new Map<string, RollupKey>();
  const keyOf = (account: string, bucket: number): string => {
    const key = `${bucket}\u0000${account}`;
    if (!keys.has(key)) keys.set(key, [account, bucket]);
    return key;
  };
  for (const { before, after } of changes) {
    for (const entry of [before, after]) {
      if (!entry) continue;
      keyOf(entry.account, bucketOf(entry.at));
      keyOf(entry.account, LIFETIME_BUCKET);
    }
  }
  const keyList = [...keys.values()];
  const loaded = await db.rollups.bulkGet(keyList);
  const rollups = new Map<string, Rollup>();
  [...keys.keys()].forEach((key, index) => {
    const [account, bucket] = keyList[index]!;
    rollups.set(key, loaded[index] ?? emptyRollup(account, bucket));
  });
  const apply = (entry: LedgerEntry, sign: 1 | -1) => {
    for (const bucket of [bucketOf(entry.at), LIFETIME_BUCKET]) {
      const key = keyOf(entry.account, bucket);
      rollups.set(key, applyEntry(rollups.get(key)!, entry, sign));
    }
  };
  for (const { before, after } of changes) {
    if (before) apply(before, -1);
    if (after) apply(after, 1);
  }
  const toPut: Rollup[] = [];
  const toDelete: RollupKey[] = [];
  for (const [key, rollup] of rollups) {
    if (isEmptyRollup(rollup)) toDelete.push(keys.get(key)!);
    else toPut.push(rollup);
  }
  if (toPut.length) await db.rollups.bulkPut(toPut);
  if (toDelete.length) await db.rollups.bulkDelete(toDelete);
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
