/**
 * Stores derived from the ledger and kept exact in the same transaction as every ledger write (ledger-writer.ts),
 * so views and guards read them instead of scanning entries. Each says which tables it writes (the recorder's
 * transaction takes them from here) and applies a batch of changes: the version of each entry before the write (absent
 * for a new entry) and after it (absent for a deletion), once the ledger itself holds the batch. A new derived store (per-creator totals, the cost basis'
 * lots) is one file here and one line in DERIVED_STORES.
 */
import type { LedgerEntry } from '../../core/ledger';
import type { CoinsightDb } from '../../platform/db';
import { creatorDaysStore } from './creator-days';
import { lotsStore } from './lots';
import { rollupsStore } from './rollups';

export interface LedgerChange {
  before: LedgerEntry | undefined;
  after: LedgerEntry | undefined;
}

export interface DerivedStore {
  name: string;
  /** The tables it reads and writes: part of every ledger write's transaction. */
  tables: readonly string[];
  apply(db: CoinsightDb, changes: readonly LedgerChange[]): Promise<void>;
}

export const DERIVED_STORES: readonly DerivedStore[] = [rollupsStore, lotsStore, creatorDaysStore];
