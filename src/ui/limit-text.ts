/**
 * How a limit and its standing read, shared by the options page's list and the popup's panel: pure functions of a
 * rule, its status and a translator (t() in the pages, the English messages in tests). Every number and date is
 * formatted with Intl in the user's locale and time zone. Amounts are in the cap's units (coins, or minor units of the
 * cap's currency), as LimitStatus gives them.
 */
import type { LimitRule, LimitStatus } from '../core/limits';
import type { OverrideRecord } from '../platform/protocol';
import { formatMoney } from '../core/money';
import { formatCoins, formatDateTime } from './format';

export type Translate = (key: string, args?: string[]) => string;

/** An amount in the rule's cap units: "1,000 coins" or "$10.50". */
export function capAmount(rule: LimitRule, amount: number, locale: string, tr: Translate): string {
  return rule.cap.kind === 'coins'
    ? tr('coinsAmount', [formatCoins(amount, locale)])
    : formatMoney({ minor: amount, currency: rule.cap.money.currency }, locale);
}

export function scopeText(rule: LimitRule, tr: Translate): string {
  if (rule.scope.kind !== 'creator') return tr(`limitScope_${rule.scope.kind}`);
  return tr('limitScopeCreator', [rule.scope.handle ? `@${rule.scope.handle}` : rule.scope.creator]);
}

export function periodText(rule: LimitRule, locale: string, tr: Translate): string {
  if (rule.period.kind !== 'custom') return tr(`limitPeriod_${rule.period.kind}`);
  // The start is a calendar date: formatted at noon UTC in UTC, so no zone can move it to another day.
  const from = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${rule.period.from}T12:00:00Z`));
  return tr('limitPeriodCustom', [formatCoins(rule.period.days, locale), from]);
}

export const actionText = (rule: LimitRule, tr: Translate): string => tr(`limitAction_${rule.action}`);
export const carryText = (rule: LimitRule, tr: Translate): string => tr(`limitCarry_${rule.carryOver.replaceAll('-', '_')}`);

/** When the count starts again: weekday, date and time in the user's zone ("Mon, Dec 7, 12:00 AM"). */
export function resetsAtText(at: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(at);
}

export interface StandingText {
  /** "600 coins of 1,000 coins" */
  used: string;
  /** "400 coins left" */
  left: string;
  /** "resets Mon, Dec 7, 12:00 AM" */
  resets: string;
  /** 0–100, the progress bar's value (a status over its cap says more than 100). */
  bar: number;
  /** The bar's colour: the badge's thresholds (50 / 80 / 100 %). */
  level: 'low' | 'half' | 'high' | 'over';
  /** Money caps: part of what is used is priced at an estimate, and is labelled so. */
  estimated: boolean;
}

export function standingText(rule: LimitRule, status: LimitStatus, locale: string, timeZone: string, tr: Translate): StandingText {
  const amount = (value: number) => capAmount(rule, value, locale, tr);
  const estimated = rule.cap.kind === 'money' && status.estimated;
  // An estimated money figure reads "≈ $3.20 (estimated)", as every other estimate in Coinsight does.
  const money = (value: number) => (estimated ? tr('estimated', [amount(value)]) : amount(value));
  return {
    used: tr('limitUsedOf', [money(status.used), amount(status.cap)]),
    left: tr('limitLeft', [money(status.left)]),
    resets: tr('limitResets', [resetsAtText(status.resetsAt, locale, timeZone)]),
    bar: Math.max(0, Math.min(100, status.percent)),
    level: status.percent >= 100 ? 'over' : status.percent >= 80 ? 'high' : status.percent >= 50 ? 'half' : 'low',
    estimated,
  };
}

/** The status of each rule, by rule id (a `live` rule's status may be missing when no LIVE is counted yet). */
export function statusesById(statuses: readonly LimitStatus[]): Map<string, LimitStatus> {
  return new Map(statuses.map((status) => [status.ruleId, status]));
}

export interface OverrideLine {
  id: string;
  when: string;
  limit: string;
  reason: string;
  amount: string;
}

/** The override log's rows, newest first: when, which limit (or that it was deleted since), the reason, the amount. */
export function overrideLines(records: readonly OverrideRecord[], rules: readonly LimitRule[], locale: string, tr: Translate): OverrideLine[] {
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  return [...records].sort((a, b) => b.at - a.at).map((record) => {
    const rule = ruleById.get(record.ruleId);
    return {
      id: record.id,
      when: formatDateTime(record.at, locale),
      limit: rule ? `${scopeText(rule, tr)} · ${periodText(rule, locale, tr)}` : tr('limitOverrideRuleGone'),
      reason: record.reason,
      amount: record.coins === null ? tr('limitOverrideAmountUnknown') : tr('coinsAmount', [formatCoins(record.coins, locale)]),
    };
  });
}
