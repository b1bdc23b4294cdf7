/**
 * The ledger and the balances read page by page for an export, straight from IndexedDB (extension pages share the
 * worker's database; only the worker writes). Keyset paging over a time index: each page starts at the last page's
 * time and skips the rows of that same instant already read (IndexedDB orders equal keys by primary key, so the
 * order is stable), so a page costs the same at the millionth entry as at the first, and only one page of objects is
 * alive at a time.
 */
import { Dexie, type Table } from 'dexie';
import type { BalanceObservation, LedgerEntry } from '../../core/ledger';
import type { ExportFilters } from '../../core/export';
import type { CoinsightDb } from '../../platform/db';

export const EXPORT_PAGE = 2000;

type Timed = { id: string; at: number; account: string };

/** The index and key range that hold exactly the filtered period (and account, when one is chosen). */
function rangeOf(filters: ExportFilters): { index: string; lower: (at: number | null) => unknown; upper: unknown } {
  const to = filters.to ?? Dexie.maxKey;
  const account = filters.account;
  if (account !== null) return { index: '[account+at]', lower: (at) => [account, at ?? Dexie.minKey], upper: [account, to] };
  return { index: 'at', lower: (at) => at ?? Dexie.minKey, upper: to };
}

async function* keysetPages<T extends Timed>(table: Table<T, string>, filters: ExportFilters, pageSize: number): AsyncGenerator<T[]> {
  const { index, lower, upper } = rangeOf(filters);
  let at: number | null = filters.from;
  let skip = 0; // rows at `at` already read
  for (;;) {
    const page = await table.where(index).between(lower(at), upper, true, false).offset(skip).limit(pageSize).toArray();
    if (page.length === 0) return;
    const lastAt = page[page.length - 1]!.at;
    const sameAtEnd = page.length - page.findLastIndex((row) => row.at !== lastAt) - 1;
    skip = lastAt === at ? skip + page.length : sameAtEnd;
    at = lastAt;
    yield page;
    if (page.length < pageSize) return;
  }
}

export function ledgerPages(db: CoinsightDb, filters: ExportFilters, pageSize = EXPORT_PAGE): AsyncGenerator<LedgerEntry[]> {
  return keysetPages(db.ledger as unknown as Table<LedgerEntry, string>, filters, pageSize);
}

export function balancePages(db: CoinsightDb, filters: ExportFilters, pageSize = EXPORT_PAGE): AsyncGenerator<BalanceObservation[]> {
  return keysetPages(db.balances as unknown as Table<BalanceObservation, string>, filters, pageSize);
}

/** How many rows the export will read (for progress): one index count, no objects. */
export function rowsToRead(db: CoinsightDb, filters: ExportFilters): Promise<number> {
  const { index, lower, upper } = rangeOf(filters);
  return db.ledger.where(index).between(lower(filters.from), upper, true, false).count();
}
