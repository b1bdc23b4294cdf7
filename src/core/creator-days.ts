/**
 * Per-creator totals by UTC day, so that "top creators this month" reads a row per creator and day instead of every
 * gift of the month (measured in docs/PERFORMANCE.md, "Creators & charts": 1.5 s for a month of ~40,000 gifts). A local
 * month is whole UTC days plus, in zones not on UTC, the parts of the two edge days, read from the ledger (planDays).
 * Kept by the worker in the same transaction as every ledger write (background/derived/creator-days.ts).
 */
import type { GiftEntry, LedgerEntry } from './ledger';
import type { Window } from './periods';

export const DAY = 86_400_000;

/** The key of the row that says since when the rows are complete (every gift recorded from then on is in them). */
export const SINCE_KEY: [string, number, string] = ['', -1, ''];

export interface GiftDayLine {
  giftName: string;
  unitCoins: number;
  sends: number;
  gifts: number;
  coins: number;
}

export interface CreatorDay {
  account: string;
  /** UTC day number: floor(at / DAY). */
  day: number;
  /** core/creators.ts creatorKeyOf: the creator's id, else `@handle`, else ''. */
  creator: string;
  creatorId: string | null;
  handle: string | null;
  sends: number;
  gifts: number;
  coins: number;
  /** By gift id. */
  byGift: Record<string, GiftDayLine>;
}

export interface CreatorDaysSince {
  account: '';
  day: -1;
  creator: '';
  /** Gifts dated at or after this instant are all in the rows. */
  since: number;
}

/** floor(at / DAY), exactly. */
export function dayOf(at: number): number {
  const rest = at % DAY;
  return (at - (rest < 0 ? rest + DAY : rest)) / DAY;
}

export function creatorOf(gift: Pick<GiftEntry, 'creatorId' | 'creatorHandle'>): string {
  return gift.creatorId ?? (gift.creatorHandle ? `@${gift.creatorHandle}` : '');
}

/** The row with one gift added (sign 1) or taken out (-1); null once it holds nothing. A new object. */
export function applyGiftToDay(row: CreatorDay | undefined, gift: GiftEntry, sign: 1 | -1): CreatorDay | null {
  const base: CreatorDay = row ?? {
    account: gift.account, day: dayOf(gift.at), creator: creatorOf(gift), creatorId: null, handle: null, sends: 0, gifts: 0, coins: 0, byGift: {},
  };
  const key = String(gift.giftId);
  const line = base.byGift[key] ?? { giftName: gift.giftName, unitCoins: gift.unitCoins, sends: 0, gifts: 0, coins: 0 };
  const nextLine: GiftDayLine = {
    giftName: sign > 0 ? gift.giftName : line.giftName, unitCoins: sign > 0 ? gift.unitCoins : line.unitCoins,
    sends: line.sends + sign, gifts: line.gifts + sign * gift.count, coins: line.coins + sign * gift.coins,
  };
  const byGift = { ...base.byGift };
  if (nextLine.sends === 0) delete byGift[key];
  else byGift[key] = nextLine;
  const next: CreatorDay = {
    ...base,
    creatorId: sign > 0 ? gift.creatorId ?? base.creatorId : base.creatorId,
    handle: sign > 0 ? gift.creatorHandle ?? base.handle : base.handle,
    sends: base.sends + sign, gifts: base.gifts + sign * gift.count, coins: base.coins + sign * gift.coins, byGift,
  };
  return next.sends === 0 ? null : next;
}

export const isGift = (entry: LedgerEntry | undefined): entry is GiftEntry => entry?.kind === 'gift';

/** [start, end) as whole UTC days plus at most two partial edges (to be read from the ledger); no gap, no overlap. */
export function planDays(w: Window): { wholeDays: { from: number; to: number } | null; edges: Window[] } {
  if (w.end <= w.start) return { wholeDays: null, edges: [] };
  const from = dayOf(w.start) + (w.start % DAY === 0 ? 0 : 1);
  const to = dayOf(w.end);
  if (from >= to) return { wholeDays: null, edges: [{ start: w.start, end: w.end }] };
  const edges: Window[] = [];
  if (w.start < from * DAY) edges.push({ start: w.start, end: from * DAY });
  if (to * DAY < w.end) edges.push({ start: to * DAY, end: w.end });
  return { wholeDays: { from, to }, edges };
}
