/**
 * Builds the cost basis (lots.ts) over a ledger that existed before it (a database upgraded from version 2). Not a
 * Dexie upgrade function: that would ride in the popup's first paint, and hold one transaction over the whole ledger.
 * The worker walks the ledger in its `[account+at]` order instead, a chunk per transaction, appending each chunk as a
 * write would (appendEntries); the chunk's transaction moves the build's cursor with the rows, so a worker stopped
 * mid-build resumes where the last chunk ended. Writes meanwhile keep the part already built exact and leave the rest
 * to the build (lots.ts, builtThrough); readers replay the ledger until the marker says complete (queries/cost.ts).
 */
import type { LedgerEntry } from '../../core/ledger';
import { LOTS_BUILD, type CoinsightDb, type DerivedBuild } from '../../platform/db';
import { appendEntries, lotsBuild } from './lots';
import { CostWrites } from './lots-writes';

/** Entries per transaction: small enough that a write waiting behind a chunk waits a fraction of a second. */
export const BUILD_CHUNK = 2_000;

/** One chunk; returns true once the store is complete. */
export async function buildLotsStep(db: CoinsightDb, chunk = BUILD_CHUNK): Promise<boolean> {
  return db.transaction('rw', [db.ledger, db.lots, db.costs, db.builds], async () => {
    const build = await lotsBuild(db);
    if (build?.complete) return true;
    const range = build?.cursor ? db.ledger.where('[account+at]').above(build.cursor) : db.ledger.orderBy('[account+at]');
    let entries = await range.limit(chunk).toArray();
    const finished = entries.length < chunk;
    if (!finished) {
      // The cursor is an [account, at]: a chunk ends between two milliseconds, never inside one.
      const last = entries[entries.length - 1]!;
      entries = entries.filter((e) => e.account !== last.account || e.at !== last.at);
      const tie = await db.ledger.where('[account+at]').equals([last.account, last.at]).toArray();
      entries.push(...tie);
    }
    const writes = new CostWrites();
    for (const group of byAccount(entries)) {
      if (!(await appendEntries(db, group[0]!.account, group, writes))) {
        throw new Error(`cost basis build: account "${group[0]!.account}" already holds entries after ${group[0]!.id}`);
      }
    }
    await writes.flush(db);
    const last = entries[entries.length - 1];
    const next: DerivedBuild = finished ? { store: LOTS_BUILD, complete: 1 }
      : { store: LOTS_BUILD, complete: 0, cursor: [last!.account, last!.at] };
    await db.builds.put(next);
    return finished;
  });
}

/** Runs chunks until the store is complete. */
export async function buildLots(db: CoinsightDb, chunk = BUILD_CHUNK): Promise<void> {
  while (!(await buildLotsStep(db, chunk))) { /* next chunk, in a transaction of its own */ }
}

/** Consecutive runs of one account, in the order given (the index's: by account, then replay order). */
function byAccount(entries: readonly LedgerEntry[]): LedgerEntry[][] {
  const groups: LedgerEntry[][] = [];
  for (const entry of entries) {
    const group = groups[groups.length - 1];
    if (group && group[0]!.account === entry.account) group.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

export const LOTS_BUILD_ALARM = 'coinsight:build-lots';

/** What the build needs of `browser.alarms`: a next start of the worker if this one is stopped mid-build. */
export interface BuildAlarms {
  create(name: string, info: { delayInMinutes: number; periodInMinutes: number }): Promise<void> | void;
  clear(name: string): Promise<boolean> | void;
}

let running: Promise<void> | null = null;

/**
 * Runs the build to its end if it is not complete, once at a time per worker. An alarm, set before the first chunk and
 * cleared at the end, wakes a worker that was stopped in between; its start-up calls this again and resumes. (Chrome's
 * worker is stopped after ~30 s without extension events, and a build of a million entries takes about a minute.)
 */
export function resumeLotsBuild(db: CoinsightDb, alarms: BuildAlarms): Promise<void> {
  running ??= (async () => {
    if ((await lotsBuild(db))?.complete) return;
    // Repeating: one that fired while this worker was still building must not leave a later stop without a wake-up.
    await alarms.create(LOTS_BUILD_ALARM, { delayInMinutes: 0.5, periodInMinutes: 0.5 });
    await buildLots(db);
    await alarms.clear(LOTS_BUILD_ALARM);
  })().finally(() => {
    running = null;
  });
  return running;
}
