/**
 * The one settings door for limits: every change is validated here with the same function the options editor shows
 * (core/limit-validation.ts limitProblems, "today" in the user's zone, creators the ledger has seen) and refused with
 * the problem named; writes go through the settings queue, so two changes at once never lose one. The parental lock
 * (a later issue) guards exactly this door.
 */
import { MAX_RULES, type LimitRule } from '../../core/limits';
import { limitProblems } from '../../core/limit-validation';
import { localDateOf } from '../../core/limit-periods';
import { capRate } from '../../core/limit-money';
import { isManagedRuleId } from '../../core/managed/policy';
import type { CoinsightDb } from '../../platform/db';
import { SETTINGS_KEY, settingsFromStorage } from '../../platform/settings';
import { UsageReader } from '../../queries/limit-usage';
import { seenCreators as creatorsSeen } from '../../queries/seen-creators';
import type { LocalStorageArea } from '../handlers/settings';
import { RefusedError } from '../router';
import { inSettingsQueue } from '../settings-queue';
import { readRules, writeRules, type LimitClock } from './rules';
import { MANAGED_REASON } from '../managed/policy';

/** A managed rule (set by policy) is never saved, deleted or restored over by anything in the extension. */
export function refuseManaged(id: string, what: string): void {
  if (isManagedRuleId(id)) throw new RefusedError(`${what}: this limit is ${MANAGED_REASON}`);
}

/**
 * Every key a gift's creator is known by (creatorOf key, creator id, '@handle'), each with the creator's id and handle
 * when known (queries/seen-creators.ts: the day rows, and the ledger before them), so a limit saved by either matches.
 */
export async function seenCreators(db: CoinsightDb): Promise<Map<string, { id: string | null; handle: string | null }>> {
  const seen = new Map<string, { id: string | null; handle: string | null }>();
  for (const { key, id, handle } of await creatorsSeen(db)) {
    for (const known of [key, id, handle ? `@${handle}` : null]) if (known) seen.set(known, { id, handle });
  }
  return seen;
}

/** Refuses a rule that may not be saved now; returns it with the creator's handle filled in when the ledger knows it. */
async function checked(db: CoinsightDb, storage: Pick<LocalStorageArea, 'get'>, rule: LimitRule, clock: LimitClock): Promise<LimitRule> {
  const settings = settingsFromStorage((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const today = localDateOf(clock.now(), clock.timeZone());
  const creators = rule.scope.kind === 'creator' ? await seenCreators(db) : new Map<string, { id: string | null; handle: string | null }>();
  const problem = limitProblems(rule, { today, seenCreators: new Set(creators.keys()) })[0];
  if (problem) throw new RefusedError(`the limit cannot be saved: ${problem.field} (${problem.message})`);
  if (rule.cap.kind === 'money') {
    // A money cap Coinsight could not price coins in would count as reached at once (core/limit-money.ts): refuse it now.
    const reader = new UsageReader(db, { now: clock.now(), timeZone: clock.timeZone(), weekStart: settings.weekStart, settings });
    const currency = rule.cap.money.currency;
    if (!capRate(await reader.pricing(currency))) {
      throw new RefusedError(`the limit cannot be saved: cap (coins cannot be priced in ${currency}: add an exchange rate into ${currency} in the conversion settings)`);
    }
  }
  // A rule is keyed as the day rows are (creatorOf: the id when known), and the guard lists both the id and '@handle'
  // (a send may name either): a rule picked by '@handle' becomes the creator's id once the ledger knows it, and the
  // handle is filled in when missing.
  if (rule.scope.kind !== 'creator') return rule;
  const known = creators.get(rule.scope.creator);
  const creator = known?.id ?? rule.scope.creator;
  const handle = rule.scope.handle ?? known?.handle ?? undefined;
  return { ...rule, scope: { kind: 'creator', creator, ...(handle ? { handle } : {}) } };
}

/**
 * Adds or replaces a rule. A new rule's createdAt is the worker's now, whatever the page sent (carry-over never reaches
 * before it); an edited rule keeps the createdAt it was made with.
 */
export function saveRule(db: CoinsightDb, storage: Pick<LocalStorageArea, 'get' | 'set'>, rule: LimitRule, clock: LimitClock): Promise<LimitRule[]> {
  return inSettingsQueue(async () => {
    refuseManaged(rule.id, 'the limit cannot be saved');
    const rules = await readRules(storage);
    const index = rules.findIndex((held) => held.id === rule.id);
    const saved = await checked(db, storage, { ...rule, createdAt: index >= 0 ? rules[index]!.createdAt : clock.now() }, clock);
    if (index < 0 && rules.length >= MAX_RULES) throw new RefusedError(`the limit cannot be saved: at most ${MAX_RULES} limits`);
    const next = index >= 0 ? rules.map((held, i) => (i === index ? saved : held)) : [...rules, saved];
    await writeRules(storage, next);
    return next;
  });
}

/** Removes a rule; removing one that is already gone changes nothing (a retried delete is not an error). */
export function deleteRule(storage: Pick<LocalStorageArea, 'get' | 'set'>, id: string): Promise<LimitRule[]> {
  return inSettingsQueue(async () => {
    refuseManaged(id, 'the limit cannot be deleted');
    const rules = await readRules(storage);
    const next = rules.filter((rule) => rule.id !== id);
    if (next.length !== rules.length) await writeRules(storage, next);
    return next;
  });
}

/**
 * A backup's rules, merged by id into those stored (background/handlers/restore.ts, after the ledger committed): each
 * passes the same checks as a saved rule (its creator seen: the restored ledger holds the backup's gifts; its money
 * cap priceable: the backup's settings were applied first), all or none. A rule of the same id is replaced by the
 * backup's; a restored rule keeps the createdAt it was made with, so a round trip loses nothing. Applying the same
 * rules again changes nothing (a commit retried after a stopped worker applies them again).
 */
export function restoreRules(db: CoinsightDb, storage: Pick<LocalStorageArea, 'get' | 'set'>, restored: readonly LimitRule[], clock: LimitClock): Promise<LimitRule[]> {
  return inSettingsQueue(async () => {
    const next = await readRules(storage);
    for (const [index, rule] of restored.entries()) {
      let saved: LimitRule;
      try {
        saved = await checked(db, storage, rule, clock);
      } catch (error) {
        const reason = error instanceof Error ? error.message.replace(/^the limit cannot be saved: /, '') : String(error);
        throw new RefusedError(`limit ${index + 1} (id "${rule.id}") of the backup cannot be restored: ${reason}`);
      }
      const at = next.findIndex((held) => held.id === rule.id);
      if (at >= 0) next[at] = saved;
      else next.push(saved);
    }
    if (next.length > MAX_RULES) throw new RefusedError(`the backup's limits cannot be restored: with those already set they would be ${next.length}, at most ${MAX_RULES}`);
    if (restored.length > 0) await writeRules(storage, next);
    return next;
  });
}
