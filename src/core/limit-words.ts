/**
 * How a limit is said to the user (badge tooltip, notifications, the blocked page): "1,000 coins a week",
 * "$5.00 a day to @creator". Pure: the caller hands in its message lookup (`t`) and the locale.
 * Amounts are in the cap's units: coins, or minor units of the cap's currency.
 */
import type { LimitCap, LimitPeriod, LimitScope } from './limits';
import { formatMoney, minorDigits } from './money';

export type Translate = (key: string, substitutions?: string[]) => string;

/** "1,200 coins" or "$12.00". */
export function amountText(t: Translate, amount: number, cap: LimitCap, locale: string): string {
  if (cap.kind === 'coins') return t('coinsAmount', [new Intl.NumberFormat(locale).format(amount)]);
  return formatMoney({ minor: amount, currency: cap.money.currency }, locale);
}

/** A few characters for the toolbar badge: "1.2K" coins, "$4.5" or "$1.2K". */
export function compactAmount(amount: number, cap: LimitCap, locale: string): string {
  if (cap.kind === 'coins') return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(amount);
  const major = amount / 10 ** minorDigits(cap.money.currency); // display only: the stored amount stays integral
  return new Intl.NumberFormat(locale, { style: 'currency', currency: cap.money.currency, notation: 'compact', maximumFractionDigits: 1 }).format(major);
}

/** "1,000 coins a week", "$5.00 every 10 days". A guard rule knows only its period's kind. */
export function limitText(t: Translate, cap: LimitCap, period: LimitPeriod | LimitPeriod['kind'], locale: string): string {
  const capText = amountText(t, cap.kind === 'coins' ? cap.coins : cap.money.minor, cap, locale);
  const kind = typeof period === 'string' ? period : period.kind;
  if (kind === 'day') return t('guardCapPerDay', [capText]);
  if (kind === 'week') return t('guardCapPerWeek', [capText]);
  if (kind === 'month') return t('guardCapPerMonth', [capText]);
  if (typeof period === 'object' && period.kind === 'custom') return t('guardCapPerDays', [capText, String(period.days)]);
  return t('guardCapPerPeriod', [capText]);
}

/** "1,000 coins a week", "… to @creator", "… in any one LIVE": the limit and what it counts. */
export function ruleText(t: Translate, rule: { cap: LimitCap; period: LimitPeriod | LimitPeriod['kind']; scope: LimitScope }, locale: string): string {
  const scope = scopeText(t, rule.scope);
  const limit = limitText(t, rule.cap, rule.period, locale);
  return scope ? `${limit} ${scope}` : limit;
}

/** "" (everything), "to @creator", "in any one LIVE". */
export function scopeText(t: Translate, scope: LimitScope): string {
  if (scope.kind === 'creator') return t('guardScopeCreator', [scope.handle ? `@${scope.handle.replace(/^@/, '')}` : scope.creator]);
  if (scope.kind === 'live') return t('guardScopeLive');
  return '';
}

/** "Mon, 7 Dec, 00:00" in the user's locale and zone. */
export function whenText(at: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(at);
}
