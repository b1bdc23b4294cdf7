/**
 * The money figures of the Balance view, worked out once the coin figures are on screen: the cost of each period,
 * of the listed rows and of the LIVE being watched (queries/money.ts), and the one basis every estimate uses.
 */
import { resolveBasis, type ResolvedBasis } from '../../core/conversion';
import type { SpendingCost, UnpricedReason } from '../../core/lots';
import { spendIdsOf } from '../../core/streaks';
import { UNPRICED_REASONS, summariseSpend, type CostParts, type SpendSummary } from '../../core/spend-summary';
import type { CoinsightDb } from '../../platform/db';
import { loadEntryCosts, loadLiveSpend, loadPeriodMoney, type LiveSpend } from '../../queries/money';
import type { CoinFigures } from '../useBalanceData';
import { watchedLive, type WatchedLive } from './watched-live';
import { researchRoomOf } from '../research/room-line';
import type { RoomSummary } from '../../queries/research-rooms';

export type PeriodKey = 'today' | 'week' | 'month';
export type PeriodSummaries = Record<PeriodKey, SpendSummary>;

export interface LiveFigures {
  handle: string;
  /** null when the worker did not see the tab enter that LIVE. */
  spend: LiveSpend | null;
  /** What research mode logged in this creator's room (null when nothing). */
  research: RoomSummary | null;
}

export interface MoneyFigures {
  /** The basis every estimate in the view uses, and why, when it is not the chosen one. */
  basis: ResolvedBasis;
  periods: PeriodSummaries;
  costs: Map<string, SpendingCost>;
  /** null when the popup is not over a TikTok LIVE. */
  live: LiveFigures | null;
  /** Every reason for coins of unknown price that some figure on screen contains: each is explained. */
  reasons: Set<UnpricedReason>;
}

export async function loadMoney(db: CoinsightDb, figures: CoinFigures, watched: Promise<WatchedLive | null> = watchedLive()): Promise<MoneyFigures> {
  const { view, now, rows, settings } = figures;
  const basis = resolveBasis(settings.conversion.basis, view.lifetime, settings.conversion.customRate, settings.displayCurrency);
  const live = await watched.catch((): WatchedLive | null => null);
  const [money, costs, spend, research] = await Promise.all([
    loadPeriodMoney(db, view.account, view.windows),
    loadEntryCosts(db, view.account, spendIdsOf(rows)),
    live?.visit ? loadLiveSpend(db, view.account, live.visit, now) : null,
    live ? researchRoomOf(db, live.handle) : null,
  ]);
  const periods = {
    today: summariseSpend(money.today, basis.basis),
    week: summariseSpend(money.week, basis.basis),
    month: summariseSpend(money.month, basis.basis),
  };
  const parts: CostParts[] = [periods.today, periods.week, periods.month, ...costs.values(), ...(spend ? [spend.cost] : [])];
  const reasons = new Set(UNPRICED_REASONS.filter((reason) => parts.some((part) => (part.unpriced[reason] ?? 0) > 0)));
  return { basis, periods, costs, live: live ? { handle: live.handle, spend, research } : null, reasons };
}
