/**
 * The one pass every format shares: pages of the ledger in, pages of export rows out, filtered, reviewed and
 * protected by the policy, counted into the summary as they go. Pages keep memory flat: a page is turned into rows
 * and released before the next is read, so the caller can page a million entries through an index.
 */
import type { BalanceObservation, LedgerEntry } from '../ledger';
import type { PageCosts } from './costs';
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

export async function* entryRowPages(
  pages: Pages<LedgerEntry>, columns: readonly EntryColumn[], request: ExportRequest, summary: ExportSummary, costsOf?: PageCosts,
): AsyncGenerator<Partial<EntryRow>[]> {
  const { filters, policy, timeZone } = request;
  for await (const page of pages) {
    const costs = costsOf ? await costsOf(page) : null;
    const rows: Partial<EntryRow>[] = [];
    for (const entry of page) {
      if (!matchesFilters(entry, filters)) continue;
      if (policy.removedIds.has(entry.id)) {
        summary.removedRows++;
        continue;
      }
      const row = entryToRow(entry, timeZone, costs?.get(entry.id));
      rows.push(policy.pseudonymiser ? await applyPolicy(row, columns, policy) : pickColumns(row, columns));
      summary.entries++;
      summary.entriesByKind[entry.kind]++;
      summary.coinsByKind[entry.kind] += entry.coins;
    }
    if (rows.length > 0) yield rows;
  }
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
