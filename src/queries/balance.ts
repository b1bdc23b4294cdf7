/**
 * The data behind the Balance view, read in a bounded number of rows whatever the ledger's size: the latest
 * balance (one index lookup), period totals from hourly rollups (at most ~744 rows for a month, plus the few
 * entries in partial edge hours), lifetime totals (one row) and the newest entries (a limited index walk).
 */
import { Dexie } from 'dexie';
import type { BalanceObservation, LedgerEntry } from '../core/ledger';
import { dayWindow, monthWindow, weekWindow, type WeekStart, type Window } from '../core/periods';
import { LIFETIME_BUCKET, addEntry, addRollup, emptyTotals, planWindow, type Totals } from '../core/rollups';
import { MAX_CLOCK_SKEW_MS } from '../platform/clock';
import type { AccountRow, CoinsightDb } from '../platform/db';

/**
 * Newest entries read for the activity list: more than the 20 rows it shows, since a streak of sends is one row
 * (core/streaks.ts). Still a bounded, limited index walk.
 */
export const RECENT_ENTRIES = 100;

export interface BalanceView {
  account: string;
  accounts: AccountRow[];
  balance: BalanceObservation | null;
  today: Totals;
  week: Totals;
  month: Totals;
  /** The periods the totals cover, so money figures (queries/cost.ts) are asked for exactly the same ones. */
  windows: { today: Window; week: Window; month: Window };
  lifetime: Totals;
  recent: LedgerEntry[];
  /** Gift names and prices come with entries; this flags an empty ledger for the first-run message. */
  empty: boolean;
}

export interface ViewOptions {
  now: number;
  timeZone: string;
  weekStart: WeekStart;
  /** Which account to show; defaults to the one seen most recently. */
  account?: string;
}

export async function loadBalanceView(db: CoinsightDb, options: ViewOptions): Promise<BalanceView> {
  return db.transaction('r', [db.ledger, db.rollups, db.balances, db.accounts], async () => {
    const accounts = await db.accounts.orderBy('lastSeenAt').reverse().limit(50).toArray();
    const account = options.account ?? accounts[0]?.uid ?? (await mostRecentAccount(db));
    const windows = {
      today: dayWindow(options.now, options.timeZone),
      week: weekWindow(options.now, options.timeZone, options.weekStart),
      month: monthWindow(options.now, options.timeZone),
    };
    const [balance, today, week, month, lifetimeRow, recent] = await Promise.all([
      // Bounded by the clock: a reading dated ahead of it (taken while the clock ran ahead) must not pin the balance.
      db.balances.where('[account+at]').between([account, Dexie.minKey], [account, options.now + MAX_CLOCK_SKEW_MS], true, true).last(),
      totalsIn(db, account, windows.today),
      totalsIn(db, account, windows.week),
      totalsIn(db, account, windows.month),
      db.rollups.get([account, LIFETIME_BUCKET]),
      db.ledger.where('[account+at]').between([account, Dexie.minKey], [account, Dexie.maxKey]).reverse().limit(RECENT_ENTRIES).toArray(),
    ]);
    const lifetime = lifetimeRow ? addRollup(emptyTotals(), lifetimeRow) : emptyTotals();
    return { account, accounts, balance: balance ?? null, today, week, month, windows, lifetime, recent, empty: recent.length === 0 && !balance };
  });
}

/** With no account rows yet (signed out, or state not read), show whichever account the newest entry has. */
export async function mostRecentAccount(db: CoinsightDb): Promise<string> {
  const newest = await db.ledger.orderBy('at').last();
  return newest?.account ?? '';
}

/** Exact totals for [start, end): whole hours from rollups, partial edge hours from the entries themselves. */
export async function totalsIn(db: CoinsightDb, account: string, window: Window): Promise<Totals> {
  const plan = planWindow(window);
  let totals = emptyTotals();
  if (plan.wholeBuckets) {
    const rows = await db.rollups.where('[account+bucket]')
      .between([account, plan.wholeBuckets.from], [account, plan.wholeBuckets.to], true, false).toArray();
    for (const row of rows) totals = addRollup(totals, row);
  }
  for (const edge of plan.edges) {
    const entries = await db.ledger.where('[account+at]').between([account, edge.start], [account, edge.end], true, false).toArray();
    for (const entry of entries) totals = addEntry(totals, entry);
  }
  return totals;
}
