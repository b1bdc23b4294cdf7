/**
 * The one pass every format shares: pages of the ledger in, pages of export rows out, filtered, reviewed and
 * protected by the policy, counted into the summary as they go. Pages keep memory flat: a page is turned into rows
 * and released before the next is read, so the caller can page a million entries through an index. A page's rows are
 * made one at a time as the writer takes them (only a pseudonymised export, which awaits each row's HMACs, gathers a
 * page of rows first).
 */
import type { BalanceObservation, LedgerEntry } from '../ledger';
import type { EntryCost, PageCosts } from './costs';
import type { EntryColumn } from './fields';
import { matchesFilters, type ExportRequest, type ExportSummary } from './metadata';
import { applyPolicy, applyPolicyToBalance, pickColumns } from './policy';
import { balanceToRow, entryToRow, type BalanceRow, type EntryRow } from './rows';

export type Pages<T> = AsyncIterable<readonly T[]> | Iterable<readonly T[]>;

export interface ExportSource {
  /** Ledger pages in the order they should appear (e.g. by `[kind+at]` or `at`). */
  entries: Pages<LedgerEntry>;
  /** Balance observations (JSON and NDJSON only; a CSV holds entries). */
  balances?: Pages<BalanceObservation>;
  /** The settings object, for backups (JSON and NDJSON only). */
  settings?: unknown;
  /** The limit rules as stored (core/limits.ts), for backups (JSON and NDJSON only). */
  limits?: readonly unknown[];
  /** What each spend of a page cost, asked once per page (costs.ts); without it the cost columns are empty. */
  costs?: PageCosts;
}

/**
 * The export rows of each page, as an iterable the writer must use up before it asks for the next page: the rows are
 * counted into the summary as they are taken, so the summary is complete when the pages are.
 */
export async function* entryRowPages(
  pages: Pages<LedgerEntry>, columns: readonly EntryColumn[], request: ExportRequest, summary: ExportSummary, costsOf?: PageCosts,
): AsyncGenerator<Iterable<Partial<EntryRow>>> {
  const { policy, timeZone } = request;
  for await (const page of pages) {
    const costs = costsOf ? await costsOf(page) : null;
    if (!policy.pseudonymiser) {
      yield openRows(page, columns, request, summary, costs);
      continue;
    }
    const rows: Partial<EntryRow>[] = [];
    for (const entry of page) {
      if (!counted(entry, request, summary)) continue;
      rows.push(await applyPolicy(entryToRow(entry, timeZone, costs?.get(entry.id)), columns, policy));
    }
    if (rows.length > 0) yield rows;
  }
}

/**
 * A page's rows made one at a time as the writer takes them, each turned into text and dropped before the next is
 * made: a row then dies young instead of living as long as its page, and is not promoted to the old generation, where
 * garbage waits for a full collection (docs/PERFORMANCE.md, section 4). Only where no row needs an await (no pseudonyms).
 */
function* openRows(
  page: readonly LedgerEntry[], columns: readonly EntryColumn[], request: ExportRequest, summary: ExportSummary, costs: ReadonlyMap<string, EntryCost> | null,
): Generator<Partial<EntryRow>> {
  for (const entry of page) {
    if (counted(entry, request, summary)) yield pickColumns(entryToRow(entry, request.timeZone, costs?.get(entry.id)), columns);
  }
}

/** Whether the entry goes out (filters, review), counted into the summary when it does. */
function counted(entry: LedgerEntry, { filters, policy }: ExportRequest, summary: ExportSummary): boolean {
  if (!matchesFilters(entry, filters)) return false;
  if (policy.removedIds.has(entry.id)) {
    summary.removedRows++;
    return false;
  }
  summary.entries++;
  summary.entriesByKind[entry.kind]++;
  summary.coinsByKind[entry.kind] += entry.coins;
  return true;
}

export async function* balanceRowPages(pages: Pages<BalanceObservation>, request: ExportRequest, summary: ExportSummary): AsyncGenerator<BalanceRow[]> {
  const { filters, policy, timeZone } = request;
  for await (const page of pages) {
    const rows: BalanceRow[] = [];
    for (const balance of page) {
      if (filters.account !== null && balance.account !== filters.account) continue;
      if (filters.from !== null && balance.at < filters.from) continue;
      if (filters.to !== null && balance.at >= filters.to) continue;
      rows.push(await applyPolicyToBalance(balanceToRow(balance, timeZone), policy.pseudonymiser));
      summary.balances++;
    }
    if (rows.length > 0) yield rows;
  }
}
