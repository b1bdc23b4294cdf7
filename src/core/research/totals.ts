/**
 * Totals of a room's log, and the link between the participant's own gifts seen in the room and their ledger entries.
 *
 * The rule that keeps every total single-counted: a ROOM's totals come from the room log only (own gifts included,
 * once, as the room received them); the PARTICIPANT's spending comes from the ledger only. A view that shows both never
 * adds one to the other: it may show "of which yours: ownCoins" beside a room total, and the ledger's own entries are
 * linked to their room rows (`matchOwnEntries`) only to show they are the same gifts, never to add them.
 */
import type { GiftEntry } from '../ledger';
import type { RoomGift } from './types';

export interface RoomTotals {
  /** Coins of the rows whose price is known. */
  coins: number;
  /** Gifts (Σ count), priced or not. */
  gifts: number;
  /** Rows whose price is unknown: their gifts are in `gifts`, not in `coins`. */
  unpricedRows: number;
  /** Distinct pseudonymous senders. */
  senders: number;
  /** The participant's own share of `coins` (already inside `coins`, not to be added). */
  ownCoins: number;
  /** Rows not yet final (a streak may still grow). */
  openRows: number;
  /** Gifts by coins, then count, most first. */
  topGifts: { giftId: number; count: number; coins: number }[];
}

export function roomTotals(rows: Iterable<RoomGift>, topN = 5): RoomTotals {
  let coins = 0;
  let gifts = 0;
  let unpricedRows = 0;
  let ownCoins = 0;
  let openRows = 0;
  const senders = new Set<string>();
  const byGift = new Map<number, { giftId: number; count: number; coins: number }>();
  for (const row of rows) {
    gifts += row.count;
    senders.add(row.sender);
    if (!row.final) openRows++;
    const gift = byGift.get(row.giftId) ?? { giftId: row.giftId, count: 0, coins: 0 };
    gift.count += row.count;
    byGift.set(row.giftId, gift);
    if (row.coins === null) {
      unpricedRows++;
      continue;
    }
    coins += row.coins;
    gift.coins += row.coins;
    if (row.own) ownCoins += row.coins;
  }
  const topGifts = [...byGift.values()].sort((a, b) => b.coins - a.coins || b.count - a.count || a.giftId - b.giftId).slice(0, topN);
  return { coins, gifts, unpricedRows, senders: senders.size, ownCoins, openRows, topGifts };
}

/**
 * How far apart TikTok's createTime (server clock) and the ledger's send times (the page's clock) may be for one gift.
 * Streak messages follow their tap by about a second in the real captures (send_gift_req_start_ms → createTime);
 * the slack also covers a few seconds of local clock error.
 */
export const OWN_LINK_SLACK_MS = 30_000;

export interface OwnLink {
  entryIds: string[];
  /** Σ count of the linked ledger entries. */
  ledgerCount: number;
  /** The room row and the ledger agree on the number of gifts. */
  agrees: boolean;
}

/**
 * The ledger entries (of the participant's account) that are the sends of one of their own room rows: gift sends to
 * the same room, of the same gift, within the streak's time span (± OWN_LINK_SLACK_MS). Entries already linked to
 * another row are passed in `taken` and skipped, so one send is never linked twice.
 */
export function matchOwnEntries(row: RoomGift, entries: readonly GiftEntry[], taken: ReadonlySet<string> = new Set()): OwnLink {
  const from = row.at - OWN_LINK_SLACK_MS;
  const to = row.endedAt + OWN_LINK_SLACK_MS;
  const entryIds: string[] = [];
  let ledgerCount = 0;
  for (const entry of entries) {
    if (entry.kind !== 'gift' || entry.roomId !== row.roomId || entry.giftId !== row.giftId || taken.has(entry.id)) continue;
    const when = entry.sentAt ?? entry.at;
    if (when < from || when > to) continue;
    entryIds.push(entry.id);
    ledgerCount += entry.count;
  }
  return { entryIds, ledgerCount, agrees: ledgerCount === row.count };
}
