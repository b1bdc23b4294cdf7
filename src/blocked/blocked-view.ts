/**
 * What the blocked page says (pure): what is blocked, by which limit, until when. The page is where `/coin` is sent
 * while an all-scope block is on (background/limits/enforce.ts); it reads the same stored guard state the rules come
 * from, and the rules themselves for the period's words. Opened when nothing blocks (the block was lifted while the
 * tab was loading, or by hand), it says so.
 */
import type { GuardState } from '../core/guard-state';
import type { LimitRule } from '../core/limits';
import { isManagedRuleId } from '../core/managed/ids';
import { ruleText, type Translate } from '../core/limit-words';
import { blockingRules } from '../background/limits/enforce';

export interface BlockedView {
  blocked: boolean;
  heading: string;
  what: string;
  /** One line per blocking limit. */
  why: string[];
  until: string | null;
}

export function blockedView(state: GuardState, rules: LimitRule[], now: number, words: { t: Translate; locale: string; timeZone: string }): BlockedView {
  const { t, locale, timeZone } = words;
  const blocking = blockingRules(state, now);
  if (blocking.length === 0) return { blocked: false, heading: t('blockedNoneHeading'), what: t('blockedNoneBody'), why: [], until: null };
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const why = blocking.map((rule) => t(isManagedRuleId(rule.id) ? 'parentBlockedWhyManaged' : 'blockedWhy', [ruleText(t, { cap: rule.cap, period: byId.get(rule.id)?.period ?? rule.period, scope: { kind: 'all' } }, locale)]));
  // Everything stays blocked until the last blocking window ends.
  const until = Math.max(...blocking.map((rule) => rule.resetsAt));
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(until);
  return { blocked: true, heading: t('blockedHeading'), what: t('blockedWhat'), why, until: t('blockedUntil', [when]) };
}
