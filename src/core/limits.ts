/**
 * Spend limits (issue 9): the rule a user sets, and (below the types, to come) its pure evaluation: totals + rules +
 * now → one status per rule. No storage, no browser: the worker (background/limits/) and the views call it with
 * totals read from rollups and the cost basis, so a status costs the same at 1,000,000 entries as at 1,000.
 *
 * Vocabulary: a rule's *period* is a kind of window (day, week, month, every N days from a date); the *window* is the
 * occurrence of it that contains "now"; its *cap* is coins or money; *carry-over* says whether last window's unused
 * allowance or overspend moves into this one.
 */
import type { Money } from './money';
import { isCurrencyCode } from './money';
import { integer, object, oneOf, optional, string, tagged, type Check } from './schema';
import { limitWindow, previousWindow } from './limit-periods';
import type { WeekStart, Window } from './periods';

export type LimitAction = 'warn' | 'confirm' | 'block';
export type CarryOver = 'reset' | 'roll-unused' | 'carry-overspend';

/** What a rule counts. `creator` is creatorOf() of a gift (core/creator-days.ts): its creator id, else '@handle'. */
export type LimitScope =
  | { kind: 'all' }
  | { kind: 'creator'; creator: string; /** For display only; matching uses `creator`. */ handle?: string }
  /** Each LIVE session (room) on its own: "no more than 500 coins in any one LIVE". */
  | { kind: 'live' };

export type LimitPeriod =
  | { kind: 'day' }
  /** Starts on the week start of the settings. */
  | { kind: 'week' }
  | { kind: 'month' }
  /** Every `days` days from the local date `from` (YYYY-MM-DD, today or earlier when saved). */
  | { kind: 'custom'; days: number; from: string };

export type LimitCap = { kind: 'coins'; coins: number } | { kind: 'money'; money: Money };

export interface LimitRule {
  /** A UUID made by the page that creates it. */
  id: string;
  scope: LimitScope;
  period: LimitPeriod;
  cap: LimitCap;
  action: LimitAction;
  carryOver: CarryOver;
  /** How many one-spend overrides of a confirm or block this rule allows per window (0: none). */
  overridesPerPeriod: number;
  /** Confirm only: seconds before the dialog's Confirm is enabled (0: at once); restarts when the tab loses focus. */
  confirmDelaySeconds: number;
  /** Epoch ms; carry-over never reaches back before the window that contains it. */
  createdAt: number;
}

/** storage.local key of the rules (written only by the worker's settings door, background/handlers/limits.ts). */
export const LIMITS_KEY = 'limits';
export const MAX_RULES = 50;
export const MAX_CUSTOM_DAYS = 366;

const UUID: Check<string> = (value, path) =>
  typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? { ok: true, value } : { ok: false, reason: `${path}: expected a UUID` };
const LOCAL_DATE: Check<string> = (value, path) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
    ? { ok: true, value }
    : { ok: false, reason: `${path}: expected a date as YYYY-MM-DD` };
const currency: Check<string> = (value, path) =>
  isCurrencyCode(value) ? { ok: true, value } : { ok: false, reason: `${path}: expected an ISO 4217 currency code` };

export const limitScopeSchema: Check<LimitScope> = tagged('kind', {
  all: object({ kind: oneOf(['all'] as const) }),
  creator: object({ kind: oneOf(['creator'] as const), creator: string(100), handle: optional(string(100)) }),
  live: object({ kind: oneOf(['live'] as const) }),
});
export const limitPeriodSchema: Check<LimitPeriod> = tagged('kind', {
  day: object({ kind: oneOf(['day'] as const) }),
  week: object({ kind: oneOf(['week'] as const) }),
  month: object({ kind: oneOf(['month'] as const) }),
  custom: object({ kind: oneOf(['custom'] as const), days: integer(1, MAX_CUSTOM_DAYS), from: LOCAL_DATE }),
});
export const limitCapSchema: Check<LimitCap> = tagged('kind', {
  coins: object({ kind: oneOf(['coins'] as const), coins: integer(0, 1e12) }),
  money: object({ kind: oneOf(['money'] as const), money: object({ minor: integer(0, 1e12), currency }) }),
});

/**
 * The stored and messaged shape. Only the shape: whether a rule may be saved *now* (a period start in the past or
 * today, a creator that was seen, no weakening under a lock) is the settings door's business.
 */
export const limitRuleSchema: Check<LimitRule> = object({
  id: UUID,
  scope: limitScopeSchema,
  period: limitPeriodSchema,
  cap: limitCapSchema,
  action: oneOf(['warn', 'confirm', 'block'] as const),
  carryOver: oneOf(['reset', 'roll-unused', 'carry-overspend'] as const),
  overridesPerPeriod: integer(0, 100),
  confirmDelaySeconds: integer(0, 600),
  createdAt: integer(0, 8.64e15),
});

/** One rule's standing now. Units are the cap's: coins, or minor units of the cap's currency. */
export interface LimitStatus {
  ruleId: string;
  /** The window that contains "now" (half-open, epoch ms). */
  start: number;
  end: number;
  /** The cap after carry-over (may be below the rule's cap, never below 0). */
  cap: number;
  used: number;
  /** cap − used, never below 0. */
  left: number;
  /** used ÷ cap × 100, rounded down; 100 when the cap is 0 and anything or nothing was used. */
  percent: number;
  /** When the window ends and the count starts again (= end). */
  resetsAt: number;
  /** Money caps: part of `used` is priced at an estimate (coins whose price Coinsight did not see). */
  estimated: boolean;
  /** For `live` rules: the room this status is for (the one being watched); absent for other scopes. */
  roomId?: string;
}

/** What a rule counted in one window, in the cap's units (coins, or minor units of the cap's currency). */
export interface WindowUsage {
  used: number;
  /** Part of `used` is an estimate (money caps: coins whose price Coinsight did not see, or a typed exchange rate). */
  estimated: boolean;
}

/** What a rule counted this window and, when carry-over needs it, in the window before (null: not needed or none). */
export interface LimitUsage {
  current: WindowUsage;
  previous: WindowUsage | null;
}

/** The windows a rule's status reads: the one containing `now`, and the previous one when carry-over reaches it. */
export interface UsageWindows {
  current: Window;
  /** null for `reset`, and for the window that contains createdAt (carry-over never reaches before the rule existed). */
  previous: Window | null;
}

export function usageWindows(rule: LimitRule, now: number, timeZone: string, weekStart: WeekStart): UsageWindows {
  const current = limitWindow(rule.period, now, timeZone, weekStart);
  // The previous window may be carried over only if it is the window that contains createdAt or a later one, i.e. when
  // the rule existed before this window began. Spending before the rule was made never moves an allowance.
  const carries = rule.carryOver !== 'reset' && rule.createdAt < current.start;
  return { current, previous: carries ? previousWindow(rule.period, current, timeZone, weekStart) : null };
}

export function capAmount(cap: LimitCap): number {
  return cap.kind === 'coins' ? cap.coins : cap.money.minor;
}

/**
 * This window's cap after carry-over. One window back only, and from the rule's own cap (no compounding: what the
 * previous window itself received by carry-over is not passed on again), never reaching before the window containing
 * createdAt (usageWindows gives no previous window then):
 * - reset: the rule's cap;
 * - roll-unused: cap + what the previous window left unused (cap − used, if positive);
 * - carry-overspend: cap − what the previous window went over (used − cap, if positive), never below 0.
 */
export function carriedCap(rule: LimitRule, previousUsed: number | null): number {
  const base = capAmount(rule.cap);
  if (previousUsed === null) return base;
  switch (rule.carryOver) {
    case 'reset':
      return base;
    case 'roll-unused':
      return base + Math.max(0, base - previousUsed);
    case 'carry-overspend':
      return Math.max(0, base - Math.max(0, previousUsed - base));
  }
}

/** A rule's standing at `now`, from what it counted (read by queries/limit-usage.ts for usageWindows' windows). */
export function evaluate(rule: LimitRule, usage: LimitUsage, now: number, timeZone: string, weekStart: WeekStart): LimitStatus {
  const windows = usageWindows(rule, now, timeZone, weekStart);
  const previous = windows.previous ? usage.previous : null;
  const cap = carriedCap(rule, previous?.used ?? null);
  const used = usage.current.used;
  return {
    ruleId: rule.id,
    start: windows.current.start,
    end: windows.current.end,
    cap,
    used,
    left: Math.max(0, cap - used),
    percent: cap === 0 ? 100 : Math.floor((used * 100) / cap),
    resetsAt: windows.current.end,
    estimated: usage.current.estimated || (previous?.estimated ?? false),
  };
}

/** The status the badge shows: the highest percent; on a tie, the least left. null without statuses. */
export function tightest(statuses: readonly LimitStatus[]): LimitStatus | null {
  let best: LimitStatus | null = null;
  for (const status of statuses) {
    if (!best || status.percent > best.percent || (status.percent === best.percent && status.left < best.left)) best = status;
  }
  return best;
}
