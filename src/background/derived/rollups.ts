/**
 * Per-(account, UTC hour) totals and one lifetime row per account (core/rollups.ts): a write adds the new version of
 * each entry and subtracts the old, so a row always equals the sum of its entries.
 */
import type { LedgerEntry } from '../../core/ledger';
import { LIFETIME_BUCKET, applyEntry, bucketOf, emptyRollup, isEmptyRollup, type Rollup } from '../../core/rollups';
import type { CoinsightDb } from '../../platform/db';
import type { DerivedStore, LedgerChange } from './stores';

type RollupKey = [string, number];

export const rollupsStore: DerivedStore = { name: 'rollups', tables: ['rollups'], apply: applyToRollups };

async function applyToRollups(db: CoinsightDb, changes: readonly LedgerChange[]): Promise<void> {
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
