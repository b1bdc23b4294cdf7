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

/**
 * Entries per read. The pages in hand (the one being written and the one read ahead) are most of what the export keeps
 * alive, and V8 lets garbage grow to a multiple of what is alive before it collects: pages of 500 instead of 2,000
 * took the heap alive during a 1M export from 7.4–8.3 MB to 4.6–5.1 MB, and throughput rose
 * (docs/PERFORMANCE.md, section 4).
 */
export const EXPORT_PAGE = 500;

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
  // limit without offset: Dexie reads it with one getAll (an offset walks a cursor row by row); the `skip` rows of the
  // last instant are the first ones back, so they are cut off here.
  const read = async (at: number | null, skip: number): Promise<T[]> => {
    const fetched = await table.where(index).between(lower(at), upper, true, false).limit(skip + pageSize).toArray();
    return skip === 0 ? fetched : fetched.slice(skip);
  };
  let at: number | null = filters.from;
  let skip = 0; // rows at `at` already read
  let next: Promise<T[]> | null = read(at, skip);
  try {
    while (next) {
      const page: T[] = await next;
      if (page.length === 0) return;
      const lastAt = page[page.length - 1]!.at;
      const sameAtEnd = page.length - page.findLastIndex((row) => row.at !== lastAt) - 1;
      skip = lastAt === at ? skip + page.length : sameAtEnd;
      at = lastAt;
      // The next page is read while the caller turns this one into text: the database and the writer overlap.
      next = page.length < pageSize ? null : read(at, skip);
      yield page;
    }
  } finally {
    // Abandoned by the caller (an error while writing): the read in flight must not reject unheard.
    void next?.catch(() => undefined);
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

/**
 * One page of the rows an export with these filters would hold, for the review before sharing: the period's index
 * range, kinds filtered on the way, `size` rows from `offset`. Only a page is ever read or rendered, whatever the
 * ledger's size (an offset walks the index's keys, not the rows' objects, up to the page).
 */
export function reviewPage(db: CoinsightDb, filters: ExportFilters, offset: number, size: number): Promise<LedgerEntry[]> {
  const { index, lower, upper } = rangeOf(filters);
  let rows = db.ledger.where(index).between(lower(filters.from), upper, true, false);
  const kinds = filters.kinds;
  if (kinds !== null) rows = rows.filter((entry) => kinds.includes(entry.kind));
  return rows.offset(offset).limit(size).toArray();
}
