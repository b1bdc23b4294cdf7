/**
 * Where the coins went, per creator and per gift (issue 8 item 5), pure. Coins are exact; the creator's payout is an
 * estimate at a diamond value; money is what the cost basis says was paid, and the coins of unknown price are priced
 * at a named basis only when shown, so a paid figure never holds an estimate.
 */
import { creatorSide, estimateAt, type DiamondValue, type RateBasis } from './conversion';
import { creatorOf, type CreatorDay } from './creator-days';
import type { GiftEntry } from './ledger';
import type { SpendingCost } from './lots';
import type { Money, MoneyTotals } from './money';

/** What some gift sends add up to: one creator's, or one gift's to one creator. */
export interface GiftSums {
  /** Gift-send entries (a send of 10 Roses counts once). */
  sends: number;
  /** Gifts, counting each one of a batch. */
  gifts: number;
  coins: number;
  /** Money paid for these coins per currency; empty until costs are known (`costed`). */
  paid: MoneyTotals;
  /** Coins whose price is unknown: priced at a basis when shown, labelled estimated. */
  unpricedCoins: number;
  /** True when every send's cost was known; false before costs were read (then paid and unpricedCoins are 0). */
  costed: boolean;
}

export interface GiftLine extends GiftSums {
  giftId: number;
  giftName: string;
  /** Coins per gift (the newest send's price, should it have changed). */
  unitCoins: number;
}

export interface CreatorSums extends GiftSums {
  /** Stable key: the creator's id, else `@handle`, else '' for gifts whose creator Coinsight could not tell. */
  key: string;
  creatorId: string | null;
  handle: string | null;
  /** Per gift, most coins first. */
  byGift: GiftLine[];
}

export { creatorOf as creatorKeyOf };

function emptySums(costed: boolean): GiftSums {
  return { sends: 0, gifts: 0, coins: 0, paid: {}, unpricedCoins: 0, costed };
}

/** What one gift send, or a day's sends of one gift, adds. */
interface GiftPart {
  giftId: number;
  giftName: string;
  unitCoins: number;
  sends: number;
  gifts: number;
  coins: number;
}

function addPart(sums: GiftSums, part: GiftPart, cost: SpendingCost | undefined): void {
  sums.sends += part.sends;
  sums.gifts += part.gifts;
  sums.coins += part.coins;
  if (!cost) {
    sums.costed = false;
    return;
  }
  for (const [currency, minor] of Object.entries(cost.paid)) sums.paid[currency] = (sums.paid[currency] ?? 0) + minor;
  sums.unpricedCoins += cost.coins - cost.pricedCoins;
}

/** Sums by creator and gift, fed oldest first (so the newest handle, name and unit price win). */
class CreatorTally {
  private readonly creators = new Map<string, CreatorSums & { lines: Map<number, GiftLine> }>();
  constructor(private readonly costed: boolean) {}

  add(who: { key: string; creatorId: string | null; handle: string | null }, part: GiftPart, cost?: SpendingCost): void {
    let creator = this.creators.get(who.key);
    if (!creator) {
      creator = { key: who.key, creatorId: null, handle: null, byGift: [], lines: new Map(), ...emptySums(this.costed) };
      this.creators.set(who.key, creator);
    }
    creator.creatorId = who.creatorId ?? creator.creatorId;
    creator.handle = who.handle ?? creator.handle;
    addPart(creator, part, cost);
    let line = creator.lines.get(part.giftId);
    if (!line) {
      line = { giftId: part.giftId, giftName: part.giftName, unitCoins: part.unitCoins, ...emptySums(this.costed) };
      creator.lines.set(part.giftId, line);
    }
    line.giftName = part.giftName;
    line.unitCoins = part.unitCoins;
    addPart(line, part, cost);
  }

  addGift(gift: GiftEntry, cost?: SpendingCost): void {
    const { giftId, giftName, unitCoins, coins } = gift;
    this.add({ key: creatorOf(gift), creatorId: gift.creatorId ?? null, handle: gift.creatorHandle ?? null },
      { giftId, giftName, unitCoins, sends: 1, gifts: gift.count, coins }, cost);
  }

  /** Most coins first (ties by key, so the order is stable); each creator's gifts likewise. */
  result(): CreatorSums[] {
    const byCoins = <T extends { coins: number }>(key: (item: T) => string) => (a: T, b: T) =>
      b.coins - a.coins || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
    return [...this.creators.values()]
      .map(({ lines, ...creator }) => ({ ...creator, byGift: [...lines.values()].sort(byCoins((line) => String(line.giftId).padStart(12, '0'))) }))
      .sort(byCoins((creator) => creator.key));
  }
}

const oldestFirst = (gifts: readonly GiftEntry[]) => [...gifts].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));

/**
 * Gifts grouped by creator, then by gift, most coins first. `costs` (from queries/cost.ts costsOf) adds the money;
 * without it the sums are coins only and `costed` is false.
 */
export function creatorSumsOf(gifts: readonly GiftEntry[], costs?: ReadonlyMap<string, SpendingCost>): CreatorSums[] {
  const tally = new CreatorTally(costs !== undefined);
  for (const gift of oldestFirst(gifts)) tally.addGift(gift, costs?.get(gift.id));
  return tally.result();
}

/**
 * The same sums, coins only, from per-creator day rows (core/creator-days.ts) and the gifts of the partial edge days:
 * `before` the first whole day and `after` the last.
 */
export function creatorSumsOfDays(before: readonly GiftEntry[], days: readonly CreatorDay[], after: readonly GiftEntry[]): CreatorSums[] {
  const tally = new CreatorTally(false);
  for (const gift of oldestFirst(before)) tally.addGift(gift);
  for (const row of [...days].sort((a, b) => a.day - b.day)) {
    for (const [giftId, line] of Object.entries(row.byGift)) {
      tally.add({ key: row.creator, creatorId: row.creatorId, handle: row.handle }, { giftId: Number(giftId), ...line });
    }
  }
  for (const gift of oldestFirst(after)) tally.addGift(gift);
  return tally.result();
}

/** The creator's side of some coins, every figure but `paid` an estimate, each with what it rests on. */
export interface CreatorSide {
  diamonds: number;
  /** What the creator likely receives: diamonds at the diamond value (an estimate). */
  payout: Money;
  /** The coins of unknown price at the basis (an estimate); null when every coin was paid (or costs are unknown). */
  estimated: Money | null;
  /**
   * What the platform keeps: what the coins cost (paid, plus the estimate for unpriced coins) minus the payout. An
   * estimate; null when the cost is not in the payout's currency alone (never added across currencies) or not known.
   */
  platform: Money | null;
  /** Whether `platform` includes estimated money for coins of unknown price (besides the payout, always estimated). */
  platformIncludesEstimate: boolean;
}

export function creatorSideOf(sums: GiftSums, basis: RateBasis, diamondValue: DiamondValue): CreatorSide {
  const estimated = sums.costed && sums.unpricedCoins > 0 ? estimateAt(sums.unpricedCoins, basis) : null;
  const cost: MoneyTotals = { ...sums.paid };
  if (estimated) cost[estimated.currency] = (cost[estimated.currency] ?? 0) + estimated.minor;
  const currencies = Object.keys(cost);
  const single = sums.costed && currencies.length === 1 ? { minor: cost[currencies[0]!]!, currency: currencies[0]! } : null;
  const side = creatorSide(sums.coins, single, diamondValue);
  return { diamonds: side.diamonds, payout: side.payout, estimated, platform: side.platform, platformIncludesEstimate: estimated !== null };
}
