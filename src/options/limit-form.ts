/**
 * What the limits editor's form means, as pure functions: the typed fields in, a LimitRule or a refusal per field out.
 * The typed parts (cap, days, overrides, delay, the start date) are read here; what a rule means (a creator that was
 * seen, a start today or earlier…) is core/limit-validation.ts limitProblems, the very function the worker's door
 * refuses with, so the editor and the worker never disagree. Every refusal is a message key shown beside its field.
 */
import type { CarryOver, LimitAction, LimitCap, LimitPeriod, LimitRule, LimitScope } from '../core/limits';
import { MAX_CUSTOM_DAYS } from '../core/limits';
import { limitProblems, type LimitProblem } from '../core/limit-validation';
import { parseCoinsInput, parsePriceInput } from '../core/price-input';
import type { Money } from '../core/money';
import { plainAmount, type Checked, type Problem } from './forms';

export const LIMIT_SCOPES = ['all', 'creator', 'live'] as const;
export const LIMIT_PERIODS = ['day', 'week', 'month', 'custom'] as const;
export const LIMIT_CAP_KINDS = ['coins', 'money'] as const;
export const LIMIT_ACTIONS = ['warn', 'confirm', 'block'] as const;
export const CARRY_OVERS = ['reset', 'roll-unused', 'carry-overspend'] as const;
/** The bounds of limitRuleSchema: the form refuses beyond them with a message instead of a schema error. */
export const MAX_OVERRIDES = 100;
export const MAX_DELAY_SECONDS = 600;
const MAX_CAP = 1e12;

export interface LimitFields {
  scope: LimitScope['kind'];
  /** creatorOf() key of the creator picked ('' = none yet). */
  creator: string;
  period: LimitPeriod['kind'];
  /** Custom period: its first day, YYYY-MM-DD (an <input type="date">), and its length in days, as typed. */
  from: string;
  days: string;
  capKind: LimitCap['kind'];
  /** Coins as a whole number, or a price as typed in the user's locale. */
  cap: string;
  currency: string;
  action: LimitAction;
  carryOver: CarryOver;
  overrides: string;
  delay: string;
}
export type LimitField = keyof LimitFields;

export interface SeenCreator {
  /** creatorOf(): the creator id, else '@handle'. */
  key: string;
  handle: string | null;
}

export interface LimitFormContext {
  locale: string;
  /** YYYY-MM-DD in the user's time zone. */
  today: string;
  seenCreators: readonly SeenCreator[];
  now: number;
  /** The rule being edited keeps its id and creation time; a new one gets these. */
  editing: LimitRule | null;
  newId: () => string;
}

const problem = (key: string, ...args: string[]): Problem => ({ key, args });
const keyOf = (prefix: string, code: string) => `${prefix}_${code.replaceAll('-', '_')}`;

export function blankLimitFields(displayCurrency: string, today: string): LimitFields {
  return {
    scope: 'all', creator: '', period: 'week', from: today, days: '7', capKind: 'coins', cap: '', currency: displayCurrency,
    action: 'warn', carryOver: 'reset', overrides: '0', delay: '0',
  };
}

/** The form filled from a stored rule, for editing: a money cap written back as a plain amount every locale reads. */
export function limitFieldsOf(rule: LimitRule, displayCurrency: string, today: string): LimitFields {
  const blank = blankLimitFields(displayCurrency, today);
  return {
    ...blank,
    scope: rule.scope.kind,
    creator: rule.scope.kind === 'creator' ? rule.scope.creator : '',
    period: rule.period.kind,
    ...(rule.period.kind === 'custom' && { from: rule.period.from, days: String(rule.period.days) }),
    capKind: rule.cap.kind,
    cap: rule.cap.kind === 'coins' ? String(rule.cap.coins) : plainAmount(rule.cap.money),
    currency: rule.cap.kind === 'money' ? rule.cap.money.currency : displayCurrency,
    action: rule.action,
    carryOver: rule.carryOver,
    overrides: String(rule.overridesPerPeriod),
    delay: String(rule.confirmDelaySeconds),
  };
}

/** A cap of 0 is a real limit ("nothing to this creator this month"): the typed-amount parsers' `zero` is accepted. */
export function readCap(fields: Pick<LimitFields, 'capKind' | 'cap' | 'currency'>, locale: string): { ok: true; cap: LimitCap } | { ok: false; problem: Problem } {
  if (fields.capKind === 'coins') {
    const coins = parseCoinsInput(fields.cap, MAX_CAP);
    if (coins.ok) return { ok: true, cap: { kind: 'coins', coins: coins.coins } };
    if (coins.code === 'zero') return { ok: true, cap: { kind: 'coins', coins: 0 } };
    return { ok: false, problem: problem(keyOf('limitCapRefused', coins.code), ...coins.args) };
  }
  const price = parsePriceInput(fields.cap, locale, fields.currency);
  if (price.ok) return { ok: true, cap: { kind: 'money', money: price.money } };
  if (price.code === 'zero') return { ok: true, cap: { kind: 'money', money: { minor: 0, currency: fields.currency } satisfies Money } };
  // The common slips get the limit's own words; the price parser's other reasons (a symbol of another currency…) are its own.
  const own = ['empty', 'negative', 'no-number'].includes(price.code);
  return { ok: false, problem: problem(keyOf(own ? 'limitCapRefused' : 'priceRefused', price.code), ...price.args) };
}

/** A whole number from 0 to `max` typed in a small field ('' reads as 0: the field's default meaning "none"). */
function readCount(text: string, max: number): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= max ? value : null;
}

const isLocalDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/**
 * The rule the form describes, or every field's refusal at once. Fields hidden for the chosen action count as 0
 * (overrides only for confirm and block, the wait only for confirm), so a switch of action never leaves a stale refusal.
 */
export function readLimitForm(fields: LimitFields, context: LimitFormContext): Checked<LimitRule, LimitField> {
  const errors: Partial<Record<LimitField, Problem>> = {};
  const cap = readCap(fields, context.locale);
  if (!cap.ok) errors.cap = cap.problem;

  let scope: LimitScope = fields.scope === 'live' ? { kind: 'live' } : { kind: 'all' };
  if (fields.scope === 'creator') {
    const seen = context.seenCreators.find((creator) => creator.key === fields.creator);
    if (fields.creator === '') errors.creator = problem('limitCreatorMissing');
    scope = { kind: 'creator', creator: fields.creator, ...(seen?.handle ? { handle: seen.handle } : {}) };
  }

  let period: LimitPeriod = { kind: fields.period === 'custom' ? 'week' : fields.period };
  if (fields.period === 'custom') {
    const days = readCount(fields.days, MAX_CUSTOM_DAYS);
    if (days === null || days < 1) errors.days = problem('limitDaysRefused', String(MAX_CUSTOM_DAYS));
    if (!isLocalDate(fields.from)) errors.from = problem('limitStartMissing');
    period = { kind: 'custom', days: days !== null && days >= 1 ? days : 1, from: isLocalDate(fields.from) ? fields.from : context.today };
  }

  const holds = fields.action !== 'warn';
  const overrides = holds ? readCount(fields.overrides, MAX_OVERRIDES) : 0;
  if (overrides === null) errors.overrides = problem('limitOverridesRefused', String(MAX_OVERRIDES));
  const delay = fields.action === 'confirm' ? readCount(fields.delay, MAX_DELAY_SECONDS) : 0;
  if (delay === null) errors.delay = problem('limitDelayRefused', String(MAX_DELAY_SECONDS));

  const rule: LimitRule = {
    id: context.editing?.id ?? context.newId(),
    scope,
    period,
    cap: cap.ok ? cap.cap : { kind: 'coins', coins: 0 },
    action: fields.action,
    carryOver: fields.carryOver,
    overridesPerPeriod: overrides ?? 0,
    confirmDelaySeconds: delay ?? 0,
    createdAt: context.editing?.createdAt ?? context.now,
  };
  // The rule's meaning is checked even while a typed field is refused, so every message shows at once; a typed
  // field's own refusal is the more precise one and wins on that field.
  const seenKeys = new Set(context.seenCreators.map((creator) => creator.key));
  for (const found of limitProblems(rule, { today: context.today, seenCreators: seenKeys })) {
    const field = fieldOfProblem(found);
    if (field === 'creator' && fields.creator === '') continue;
    errors[field] ??= problem(found.message);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: rule };
}

/** Where the editor shows a problem of limitProblems (the worker's refusals name the same fields). */
export function fieldOfProblem(found: LimitProblem): LimitField {
  switch (found.field) {
    case 'scope': return 'scope';
    case 'creator': return 'creator';
    case 'period': return 'period';
    case 'from': return 'from';
    case 'days': return 'days';
    case 'cap': return 'cap';
    case 'currency': return 'currency';
    case 'overrides': return 'overrides';
    case 'delay': return 'delay';
  }
}

/**
 * The worker's refusal as the person should read it. The door refuses with limitProblems' message keys (several joined
 * by ", "): each is translated; any other reason (a lock, a full list) is shown as the worker said it.
 */
export function workerRefusal(error: unknown, translate: (key: string) => string): string {
  const reason = (error instanceof Error ? error.message : String(error)).replace(/^RefusedError: /, '');
  const keys = reason.split(/,\s*/);
  return keys.every((key) => /^limit[A-Za-z_]+$/.test(key)) ? keys.map((key) => translate(key)).join(' ') : reason;
}

/** The editor's fields in the order they appear: the first refused one gets the focus. */
export const LIMIT_FIELD_ORDER: readonly LimitField[] = ['scope', 'creator', 'period', 'from', 'days', 'capKind', 'cap', 'currency', 'action', 'carryOver', 'overrides', 'delay'];
