/**
 * What the options page's forms mean, as pure functions: typed text in, a value or per-field refusals out. The
 * components only render these; every refusal is an i18n key (messages.json) with its substitutions, shown next to
 * the field it is about. Nothing typed is guessed: what cannot be read is refused with the reason.
 */
import type { CustomRate, DiamondRate, ExchangeRate } from '../core/conversion';
import { MAX_COINS, PURCHASE_PLACES, type PurchasePlace, type RechargeEntry } from '../core/ledger';
import { EARLIEST_PURCHASE, type ManualPurchase } from '../core/manual-purchase';
import { minorDigits, type Money } from '../core/money';
import { startOfLocalDay, zonedParts } from '../core/periods';
import { parseCoinsInput, parsePriceInput } from '../core/price-input';

/** A message to show: an i18n key and its substitutions. */
export interface Problem {
  key: string;
  args: string[];
}
export type Checked<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, Problem>> };

const problem = (key: string, ...args: string[]): Problem => ({ key, args });
const keyOf = (prefix: string, code: string) => `${prefix}_${code.replaceAll('-', '_')}`;

/** "" = read the currency from the price text. */
export function readPrice(text: string, locale: string, chosen: string): { ok: true; money: Money } | { ok: false; problem: Problem } {
  const parsed = parsePriceInput(text, locale, chosen === '' ? null : chosen);
  return parsed.ok ? parsed : { ok: false, problem: problem(keyOf('priceRefused', parsed.code), ...parsed.args) };
}

export function readCoins(text: string): { ok: true; coins: number } | { ok: false; problem: Problem } {
  const parsed = parseCoinsInput(text, MAX_COINS);
  return parsed.ok ? parsed : { ok: false, problem: problem(keyOf('coinsRefused', parsed.code), ...parsed.args) };
}

/** "2025-03-10T14:30" (an <input type="datetime-local">) as epoch ms in `timeZone`; null when not a real date-time. */
export function epochOfLocalDateTime(text: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const start = startOfLocalDay(year, month, day, timeZone);
  if (zonedParts(start, timeZone).day !== day) return null; // 2025-02-30
  // Hours into the day, corrected once for a DST change between midnight and then.
  let at = start + (hour * 60 + minute) * 60_000;
  const seen = zonedParts(at, timeZone);
  if (seen.day === day) at += ((hour - seen.hour) * 60 + (minute - seen.minute)) * 60_000;
  return at;
}

/** Epoch ms as "2025-03-10T14:30" in `timeZone`, for an <input type="datetime-local">. */
export function localDateTimeOf(at: number, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** A date typed for "as of" (an <input type="date">): YYYY-MM-DD, not in the future. */
export function readAsOf(text: string, today: string): { ok: true; asOf: string } | { ok: false; problem: Problem } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, problem: problem('dateRefused_missing') };
  if (text > today) return { ok: false, problem: problem('dateRefused_future') };
  return { ok: true, asOf: text };
}

export interface PurchaseFields {
  coins: string;
  price: string;
  /** '' = from the price text */
  currency: string;
  /** datetime-local */
  when: string;
  where: PurchasePlace | '';
  account: string;
}
export type PurchaseField = keyof PurchaseFields;

export interface FormContext {
  locale: string;
  timeZone: string;
  now: number;
}

export function readPurchaseForm(fields: PurchaseFields, context: FormContext): Checked<ManualPurchase, PurchaseField> {
  const errors: Partial<Record<PurchaseField, Problem>> = {};
  const coins = readCoins(fields.coins);
  if (!coins.ok) errors.coins = coins.problem;
  const price = readPrice(fields.price, context.locale, fields.currency);
  if (!price.ok) errors.price = price.problem;
  const at = epochOfLocalDateTime(fields.when, context.timeZone);
  if (at === null) errors.when = problem('dateRefused_missing');
  else if (at > context.now) errors.when = problem('dateRefused_future');
  else if (at < EARLIEST_PURCHASE) errors.when = problem('dateRefused_too_early');
  if (!(PURCHASE_PLACES as readonly string[]).includes(fields.where)) errors.where = problem('whereRefused_missing');
  if (!coins.ok || !price.ok || at === null || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { account: fields.account, at, coins: coins.coins, price: price.money, where: fields.where as PurchasePlace } };
}

/** The form filled from a stored purchase, for editing: the price written back in its own currency, unambiguously. */
export function purchaseFieldsOf(entry: RechargeEntry, timeZone: string): PurchaseFields {
  const price = entry.price ?? { minor: 0, currency: 'USD' };
  return {
    coins: String(entry.coins), price: plainAmount(price), currency: price.currency, when: localDateTimeOf(entry.at, timeZone),
    where: entry.where ?? 'other', account: entry.account,
  };
}

/** 1099 USD → "10.99"; 9800 VND → "9800": a number every locale reads the same way (no grouping, a point). */
export function plainAmount(money: Money): string {
  const digits = minorDigits(money.currency);
  if (digits === 0) return String(money.minor);
  const text = String(money.minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export type CustomRateField = 'price' | 'coins' | 'asOf';
export function readCustomRate(fields: { price: string; currency: string; coins: string; asOf: string }, locale: string, today: string): Checked<CustomRate, CustomRateField> {
  const price = readPrice(fields.price, locale, fields.currency);
  const coins = readCoins(fields.coins);
  const asOf = readAsOf(fields.asOf, today);
  if (price.ok && coins.ok && asOf.ok) return { ok: true, value: { minor: price.money.minor, currency: price.money.currency, coins: coins.coins, asOf: asOf.asOf } };
  return { ok: false, errors: { ...(!price.ok && { price: price.problem }), ...(!coins.ok && { coins: coins.problem }), ...(!asOf.ok && { asOf: asOf.problem }) } };
}

export type DiamondRateField = 'price' | 'diamonds' | 'asOf';
export function readDiamondRate(fields: { price: string; currency: string; diamonds: string; asOf: string }, locale: string, today: string): Checked<DiamondRate, DiamondRateField> {
  const price = readPrice(fields.price, locale, fields.currency);
  const diamonds = readCoins(fields.diamonds);
  const asOf = readAsOf(fields.asOf, today);
  if (price.ok && diamonds.ok && asOf.ok) return { ok: true, value: { minor: price.money.minor, currency: price.money.currency, diamonds: diamonds.coins, asOf: asOf.asOf } };
  const diamondsProblem = !diamonds.ok ? problem(diamonds.problem.key.replace('coinsRefused', 'diamondsRefused'), ...diamonds.problem.args) : undefined;
  return { ok: false, errors: { ...(!price.ok && { price: price.problem }), ...(diamondsProblem && { diamonds: diamondsProblem }), ...(!asOf.ok && { asOf: asOf.problem }) } };
}

export type ExchangeRateField = 'from' | 'fromAmount' | 'toAmount' | 'asOf';
/** "1 EUR = 1.08 USD": both amounts in their own currency, kept as the exact ratio of their minor units. */
export function readExchangeRate(
  fields: { from: string; fromAmount: string; toAmount: string; asOf: string }, to: string, locale: string, today: string,
): Checked<ExchangeRate, ExchangeRateField> {
  const errors: Partial<Record<ExchangeRateField, Problem>> = {};
  if (fields.from === '') errors.from = problem('exchangeRefused_no_currency');
  else if (fields.from === to) errors.from = problem('exchangeRefused_same_currency', to);
  const from = fields.from === '' ? null : readPrice(fields.fromAmount, locale, fields.from);
  if (from && !from.ok) errors.fromAmount = from.problem;
  const into = readPrice(fields.toAmount, locale, to);
  if (!into.ok) errors.toAmount = into.problem;
  const asOf = readAsOf(fields.asOf, today);
  if (!asOf.ok) errors.asOf = asOf.problem;
  if (Object.keys(errors).length || !from?.ok || !into.ok || !asOf.ok) return { ok: false, errors };
  return { ok: true, value: { from: fields.from, to, fromMinor: from.money.minor, toMinor: into.money.minor, asOf: asOf.asOf } };
}

/** Today as YYYY-MM-DD in `timeZone`. */
export function todayIn(now: number, timeZone: string): string {
  return localDateTimeOf(now, timeZone).slice(0, 10);
}
