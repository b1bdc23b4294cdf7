/**
 * Where the coins went, per creator and per gift (issue 8 item 5), pure. Coins are exact; the creator's payout is an
 * estimate at a diamond value; money is what the cost basis says was paid, and the coins of unknown price are priced
 * at a named basis only when shown, so a paid figure never holds an estimate.
 */
import { creatorSide, estimateAt, type DiamondValue, type RateBasis } from './conversion';
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

export function creatorKeyOf(gift: Pick<GiftEntry, 'creatorId' | 'creatorHandle'>): string {
  return gift.creatorId ?? (gift.creatorHandle ? `@${gift.creatorHandle}` : '');
}

function emptySums(costed: boolean): GiftSums {
  return { sends: 0, gifts: 0, coins: 0, paid: {}, unpricedCoins: 0, costed };
}

function addGift(sums: GiftSums, gift: GiftEntry, cost: SpendingCost | undefined): void {
  sums.sends += 1;
  sums.gifts += gift.count;
  sums.coins += gift.coins;
  if (!cost) {
    sums.costed = false;
    return;
  }
  for (const [currency, minor] of Object.entries(cost.paid)) sums.paid[currency] = (sums.paid[currency] ?? 0) + minor;
  sums.unpricedCoins += cost.coins - cost.pricedCoins;
}

/**
 * Gifts grouped by creator, then by gift, most coins first (ties by key, so the order is stable). `costs` (from
 * queries/cost.ts costsOf) adds the money; without it the sums are coins only and `costed` is false.
 */
export function creatorSumsOf(gifts: readonly GiftEntry[], costs?: ReadonlyMap<string, SpendingCost>): CreatorSums[] {
  const creators = new Map<string, CreatorSums & { gifts_: Map<number, GiftLine> }>();
  // Oldest first, so the newest send's handle and unit price win.
  const ordered = [...gifts].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  for (const gift of ordered) {
    const key = creatorKeyOf(gift);
    let creator = creators.get(key);
    if (!creator) {
      creator = { key, creatorId: null, handle: null, byGift: [], gifts_: new Map(), ...emptySums(costs !== undefined) };
      creators.set(key, creator);
    }
    creator.creatorId = gift.creatorId ?? creator.creatorId;
    creator.handle = gift.creatorHandle ?? creator.handle;
    const cost = costs?.get(gift.id);
    addGift(creator, gift, cost);
    let line = creator.gifts_.get(gift.giftId);
    if (!line) {
      line = { giftId: gift.giftId, giftName: gift.giftName, unitCoins: gift.unitCoins, ...emptySums(costs !== undefined) };
      creator.gifts_.set(gift.giftId, line);
    }
    line.giftName = gift.giftName;
    line.unitCoins = gift.unitCoins;
    addGift(line, gift, cost);
  }
  const byCoins = <T extends { coins: number }>(key: (item: T) => string) => (a: T, b: T) =>
    b.coins - a.coins || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return [...creators.values()]
    .map(({ gifts_, ...creator }) => ({ ...creator, byGift: [...gifts_.values()].sort(byCoins((line) => String(line.giftId).padStart(12, '0'))) }))
    .sort(byCoins((creator) => creator.key));
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
