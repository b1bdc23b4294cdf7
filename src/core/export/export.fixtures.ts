/** Realistic ledger content for the export tests: every kind, every optional field filled and left out. */
import type { BalanceObservation, LedgerEntry } from '../ledger';
import type { LimitRule } from '../limits';
import { settingsPatchSchema, type Settings } from '../../platform/settings';
import { NO_FILTERS, type ExportRequest } from './metadata';
import { OPEN_POLICY } from './policy';

const T = Date.UTC(2026, 2, 29, 0, 30, 0, 123); // the night Europe/Paris moves to summer time

export const FULL_GIFT: LedgerEntry = {
  kind: 'gift', id: 'gift:order:7312345678901234567', at: T, coins: 99, account: '6801234567890123456', source: 'gift-send', parser: 1,
  giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 99, roomId: '7300000000000000001', creatorId: '6900000000000000002',
  creatorHandle: 'alice.streams', orderId: '7312345678901234567', msgId: '7312345678901234999', sentAt: T - 180,
  checks: { catalogue: 'match', balance: 'unknown' },
};
export const BARE_GIFT: LedgerEntry = {
  kind: 'gift', id: 'gift:req:00ff00ff00ff00ff', at: T + 3_600_000, coins: 5, account: '', source: 'gift-send', parser: 1,
  giftId: 8913, giftName: 'He said "hi", then\nleft', unitCoins: 5, count: 1, roomId: '7300000000000000001',
};
export const RECHARGE: LedgerEntry = {
  kind: 'recharge', id: 'recharge:ORD-1', at: T + 7_200_000, coins: 70, account: '6801234567890123456', source: 'cashier+end-result', parser: 1,
  price: { minor: 74, currency: 'USD' }, orderId: 'ORD-1', checks: { balance: 'match' },
};
export const RECHARGE_UNPRICED: LedgerEntry = {
  kind: 'recharge', id: 'recharge:ORD-2', at: T + 7_300_000, coins: 30, account: '6801234567890123456', source: 'end-result+balance-delta', parser: 1,
  orderId: 'ORD-2',
};
export const ADJUSTMENT: LedgerEntry = {
  kind: 'adjustment', id: 'adjustment:initial:6801234567890123456', at: T - 86_400_000, coins: 1200, account: '6801234567890123456',
  source: 'manual', parser: 1, note: '=HYPERLINK("http://evil.example","click"), typed by me',
};
export const UNSEEN: LedgerEntry = {
  kind: 'unseen-spend', id: 'unseen:balance:0123456789abcdef', at: T + 9_000_000, coins: 10, account: '6801234567890123456', source: 'balance-fall', parser: 1,
};

/** A purchase typed in by hand that took coins from the install-time adjustment and from a later balance rise. */
export const MANUAL_PURCHASE: LedgerEntry = {
  kind: 'recharge', id: 'recharge:manual:5f0c1b2a-3d4e-4f60-8a7b-9c0d1e2f3a4b', at: T - 172_800_000, coins: 500, account: '6801234567890123456',
  source: 'manual', parser: 1, price: { minor: 699, currency: 'EUR' }, orderId: 'manual:5f0c1b2a-3d4e-4f60-8a7b-9c0d1e2f3a4b', where: 'gift-card',
  explains: [
    { id: 'adjustment:initial:6801234567890123456', at: T - 86_400_000, source: 'initial-balance', coins: 300 },
    { id: 'adjustment:rise:balance:a1b2c3d4e5f60718', at: T + 8_000_000, source: 'balance-rise', coins: 150 },
  ],
};

/** Rows of TikTok's data download, as imported: one counted (history, read in a zone), one that overlaps a capture. */
export const IMPORTED_GIFT: LedgerEntry = {
  kind: 'imported-gift', id: 'import:tiktok:gift:0a1b2c3d4e5f6071', at: T - 259_200_000, coins: 30, account: '6801234567890123456',
  source: 'tiktok-download', parser: 1, status: 'history', fileRow: 0, fileDate: '2026-03-26 01:30:00', fileAmount: '30',
  timeZone: 'Europe/Paris', creatorHandle: '@alice.streams',
};
export const IMPORTED_PURCHASE: LedgerEntry = {
  kind: 'imported-purchase', id: 'import:tiktok:purchase:1a2b3c4d5e6f7081', at: T + 7_200_000, coins: 70, account: '6801234567890123456',
  source: 'tiktok-download', parser: 1, status: 'overlap', matchedId: 'recharge:ORD-1', fileRow: 3, fileDate: '2026-03-29T02:30:00Z', fileAmount: '70',
};

export const ALL_ENTRIES: readonly LedgerEntry[] = [ADJUSTMENT, FULL_GIFT, BARE_GIFT, RECHARGE, RECHARGE_UNPRICED, UNSEEN, MANUAL_PURCHASE, IMPORTED_GIFT, IMPORTED_PURCHASE];

export const BALANCES: readonly BalanceObservation[] = [
  { id: 'balance:0123456789abcdef', account: '6801234567890123456', at: T + 8_000_000, coins: 1000, source: 'wallet' },
  { id: 'balance:gift-send:6801234567890123456', account: '6801234567890123456', at: T + 8_100_000, coins: 990, source: 'gift-send', raced: true },
];

export const SETTINGS: Settings = {
  displayCurrency: 'EUR', weekStart: 1,
  conversion: { basis: 'custom', customRate: { minor: 99, coins: 100, currency: 'EUR', asOf: '2026-03-01' }, diamondRate: null, exchangeRates: [] },
};

export const checkSettings = settingsPatchSchema;

export function request(overrides: Partial<ExportRequest> = {}): ExportRequest {
  return {
    timeZone: 'Europe/Paris', exportedAt: Date.UTC(2026, 3, 1, 12), extensionVersion: '0.1.0', filters: NO_FILTERS, policy: OPEN_POLICY,
    ...overrides,
  };
}

/** The ledger in pages, as the caller would page it through an index. */
export async function* pagesOf<T>(items: readonly T[], size = 2): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

export const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * A limit of every kind of scope, period and cap (and every action and carry-over), as the door stores them: a creator
 * rule names `creator` (seen in the ledger it is restored with), the money caps are in `currency`.
 */
export function limitsOfEveryKind(creator: string, handle: string, currency = 'EUR'): LimitRule[] {
  const base = { overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: T - 86_400_000 };
  return [
    { ...base, id: '00000000-0000-4000-8000-000000000001', scope: { kind: 'all' }, period: { kind: 'day' }, cap: { kind: 'coins', coins: 500 }, action: 'warn', carryOver: 'reset' },
    {
      ...base, id: '00000000-0000-4000-8000-000000000002', scope: { kind: 'creator', creator, handle }, period: { kind: 'week' },
      cap: { kind: 'money', money: { minor: 2000, currency } }, action: 'confirm', carryOver: 'roll-unused', overridesPerPeriod: 2, confirmDelaySeconds: 5,
    },
    { ...base, id: '00000000-0000-4000-8000-000000000003', scope: { kind: 'live' }, period: { kind: 'month' }, cap: { kind: 'coins', coins: 0 }, action: 'block', carryOver: 'carry-overspend', overridesPerPeriod: 1 },
    {
      ...base, id: '00000000-0000-4000-8000-000000000004', scope: { kind: 'creator', creator }, period: { kind: 'custom', days: 14, from: '2026-01-05' },
      cap: { kind: 'money', money: { minor: 0, currency } }, action: 'block', carryOver: 'reset', createdAt: T - 3 * 86_400_000,
    },
  ];
}
export const LIMIT_RULES = limitsOfEveryKind('6900000000000000002', 'alice.streams');
