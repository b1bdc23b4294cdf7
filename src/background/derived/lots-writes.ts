/**
 * The rows one ledger write changes in the cost basis (lots and costs tables), collected across the batch's accounts
 * and written together at the end: one wait for all of them.
 */
import { Dexie } from 'dexie';
import type { CostRow, LotRow } from '../../core/cost-rows';
import type { LotState } from '../../core/lots';
import type { CoinsightDb } from '../../platform/db';

export function lotRowOf(lot: LotState, account: string): LotRow {
  const { id, at, kind, coins, price, unpriced, consumed } = lot;
  return { id, at, kind, coins, price, unpriced, consumed, account, open: consumed < lot.coins ? 1 : 0 };
}

export class CostWrites {
  private readonly lotPuts = new Map<string, LotRow>();
  private readonly lotDeletes = new Set<string>();
  private readonly costPuts = new Map<string, CostRow>();
  private readonly costDeletes = new Map<string, [string, number]>();

  putLot(row: LotRow): void {
    this.lotPuts.set(row.id, row);
  }

  /** A lot whose entry is gone from this account. If another account now holds it, that account's put wins. */
  deleteLot(id: string): void {
    this.lotDeletes.add(id);
  }

  putCost(row: CostRow): void {
    const key = `${row.bucket}\u0000${row.account}`;
    this.costDeletes.delete(key);
    this.costPuts.set(key, row);
  }

  deleteCost(account: string, bucket: number): void {
    const key = `${bucket}\u0000${account}`;
    if (!this.costPuts.has(key)) this.costDeletes.set(key, [account, bucket]);
  }

  /** Keys put and keys deleted are disjoint, so the requests go out together. */
  flush(db: CoinsightDb): Promise<unknown> {
    for (const id of this.lotPuts.keys()) this.lotDeletes.delete(id);
    return Dexie.Promise.all([
      this.lotDeletes.size ? db.lots.bulkDelete([...this.lotDeletes]) : undefined,
      this.lotPuts.size ? db.lots.bulkPut([...this.lotPuts.values()]) : undefined,
      this.costDeletes.size ? db.costs.bulkDelete([...this.costDeletes.values()]) : undefined,
      this.costPuts.size ? db.costs.bulkPut([...this.costPuts.values()]) : undefined,
    ]);
  }
}
