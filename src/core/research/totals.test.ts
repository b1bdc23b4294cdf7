import { describe, expect, it } from 'vitest';
import type { GiftEntry } from '../ledger';
import { matchOwnEntries, OWN_LINK_SLACK_MS, roomTotals } from './totals';
import type { RoomGift } from './types';

const ROOM = '7300000000000000001';
const row = (over: Partial<RoomGift> = {}): RoomGift => ({
  id: `r${Math.random()}`, roomId: ROOM, at: 1_000_000, endedAt: 1_004_000, giftId: 5655, count: 1, unitCoins: 1, coins: 1,
  sender: 'p_a', streakId: '1', final: true, own: false, ...over,
});
const entry = (over: Partial<GiftEntry> = {}): GiftEntry => ({
  kind: 'gift', id: `e${Math.random()}`, at: 1_001_000, coins: 1, account: '6912345678901234567', source: 'gift-send',
  parser: 1, giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: ROOM, ...over,
});

describe('roomTotals', () => {
  it('sums coins and gifts, counts distinct senders, own coins inside the total (not added), unpriced rows apart', () => {
    const totals = roomTotals([
      row({ sender: 'p_a', count: 37, coins: 37 }),
      row({ sender: 'p_b', giftId: 5487, count: 2, unitCoins: 5, coins: 10, own: true }),
      row({ sender: 'p_a', giftId: 9333, count: 1, unitCoins: 100, coins: 100, streakId: null }),
      row({ sender: 'p_c', giftId: 777, count: 3, unitCoins: null, coins: null, final: false }),
    ]);
    expect(totals).toEqual({
      coins: 147, gifts: 43, unpricedRows: 1, senders: 3, ownCoins: 10, openRows: 1,
      topGifts: [{ giftId: 9333, count: 1, coins: 100 }, { giftId: 5655, count: 37, coins: 37 }, { giftId: 5487, count: 2, coins: 10 }, { giftId: 777, count: 3, coins: 0 }],
    });
  });

  it('is all zeros for an empty room', () => {
    expect(roomTotals([])).toEqual({ coins: 0, gifts: 0, unpricedRows: 0, senders: 0, ownCoins: 0, openRows: 0, topGifts: [] });
  });
});

describe('matchOwnEntries', () => {
  it('links the sends of the same gift to the same room within the streak\'s span, and says whether the counts agree', () => {
    const own = row({ own: true, count: 3, coins: 3 });
    const sends = [entry({ sentAt: 999_000 }), entry({ sentAt: 1_002_000 }), entry({ at: 1_003_500 })];
    const others = [
      entry({ roomId: '7300000000000000002' }), entry({ giftId: 5487 }), entry({ sentAt: own.endedAt + OWN_LINK_SLACK_MS + 1 }),
    ];
    const link = matchOwnEntries(own, [...sends, ...others]);
    expect(link).toEqual({ entryIds: sends.map((e) => e.id), ledgerCount: 3, agrees: true });
  });

  it('never links a send already linked to another row, and reports a disagreement', () => {
    const own = row({ own: true, count: 2, coins: 2 });
    const [a, b] = [entry(), entry()];
    expect(matchOwnEntries(own, [a!, b!], new Set([a!.id]))).toEqual({ entryIds: [b!.id], ledgerCount: 1, agrees: false });
  });
});
