/**
 * Ledger entries shaped as the recorder writes them, for the cost-basis tests (lots.test.ts, lots.property.test.ts).
 * Ids follow entryIds so that same-millisecond ties sort the way real entries would.
 */
import { entryIds, PARSER_VERSION, type AdjustmentEntry, type GiftEntry, type RechargeEntry, type UnseenSpendEntry } from './ledger';
import type { Money } from './money';

export const ACCOUNT = '7012345678901234567';

export const usd = (minor: number): Money => ({ minor, currency: 'USD' });
export const idr = (minor: number): Money => ({ minor, currency: 'IDR' });

/** A recharge seen on /coin; without a price when only the balance rise showed how many coins arrived. */
export function recharge(orderId: string, at: number, coins: number, price?: Money): RechargeEntry {
  return {
    kind: 'recharge', id: entryIds.recharge(orderId), at, coins, account: ACCOUNT, parser: PARSER_VERSION, orderId,
    ...(price ? { source: 'cashier+end-result', price } : { source: 'end-result+balance-delta' }),
  };
}

export function initialBalance(at: number, coins: number): AdjustmentEntry {
  return { kind: 'adjustment', id: entryIds.initialBalance(ACCOUNT), at, coins, account: ACCOUNT, source: 'initial-balance', parser: PARSER_VERSION };
}

export function balanceRise(balanceId: string, at: number, coins: number, source: 'balance-rise' | 'manual' = 'balance-rise'): AdjustmentEntry {
  return { kind: 'adjustment', id: entryIds.balanceRise(balanceId), at, coins, account: ACCOUNT, source, parser: PARSER_VERSION };
}

const GIFTS: Record<number, [number, string]> = { 1: [5655, 'Rose'], 5: [5269, 'Finger Heart'], 30: [6064, 'Doughnut'], 99: [6866, 'Paper Crane'] };

/** A send of `count` gifts of `unitCoins` each (a Rose is 1 coin); a streak of ten Roses is one send of count 10. */
export function gift(msgId: string, at: number, unitCoins: number, count = 1): GiftEntry {
  const [giftId, giftName] = GIFTS[unitCoins] ?? [9000 + unitCoins, `Gift of ${unitCoins}`];
  return {
    kind: 'gift', id: entryIds.giftByMsg(msgId), at, coins: unitCoins * count, account: ACCOUNT, source: 'gift-send',
    parser: PARSER_VERSION, giftId, giftName, unitCoins, count, roomId: '7300000000000000001', creatorHandle: 'sunset.sings', msgId,
  };
}

export function unseenSpend(balanceId: string, at: number, coins: number): UnseenSpendEntry {
  return { kind: 'unseen-spend', id: entryIds.unseenSpend(balanceId), at, coins, account: ACCOUNT, source: 'balance-fall', parser: PARSER_VERSION };
}
