/**
 * The metadata block every JSON and NDJSON export opens with, and the summary it closes with. Counts are known only
 * once the last page has been written, so they travel in the trailing `summary`: the writer never holds the ledger
 * to count it first, and a reader that meets the end of the file without a summary knows the file was cut short.
 */
import type { EntryKind, LedgerEntry } from '../ledger';
import type { EntryColumn } from './fields';
import { includedColumns, withheldColumns, type PrivacyPolicy } from './policy';
import { isKnownTimeZone, isoInZone } from './timestamps';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION } from './version';

export const ENTRY_KINDS: readonly EntryKind[] = ['gift', 'recharge', 'adjustment', 'unseen-spend', 'imported-gift', 'imported-purchase'];

/** Which entries the user asked for. `from` inclusive, `to` exclusive, epoch ms; null = unbounded / all. */
export interface ExportFilters {
  from: number | null;
  to: number | null;
  kinds: readonly EntryKind[] | null;
  account: string | null;
}

export const NO_FILTERS: ExportFilters = { from: null, to: null, kinds: null, account: null };

export interface ExportRequest {
  timeZone: string;
  exportedAt: number;
  extensionVersion: string;
  filters: ExportFilters;
  policy: PrivacyPolicy;
}

export interface ExportMetadata {
  format: typeof EXPORT_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  exportedAtMs: number;
  extensionVersion: string;
  timeZone: string;
  filters: { from: string | null; fromMs: number | null; to: string | null; toMs: number | null; kinds: EntryKind[] | null; account: string | null };
  columns: EntryColumn[];
  withheldColumns: EntryColumn[];
  pseudonymisation: { mode: 'none' | 'random' | 'study'; keyCheck: string | null };
  /**
   * The review step before sharing (null when the file was not reviewed): how many rows the participant removed and
   * which columns they held back (free text is held back unless they allowed it).
   */
  review: { removedRows: number; withheldColumns: EntryColumn[] } | null;
  /** What else the file holds; `limits` since schema version 4 (a file of version 2 or 3 has no limits block). */
  contents: { balances: boolean; settings: boolean; limits?: boolean };
}

export interface ExportSummary {
  entries: number;
  entriesByKind: Record<EntryKind, number>;
  coinsByKind: Record<EntryKind, number>;
  balances: number;
  /** Rows the participant removed in the review step (among those the filters selected). */
  removedRows: number;
}

export function matchesFilters(entry: LedgerEntry, filters: ExportFilters): boolean {
  if (filters.from !== null && entry.at < filters.from) return false;
  if (filters.to !== null && entry.at >= filters.to) return false;
  if (filters.kinds !== null && !filters.kinds.includes(entry.kind)) return false;
  return filters.account === null || entry.account === filters.account;
}

export class ExportRequestError extends Error {}

export async function buildMetadata(request: ExportRequest, contents: ExportMetadata['contents']): Promise<ExportMetadata> {
  const { timeZone, filters, policy } = request;
  if (!isKnownTimeZone(timeZone)) throw new ExportRequestError(`unknown time zone "${timeZone}"`);
  const iso = (at: number | null) => (at === null ? null : isoInZone(at, timeZone));
  const pseudonymiser = policy.pseudonymiser;
  // The account filter is an identifier too: it leaves pseudonymised, or the file would name whose ledger it is.
  const account = filters.account === null || !pseudonymiser || filters.account === '' ? filters.account : await pseudonymiser.pseudonym('account', filters.account);
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: isoInZone(request.exportedAt, timeZone),
    exportedAtMs: request.exportedAt,
    extensionVersion: request.extensionVersion,
    timeZone,
    filters: { from: iso(filters.from), fromMs: filters.from, to: iso(filters.to), toMs: filters.to, kinds: filters.kinds ? [...filters.kinds] : null, account },
    columns: includedColumns(policy),
    withheldColumns: withheldColumns(policy),
    pseudonymisation: pseudonymiser ? { mode: pseudonymiser.mode, keyCheck: await pseudonymiser.keyCheck() } : { mode: 'none', keyCheck: null },
    // Every removed id was a row the filters selected (the review shows only those), so the count is known up front.
    review: policy.reviewed ? { removedRows: policy.removedIds.size, withheldColumns: withheldColumns(policy) } : null,
    contents,
  };
}

export function emptySummary(): ExportSummary {
  const zero = () => ({ gift: 0, recharge: 0, adjustment: 0, 'unseen-spend': 0, 'imported-gift': 0, 'imported-purchase': 0 });
  return { entries: 0, entriesByKind: zero(), coinsByKind: zero(), balances: 0, removedRows: 0 };
}
