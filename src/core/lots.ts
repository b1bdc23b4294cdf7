/**
 * FIFO cost basis (DESIGN.md "Conversion transparency", issue 8 item 1): what the coins of each spend were paid for.
 * This is the pure reference, a replay of ONE account's entries from scratch. The worker keeps the same figures
 * incrementally and a test compares the two, so every rule here (the order, the rounding, the deficit) is a contract
 * the incremental version must copy exactly, not an implementation detail.
 *
 * Only money someone actually paid is counted here. Coins of unknown price are reported as coin counts with the
 * reason they are unpriced; estimating them from a rate basis is a later step, so an estimate can never leak into
 * a paid figure.
 */
import type { AdjustmentEntry, LedgerEntry, RechargeEntry } from './ledger';
import { isMoney, type Money, type MoneyTotals } from './money';

/** Why coins have no paid money: which kind of lot they came from, or none at all (the deficit). */
export type UnpricedReason = 'initial-balance' | 'balance-rise' | 'unpriced-recharge' | 'deficit';
export type LotUnpricedReason = Exclude<UnpricedReason, 'deficit'>;
export type UnpricedCoins = Partial<Record<UnpricedReason, number>>;

/** Coins brought by one recharge or adjustment entry, and what is left of them after the replay. */
export interface Lot extends Readonly<LotState> {
  readonly remaining: number;
  /** Paid value of the coins still held: price − floor(price × consumed / coins). null when unpriced. */
  readonly heldPaid: Money | null;
}

/** Coins of one spend taken from a priced lot, with the money they carry. */
export interface PaidAllocation {
  readonly lot: string;
  readonly coins: number;
  readonly paid: Money;
}
/** Coins of one spend taken from a lot of unknown price, or (lot null) from no lot at all. */
export type UnpricedAllocation =
  | { readonly lot: string; readonly coins: number; readonly reason: LotUnpricedReason }
  | { readonly lot: null; readonly coins: number; readonly reason: 'deficit' };
export type Allocation = PaidAllocation | UnpricedAllocation;

/** One gift or unseen-spend entry: where its coins came from. */
export interface SpendingCost {
  readonly id: string;
  readonly at: number;
  readonly kind: 'gift' | 'unseen-spend';
  readonly coins: number;
  /** In the order the coins were taken: oldest lot first, the deficit (if any) last. Each lot at most once. */
  readonly allocations: readonly Allocation[];
  /**
   * Paid money per currency, never added across currencies. A currency is present as soon as one coin came from a
   * lot priced in it, even when its share rounds to 0 minor units: "paid, 0¢" is not "unknown".
   */
  readonly paid: MoneyTotals;
  /** Coins that came from priced lots: pricedCoins + Σ unpriced = coins. */
  readonly pricedCoins: number;
  /** Coins without paid money, by reason; only reasons that occur. */
  readonly unpriced: UnpricedCoins;
}

/** Per currency, in minor units: paid (Σ lot prices) = assigned (to spending) + held (in coins not yet spent). */
export interface CurrencyFlow {
  readonly paid: number;
  readonly assigned: number;
  readonly held: number;
}

export interface CoinFlow {
  /** Σ coins of all lots. */
  readonly lots: number;
  /** Σ coins taken from lots; lots = consumed + remaining. */
  readonly consumed: number;
  readonly remaining: number;
  /** Σ coins of all spending; spent = consumed + deficit. */
  readonly spent: number;
  /** Coins spent when no lot had any left. */
  readonly deficit: number;
}

export interface CostBasis {
  /** Every lot in FIFO order, i.e. replay order. */
  readonly lots: readonly Lot[];
  /** Every spending entry in replay order. */
  readonly spending: readonly SpendingCost[];
  readonly money: Readonly<Record<string, CurrencyFlow>>;
  readonly coins: CoinFlow;
}

/**
 * The one order of a replay: by `at`, then by `id` compared as UTF-16 code units (JS `<`, which is also how
 * IndexedDB orders string keys, so a Dexie [at+id] index walks the same order). Never localeCompare: it depends on
 * the runtime's locale. A lot serves only spending after it in this order, so a gift and a recharge in the same
 * millisecond meet in id order ('gift:…' < 'recharge:…'): the gift does not use the recharge's coins.
 */
export function compareEntries(a: Pick<LedgerEntry, 'at' | 'id'>, b: Pick<LedgerEntry, 'at' | 'id'>): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * floor(p × k / c), exactly, for safe integers p ≥ 0 and 0 ≤ k ≤ c, c > 0. While p × k is a safe integer it is
 * exact as a double, `%` of doubles is exact, and (p×k − r) is an exact multiple of c, so the division is exact.
 * Beyond 2^53 (p up to 1e12 minor × k up to 1e9 coins reaches 1e21) BigInt takes over. The result is ≤ p: safe.
 */
export function floorMulDiv(p: number, k: number, c: number): number {
  const product = p * k;
  if (Number.isSafeInteger(product)) return (product - (product % c)) / c;
  return Number((BigInt(p) * BigInt(k)) / BigInt(c));
}

/** a + b, refusing to go past 2^53 rather than silently losing a minor unit. */
function safeAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`cost basis total ${sum} is beyond exact integer range`);
  return sum;
}

/**
 * What FIFO needs of a lot to go on from where it stopped: what a worker-kept store of the cost basis must keep, so
 * that the replay and such a store share one consumption step, `consumeFifo`.
 */
export interface LotState {
  /** The id of the entry that brought the coins. */
  readonly id: string;
  readonly at: number;
  readonly kind: 'recharge' | 'adjustment';
  readonly coins: number;
  /** What the user paid for all `coins`; null when unknown (unknown is never zero). */
  readonly price: Money | null;
  /** Why the price is unknown; null for a priced lot. */
  readonly unpriced: LotUnpricedReason | null;
  consumed: number;
}

/** A spend as FIFO sees it. */
export type SpendInput = Pick<SpendingCost, 'id' | 'at' | 'kind' | 'coins'>;

/** A fresh lot from its entry. Adjustments never carry a price; any source but the install-time balance is coins from elsewhere. */
export function lotStateOf(entry: RechargeEntry | AdjustmentEntry): LotState {
  const { id, at, kind, coins } = entry;
  if (entry.kind === 'recharge' && entry.price) return { id, at, kind, coins, price: entry.price, unpriced: null, consumed: 0 };
  const unpriced: LotUnpricedReason = entry.kind === 'recharge' ? 'unpriced-recharge'
    : entry.source === 'initial-balance' ? 'initial-balance' : 'balance-rise';
  return { id, at, kind, coins, price: null, unpriced, consumed: 0 };
}

/**
 * One spend against a FIFO queue of lots (in replay order, lots before `head` used up): takes coins from the oldest
 * lot with coins left, mutating `consumed`, and returns the spend's cost and the new head. Lots in the queue must
 * all come before the spend in replay order; the caller appends lots as the replay reaches them.
 */
export function consumeFifo(queue: readonly LotState[], head: number, entry: SpendInput): { cost: SpendingCost; head: number } {
  const allocations: Allocation[] = [];
  const paid: MoneyTotals = {};
  const unpriced: UnpricedCoins = {};
  let pricedCoins = 0;
  let need = entry.coins;
  while (head < queue.length && queue[head]!.consumed === queue[head]!.coins) head++;
  while (need > 0 && head < queue.length) {
    const lot = queue[head]!;
    const take = Math.min(need, lot.coins - lot.consumed);
    const before = lot.consumed;
    lot.consumed += take;
    need -= take;
    if (lot.price) {
      // Cumulative rounding: each consumption gets the difference of two floors, so a lot's consumptions add
      // up to exactly its price once it is used up, whatever the sizes of the spends that used it.
      const share = floorMulDiv(lot.price.minor, lot.consumed, lot.coins) - floorMulDiv(lot.price.minor, before, lot.coins);
      allocations.push({ lot: lot.id, coins: take, paid: { minor: share, currency: lot.price.currency } });
      paid[lot.price.currency] = (paid[lot.price.currency] ?? 0) + share;
      pricedCoins += take;
    } else {
      allocations.push({ lot: lot.id, coins: take, reason: lot.unpriced! });
      unpriced[lot.unpriced!] = (unpriced[lot.unpriced!] ?? 0) + take;
    }
    if (lot.consumed === lot.coins) head++;
  }
  if (need > 0) {
    // Coins of unknown origin: spent before any lot Coinsight knows of could have supplied them (a capture lost,
    // coins bought where Coinsight could not see). A later lot never backfills this deficit: that would price a
    // past gift with money paid after it, and a late lot would re-price spending before its own time.
    allocations.push({ lot: null, coins: need, reason: 'deficit' });
    unpriced.deficit = need;
  }
  const { id, at, kind, coins } = entry;
  return { cost: { id, at, kind, coins, allocations, paid, pricedCoins, unpriced }, head };
}

function validate(entries: readonly LedgerEntry[]): void {
  const ids = new Set<string>();
  const account = entries[0]?.account;
  for (const e of entries) {
    // Two versions of one id cannot both be in the ledger (the id is its primary key); replaying both would
    // count the event twice and make the order depend on the input's order.
    if (ids.has(e.id)) throw new Error(`entry ${e.id} appears twice; replay the current version only`);
    ids.add(e.id);
    if (e.account !== account) throw new Error(`entry ${e.id} belongs to account "${e.account}", not "${account}"; group by account first`);
    if (!Number.isSafeInteger(e.coins) || e.coins <= 0) throw new RangeError(`entry ${e.id} has ${e.coins} coins`);
    if (e.kind === 'recharge' && e.price && !(isMoney(e.price) && e.price.minor >= 0)) {
      throw new RangeError(`entry ${e.id} has a price of ${JSON.stringify(e.price)}`);
    }
  }
}

/**
 * The FIFO cost basis of one account's entries, given in any order. Recharges and adjustments are lots; gifts and
 * unseen spending consume the oldest lot with coins left. O(n log n) for the sort, O(n + lots) for the replay.
 * Throws on two entries with one id, on entries of different accounts, and on malformed coins or prices.
 */
export function replayLots(entries: readonly LedgerEntry[]): CostBasis {
  validate(entries);
  const ordered = [...entries].sort(compareEntries);
  const lots: LotState[] = [];
  const spending: SpendingCost[] = [];
  let head = 0; // lots before head have no coins left
  for (const entry of ordered) {
    switch (entry.kind) {
      case 'recharge':
      case 'adjustment':
        lots.push(lotStateOf(entry));
        break;
      case 'imported-gift':
      case 'imported-purchase':
        break; // history from TikTok's download: outside the cost basis (docs/DESIGN-NOTES.md, "Imported history")
      case 'gift':
      case 'unseen-spend': {
        const step = consumeFifo(lots, head, entry);
        head = step.head;
        spending.push(step.cost);
        break;
      }
      default: {
        const unknown: never = entry;
        throw new Error(`unknown entry kind in ${JSON.stringify(unknown)}`);
      }
    }
  }
  return costBasisOf(lots, spending);
}

/** The totals of a cost basis from its lots (in replay order) and spending: the replay's, or the worker's stored rows. */
export function costBasisOf(states: readonly LotState[], spending: readonly SpendingCost[]): CostBasis {
  const money: Record<string, { paid: number; assigned: number; held: number }> = {};
  let lotCoins = 0;
  let consumed = 0;
  const lots = states.map((lot): Lot => {
    lotCoins = safeAdd(lotCoins, lot.coins);
    consumed = safeAdd(consumed, lot.consumed);
    let heldPaid: Money | null = null;
    if (lot.price) {
      const flow = (money[lot.price.currency] ??= { paid: 0, assigned: 0, held: 0 });
      const assigned = floorMulDiv(lot.price.minor, lot.consumed, lot.coins);
      heldPaid = { minor: lot.price.minor - assigned, currency: lot.price.currency };
      flow.paid = safeAdd(flow.paid, lot.price.minor);
      flow.assigned = safeAdd(flow.assigned, assigned);
      flow.held = safeAdd(flow.held, heldPaid.minor);
    }
    const { id, at, kind, coins } = lot;
    return { id, at, kind, coins, price: lot.price, unpriced: lot.unpriced, consumed: lot.consumed, remaining: coins - lot.consumed, heldPaid };
  });
  const spent = spending.reduce((sum, s) => safeAdd(sum, s.coins), 0);
  const deficit = spending.reduce((sum, s) => safeAdd(sum, s.unpriced.deficit ?? 0), 0);
  return { lots, spending, money, coins: { lots: lotCoins, consumed, remaining: lotCoins - consumed, spent, deficit } };
}
