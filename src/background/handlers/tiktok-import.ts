/**
 * Importing TikTok's data download (extension pages only). The page parses the file, asks what it does not state and
 * sends the rows as ledger entries in batches (`importStage`); the worker checks each against the ledger's schema
 * for the imported kinds (a content script can send neither message, so this never widens what a page may propose).
 * `importCommit` then plans the import in one transaction (core/import-plan.ts: new or already imported, and whether
 * each new row counts or overlaps what Coinsight captured) and, when asked to write, writes every new row through the
 * ledger writer in that same transaction: all or nothing. A plan without writing keeps the staged rows, so the page
 * can show the overlap and then write exactly what was shown. Re-importing the same file adds nothing (ids are hashes
 * of each row's own text).
 */
import { Dexie } from 'dexie';
import { importedGiftEntrySchema, importedPurchaseEntrySchema, isImported, type CapturedEntry, type ImportedEntry, type LedgerEntry } from '../../core/ledger';
import { planImport, spanOf, type ImportReport } from '../../core/import-plan';
import { tagged, type Check } from '../../core/schema';
import { MAX_CLOCK_SKEW_MS, now } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { LEDGER_TABLES, existingEntries, putEntries } from '../ledger-writer';
import { RefusedError, type Handlers } from '../router';

const MAX_STAGED_IMPORTS = 4;
/** A download's rows are bounded by the parser (200,000); this keeps a stage from growing past it. */
const MAX_STAGED_ROWS = 200_000;
const CAPTURED_KINDS = ['gift', 'recharge', 'adjustment', 'unseen-spend'] as const;

const importedEntrySchema = tagged('kind', { 'imported-gift': importedGiftEntrySchema, 'imported-purchase': importedPurchaseEntrySchema }) as Check<ImportedEntry>;

export function tiktokImportHandlers(db: CoinsightDb): Pick<Handlers, 'importStage' | 'importCommit'> {
  const staged = new Map<string, ImportedEntry[]>();
  return {
    importStage: async ({ importId, entries }) => {
      let stage = staged.get(importId);
      const latest = now() + MAX_CLOCK_SKEW_MS;
      const checked = entries.map((entry, index) => {
        const result = importedEntrySchema(entry, `row ${(stage?.length ?? 0) + index + 1}`);
        if (!result.ok) throw new RefusedError(`refused, nothing imported: ${result.reason}`);
        // A download lists what already happened: a row dated ahead of the clock was read in the wrong zone, or forged.
        if (result.value.at > latest) throw new RefusedError(`refused, nothing imported: ${result.value.kind === 'imported-gift' ? 'SendGifts' : 'BuyGifts'} row ${result.value.fileRow + 1} (${result.value.fileDate}) is dated in the future: check the time zone`);
        return result.value;
      });
      if (!stage) {
        if (staged.size >= MAX_STAGED_IMPORTS) staged.delete(staged.keys().next().value!);
        stage = [];
        staged.set(importId, stage);
      }
      if (stage.length + checked.length > MAX_STAGED_ROWS) throw new RefusedError(`refused: more than ${MAX_STAGED_ROWS} rows`);
      const account = stage[0]?.account ?? checked[0]?.account;
      const stranger = checked.find((entry) => entry.account !== account);
      if (stranger) throw new RefusedError(`refused, nothing imported: row ${stranger.fileRow + 1} belongs to another account than the rest`);
      for (const entry of checked) stage.push(entry);
      return { staged: stage.length };
    },
    importCommit: async ({ importId, entries, write }) => {
      const stage = staged.get(importId) ?? [];
      if (stage.length !== entries) {
        staged.delete(importId);
        throw new RefusedError(`the import was interrupted (${stage.length} of ${entries} rows arrived): nothing was written, try again`);
      }
      if (write) staged.delete(importId);
      return commitImport(db, stage, write);
    },
  };
}

/** Plans the import and, when `write`, writes its new rows, in one transaction (read-only when only planning). */
export async function commitImport(db: CoinsightDb, candidates: readonly ImportedEntry[], write: boolean): Promise<ImportReport> {
  const tables = (write ? LEDGER_TABLES : ['ledger']).map((name) => db.table(name));
  return db.transaction(write ? 'rw' : 'r', tables, async () => {
    const account = candidates[0]?.account ?? '';
    const capturedFrom = await firstCaptured(db, account);
    const captured = await capturedIn(db, account, candidates);
    const stored = await existingEntries(db, candidates.map((c) => c.id));
    const plan = planImport({ candidates, capturedFrom, captured, stored });
    // In time order: derived stores append rather than redo (see "Writing the ledger" in DESIGN-NOTES.md).
    if (write) await putEntries(db, plan.add.sort((a, b) => a.at - b.at));
    return { ...plan.report, written: write };
  });
}

/** The `at` of the account's first captured entry (imported rows do not start the captured period). */
async function firstCaptured(db: CoinsightDb, account: string): Promise<number | null> {
  let first: number | null = null;
  for (const kind of CAPTURED_KINDS) {
    const entry = await db.ledger.where('[kind+at]').between([kind, Dexie.minKey], [kind, Dexie.maxKey]).filter((e) => e.account === account).first();
    if (entry && (first === null || entry.at < first)) first = entry.at;
  }
  return first;
}

async function capturedIn(db: CoinsightDb, account: string, candidates: readonly ImportedEntry[]): Promise<CapturedEntry[]> {
  const span = spanOf(candidates);
  if (!span) return [];
  const rows: LedgerEntry[] = await db.ledger.where('[account+at]').between([account, span.from], [account, span.to], true, true).toArray();
  return rows.filter((entry): entry is CapturedEntry => !isImported(entry) && (entry.kind === 'gift' || entry.kind === 'recharge'));
}
