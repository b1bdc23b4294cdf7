/**
 * What each limit has used in a window, summed over every account (a limit is the person's, not one TikTok login's),
 * read in a bounded number of rows whatever the ledger's size (docs/PERFORMANCE.md, "Limits"):
 * - spending (scope all, coins) = gift coins + unseen-spend coins, from hourly rollups (totalsIn: whole hours from
 *   rollup rows, the partial edge hours from their entries);
 * - money caps: the cost basis (spendMoneyIn: hour cost rows + edge hours), priced into the cap's currency by
 *   core/limit-money.ts (exact where paid in it, estimated otherwise);
 * - one creator: the per-creator day rows (core/creator-days.ts) for whole UTC days plus the ledger for the edge days
 *   and for any part of the window before the rows began, as queries/creators.ts does; a money cap takes the creator's
 *   share of the window's cost (exact when the creator had all of the window's spending, else estimated);
 * - one LIVE: per room, from the gifts of the last LIVE_LOOKBACK_MS of the window (see there why that is bounded).
 * One UsageReader serves one refresh: rules that share a window share its reads.
 */
import { Dexie } from 'dexie';
import { resolveBasis } from '../core/conversion';
import { SINCE_KEY, creatorOf, planDays } from '../core/creator-days';
import type { GiftEntry } from '../core/ledger';
import { moneyUsed, shareOf, type CapPricing, type SpendCost } from '../core/limit-money';
import { usageWindows, type LimitRule, type LimitUsage, type WindowUsage } from '../core/limits';
import type { WeekStart, Window } from '../core/periods';
import { LIFETIME_BUCKET, addRollup, emptyTotals, type Totals } from '../core/rollups';
import type { CoinsightDb } from '../platform/db';
import type { Settings } from '../platform/settings';
import { totalsIn } from './balance';
import { spendMoneyIn } from './cost';
import { addSpendCost, emptySpendMoney, type SpendMoney } from './spend-money';

/** How many of the last answered gifts spentThrough() reads: more than a quick streak keeps in flight at once. */
const RECENT_ANSWERS = 50;

/**
 * How far back a `live` rule looks for a room's gifts. The ledger has no index by room, so a room's spending is found
 * among the gifts of a time range: bounding that range by how long a LIVE lasts (TikTok ends a LIVE after hours, not
 * days) keeps the read to one session's worth of gifts, whatever the ledger's size. A room's gifts older than this
 * (a LIVE left running for over a day) are not counted toward its rule: documented in DESIGN-NOTES.md, "Limits".
 */
export const LIVE_LOOKBACK_MS = 24 * 3_600_000;

export interface UsageOptions {
  now: number;
  timeZone: string;
  weekStart: WeekStart;
  settings: Settings;
}

/**
 * The keys a creator rule matches: its creator key and, when known, '@handle' (the tap matches sends by either). The
 * day rows are keyed by creatorOf (the id, else '@handle'), so a rule keyed by id (the door turns '@handle' into the id
 * when the ledger knows it) finds the rows of gifts recorded with or without the id.
 */
export function creatorKeys(rule: LimitRule): string[] {
  if (rule.scope.kind !== 'creator') return [];
  const keys = [rule.scope.creator];
  if (rule.scope.handle && `@${rule.scope.handle}` !== rule.scope.creator) keys.push(`@${rule.scope.handle}`);
  return keys;
}


const spendCoins = (totals: Totals): number => totals.giftCoins + totals.unseenSpendCoins;

export class UsageReader {
  private accountsRead: Promise<string[]> | null = null;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(private readonly db: CoinsightDb, private readonly options: UsageOptions) {}

  /** Every account with entries: the accounts table, plus the newest entry's (one index lookup) for ledgers without it. */
  accounts(): Promise<string[]> {
    this.accountsRead ??= (async () => {
      const rows = await this.db.accounts.toArray();
      const newest = await this.db.ledger.orderBy('at').last();
      return [...new Set([...rows.map((row) => row.uid), ...(newest ? [newest.account] : [])])];
    })();
    return this.accountsRead;
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let held = this.memo.get(key) as Promise<T> | undefined;
    if (!held) {
      held = read();
      this.memo.set(key, held);
    }
    return held;
  }

  /** Coins spent (gifts + unseen spending) in the window, all accounts. */
  spentCoins(window: Window): Promise<number> {
    return this.once(`coins:${window.start}:${window.end}`, async () => {
      let coins = 0;
      for (const account of await this.accounts()) coins += spendCoins(await totalsIn(this.db, account, window));
      return coins;
    });
  }

  /** What the window's spending cost (paid per currency + coins of unknown price), all accounts. */
  spendMoney(window: Window): Promise<SpendMoney> {
    return this.once(`money:${window.start}:${window.end}`, async () => {
      let total = emptySpendMoney();
      for (const account of await this.accounts()) total = addSpendCost(total, await spendMoneyIn(this.db, account, window));
      return total;
    });
  }

  /** How coins are priced into `currency`: the user's chosen basis, resolved against all accounts' purchases. */
  pricing(currency: string): Promise<CapPricing> {
    return this.once(`pricing:${currency}`, async () => {
      let lifetime = emptyTotals();
      for (const account of await this.accounts()) {
        const row = await this.db.rollups.get([account, LIFETIME_BUCKET]);
        if (row) lifetime = addRollup(lifetime, row);
      }
      const { conversion } = this.options.settings;
      const resolved = resolveBasis(conversion.basis, lifetime, conversion.customRate, currency);
      return { currency, basis: resolved.basis, rates: conversion.exchangeRates };
    });
  }

  /** Coins given to the creator matching `keys` in the window, all accounts. */
  creatorCoins(window: Window, keys: readonly string[]): Promise<number> {
    return this.once(`creator:${window.start}:${window.end}:${keys.join(' ')}`, async () => {
      const since = await this.db.creatorDays.get(SINCE_KEY);
      const plan = planDays(window);
      const rowsComplete = !!since && 'since' in since && window.start >= since.since && plan.wholeDays !== null;
      let coins = 0;
      for (const account of await this.accounts()) {
        const ledgerParts = rowsComplete ? plan.edges : [window];
        for (const part of ledgerParts) {
          for (const gift of await this.giftsIn(account, part)) {
            if (keys.includes(creatorOf(gift))) coins += gift.coins; // as the day rows are keyed
          }
        }
        if (rowsComplete && plan.wholeDays) {
          // The rows of exactly this creator, by key: days × keys gets, however many other creators those days had.
          const { from, to } = plan.wholeDays;
          const wanted: [string, number, string][] = [];
          for (let day = from; day < to; day++) for (const key of keys) wanted.push([account, day, key]);
          for (const row of await this.db.creatorDays.bulkGet(wanted)) if (row && 'coins' in row) coins += row.coins;
        }
      }
      return coins;
    });
  }

  /** Coins per room over the last LIVE_LOOKBACK_MS of the window (to now), all accounts. */
  roomCoins(window: Window): Promise<Map<string, number>> {
    const range = { start: Math.max(window.start, this.options.now - LIVE_LOOKBACK_MS), end: window.end };
    return this.once(`rooms:${range.start}:${range.end}`, async () => {
      const rooms = new Map<string, number>();
      if (range.end <= range.start) return rooms;
      for (const account of await this.accounts()) {
        for (const gift of await this.giftsIn(account, range)) rooms.set(gift.roomId, (rooms.get(gift.roomId) ?? 0) + gift.coins);
      }
      return rooms;
    });
  }

  private async giftsIn(account: string, window: Window): Promise<GiftEntry[]> {
    const entries = await this.db.ledger.where('[account+at]').between([account, window.start], [account, window.end], true, false).toArray();
    return entries.filter((entry): entry is GiftEntry => entry.kind === 'gift');
  }

  /** What `rule` used in `window` (for a `live` rule, in `roomId`), in the cap's units. */
  async usedIn(rule: LimitRule, window: Window, roomId: string | null): Promise<WindowUsage> {
    const coins = await this.scopeCoins(rule, window, roomId);
    if (rule.cap.kind === 'coins') return { used: coins, estimated: false };
    const windowMoney = await this.spendMoney(window);
    const part: SpendCost = rule.scope.kind === 'all' ? windowMoney : shareOf(windowMoney, coins);
    const priced = moneyUsed(part, await this.pricing(rule.cap.money.currency));
    const shared = rule.scope.kind !== 'all' && coins < windowMoney.coins;
    // Unpriceable (no basis reaches the cap's currency): fail closed, the cap counts as reached.
    if (priced.unpriceable) return { used: Math.max(priced.minor, rule.cap.money.minor), estimated: true };
    return { used: priced.minor, estimated: priced.estimated || (shared && coins > 0) };
  }

  private async scopeCoins(rule: LimitRule, window: Window, roomId: string | null): Promise<number> {
    switch (rule.scope.kind) {
      case 'all':
        return this.spentCoins(window);
      case 'creator':
        return this.creatorCoins(window, creatorKeys(rule));
      case 'live':
        return roomId === null ? 0 : (await this.roomCoins(window)).get(roomId) ?? 0;
    }
  }

  /** What `rule` used this window and, when carry-over needs it, the window before. */
  async usage(rule: LimitRule, roomId: string | null = null): Promise<LimitUsage> {
    const windows = usageWindows(rule, this.options.now, this.options.timeZone, this.options.weekStart);
    const [current, previous] = await Promise.all([
      this.usedIn(rule, windows.current, roomId),
      windows.previous ? this.usedIn(rule, windows.previous, roomId) : Promise.resolve(null),
    ]);
    return { current, previous };
  }

  /**
   * The guard state's `spentThrough` (core/guard-state.ts): when the newest recorded send left the page (`sentAt`, the
   * tap's clock; `at` for entries without one), among the last gifts answered. A tap forgets the sends it let through
   * up to this moment, as the statuses count them. Not the newest answer's `at`: sends that left before an answer
   * came, still in flight, would be forgotten unrecorded and slip past a cap. The last few, not only the newest: answers
   * may come out of order, and a send counted by the ledger must not be counted again by the tap.
   */
  async spentThrough(): Promise<number> {
    const recent = await this.db.ledger.where('[kind+at]').between(['gift', Dexie.minKey], ['gift', Dexie.maxKey]).reverse().limit(RECENT_ANSWERS).toArray();
    let through = 0;
    for (const entry of recent) through = Math.max(through, (entry as GiftEntry).sentAt ?? entry.at);
    return through;
  }
}
