/**
 * What the worker believes of what a content script proposes. The page shares the tap's world, so no check is
 * perfect; these make forging useless and visible: every refusal names its reason and becomes a diagnostic.
 * - Time: every observation is dated by the page's clock; the worker bounds it against its own (a small skew allowed).
 * - Gifts: coins = unit price × count; the unit price must be the catalogue's where the catalogue knows the gift,
 *   and within bounds where it does not.
 * - First write wins: a recorded entry is never replaced by a proposal with the same id and other content.
 * - Rate: new gifts per tab are paced by a token bucket sized far above what a person (or TikTok's page) can send.
 */
import type { GiftEntry, LedgerEntry } from '../core/ledger';
import { MAX_CLOCK_SKEW_MS } from '../platform/clock';
import type { CoinsightDb } from '../platform/db';
import type { Observation } from '../platform/observations';
import { existingEntries, sameEntry } from './ledger-writer';

/** How far ahead of the worker's clock an observation may be dated: tab and worker clocks differ by milliseconds. */
export const MAX_SKEW_MS = MAX_CLOCK_SKEW_MS;
/** How old an observation may be: an outbox can sit in storage while the browser is closed, but not for months. */
export const MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;
/** The dearest real gift costs 44,999 coins (TikTok Universe, 2024); an unknown gift dearer than this is not believed. */
export const MAX_UNKNOWN_UNIT_COINS = 100_000;
/** Batches go up to 999 per request; a request count beyond this is not a person tapping. */
export const MAX_GIFT_COUNT = 10_000;

export function observedAt(observation: Observation): number {
  switch (observation.type) {
    case 'gift':
      return observation.entry.at;
    case 'balance':
      return observation.balance.at;
    default:
      return observation.at;
  }
}

/** Why an observation cannot be believed on its own, or null. Checks that need the database come later. */
export function implausible(observation: Observation, now: number): string | null {
  const at = observedAt(observation);
  if (at > now + MAX_SKEW_MS) return `dated ${Math.round((at - now) / 1000)} s ahead of the worker's clock`;
  if (at < now - MAX_AGE_MS) return 'dated more than 90 days ago';
  if (observation.type !== 'gift') return null;
  const gift = observation.entry;
  if (gift.coins !== gift.unitCoins * gift.count) return 'coins are not unit price × count';
  if (gift.count > MAX_GIFT_COUNT) return `count above ${MAX_GIFT_COUNT}`;
  if (gift.sentAt !== undefined && (gift.sentAt > gift.at || gift.at - gift.sentAt > MAX_AGE_MS)) return 'sent after it was answered';
  return null;
}

export interface Admission {
  /** New entries to write. */
  fresh: GiftEntry[];
  /** What the ledger held of the proposed ids (read once here, handed to putEntries). */
  existing: ReadonlyMap<string, LedgerEntry>;
  /** Proposals refused for good, each with its reason. */
  refused: { id: string; reason: string }[];
}

/**
 * Splits proposed gifts into new ones (to write), repeats (already recorded: nothing to do) and refusals.
 * Must run inside the recorder's transaction (reads `catalogue` and `ledger`).
 */
export async function admitGifts(db: CoinsightDb, gifts: readonly GiftEntry[], pace: (fresh: number) => number): Promise<Admission> {
  const refused: Admission['refused'] = [];
  const unique = [...new Map(gifts.map((gift) => [gift.id, gift])).values()];
  const existing = await existingEntries(db, unique.map((gift) => gift.id));
  const candidates: GiftEntry[] = [];
  for (const gift of unique) {
    const stored = existing.get(gift.id);
    if (!stored) candidates.push(gift);
    else if (!sameProposal(stored, gift)) refused.push({ id: gift.id, reason: 'conflict: an entry with this id was recorded with other content' });
  }
  const listed = await db.catalogue.bulkGet([...new Set(candidates.map((gift) => gift.giftId))]);
  const prices = new Map(listed.flatMap((row) => (row ? [[row.giftId, row.coins] as const] : [])));
  const priced: GiftEntry[] = [];
  for (const gift of candidates) {
    const price = prices.get(gift.giftId);
    if (price !== undefined && price !== gift.unitCoins) refused.push({ id: gift.id, reason: 'unit price disagrees with the gift list' });
    else if (price === undefined && gift.unitCoins > MAX_UNKNOWN_UNIT_COINS) refused.push({ id: gift.id, reason: `unlisted gift dearer than ${MAX_UNKNOWN_UNIT_COINS} coins` });
    else priced.push(gift);
  }
  const granted = pace(priced.length);
  for (const gift of priced.slice(granted)) refused.push({ id: gift.id, reason: 'rate limit: too many new gifts from this tab' });
  return { fresh: priced.slice(0, granted), existing, refused };
}

/**
 * A repeat of a recorded entry, or a conflict. The cross-checks are left out: they depend on what the relay had seen
 * when it interpreted the answer (a relay injected after an update replays a send with fresher context).
 */
function sameProposal(stored: LedgerEntry, proposed: GiftEntry): boolean {
  if (stored.kind !== 'gift') return false;
  const { checks: _stored, ...storedRest } = stored;
  const { checks: _proposed, ...proposedRest } = proposed;
  return sameEntry(storedRest as LedgerEntry, proposedRest as LedgerEntry);
}

/**
 * A token bucket per tab. Kept in memory: it paces, it does not account, so a worker restart that refills it is fine.
 * A person tapping a streak sends a few gifts a second, and TikTok's own page no more than it can get answered; the
 * bucket is far above that (bursts of 12,000, 100 a second sustained) so no real send is ever refused, while a page
 * that floods proposals by the thousand per second is cut off and counted. Forged captures do not even get this far
 * (the tap's channel is private); this is the worker's own bound, whatever a content script sends.
 */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(private readonly capacity = 12_000, private readonly perSecond = 100) {}

  /** Takes up to `wanted` tokens for `key`; returns how many were granted. */
  take(key: number | undefined, wanted: number, now: number): number {
    if (key === undefined || wanted === 0) return wanted; // the start-up drain: chunks relays already paced
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (Math.max(0, now - bucket.at) * this.perSecond) / 1000);
    bucket.at = now;
    const granted = Math.min(wanted, Math.floor(bucket.tokens));
    bucket.tokens -= granted;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 256) this.forgetIdle(now);
    return granted;
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 10 * 60 * 1000) this.buckets.delete(key);
  }
}
