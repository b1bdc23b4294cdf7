/**
 * Restore of a Coinsight backup, for the options page (extension pages only; a content script can neither send these
 * nor widen what it may propose through them).
 *
 * The page has already validated the whole file with the core readers. It sends the records in numbered batches
 * (`restoreStage`): the worker checks each record again with the ledger schemas and writes the batch as ONE row of
 * `restoreBatches` (a table of its own, schema version 5), so the worker's memory holds one batch, whatever the size
 * of the backup, and a worker stopped between batches loses nothing: the batches already staged are on disk, and a
 * batch sent again (same `seq`) replaces itself.
 *
 * `restoreCommit` writes everything in ONE read-write transaction over the ledger, its derived stores, the balances
 * and the staging table: each staged batch is read, merged by id (core `planMerge`: a new id is added, the same record
 * again is skipped, an id already stored with other content refuses the whole restore) and written, then the batches
 * are deleted and an outcome row put in their place. A refusal, a failure, or a worker stopped anywhere in it aborts
 * the transaction: the database is as it was and the staged batches are still there for a retry. A commit retried
 * after its reply was lost finds the outcome row and answers the same.
 *
 * Settings and limits live in storage.local, outside the transaction: they are applied after it committed, from the
 * outcome row, so a worker stopped in between applies them at the retry; before, a stopped worker could leave new
 * settings over an old ledger. The limits come after the settings (a money cap is priced with the restored exchange
 * rates) and go through the limits door (limits/door.ts `restoreRules`: merged by id, each rule checked as a saved one,
 * against the restored ledger's creators).
 */
import { Dexie } from 'dexie';
import { explainedTotal, purchaseProblem, wherePlaceProblem } from '../../core/export/explains';
import { mergeDecision, planMerge } from '../../core/export/restore-merge';
import { balanceObservationSchema, ledgerEntrySchema, type BalanceObservation, type LedgerEntry } from '../../core/ledger';
import type { Check } from '../../core/schema';
import type { LimitRule } from '../../core/limits';
import { now, timeZone } from '../../platform/clock';
import type { CoinsightDb, StagedRestoreRow } from '../../platform/db';
import type { RestoreReport } from '../../platform/protocol';
import type { SettingsPatch } from '../../platform/settings';
import { LEDGER_TABLES, existingEntries, putEntries } from '../ledger-writer';
import { restoreRules } from '../limits/door';
import type { LimitClock } from '../limits/rules';
import { RefusedError, type Handlers } from '../router';
import { applySettingsPatch, type LocalStorageArea } from './settings';

/** Restores staged and never committed are dropped when a new one starts this long after they began. */
export const ABANDONED_AFTER_MS = 24 * 3600_000;
const OUTCOME = -1;

type StagedBatch = Extract<StagedRestoreRow, { entries: unknown }>;
type Outcome = Extract<StagedRestoreRow, { report: unknown }>;

export interface CommitRequest {
  restoreId: string;
  batches: number;
  entries: number;
  balances: number;
  settings: SettingsPatch | null;
  limits: LimitRule[] | null;
}

/**
 * The worker's own check of a staged batch, whatever the page did: each record against the ledger's schemas (no field
 * they do not know), what they cannot see of a hand-entered purchase (core `purchaseProblem`), and an id twice in the batch with other content
 * (the commit's merge finds such a pair across batches, in the ledger it is writing).
 */
function checked<T extends LedgerEntry | BalanceObservation>(check: Check<T>, records: readonly unknown[], what: string): T[] {
  const seen = new Map<string, T>();
  return records.map((record, index) => {
    const result = check(record, `${what}[${index}]`);
    if (!result.ok) throw new RefusedError(`refused: ${result.reason}`);
    const value = result.value;
    // The schemas drop what they do not know; a restore refuses it instead, as the page's reader does.
    const unknown = Object.keys(record as object).find((key) => (record as Record<string, unknown>)[key] !== undefined && !Object.hasOwn(value, key));
    if (unknown !== undefined) throw new RefusedError(`refused: ${what}[${index}]: unknown field "${unknown.slice(0, 40)}"`);
    const problem = 'kind' in value && value.kind === 'recharge'
      ? (wherePlaceProblem(value) ?? purchaseProblem(value, value.explains ? explainedTotal(value.explains) : null)) : null;
    if (problem) throw new RefusedError(`refused: ${what}[${index}]: ${problem}`);
    if (mergeDecision(seen.get(value.id), value) === 'conflict') throw new RefusedError(`refused: ${what}[${index}]: the id "${value.id.slice(0, 80)}" appears twice with different content`);
    seen.set(value.id, value);
    return value;
  });
}

const rowsOf = (db: CoinsightDb, restoreId: string) => db.restoreBatches.where('[restore+seq]').between([restoreId, Dexie.minKey], [restoreId, Dexie.maxKey]);

const PLATFORM_CLOCK: LimitClock = { now, timeZone };

export function restoreHandlers(db: CoinsightDb, storage: LocalStorageArea, clock: LimitClock = PLATFORM_CLOCK): Pick<Handlers, 'restoreStage' | 'restoreCommit'> {
  return {
    restoreStage: async ({ restoreId, seq, entries, balances }) => {
      let row: StagedBatch;
      try {
        row = { restore: restoreId, seq, at: now(), entries: checked(ledgerEntrySchema, entries, 'entries'), balances: checked(balanceObservationSchema, balances, 'balances') };
      } catch (error) {
        await rowsOf(db, restoreId).delete(); // the page stops at a refusal: what it staged before is of no use
        throw error;
      }
      if (seq === 0) await db.restoreBatches.where('at').below(now() - ABANDONED_AFTER_MS).delete();
      await db.transaction('rw', db.restoreBatches, async () => {
        if (await db.restoreBatches.get([restoreId, OUTCOME])) throw new RefusedError('this restore was already committed: start it again to restore the file once more');
        await db.restoreBatches.put(row);
      });
      return { entries: row.entries.length, balances: row.balances.length };
    },
    restoreCommit: (request) => commitRestore(db, storage, request, clock),
  };
}

export async function commitRestore(db: CoinsightDb, storage: LocalStorageArea, request: CommitRequest, clock: LimitClock = PLATFORM_CLOCK): Promise<RestoreReport> {
  let outcome: Outcome;
  try {
    outcome = await commitStaged(db, request);
  } catch (error) {
    // A refusal is final (a retry would meet the same conflict or the same missing batch): the staged batches go.
    // Anything else (the storage failed, the worker is going away) keeps them for a retry.
    if (error instanceof RefusedError) await rowsOf(db, request.restoreId).delete();
    throw error;
  }
  // After the ledger committed: a worker stopped before this line applies them when the page retries the commit.
  if (outcome.settings) await applySettingsPatch(storage, outcome.settings as SettingsPatch);
  const limits = (outcome.limits ?? null) as LimitRule[] | null;
  const report: RestoreReport = { limitsRestored: 0, limitsRefused: null, ...outcome.report };
  if (limits) {
    try {
      await restoreRules(db, storage, limits, clock);
    } catch (error) {
      // The ledger is in and stays in: the limits (all or none) are refused and said so, not the whole restore.
      if (!(error instanceof RefusedError)) throw error;
      return { ...report, limitsRestored: 0, limitsRefused: error.message };
    }
  }
  return report;
}

async function commitStaged(db: CoinsightDb, request: CommitRequest): Promise<Outcome> {
  const { restoreId, batches } = request;
  return db.transaction('rw', [...LEDGER_TABLES, 'balances', 'restoreBatches'].map((name) => db.table(name)), async () => {
    const done = await db.restoreBatches.get([restoreId, OUTCOME]);
    if (done) return done as Outcome;
    const seqs = (await rowsOf(db, restoreId).primaryKeys()).map(([, seq]) => seq);
    if (seqs.length !== batches || seqs.some((seq, index) => seq !== index)) throw interrupted(`${seqs.length} of ${batches} batches`);
    const report: RestoreReport = { entriesAdded: 0, entriesSame: 0, balancesAdded: 0, balancesSame: 0, settingsRestored: request.settings !== null, limitsRestored: request.limits?.length ?? 0, limitsRefused: null };
    for (let seq = 0; seq < batches; seq++) {
      const row = await db.restoreBatches.get([restoreId, seq]) as StagedBatch | undefined;
      if (!row) throw interrupted(`batch ${seq + 1} of ${batches} is missing`);
      const stored = await existingEntries(db, row.entries.map((entry) => entry.id));
      const plan = planMerge(row.entries, stored);
      refuseConflicts(plan.conflicts);
      await putEntries(db, plan.add, stored);
      report.entriesAdded += plan.add.length;
      report.entriesSame += plan.same;
      if (row.balances.length > 0) {
        const found = new Map<string, BalanceObservation>();
        for (const balance of await db.balances.bulkGet(row.balances.map((balance) => balance.id))) if (balance) found.set(balance.id, balance);
        const balancePlan = planMerge(row.balances, found);
        refuseConflicts(balancePlan.conflicts);
        await db.balances.bulkPut(balancePlan.add);
        report.balancesAdded += balancePlan.add.length;
        report.balancesSame += balancePlan.same;
      }
    }
    const entries = report.entriesAdded + report.entriesSame;
    const balances = report.balancesAdded + report.balancesSame;
    if (entries !== request.entries || balances !== request.balances) throw interrupted(`${entries} of ${request.entries} entries and ${balances} of ${request.balances} balances`);
    await rowsOf(db, restoreId).delete();
    const row: Outcome = { restore: restoreId, seq: OUTCOME, at: now(), report, settings: request.settings, limits: request.limits };
    await db.restoreBatches.put(row);
    return row;
  });
}

function interrupted(what: string): RefusedError {
  return new RefusedError(`the restore was interrupted (${what} arrived): nothing was written, try again`);
}

function refuseConflicts(conflicts: readonly { id: string }[]): void {
  const first = conflicts[0];
  if (first) {
    throw new RefusedError(`the id "${first.id.slice(0, 80)}" is already in the ledger with other content (${conflicts.length} such record${conflicts.length === 1 ? '' : 's'} in this batch): nothing was restored`);
  }
}
