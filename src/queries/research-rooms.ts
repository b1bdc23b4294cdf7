/**
 * The rooms research mode logged (issue 12), for the options page and the popup's line about the LIVE being watched:
 * per room, gifts, coins, distinct senders, top gifts, first and last seen. A fold over room-log rows (platform/
 * research.ts), so a log of any size is read once with `each` and never held whole; the fold itself is pure.
 *
 * Nothing is counted twice: each row is one streak, counted once, at the count it has now (a streak still open,
 * `final` 0, may grow: `openStreaks` says how many are). The participant's own gifts (`ownLedgerId` set, already in
 * their ledger) are kept apart in `own`: `others` is everyone else, and `total` is the two added, each row once. A
 * gift whose price is not known adds to `gifts` and `unpricedGifts`, never to `coins`.
 */
import type { CoinsightDb } from '../platform/db';
import type { RoomGiftRow } from '../platform/research';

export interface GiftTally {
  giftId: number;
  giftName: string | null;
  /** Gifts sent (the sum of streak counts). */
  count: number;
  coins: number;
}

export interface Tally {
  /** Streaks (rows). */
  streaks: number;
  /** Gifts: the sum of the streaks' counts. */
  gifts: number;
  /** Coins of the gifts whose price is known. */
  coins: number;
  /** Gifts whose price is not known (not in `coins`). */
  unpricedGifts: number;
}

export interface RoomSummary {
  roomId: string;
  creatorId: string | null;
  creatorHandle: string | null;
  firstAt: number;
  lastAt: number;
  /** Everyone but the participant. */
  others: Tally;
  /** The participant's own gifts seen in the room (also in their ledger). */
  own: Tally;
  total: Tally;
  /** Distinct sender pseudonyms (the participant included when they sent). */
  senders: number;
  /** At most TOP_GIFTS, most coins first (then most gifts). */
  topGifts: GiftTally[];
  openStreaks: number;
}

export interface RoomLogSummary {
  rooms: RoomSummary[];
  total: Tally;
  /** Distinct sender pseudonyms over every room. */
  senders: number;
}

export const TOP_GIFTS = 3;

interface RoomAcc {
  summary: RoomSummary;
  senders: Set<string>;
  gifts: Map<number, GiftTally>;
}

export interface RoomFold {
  rooms: Map<string, RoomAcc>;
  senders: Set<string>;
}

const emptyTally = (): Tally => ({ streaks: 0, gifts: 0, coins: 0, unpricedGifts: 0 });

export function emptyFold(): RoomFold {
  return { rooms: new Map(), senders: new Set() };
}

function addTo(tally: Tally, row: RoomGiftRow): void {
  tally.streaks++;
  tally.gifts += row.count;
  if (row.coins === null) tally.unpricedGifts += row.count;
  else tally.coins += row.coins;
}

export function addRow(fold: RoomFold, row: RoomGiftRow): void {
  let acc = fold.rooms.get(row.roomId);
  if (!acc) {
    acc = {
      summary: {
        roomId: row.roomId, creatorId: null, creatorHandle: null, firstAt: row.at, lastAt: row.endedAt, others: emptyTally(), own: emptyTally(),
        total: emptyTally(), senders: 0, topGifts: [], openStreaks: 0,
      },
      senders: new Set(),
      gifts: new Map(),
    };
    fold.rooms.set(row.roomId, acc);
  }
  const s = acc.summary;
  // The creator as the newest row names them (a handle can change; an older row may not have known it).
  if (row.creatorId !== null && (s.creatorId === null || row.at >= s.lastAt)) s.creatorId = row.creatorId;
  if (row.creatorHandle !== null && (s.creatorHandle === null || row.at >= s.lastAt)) s.creatorHandle = row.creatorHandle;
  s.firstAt = Math.min(s.firstAt, row.at);
  s.lastAt = Math.max(s.lastAt, row.endedAt, row.at);
  addTo(row.ownLedgerId === null ? s.others : s.own, row);
  addTo(s.total, row);
  if (row.final === 0) s.openStreaks++;
  acc.senders.add(row.sender);
  fold.senders.add(row.sender);
  const gift = acc.gifts.get(row.giftId) ?? { giftId: row.giftId, giftName: null, count: 0, coins: 0 };
  gift.giftName ??= row.giftName;
  gift.count += row.count;
  gift.coins += row.coins ?? 0;
  acc.gifts.set(row.giftId, gift);
}

/** The rooms, most recently seen first, and the totals over all of them. */
export function summarise(fold: RoomFold): RoomLogSummary {
  const total = emptyTally();
  const rooms = [...fold.rooms.values()].map(({ summary, senders, gifts }) => {
    for (const key of ['streaks', 'gifts', 'coins', 'unpricedGifts'] as const) total[key] += summary.total[key];
    const topGifts = [...gifts.values()].sort((a, b) => b.coins - a.coins || b.count - a.count || a.giftId - b.giftId).slice(0, TOP_GIFTS);
    return { ...summary, senders: senders.size, topGifts };
  });
  rooms.sort((a, b) => b.lastAt - a.lastAt || (a.roomId < b.roomId ? -1 : 1));
  return { rooms, total, senders: fold.senders.size };
}

export function summariseRows(rows: Iterable<RoomGiftRow>): RoomLogSummary {
  const fold = emptyFold();
  for (const row of rows) addRow(fold, row);
  return summarise(fold);
}

/** The room of the LIVE being watched: the most recent room logged for that creator handle (case as TikTok ignores it). */
export function watchedRoom(summary: RoomLogSummary, handle: string): RoomSummary | null {
  const wanted = handle.replace(/^@/, '').toLowerCase();
  return summary.rooms.find((room) => room.creatorHandle?.toLowerCase() === wanted) ?? null;
}

/** Every room of the log, read in one pass (rows are folded as they are read, never all held). */
export async function loadRoomLog(db: CoinsightDb): Promise<RoomLogSummary> {
  const fold = emptyFold();
  await db.roomGifts.each((row) => addRow(fold, row));
  return summarise(fold);
}

/** One room's totals, read through its [roomId+at] index only (the popup's line: a small read). */
export async function loadRoom(db: CoinsightDb, roomId: string): Promise<RoomSummary | null> {
  const fold = emptyFold();
  await db.roomGifts.where('[roomId+at]').between([roomId, -Infinity], [roomId, Infinity]).each((row) => addRow(fold, row));
  return summarise(fold).rooms[0] ?? null;
}
