/**
 * What the welcome page's one "Finish" does, as a pure function: the typed fields in, the steps to send to the worker
 * out (settings, then the first limit, then the lock: a lock set first would make the limit wait for an unlock), or
 * every field's refusal at once. The limit is read by the options editor's own reader (limit-form.ts, which runs the
 * worker's limitProblems) and the PIN by the lock's own rule (pinProblem), so the welcome never accepts what the
 * options page or the worker would refuse.
 */
import type { LimitAction, LimitRule } from '../core/limits';
import { PIN_MIN_LENGTH, pinProblem } from '../core/lock/pin-hash';
import type { WeekStart } from '../core/periods';
import type { SettingsPatch } from '../platform/settings';
import type { Problem } from '../options/forms';
import { blankLimitFields, readLimitForm } from '../options/limit-form';

export interface WelcomeFields {
  currency: string;
  weekStart: WeekStart;
  /** A weekly cap in whole coins, as typed; '' = no first limit. */
  limitCoins: string;
  limitAction: LimitAction;
  /** The PIN typed twice; both '' = no lock. */
  pin: string;
  pinAgain: string;
}
export type WelcomeField = 'limitCoins' | 'pin' | 'pinAgain';

export type WelcomeStep =
  | { kind: 'settings'; patch: SettingsPatch }
  | { kind: 'limit'; rule: LimitRule }
  | { kind: 'lock'; pin: string };

export interface WelcomeContext {
  locale: string;
  /** YYYY-MM-DD in the user's time zone. */
  today: string;
  now: number;
  /** The first limit's id, made once per page: a Finish tried again after a refusal updates the same limit. */
  ruleId: string;
  /** false when a lock is already set (the page was opened again later): no PIN is asked for. */
  lockOffered: boolean;
}

export type WelcomePlan = { ok: true; steps: WelcomeStep[] } | { ok: false; errors: Partial<Record<WelcomeField, Problem>> };

export function planWelcome(fields: WelcomeFields, context: WelcomeContext): WelcomePlan {
  const errors: Partial<Record<WelcomeField, Problem>> = {};
  const steps: WelcomeStep[] = [{ kind: 'settings', patch: { displayCurrency: fields.currency, weekStart: fields.weekStart } }];

  if (fields.limitCoins.trim() !== '') {
    const read = readLimitForm({ ...blankLimitFields(fields.currency, context.today), cap: fields.limitCoins, action: fields.limitAction }, {
      locale: context.locale, today: context.today, seenCreators: [], now: context.now, editing: null, newId: () => context.ruleId,
    });
    // A weekly all-creator rule in coins can only be refused for its cap; any other refusal would be a bug worth seeing.
    if (read.ok) steps.push({ kind: 'limit', rule: read.value });
    else errors.limitCoins = read.errors.cap ?? Object.values(read.errors)[0];
  }

  if (context.lockOffered && (fields.pin !== '' || fields.pinAgain !== '')) {
    const refused = pinProblem(fields.pin);
    if (refused) errors.pin = { key: refused, args: [String(PIN_MIN_LENGTH)] };
    else if (fields.pin !== fields.pinAgain) errors.pinAgain = { key: 'lockPinMismatch', args: [] };
    else steps.push({ kind: 'lock', pin: fields.pin });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, steps };
}

/**
 * Sends the steps in order, each through `apply`, skipping a limit or a lock `saved` says the worker already took (the
 * settings are sent every time: they may have changed since). Stops at the first refusal, which it throws; what was
 * saved before it stays in `saved`, so Finish again sends only the rest and never adds a second limit.
 */
export async function applyWelcome(steps: readonly WelcomeStep[], saved: Set<WelcomeStep['kind']>, apply: (step: WelcomeStep) => Promise<unknown>): Promise<void> {
  for (const step of steps) {
    if (step.kind !== 'settings' && saved.has(step.kind)) continue;
    await apply(step);
    saved.add(step.kind);
  }
}
