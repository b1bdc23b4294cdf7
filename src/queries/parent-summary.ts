/**
 * The parent's view (issue 11, item 5): one read model for the summary page behind the lock. This week and this month
 * spent in coins and money (queries/cost.ts, the same figures as the Balance view), blocked attempts, the top creators
 * of the month, the times Coinsight was not running, balance changes the ledger cannot explain, and one page of the
 * activity log, newest first, every kind. Only reads.
 */
import type { GapKind } from '../core/activity/gaps';
import { monthWindow, weekWindow, type WeekStart, type Window } from '../core/periods';
import type { ActivityEventKind, ActivityRow, CoinsightDb } from '../platform/db';
import { mostRecentAccount } from './balance';
import { spendMoneyIn, type SpendMoney } from './cost';
import { creatorsIn } from './creators';

export const LOG_PAGE = 50;
export const TOP_CREATORS = 5;
export const LISTED = 20;
const GAP_KINDS: readonly GapKind[] = ['not-running', 'browser-closed', 'extension-disabled'];

export type ParentLogKind = ActivityEventKind | 'override';

/** One line of the log, whatever its kind (an override's own fields become its detail). */
export interface ParentLogRow {
  id: string;
  at: number;
  kind: ParentLogKind;
  detail: Record<string, string | number | boolean | null>;
}

export interface PeriodSpend {
  window: Window;
  spent: SpendMoney;
  blockedAttempts: number;
}

export interface BalanceChange {
  id: string;
  at: number;
  /** Coins that left without a gift Coinsight saw, or came without a purchase it saw. */
  direction: 'fell' | 'rose';
  coins: number;
}

export interface ParentSummary {
  account: string;
  week: PeriodSpend;
  month: PeriodSpend;
  topCreators: { key: string; handle: string | null; coins: number; gifts: number }[];
  /** This month's gaps (not running, browser closed, turned off), newest first. */
  gaps: ParentLogRow[];
  /** This month's unexplained balance changes (ledger unseen-spend entries and unexplained rises), newest first. */
  balanceChanges: BalanceChange[];
  log: { page: number; rows: ParentLogRow[]; more: boolean };
}

export interface SummaryOptions {
  now: number;
  timeZone: string;
  weekStart: WeekStart;
  /** Which page of the log (0: the newest LOG_PAGE rows). */
  page: number;
}

export function logRowOf(row: ActivityRow): ParentLogRow {
  if (row.kind !== 'override') return { id: row.id, at: row.at, kind: row.kind, detail: row.detail };
  const { id, at, kind, ...rest } = row;
  return { id, at, kind, detail: rest };
}

function countKind(db: CoinsightDb, kind: ParentLogKind, window: Window): Promise<number> {
  return db.activity.where('[kind+at]').between([kind, window.start], [kind, window.end], true, false).count();
}

async function periodSpend(db: CoinsightDb, account: string, window: Window): Promise<PeriodSpend> {
  const [spent, blockedAttempts] = await Promise.all([spendMoneyIn(db, account, window), countKind(db, 'blocked-attempt', window)]);
  return { window, spent, blockedAttempts };
}

async function gapsIn(db: CoinsightDb, window: Window): Promise<ParentLogRow[]> {
  const rows = await Promise.all(GAP_KINDS.map((kind) =>
    db.activity.where('[kind+at]').between([kind, window.start], [kind, window.end], true, false).reverse().limit(LISTED).toArray()));
  return rows.flat().map(logRowOf).sort((a, b) => b.at - a.at).slice(0, LISTED);
}

async function balanceChangesIn(db: CoinsightDb, window: Window): Promise<BalanceChange[]> {
  const [fell, rose] = await Promise.all([
    db.ledger.where('[kind+at]').between(['unseen-spend', window.start], ['unseen-spend', window.end], true, false).reverse().limit(LISTED).toArray(),
    db.ledger.where('[kind+at]').between(['adjustment', window.start], ['adjustment', window.end], true, false).reverse().toArray(),
  ]);
  // An initial balance or a purchase typed in by hand is explained; a rise Coinsight saw no purchase for is not.
  const changes: BalanceChange[] = [
    ...fell.map((entry) => ({ id: entry.id, at: entry.at, direction: 'fell' as const, coins: entry.coins })),
    ...rose.filter((entry) => entry.source === 'balance-rise').map((entry) => ({ id: entry.id, at: entry.at, direction: 'rose' as const, coins: entry.coins })),
  ];
  return changes.sort((a, b) => b.at - a.at).slice(0, LISTED);
}

async function logPage(db: CoinsightDb, page: number): Promise<ParentSummary['log']> {
  const rows = await db.activity.orderBy('at').reverse().offset(page * LOG_PAGE).limit(LOG_PAGE + 1).toArray();
  return { page, rows: rows.slice(0, LOG_PAGE).map(logRowOf), more: rows.length > LOG_PAGE };
}

export async function loadParentSummary(db: CoinsightDb, options: SummaryOptions): Promise<ParentSummary> {
  const accounts = await db.accounts.orderBy('lastSeenAt').reverse().limit(1).toArray();
  const account = accounts[0]?.uid ?? (await mostRecentAccount(db));
  const week = weekWindow(options.now, options.timeZone, options.weekStart);
  const month = monthWindow(options.now, options.timeZone);
  const [weekSpend, monthSpend, creators, gaps, balanceChanges, log] = await Promise.all([
    periodSpend(db, account, week),
    periodSpend(db, account, month),
    creatorsIn(db, account, month),
    gapsIn(db, month),
    balanceChangesIn(db, month),
    logPage(db, options.page),
  ]);
  const topCreators = creators.creators.slice(0, TOP_CREATORS).map(({ key, handle, coins, gifts }) => ({ key, handle, coins, gifts }));
  return { account, week: weekSpend, month: monthSpend, topCreators, gaps, balanceChanges, log };
}
