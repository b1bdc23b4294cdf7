/**
 * Words and figures of the limit dialog and strip. Text comes from the extension's messages (public/_locales) through
 * the content scripts' own i18n API: the polyfill behind platform/i18n.ts is too big to load into TikTok's pages.
 */
import type { GuardRule } from '../../core/guard-state';
import type { LimitPeriod } from '../../core/limits';
import { formatMoney } from '../../core/money';

interface I18nApi { i18n: { getMessage(key: string, substitutions?: string | string[]): string } }

export function t(key: string, substitutions?: string | string[]): string {
  const scope = globalThis as { browser?: I18nApi; chrome?: I18nApi };
  const text = (scope.browser ?? scope.chrome)?.i18n.getMessage(key, substitutions);
  return text || key;
}

export const coinsText = (coins: number): string => Math.max(0, coins).toLocaleString();

/** "this week": how the period reads inside a sentence. */
export function periodWords(kind: LimitPeriod['kind']): string {
  if (kind === 'day') return t('limitInDay');
  if (kind === 'week') return t('limitInWeek');
  if (kind === 'month') return t('limitInMonth');
  return t('limitInPeriod');
}

/** When a window ends: "Mon 00:00" within a week, else "1 Mar 00:00" (local time, the browser's words). */
export function resetText(at: number, now = Date.now()): string {
  const soon = at - now < 6 * 24 * 60 * 60 * 1000;
  return new Date(at).toLocaleString(undefined, soon
    ? { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** A figure in the cap's units: coins, or minor units of the cap's currency. */
export function capUnits(rule: Pick<GuardRule, 'cap'>, value: number): string {
  return rule.cap.kind === 'money'
    ? formatMoney({ minor: Math.max(0, value), currency: rule.cap.money.currency })
    : value === 1 ? t('limitOneCoin') : t('limitCoins', coinsText(value));
}

/** "1,200 coins are left this week." / "1 coin is left today." (the messages have no plural forms of their own). */
export function leftText(rule: Pick<GuardRule, 'cap' | 'period'>, left: number): string {
  const key = rule.cap.kind === 'coins' && left === 1 ? 'limitLeftInOne' : 'limitLeftIn';
  return t(key, [capUnits(rule, left), periodWords(rule.period)]);
}
