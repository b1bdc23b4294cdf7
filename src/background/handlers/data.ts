/**
 * Restore and delete-all, for the options page's "Your data" section (extension pages only; a content script can
 * neither send these nor widen what it may propose through them).
 *
 * Restore is all or nothing. The page has already validated the whole file with the core readers; it then sends the
 * validated records in batches (`restoreStage`), which the worker checks again and keeps in memory under the
 * restore's id, and finally `restoreCommit`, which writes everything in ONE read-write transaction over the ledger,
 * its derived stores and the balances: a refusal or a failure anywhere in it aborts the transaction, so the database is
 * as it was. Merged by id (core `planMerge`): a new id is added, the same record again is skipped, and an id already
 * stored with other content refuses the whole restore (a restore never rewrites a recorded entry). Settings go through
 * the same patch path as `updateSettings`, written before the transaction and put back if it fails. A worker stopped
 * between batches loses the staged records: the commit then finds the counts short and refuses, nothing written.
 *
 * Delete-all clears every table and `storage.local` (settings, queued outbox chunks) in one transaction, then puts
 * back the markers a fresh database starts with (derived stores complete from the beginning of an empty ledger).
 */
import type { CreatorDaysSince } from '../../core/creator-days';
import { planMerge } from '../../core/export/restore-merge';
import { balanceObservationSchema, ledgerEntrySchema, type BalanceObservation, type LedgerEntry } from '../../core/ledger';
import type { Check } from '../../core/schema';
import { LOTS_BUILD, type CoinsightDb } from '../../platform/db';
import type { RestoreReport } from '../../platform/protocol';
import { SETTINGS_KEY } from '../../platform/settings';
import { LEDGER_TABLES, existingEntries, putEntries } from '../ledger-writer';
import { RefusedError, type Handlers } from '../router';
import { applySettingsPatch, type LocalStorageArea } from './settings';

/** Records per message: well under the runtime's message size limit, and one bulk read/write each in the commit. */
export const RESTORE_BATCH = 2000;
/** Restores staged at once (a second tab restoring at the same time gets its own). */
const MAX_STAGED_RESTORES = 4;
const EMPTY_LEDGER_SINCE: CreatorDaysSince = { account: '', day: -1, creator: '', since: 0 };

interface Staged {
  entries: LedgerEntry[];
  balances: BalanceObservation[];
}


function checked<T>(check: Check<T>, records: readonly unknown[], what: string): T[] {
  return records.map((record, index) => {
    const result = check(record, `${what}[${index}]`);
    if (!result.ok) throw new RefusedError(`refused: ${result.reason}`);
    return result.value;
  });
}

export function dataHandlers(db: CoinsightDb, storage: LocalStorageArea): Pick<Handlers, 'restoreStage' | 'restoreCommit' | 'deleteAllData'> {
  const staged = new Map<string, Staged>();
  return {
    restoreStage: async ({ restoreId, entries, balances }) => {
      const batch = { entries: checked(ledgerEntrySchema, entries, 'entries'), balances: checked(balanceObservationSchema, balances, 'balances') };
      let stage = staged.get(restoreId);
      if (!stage) {
        if (staged.size >= MAX_STAGED_RESTORES) staged.delete(staged.keys().next().value!);
        stage = { entries: [], balances: [] };
        staged.set(restoreId, stage);
      }
      for (const entry of batch.entries) stage.entries.push(entry);
      for (const balance of batch.balances) stage.balances.push(balance);
      return { entries: stage.entries.length, balances: stage.balances.length };
    },
    restoreCommit: async ({ restoreId, entries, balances, settings }) => {
      const stage = staged.get(restoreId) ?? { entries: [], balances: [] };
      staged.delete(restoreId);
      if (stage.entries.length !== entries || stage.balances.length !== balances) {
        throw new RefusedError(
          `the restore was interrupted (${stage.entries.length} of ${entries} entries and ${stage.balances.length} of ${balances} balances arrived): nothing was written, try again`,
        );
      }
      return commitRestore(db, storage, stage, settings);
    },
    deleteAllData: async () => deleteAllData(db, storage),
  };
}

export async function commitRestore(db: CoinsightDb, storage: LocalStorageArea, stage: Staged, settings: Parameters<typeof applySettingsPatch>[1] | null): Promise<RestoreReport> {
  const previous = await storage.get(SETTINGS_KEY);
  if (settings) await applySettingsPatch(storage, settings);
  try {
    const report = await db.transaction('rw', [...LEDGER_TABLES, 'balances'].map((name) => db.table(name)), async () => {
      const result: RestoreReport = { entriesAdded: 0, entriesSame: 0, balancesAdded: 0, balancesSame: 0, settingsRestored: settings !== null };
      for (let i = 0; i < stage.entries.length; i += RESTORE_BATCH) {
        const batch = stage.entries.slice(i, i + RESTORE_BATCH);
        const stored = await existingEntries(db, batch.map((entry) => entry.id));
        const plan = planMerge(batch, stored);
        refuseConflicts(plan.conflicts);
        await putEntries(db, plan.add, stored);
        result.entriesAdded += plan.add.length;
        result.entriesSame += plan.same;
      }
      for (let i = 0; i < stage.balances.length; i += RESTORE_BATCH) {
        const batch = stage.balances.slice(i, i + RESTORE_BATCH);
        const rows = await db.balances.bulkGet(batch.map((balance) => balance.id));
        const stored = new Map<string, BalanceObservation>();
        rows.forEach((row) => row && stored.set(row.id, row));
        const plan = planMerge(batch, stored);
        refuseConflicts(plan.conflicts);
        await db.balances.bulkPut(plan.add);
        result.balancesAdded += plan.add.length;
        result.balancesSame += plan.same;
      }
      return result;
    });
    return report;
  } catch (error) {
    if (settings) {
      if (previous[SETTINGS_KEY] === undefined) await storage.remove(SETTINGS_KEY);
      else await storage.set({ [SETTINGS_KEY]: previous[SETTINGS_KEY] });
    }
    throw error;
  }
}

function refuseConflicts(conflicts: readonly { id: string }[]): void {
  const first = conflicts[0];
  if (first) {
    throw new RefusedError(`the id "${first.id.slice(0, 80)}" is already in the ledger with other content (${conflicts.length} such record${conflicts.length === 1 ? '' : 's'} in this batch): nothing was restored`);
  }
}

export async function deleteAllData(db: CoinsightDb, storage: LocalStorageArea): Promise<{ deleted: true }> {
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
    // What a new database starts with: the ledger is empty, so the derived stores are complete from the beginning.
    await db.builds.put({ store: LOTS_BUILD, complete: 1 });
    await db.creatorDays.put(EMPTY_LEDGER_SINCE);
  });
  await storage.clear();
  return { deleted: true };
}
