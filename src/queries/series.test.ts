import { describe, expect, it } from 'vitest';
import { DOUGHNUT, ME, OTHER, ROSE, freshDb, giftEntry, usd } from '../background/recorder.fixtures';
import { DEFAULT_BASES, estimateAt, type ResolvedBasis } from '../core/conversion';
import { entryIds, type BalanceObservation, type LedgerEntry } from '../core/ledger';
import { dayWindow, monthWindow } from '../core/periods';
import { addEntry, emptyTotals, spentCoins } from '../core/rollups';
import { lastDays } from '../core/series';
import { balanceSeries, basisFor, moneySeries, spendSeries } from './series';
import { initialBalance, iso, recharge, rowCounter, write } from './read-models.fixtures';

let serial = 0;
const gift = (at: number, coins: number, account = ME) => giftEntry(`74800000000${String(++serial).padStart(8, '0')}`, at, ROSE, coins, account);

/** Spend in a window computed straight from the entries: what every point must equal. */
const spentIn = (entries: readonly LedgerEntry[], window: { start: number; end: number }, account = ME) =>
  spentCoins(entries.filter((e) => e.account === account && e.at >= window.start && e.at < window.end).reduce(addEntry, emptyTotals()));

describe('spend per local day and month', () => {
  it('gives 30 empty days and 12 empty months on an empty ledger, consecutive and ending with today', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    const days = await spendSeries(db, ME, 'day', { now, timeZone: 'Europe/Berlin' });
    expect(days).toHaveLength(30);
    expect(days.every((d) => d.coins === 0 && d.gifts === 0)).toBe(true);
    for (let i = 1; i < days.length; i++) expect(days[i]!.start).toBe(days[i - 1]!.end);
    expect(days[29]).toMatchObject(dayWindow(now, 'Europe/Berlin'));
    expect(days[29]).toMatchObject({ year: 2025, month: 3, day: 12 });
    const months = await spendSeries(db, ME, 'month', { now, timeZone: 'Europe/Berlin' });
    expect(months.map((m) => `${m.year}-${m.month}`)).toEqual([
      '2024-4', '2024-5', '2024-6', '2024-7', '2024-8', '2024-9', '2024-10', '2024-11', '2024-12', '2025-1', '2025-2', '2025-3',
    ]);
    expect(months[11]).toMatchObject(monthWindow(now, 'Europe/Berlin'));
  });

  it('files gifts on the edges of half-hour-offset days exactly (Kolkata cuts hours in two)', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z'); // 22:30 in Kolkata
    const entries = [
      gift(iso('2025-03-11T18:29:59.999Z'), 1), // Tue 23:59:59.999 IST
      gift(iso('2025-03-11T18:30:00.000Z'), 2), // Wed 00:00 IST
      gift(iso('2025-03-11T18:45:00.000Z'), 4), // Wed, same UTC hour as the two before
      gift(iso('2025-03-12T16:59:59.999Z'), 8), // today
      gift(iso('2025-02-10T18:29:00.000Z'), 16), // Mon 10 Feb 23:59 IST: the first day of the series
      gift(iso('2025-02-10T18:20:00.000Z'), 32), // before the series' first day (Mon 23:50, in the cut hour too)
      gift(iso('2025-03-12T17:30:00.000Z'), 64), // after now, still today
      gift(iso('2025-03-11T19:00:00.000Z'), 128, OTHER), // another account
    ];
    await write(db, entries);
    const days = await spendSeries(db, ME, 'day', { now, timeZone: 'Asia/Kolkata' });
    expect(days.map((d) => d.coins)).toEqual(days.map((d) => spentIn(entries, d)));
    expect(days[29]!.coins).toBe(2 + 4 + 8 + 64);
    expect(days[28]!.coins).toBe(1);
    expect(days[0]).toMatchObject({ year: 2025, month: 2, day: 11, coins: 0 });
    expect(days.reduce((sum, d) => sum + d.coins, 0)).toBe(1 + 2 + 4 + 8 + 64);
  });

  it('handles the 23- and 25-hour days of daylight saving time', async () => {
    const db = freshDb();
    const zone = 'America/New_York';
    const entries = [
      gift(iso('2025-03-09T04:59:59.999Z'), 1), // Sat 8 Mar 23:59 EST
      gift(iso('2025-03-09T05:00:00.000Z'), 2), // Sun 9 Mar 00:00 EST (23-hour day)
      gift(iso('2025-03-10T03:59:59.999Z'), 4), // Sun 9 Mar 23:59 EDT
      gift(iso('2025-03-10T04:00:00.000Z'), 8), // Mon 10 Mar 00:00 EDT
      gift(iso('2025-11-02T04:00:00.000Z'), 16), // Sun 2 Nov 00:00 EDT (25-hour day)
      gift(iso('2025-11-03T04:59:59.999Z'), 32), // Sun 2 Nov 23:59 EST
      gift(iso('2025-11-03T05:00:00.000Z'), 64), // Mon 3 Nov
    ];
    await write(db, entries);
    const spring = await spendSeries(db, ME, 'day', { now: iso('2025-03-20T12:00:00Z'), timeZone: zone });
    const byDate = (points: typeof spring, day: number) => points.find((p) => p.day === day)!;
    expect(byDate(spring, 9)).toMatchObject({ coins: 2 + 4 });
    expect(byDate(spring, 9).end - byDate(spring, 9).start).toBe(23 * 3_600_000);
    expect([byDate(spring, 8).coins, byDate(spring, 10).coins]).toEqual([1, 8]);
    const autumn = await spendSeries(db, ME, 'day', { now: iso('2025-11-10T12:00:00Z'), timeZone: zone });
    expect(byDate(autumn, 2)).toMatchObject({ coins: 16 + 32 });
    expect(byDate(autumn, 2).end - byDate(autumn, 2).start).toBe(25 * 3_600_000);
    expect(byDate(autumn, 3).coins).toBe(64);
    const months = await spendSeries(db, ME, 'month', { now: iso('2025-11-10T12:00:00Z'), timeZone: zone });
    expect(months.map((m) => m.coins)).toEqual(months.map((m) => spentIn(entries, m)));
    expect(months.find((m) => m.month === 3)!.coins).toBe(1 + 2 + 4 + 8);
  });

  it('counts unseen spending as spent, and says how much of it there is', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    const unseen: LedgerEntry = {
      kind: 'unseen-spend', id: entryIds.unseenSpend('balance:x'), at: now - 3_600_000, coins: 50, account: ME, source: 'balance-fall', parser: 1,
    };
    await write(db, [unseen, gift(now - 60_000, 5)]);
    const days = await spendSeries(db, ME, 'day', { now, timeZone: 'UTC' });
    expect(days[29]).toMatchObject({ coins: 55, unseenCoins: 50, gifts: 1 });
  });

  it('reads whole hours from rollups and only the cut hours from the ledger', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    const entries = Array.from({ length: 600 }, (_, i) => gift(now - i * 4_000_000, 1 + (i % 7)));
    await write(db, entries);
    const counts = new Map<string, number>();
    db.use(rowCounter(counts));
    const days = await spendSeries(db, ME, 'day', { now, timeZone: 'Asia/Kolkata' });
    expect(days.map((d) => d.coins)).toEqual(days.map((d) => spentIn(entries, d)));
    // 31 cut hours, each holding at most one of these entries (one every 66 minutes).
    expect(counts.get('ledger') ?? 0).toBeLessThanOrEqual(31);
    expect(counts.get('rollups') ?? 0).toBeLessThanOrEqual(31 * 24);
  });
});

describe('money per period', () => {
  const web = DEFAULT_BASES.find((b) => b.kind === 'web-package')!;
  const resolved: ResolvedBasis = { basis: web, chosen: 'web-package', fallbackReason: null };

  it('splits paid money from the estimate of coins of unknown price, per day', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    const day = 86_400_000;
    await write(db, [
      initialBalance(now - 5 * day, 100, ME), // held at install: unknown price
      recharge(now - 4 * day, 350, usd(370), ME),
      giftEntry('7480000000100000001', now - 3 * day, DOUGHNUT, 4), // 120 coins: 100 of unknown price + 20 paid
      giftEntry('7480000000100000002', now - 60_000, ROSE, 35), // 35 paid
    ]);
    const periods = lastDays(now, 'UTC', 30);
    const money = await moneySeries(db, ME, periods, resolved);
    expect(money[26]).toEqual({ paid: { USD: 21 }, unpricedCoins: 100, estimated: estimateAt(100, web) }); // 370 × 20 / 350
    expect(money[29]).toEqual({ paid: { USD: 37 }, unpricedCoins: 0, estimated: null }); // 370 × 55/350 − 21
    expect(money[20]).toEqual({ paid: {}, unpricedCoins: 0, estimated: null });
    expect(estimateAt(100, web)).toEqual(usd(106));
  });

  it('resolves the basis from the lifetime totals: your purchases once there are some, with the fallback said', async () => {
    const db = freshDb();
    const conversion = { basis: 'your-purchases' as const, customRate: null, diamondRate: null, exchangeRates: [] };
    const none = await basisFor(db, ME, conversion, 'USD');
    expect(none.basis.kind).toBe('web-package');
    expect(none.fallbackReason).toMatch(/no priced purchases/);
    await write(db, [recharge(iso('2025-03-01T10:00:00Z'), 700, usd(740), ME)]);
    const yours = await basisFor(db, ME, conversion, 'USD');
    expect(yours).toMatchObject({ basis: { kind: 'your-purchases', rate: { minor: 740, coins: 700, currency: 'USD' } }, fallbackReason: null });
  });
});

describe('balance over time', () => {
  const reading = (at: number, coins: number, account = ME): BalanceObservation =>
    ({ id: entryIds.balance(account, at, coins), account, at, coins, source: 'wallet' });

  it('is empty without readings', async () => {
    expect(await balanceSeries(freshDb(), ME, { now: Date.now() })).toEqual([]);
  });

  it('samples a large number of readings with one lookup per sample, newest last, none from ahead of the clock', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    const readings = Array.from({ length: 20_000 }, (_, i) => reading(now - i * 30 * 60_000, 10_000 + (i % 1000)));
    await db.balances.bulkPut([...readings, reading(now + 3_600_000, 1), reading(now - 60_000, 7, OTHER)]);
    const counts = new Map<string, number>();
    db.use(rowCounter(counts));
    const points = await balanceSeries(db, ME, { now, samples: 50 });
    expect(points.length).toBeGreaterThan(40);
    expect(points.length).toBeLessThanOrEqual(50);
    expect(points[points.length - 1]).toEqual({ at: now, coins: 10_000, raced: false });
    expect(points.every((p, i) => i === 0 || p.at > points[i - 1]!.at)).toBe(true);
    // Within the last year, each point is a real reading of this account.
    const mine = new Map(readings.map((r) => [r.at, r.coins]));
    expect(points.every((p) => mine.get(p.at) === p.coins)).toBe(true);
    expect(points[0]!.at).toBeGreaterThanOrEqual(now - 365 * 86_400_000 - 30 * 60_000);
    expect(counts.get('balances') ?? 0).toBeLessThanOrEqual(51 * 2);
  });

  it('shows every reading when there are few, after the one in force when the year began', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    const year = 365 * 86_400_000;
    await db.balances.bulkPut([reading(now - 2 * year, 1), reading(now - year - 1, 2), reading(now - 60_000, 3), reading(now - 30_000, 4)]);
    expect((await balanceSeries(db, ME, { now, samples: 10 })).map((p) => p.coins)).toEqual([2, 3, 4]);
  });

  it('keeps raced readings, marked', async () => {
    const db = freshDb();
    const now = iso('2025-03-12T17:00:00Z');
    await db.balances.bulkPut([reading(now - 7_200_000, 500), { ...reading(now - 3_600_000, 480), raced: true }]);
    expect(await balanceSeries(db, ME, { now, samples: 10 })).toEqual([
      { at: now - 7_200_000, coins: 500, raced: false },
      { at: now - 3_600_000, coins: 480, raced: true },
    ]);
  });
});

