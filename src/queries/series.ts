/**
 * Spend and balance over time, for the charts, in a bounded number of rows whatever the ledger's size: spend per local
 * day (30) and per local month (12) from the hourly rollups (at most ~8,800 rows for a year, plus the entries of hours
 * a :30/:45 zone cuts), money per period from the cost basis (queries/cost.ts), and the balance sampled at a fixed
 * number of instants (one index lookup each), so a million balance observations cost what a hundred do.
 */
import { Dexie } from 'dexie';
import { resolveBasis, estimateAt, type ResolvedBasis } from '../core/conversion';
import type { BalanceObservation } from '../core/ledger';
import type { Money, MoneyTotals } from '../core/money';
import { LIFETIME_BUCKET, addRollup, emptyTotals, spentCoins, HOUR, type Totals } from '../core/rollups';
import { hoursOf, lastDays, lastMonths, sampleInstants, totalsByPeriod, type Period } from '../core/series';
import { MAX_CLOCK_SKEW_MS } from '../platform/clock';
import type { CoinsightDb } from '../platform/db';
import type { ConversionSettings } from '../platform/settings';
import { spendMoneyIn, unpricedTotal } from './cost';

export type SeriesKind = 'day' | 'month';
export const SERIES_LENGTH: Record<SeriesKind, number> = { day: 30, month: 12 };

export interface SpendPoint extends Period {
  /** Coins spent: gifts plus unseen spending. */
  coins: number;
  unseenCoins: number;
  gifts: number;
}

export interface SeriesOptions {
  now: number;
  timeZone: string;
}

/** Spend per local day (the last 30, today included) or per local month (the last 12, this one included). */
export async function spendSeries(db: CoinsightDb, account: string, kind: SeriesKind, options: SeriesOptions): Promise<SpendPoint[]> {
  const periods = (kind === 'day' ? lastDays : lastMonths)(options.now, options.timeZone, SERIES_LENGTH[kind]);
  const { from, to, cut } = hoursOf(periods);
  const [rows, cutEntries] = await db.transaction('r', [db.ledger, db.rollups], () => Promise.all([
    db.rollups.where('[account+bucket]').between([account, from], [account, to], true, true).toArray(),
    Promise.all([...cut].map((bucket) =>
      db.ledger.where('[account+at]').between([account, bucket * HOUR], [account, (bucket + 1) * HOUR], true, false).toArray())),
  ]));
  const totals = totalsByPeriod(periods, rows, cutEntries.flat());
  return periods.map((period, i) => {
    const t = totals[i]!;
    return { ...period, coins: spentCoins(t), unseenCoins: t.unseenSpendCoins, gifts: t.gifts };
  });
}

/** Paid money per currency and the estimate for coins of unknown price, with the basis that priced them. */
export interface PeriodMoney {
  paid: MoneyTotals;
  unpricedCoins: number;
  estimated: Money | null;
}

/** The basis estimates use for this account now: the user's choice, resolved against the lifetime totals. */
export async function basisFor(db: CoinsightDb, account: string, conversion: ConversionSettings, currency: string): Promise<ResolvedBasis> {
  const row = await db.rollups.get([account, LIFETIME_BUCKET]);
  const lifetime: Totals = row ? addRollup(emptyTotals(), row) : emptyTotals();
  return resolveBasis(conversion.basis, lifetime, conversion.customRate, currency);
}

/** Money per period through spendMoneyIn (the cost basis' one contract), oldest first. */
export async function moneySeries(db: CoinsightDb, account: string, periods: readonly Period[], basis: ResolvedBasis): Promise<PeriodMoney[]> {
  const out: PeriodMoney[] = [];
  for (const period of periods) {
    const money = await spendMoneyIn(db, account, period);
    const unpricedCoins = unpricedTotal(money);
    out.push({ paid: money.paid, unpricedCoins, estimated: unpricedCoins > 0 ? estimateAt(unpricedCoins, basis.basis) : null });
  }
  return out;
}

export interface BalancePoint {
  at: number;
  coins: number;
  raced: boolean;
}

/** Samples of the balance at most this far back. */
export const BALANCE_SPAN_MS = 365 * 86_400_000;
export const BALANCE_SAMPLES = 90;

/**
 * The balance over the last year (or since the first reading): every reading when there are at most `samples` of them,
 * else the newest reading at or before each of `samples` evenly spaced instants, one index lookup each, so the cost
 * does not grow with the observations. Readings dated ahead of the clock (taken while it ran ahead) are left out, as
 * the Balance view does. Oldest first, no repeats.
 */
export async function balanceSeries(db: CoinsightDb, account: string, options: { now: number; samples?: number; spanMs?: number }): Promise<BalancePoint[]> {
  const end = options.now + MAX_CLOCK_SKEW_MS;
  const samples = options.samples ?? BALANCE_SAMPLES;
  const point = (reading: BalanceObservation): BalancePoint => ({ at: reading.at, coins: reading.coins, raced: reading.raced === true });
  return db.transaction('r', db.balances, async () => {
    const between = (from: number, upTo: number) => db.balances.where('[account+at]').between([account, from], [account, upTo], true, true);
    const since = options.now - (options.spanMs ?? BALANCE_SPAN_MS);
    // The reading in force when the span starts, then the span's own readings if they are few enough to show them all.
    const before = await between(Dexie.minKey as number, since).last();
    const first = await between(since, end).limit(samples + 1).toArray();
    if (first.length <= samples) return [...(before ? [before] : []), ...first].map(point);
    const start = before ? since : first[0]!.at;
    const readings = await Promise.all(sampleInstants(start, end, samples).map((at) => between(Dexie.minKey as number, at).last()));
    const seen = new Set<string>();
    const points: BalancePoint[] = [];
    for (const reading of readings) {
      if (!reading || seen.has(reading.id)) continue;
      seen.add(reading.id);
      points.push(point(reading));
    }
    return points;
  });
}
