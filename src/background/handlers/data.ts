/**
 * The options page's "Your data" section in the worker: restore (handlers/restore.ts) and delete-all (extension pages
 * only; a content script can neither send these nor widen what it may propose through them).
 *
 * Delete-all clears every table (staged restores too) but the parental lock's (it guards the data; it is not data) and `storage.local` (settings, limits, guard state, queued outbox chunks) in one
 * transaction, then puts back the markers a fresh database starts with (derived stores complete from the beginning
 * of an empty ledger); last, the exports' scratch files on disk.
 */
import type { CreatorDaysSince } from '../../core/creator-days';
import { LAST_BEAT_KEY } from '../../core/activity/gaps';
import { MANAGED_KEY } from '../../core/managed/ids';
import { LOTS_BUILD, type CoinsightDb } from '../../platform/db';
import { clearScratch } from '../../platform/scratch-files';
import type { LimitClock } from '../limits/rules';
import type { Handlers } from '../router';
import { inSettingsQueue } from '../settings-queue';
import { restoreHandlers } from './restore';
import type { LocalStorageArea } from './settings';

const EMPTY_LEDGER_SINCE: CreatorDaysSince = { account: '', day: -1, creator: '', since: 0 };

export function dataHandlers(db: CoinsightDb, storage: LocalStorageArea, clock?: LimitClock): Pick<Handlers, 'restoreStage' | 'restoreCommit' | 'deleteAllData'> {
  return { ...restoreHandlers(db, storage, clock), deleteAllData: async () => deleteAllData(db, storage) };
}

export async function deleteAllData(db: CoinsightDb, storage: LocalStorageArea): Promise<{ deleted: true }> {
  const tables = db.tables.filter((table) => table.name !== 'lock');
  await db.transaction('rw', tables, async () => {
    for (const table of tables) await table.clear();
    // What a new database starts with: the ledger is empty, so the derived stores are complete from the beginning.
    await db.builds.put({ store: LOTS_BUILD, complete: 1 });
    await db.creatorDays.put(EMPTY_LEDGER_SINCE);
  });
  // In the settings queue: a limit or settings change already under way cannot write its old rules back after this.
  // storage.local holds the limits and the guard state too; the refresh after this handler (background/index.ts
  // thenRefresh) finds no rule and stores no guard state.
  // The administrator's policy copy and the heartbeat are not the user's data: the managed limits must hold on at once
  // (not from the next worker start), and the next start must not mistake the wipe for a first run.
  await inSettingsQueue(async () => {
    const kept = await storage.get([MANAGED_KEY, LAST_BEAT_KEY]);
    await storage.clear();
    if (Object.keys(kept).length > 0) await storage.set(kept);
  });
  // The exports' scratch files (platform/scratch-files.ts) are copies of the same data.
  await clearScratch();
  return { deleted: true };
}
