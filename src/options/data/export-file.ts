/**
 * An export made on the options page, written to a file as it is made (file-sink.ts), so the page's JavaScript heap
 * holds one page of entries and a chunk of its text, never the ledger. The download is a plain `<a download>` on an
 * object URL of that file.
 */
import {
  csvSidecar, exportChunks, type EntryColumn, randomPseudonymiser, studyPseudonymiser, OPEN_POLICY, type ExportFilters, type ExportFormat, type ExportRequest, type ExportSummary, type Pseudonymiser,
} from '../../core/export';
import type { CoinsightDb } from '../../platform/db';
import { SETTINGS_KEY, settingsFromStorage } from '../../platform/settings';
import { LIMITS_KEY, limitRuleSchema, type LimitRule } from '../../core/limits';
import { exportCosts } from './export-costs';
import { gatherFile } from './file-sink';
import { balancePages, ledgerPages, rowsToRead } from './ledger-pages';

export const MIME: Record<ExportFormat, string> = { csv: 'text/csv;charset=utf-8', json: 'application/json', ndjson: 'application/x-ndjson' };

export type Pseudonymisation = { mode: 'none' } | { mode: 'random' } | { mode: 'study'; key: string };

export interface ExportChoice {
  format: ExportFormat;
  filters: ExportFilters;
  pseudonymisation: Pseudonymisation;
  /** The review before sharing: rows the participant removed and the columns they let out (never a backup). */
  review?: { removedIds: ReadonlySet<string>; allowedColumns: readonly EntryColumn[] };
}

export interface ExportEnv {
  db: CoinsightDb;
  /** storage.local, for the settings and limits a backup carries. */
  readLocal(key: string): Promise<Record<string, unknown>>;
  timeZone: string;
  now: number;
  extensionVersion: string;
}

export interface ExportedFile {
  blob: Blob;
  fileName: string;
  summary: ExportSummary;
  /** A CSV's metadata and counts (a `.meta.json` beside it); null for JSON and NDJSON, which carry their own. */
  sidecar: Blob | null;
}

export interface ExportProgress {
  read: number;
  total: number;
}

async function pseudonymiserFor(choice: Pseudonymisation): Promise<Pseudonymiser | null> {
  if (choice.mode === 'none') return null;
  return choice.mode === 'random' ? randomPseudonymiser() : studyPseudonymiser(choice.key);
}

/** True when the file is a complete personal backup: everything, nothing pseudonymised (it then carries settings and limits). */
export const isBackup = (choice: ExportChoice) =>
  choice.format !== 'csv' && choice.review === undefined && choice.pseudonymisation.mode === 'none' && choice.filters.from === null && choice.filters.to === null &&
  choice.filters.kinds === null && choice.filters.account === null;

/** The rules as stored, read as the worker reads them (background/limits/rules.ts): a damaged one is left out. */
async function storedRules(env: ExportEnv): Promise<LimitRule[]> {
  const stored = (await env.readLocal(LIMITS_KEY))[LIMITS_KEY];
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((item: unknown, index) => {
    const checked = limitRuleSchema(item, `limits[${index}]`);
    return checked.ok ? [checked.value] : [];
  });
}

export async function exportFile(env: ExportEnv, choice: ExportChoice, onProgress: (progress: ExportProgress) => void): Promise<ExportedFile> {
  const pseudonymiser = await pseudonymiserFor(choice.pseudonymisation);
  const request: ExportRequest = {
    timeZone: env.timeZone, exportedAt: env.now, extensionVersion: env.extensionVersion, filters: choice.filters,
    policy: choice.review
      ? { pseudonymiser, allowedColumns: choice.review.allowedColumns, removedIds: choice.review.removedIds, reviewed: true }
      : { ...OPEN_POLICY, pseudonymiser },
  };
  const total = await rowsToRead(env.db, choice.filters);
  let read = 0;
  const counted = async function* () {
    for await (const page of ledgerPages(env.db, choice.filters)) {
      read += page.length;
      onProgress({ read, total });
      yield page;
    }
  };
  const withRest = choice.format !== 'csv';
  const stored = settingsFromStorage((await env.readLocal(SETTINGS_KEY))[SETTINGS_KEY]);
  const settings = isBackup(choice) ? stored : undefined;
  const limits = isBackup(choice) ? await storedRules(env) : undefined;
  const chunks = exportChunks(choice.format, {
    entries: counted(), ...(withRest ? { balances: balancePages(env.db, choice.filters) } : {}), ...(settings ? { settings } : {}), ...(limits ? { limits } : {}),
    costs: exportCosts(env.db, stored),
  }, request);
  const { blob, summary } = await gatherFile(chunks, MIME[choice.format]);
  const stamp = new Date(env.now).toISOString().slice(0, 19).replaceAll(':', '-');
  const base = `coinsight-${isBackup(choice) ? 'backup' : 'export'}-${stamp}`;
  return {
    blob,
    fileName: `${base}.${choice.format}`,
    summary,
    sidecar: choice.format === 'csv' ? new Blob([await csvSidecar(request, summary)], { type: 'application/json' }) : null,
  };
}

/** Hands a Blob to the browser's download (the object URL is released once the click has been handled). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
