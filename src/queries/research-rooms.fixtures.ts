/**
 * Realistic room-log rows (platform/research.ts RoomGiftRow) for the read models' and the exporter's tests: two LIVE
 * rooms, streaks of Roses, a Galaxy, a gift whose price is unknown, a streak still open, and the participant's own
 * gift (linked to its ledger entry).
 */
import type { RoomGiftRow } from '../platform/research';

export const ROOM_A = '7412345678901234567';
export const ROOM_B = '7419999999999999999';
export const T = Date.UTC(2026, 10, 20, 19, 0, 0);
/** Sender pseudonyms as capture makes them (core/research/pseudonym.ts: `p_` + 32 hex of HMAC-SHA-256). */
export const SENDER = {
  ana: 'p_3f9c0a6e1b2d4c5f8a7e6d5c4b3a2918',
  ben: 'p_a1b2c3d4e5f60718293a4b5c6d7e8f90',
  me: 'p_0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a',
  cy: 'p_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
};

export function roomRow(over: Partial<RoomGiftRow> & Pick<RoomGiftRow, 'id'>): RoomGiftRow {
  return {
    roomId: ROOM_A, creatorId: '6798765432101234567', creatorHandle: 'sunset.cooking', at: T, endedAt: T + 3000, giftId: 5655, giftName: 'Rose',
    count: 1, unitCoins: 1, coins: 1, sender: SENDER.ana, streakId: `streak-${over.id}`, final: 1, ownLedgerId: null, source: 'push', ...over,
  };
}

export const ROOM_ROWS: RoomGiftRow[] = [
  roomRow({ id: 'g1', count: 12, coins: 12, endedAt: T + 8000 }),
  roomRow({ id: 'g2', at: T + 60_000, endedAt: T + 61_000, sender: SENDER.ben, giftId: 11046, giftName: 'Galaxy', unitCoins: 1000, count: 1, coins: 1000, source: 'fetch' }),
  roomRow({ id: 'g3', at: T + 120_000, endedAt: T + 125_000, sender: SENDER.me, count: 5, coins: 5, ownLedgerId: 'gift:msg:7481000000000000001' }),
  roomRow({ id: 'g4', at: T + 130_000, endedAt: T + 130_000, sender: SENDER.ben, giftId: 99999, giftName: null, unitCoins: null, coins: null, count: 2 }),
  roomRow({ id: 'g5', at: T + 140_000, endedAt: T + 141_000, sender: SENDER.ana, giftId: 5487, giftName: 'Finger Heart', unitCoins: 5, count: 3, coins: 15, final: 0 }),
  roomRow({ id: 'g6', roomId: ROOM_B, creatorId: null, creatorHandle: null, at: T + 3_600_000, endedAt: T + 3_601_000, sender: SENDER.cy, count: 30, coins: 30 }),
  roomRow({ id: 'g7', roomId: ROOM_B, creatorId: '6700000000000000001', creatorHandle: 'night.owl', at: T + 3_700_000, endedAt: T + 3_700_500, sender: SENDER.ana, count: 1, coins: 1 }),
];
