/**
 * The money side of the Balance view: what the spending of each period cost (paid per currency, and the coins of
 * unknown price by reason), what the newest entries cost one by one, and what the gifts of the LIVE being watched
 * cost. Only reads; every figure comes from queries/cost.ts, so it is exactly the FIFO cost basis, however it is kept.
 */
import { giftsOfVisit, type LiveVisit } from '../core/live-visit';
import type { SpendingCost } from '../core/lots';
import type { Window } from '../core/periods';
import { sumCosts, type CostParts } from '../core/spend-summary';
import { MAX_CLOCK_SKEW_MS } from '../platform/clock';
import type { CoinsightDb } from '../platform/db';
import { costsOf, spendMoneyIn, type SpendMoney } from './cost';

export interface PeriodMoney {
  today: SpendMoney;
  week: SpendMoney;
  month: SpendMoney;
}

export async function loadPeriodMoney(db: CoinsightDb, account: string, windows: { today: Window; week: Window; month: Window }): Promise<PeriodMoney> {
  const [today, week, month] = await Promise.all([
    spendMoneyIn(db, account, windows.today),
    spendMoneyIn(db, account, windows.week),
    spendMoneyIn(db, account, windows.month),
  ]);
  return { today, week, month };
}

/** The cost of each spend among the entries shown (gifts and unseen spending). */
export function loadEntryCosts(db: CoinsightDb, account: string, ids: readonly string[]): Promise<Map<string, SpendingCost>> {
  return ids.length === 0 ? Promise.resolve(new Map()) : costsOf(db, account, ids);
}

export interface LiveSpend {
  visit: LiveVisit;
  /** Gift sends to that creator since the visit began. */
  sends: number;
  cost: CostParts;
}

/**
 * What the account's gifts to the visit's creator since the visit began cost. Reads the account's entries from the
 * visit's start (one index range: a LIVE's worth, not the ledger), bounded by the clock like every view.
 */
export async function loadLiveSpend(db: CoinsightDb, account: string, visit: LiveVisit, now: number): Promise<LiveSpend> {
  const entries = await db.ledger.where('[account+at]')
    .between([account, visit.enteredAt], [account, now + MAX_CLOCK_SKEW_MS], true, true).toArray();
  const gifts = giftsOfVisit(entries, visit);
  const costs = await loadEntryCosts(db, account, gifts.map((gift) => gift.id));
  // A gift recorded between the two reads has no cost yet: it is left for the next opening rather than half counted.
  const known = gifts.flatMap((gift) => costs.get(gift.id) ?? []);
  return { visit, sends: known.length, cost: sumCosts(known) };
}

