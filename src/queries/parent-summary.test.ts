import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { logActivity } from '../background/activity/log';
import { DOUGHNUT, ME, ROSE, freshDb, giftEntry } from '../background/recorder.fixtures';
import { PARSER_VERSION, type AdjustmentEntry, type UnseenSpendEntry } from '../core/ledger';
import type { ActivityRow } from '../platform/db';
import { LOG_PAGE, loadParentSummary } from './parent-summary';
import { initialBalance, iso, recharge, write } from './read-models.fixtures';

const NOW = iso('2026-12-02T12:00:00Z'); // a Wednesday
const options = { now: NOW, timeZone: 'UTC', weekStart: 1 as const, page: 0 };
const unseen = (at: number, coins: number): UnseenSpendEntry => ({ kind: 'unseen-spend', id: `unseen:${at}`, at, coins, account: ME, source: 'balance-fall', parser: PARSER_VERSION });
const rise = (at: number, coins: number): AdjustmentEntry => ({ kind: 'adjustment', id: `rise:${at}`, at, coins, account: ME, source: 'balance-rise', parser: PARSER_VERSION });

describe('loadParentSummary', () => {
  it('sums this week and this month in coins and money, counts blocked attempts, ranks creators', async () => {
    const db = freshDb();
    await write(db, [
      initialBalance(iso('2026-11-20T00:00:00Z'), 0, ME),
      recharge(iso('2026-11-20T10:00:00Z'), 1000, { minor: 1000, currency: 'USD' }, ME),
      giftEntry('1', iso('2026-11-25T10:00:00Z'), DOUGHNUT, 2), // last week: 60 coins (month: no, November)
      giftEntry('2', iso('2026-12-01T10:00:00Z'), DOUGHNUT, 1), // this week and month: 30
      giftEntry('3', iso('2026-12-02T09:00:00Z'), ROSE, 5), // 5
    ]);
    await logActivity(db, 'blocked-attempt', iso('2026-12-02T10:00:00Z'), { ruleId: 'r', coins: 30 });
    await logActivity(db, 'blocked-attempt', iso('2026-11-25T10:00:00Z'), { ruleId: 'r', coins: 30 });
    const summary = await loadParentSummary(db, options);
    expect(summary.account).toBe(ME);
    expect(summary.week.spent.coins).toBe(35);
    expect(summary.month.spent.coins).toBe(35);
    // FIFO: 35 coins of a 1,000-coin, $10.00 purchase cost 35 cents.
    expect(summary.month.spent.paid).toEqual({ USD: 35 });
    expect(summary.week.blockedAttempts).toBe(1);
    expect(summary.month.blockedAttempts).toBe(1);
    expect(summary.topCreators).toEqual([expect.objectContaining({ handle: 'sunset.cooking', coins: 35 })]);
  });

  it('lists this month’s gaps and unexplained balance changes, newest first; an initial balance is not one', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-12-01T00:00:00Z'), 500, ME), unseen(iso('2026-12-01T08:00:00Z'), 200), rise(iso('2026-12-01T09:00:00Z'), 100)]);
    await logActivity(db, 'extension-disabled', iso('2026-12-01T12:00:00Z'), { from: iso('2026-12-01T11:00:00Z'), to: iso('2026-12-01T12:00:00Z'), minutes: 60 });
    await logActivity(db, 'not-running', iso('2026-12-02T07:00:00Z'), { from: 0, to: 1, minutes: 0 });
    await logActivity(db, 'browser-closed', iso('2026-11-30T07:00:00Z'), { from: 0, to: 1, minutes: 0 });
    const summary = await loadParentSummary(db, options);
    expect(summary.gaps.map((gap) => gap.kind)).toEqual(['not-running', 'extension-disabled']);
    expect(summary.balanceChanges).toEqual([
      { id: `rise:${iso('2026-12-01T09:00:00Z')}`, at: iso('2026-12-01T09:00:00Z'), direction: 'rose', coins: 100 },
      { id: `unseen:${iso('2026-12-01T08:00:00Z')}`, at: iso('2026-12-01T08:00:00Z'), direction: 'fell', coins: 200 },
    ]);
  });

  it('pages the whole log newest first, overrides included with their fields as detail', async () => {
    const db = freshDb();
    for (let i = 0; i < LOG_PAGE + 3; i++) await logActivity(db, 'pin-failed', NOW - (i + 10) * 60_000, { attempt: i });
    const override: ActivityRow = { kind: 'override', id: 'o1', at: NOW - 60_000, ruleId: 'x', reason: 'birthday', coins: 5, giftId: 1, creator: null, roomId: null };
    await db.activity.add(override);
    const first = await loadParentSummary(db, options);
    expect(first.log.rows).toHaveLength(LOG_PAGE);
    expect(first.log.more).toBe(true);
    expect(first.log.rows[0]).toEqual({ id: 'o1', at: NOW - 60_000, kind: 'override', detail: { ruleId: 'x', reason: 'birthday', coins: 5, giftId: 1, creator: null, roomId: null } });
    const second = await loadParentSummary(db, { ...options, page: 1 });
    expect(second.log.more).toBe(false);
    const all = [...first.log.rows, ...second.log.rows];
    expect(new Set(all.map((row) => row.id)).size).toBe(all.length);
    expect(all.every((row, i) => i === 0 || all[i - 1]!.at >= row.at)).toBe(true);
  });

  it('is empty, not broken, on an empty database', async () => {
    const summary = await loadParentSummary(freshDb(), options);
    expect(summary.month.spent.coins).toBe(0);
    expect(summary.topCreators).toEqual([]);
    expect(summary.log).toEqual({ page: 0, rows: [], more: false });
  });
});
