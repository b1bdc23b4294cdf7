/**
 * The FIFO cost basis (lots.ts) as the rows the worker keeps (background/derived/lots.ts) and the views read
 * (queries/cost.ts). No row per spend: FIFO consumption is always a PREFIX of an account's lots in replay order (a
 * deficit happens only once every earlier lot is used up, and a later lot never backfills it), so the whole FIFO state
 * at any point is (the lots before it, K = coins consumed from lots so far). What is stored:
 * - per lot (recharge or adjustment, few): a LotRow, its `consumed` as of the newest entry;
 * - per (account, UTC hour bucket) with spending: a CostRow, what that hour's spending cost, and K at its end
 *   (`consumedThrough`), from which FIFO can resume at the next hour's start;
 * - per account, bucket −1: the lifetime CostRow, with K and the last entry taken in (`tail`).
 * Every figure comes from lots.ts's own step (consumeFifo, lotStateOf), so the rules cannot drift from the replay.
 */
import { isImported, type AdjustmentEntry, type LedgerEntry, type RechargeEntry } from './ledger';
import { compareEntries, consumeFifo, lotStateOf, type LotState, type SpendInput, type SpendingCost, type UnpricedCoins } from './lots';
import type { MoneyTotals } from './money';
import { LIFETIME_BUCKET, bucketOf } from './rollups';

/** A lot as FIFO needs it to resume; `open` is 1 while coins remain (IndexedDB cannot index booleans). */
export type LotRow = LotState & { account: string; open: 0 | 1 };

/** A position in replay order (compareEntries). */
export type Point = Pick<LedgerEntry, 'at' | 'id'>;

export interface CostTotals {
  /** Coins spent (gifts and unseen spending). */
  spent: number;
  /** Paid money per currency; a currency is present exactly while paidCoins has it ("paid, 0¢" is not "unknown"). */
  paid: MoneyTotals;
  /** Coins that came from lots priced in each currency; Σ = pricedCoins. */
  paidCoins: Record<string, number>;
  /** Coins without paid money, by reason; only reasons with coins. */
  unpriced: UnpricedCoins;
}

export interface CostRow extends CostTotals {
  account: string;
  /** bucketOf(at) of its spending, or LIFETIME_BUCKET. */
  bucket: number;
  /** K: coins taken from the account's lots by all spending up to the end of this bucket (lifetime: up to `tail`). */
  consumedThrough: number;
  /** Lifetime row only: the newest entry (lot or spend) the store has taken in, in replay order. */
  tail?: Point;
}

export const isLotEntry = (entry: LedgerEntry): entry is RechargeEntry | AdjustmentEntry => entry.kind === 'recharge' || entry.kind === 'adjustment';

export function emptyCostRow(account: string, bucket: number, consumedThrough = 0): CostRow {
  return { account, bucket, spent: 0, paid: {}, paidCoins: {}, unpriced: {}, consumedThrough };
}

/** Adds (sign 1) or removes (sign −1) totals into `into`, in place; keys that reach zero coins disappear. */
export function addTotals(into: CostTotals, add: CostTotals, sign: 1 | -1 = 1): void {
  into.spent += sign * add.spent;
  for (const [currency, coins] of Object.entries(add.paidCoins)) {
    const left = (into.paidCoins[currency] ?? 0) + sign * coins;
    const minor = (into.paid[currency] ?? 0) + sign * (add.paid[currency] ?? 0);
    if (left === 0) {
      delete into.paidCoins[currency];
      delete into.paid[currency];
    } else {
      into.paidCoins[currency] = left;
      into.paid[currency] = minor;
    }
  }
  for (const [reason, coins] of Object.entries(add.unpriced) as [keyof UnpricedCoins, number][]) {
    const left = (into.unpriced[reason] ?? 0) + sign * coins;
    if (left === 0) delete into.unpriced[reason];
    else into.unpriced[reason] = left;
  }
}

/** One spend's cost as totals. */
export function totalsOfCost(cost: SpendingCost): CostTotals {
  const paidCoins: Record<string, number> = {};
  for (const a of cost.allocations) if ('paid' in a) paidCoins[a.paid.currency] = (paidCoins[a.paid.currency] ?? 0) + a.coins;
  return { spent: cost.coins, paid: { ...cost.paid }, paidCoins, unpriced: { ...cost.unpriced } };
}

/**
 * FIFO resumed from a known point: the lots open there (replay order, `consumed` as of that point; they are mutated as
 * spending takes coins) and K. Lots are appended as the walk reaches them, as replayLots does.
 */
export class FifoWalk {
  private head = 0;
  constructor(readonly queue: LotState[], public consumed: number) {}

  lot(entry: RechargeEntry | AdjustmentEntry): LotState {
    const state = lotStateOf(entry);
    this.queue.push(state);
    return state;
  }

  spend(entry: SpendInput): SpendingCost {
    const step = consumeFifo(this.queue, this.head, entry);
    this.head = step.head;
    this.consumed += entry.coins - (step.cost.unpriced.deficit ?? 0);
    return step.cost;
  }

  /** Lots at the front of the queue that are used up. */
  usedUp(): number {
    return this.head;
  }

  /** Drops the used-up lots (a long walk, e.g. an export's, would otherwise keep every lot it passed). */
  compact(): void {
    this.queue.splice(0, this.head);
    this.head = 0;
  }
}

/** Hour rows being (re)built: each spend is added to its hour's row, whose K is then the walk's. */
export class HourRows {
  readonly rows = new Map<number, CostRow>();
  constructor(readonly account: string, loaded: readonly CostRow[] = []) {
    for (const row of loaded) this.rows.set(row.bucket, row);
  }

  add(cost: SpendingCost, consumedThrough: number): CostTotals {
    const bucket = bucketOf(cost.at);
    let row = this.rows.get(bucket);
    if (!row) this.rows.set(bucket, (row = emptyCostRow(this.account, bucket)));
    const totals = totalsOfCost(cost);
    addTotals(row, totals);
    row.consumedThrough = consumedThrough;
    return totals;
  }
}

/** The rows of one account's entries from scratch (tests, the benchmark's seeding): what the worker must hold. */
export function costRowsFromScratch(account: string, entries: readonly LedgerEntry[]): { lots: LotRow[]; costs: CostRow[] } {
  const ordered = entries.filter((e) => e.account === account && !isImported(e)).sort(compareEntries);
  const walk = new FifoWalk([], 0);
  const hours = new HourRows(account);
  const lifetime = emptyCostRow(account, LIFETIME_BUCKET);
  for (const entry of ordered) {
    if (isImported(entry)) continue;
    if (isLotEntry(entry)) walk.lot(entry);
    else {
      const cost = walk.spend(entry);
      addTotals(lifetime, hours.add(cost, walk.consumed));
    }
  }
  const lots = walk.queue.map((lot): LotRow => ({ ...lot, account, open: lot.consumed < lot.coins ? 1 : 0 }));
  if (ordered.length === 0) return { lots, costs: [] };
  const last = ordered[ordered.length - 1]!;
  lifetime.consumedThrough = walk.consumed;
  lifetime.tail = { at: last.at, id: last.id };
  return { lots, costs: [lifetime, ...[...hours.rows.values()].sort((a, b) => a.bucket - b.bucket)] };
}
