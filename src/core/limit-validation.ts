/**
 * Whether a limit may be saved now: what the options editor shows beside the field and what the worker's settings
 * door refuses (the same function, so the two can never disagree). The shape is limitRuleSchema's business; this is
 * about meaning. Each problem names its field and a message key (the editor shows t(key)).
 */
import type { LimitRule } from './limits';

export interface LimitProblem {
  field: 'scope' | 'creator' | 'period' | 'from' | 'days' | 'cap' | 'currency' | 'overrides' | 'delay';
  /** A key of _locales/<lang>/messages.json. */
  message: string;
}

export interface LimitContext {
  /** The user's local date today, YYYY-MM-DD (in the settings' time zone). */
  today: string;
  /** creatorOf() keys of the creators the ledger has seen gifts to. */
  seenCreators: ReadonlySet<string>;
}

export function limitProblems(rule: LimitRule, context: LimitContext): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (rule.scope.kind === 'creator' && !context.seenCreators.has(rule.scope.creator)) {
    problems.push({ field: 'creator', message: 'limitCreatorUnknown' });
  }
  if (rule.period.kind === 'custom') {
    if (rule.period.from > context.today) problems.push({ field: 'from', message: 'limitStartInFuture' });
    if (!Number.isSafeInteger(rule.period.days) || rule.period.days < 1) problems.push({ field: 'days', message: 'limitDaysInvalid' });
  }
  const amount = rule.cap.kind === 'coins' ? rule.cap.coins : rule.cap.money.minor;
  if (!Number.isSafeInteger(amount) || amount < 0) problems.push({ field: 'cap', message: 'limitCapInvalid' });
  if (rule.action === 'warn' && rule.overridesPerPeriod > 0) problems.push({ field: 'overrides', message: 'limitOverridesNeedHold' });
  if (rule.action !== 'confirm' && rule.confirmDelaySeconds > 0) problems.push({ field: 'delay', message: 'limitDelayNeedsConfirm' });
  return problems;
}
