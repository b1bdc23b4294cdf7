/**
 * TEMP (limits-ui branch only, dropped at merge in favour of limits-core's handlers): the simplest correct door so the
 * views' end-to-end test can run. Rules in storage.local under LIMITS_KEY, checked with limitProblems; statuses count
 * the ledger's gifts and unseen spending of the window (coins caps; per creator by creatorOf); no carry-over, no guard
 * state, no override log (empty). In-page messages still refuse.
 */
import { creatorOf } from '../../core/creator-days';
import { limitProblems } from '../../core/limit-validation';
import { LIMITS_KEY, MAX_RULES, limitRuleSchema, type LimitRule, type LimitStatus } from '../../core/limits';
import { dayWindow, monthWindow, startOfLocalDay, weekWindow, zonedParts, type Window } from '../../core/periods';
import { now, timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import type { LimitsView } from '../../platform/protocol';
import { SETTINGS_KEY, settingsFromStorage } from '../../platform/settings';
import { seenCreators } from '../../queries/seen-creators';
import type { Handlers } from '../router';
import { RefusedError } from '../router';
import type { LocalStorageArea } from './settings';

type LimitHandlers = Pick<Handlers, 'saveLimit' | 'deleteLimit' | 'limitsView' | 'limitOverrides' | 'inPageLimits' | 'overrideLimit'>;

export function limitHandlers(db: CoinsightDb, storage: LocalStorageArea): LimitHandlers {
  const notYet = async (): Promise<never> => {
    throw new RefusedError('limits are not built yet');
  };
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = chain.then(job, job);
    chain = next.catch(() => undefined);
    return next;
  };
  const readRules = async (): Promise<LimitRule[]> => {
    const stored = (await storage.get(LIMITS_KEY))[LIMITS_KEY];
    return Array.isArray(stored) ? stored.filter((rule) => limitRuleSchema(rule, 'rule').ok) as LimitRule[] : [];
  };
  const windowOf = async (rule: LimitRule, at: number, zone: string): Promise<Window> => {
    if (rule.period.kind === 'day') return dayWindow(at, zone);
    if (rule.period.kind === 'month') return monthWindow(at, zone);
    if (rule.period.kind === 'week') return weekWindow(at, zone, settingsFromStorage((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]).weekStart);
    const [year, month, day] = rule.period.from.split('-').map(Number) as [number, number, number];
    const today = zonedParts(at, zone);
    const elapsed = Math.round((Date.UTC(today.year, today.month - 1, today.day) - Date.UTC(year, month - 1, day)) / 86_400_000);
    const first = day + Math.floor(elapsed / rule.period.days) * rule.period.days;
    return { start: startOfLocalDay(year, month, first, zone), end: startOfLocalDay(year, month, first + rule.period.days, zone) };
  };
  const view = async (): Promise<LimitsView> => {
    const rules = await readRules();
    const at = now();
    const zone = timeZone();
    const statuses: LimitStatus[] = [];
    for (const rule of rules) {
      const window = await windowOf(rule, at, zone);
      const entries = await db.ledger.where('at').between(window.start, window.end, true, false).toArray();
      const counted = rule.cap.kind === 'coins' && rule.scope.kind !== 'live'
        ? entries.filter((entry) => entry.kind === 'unseen-spend' ? rule.scope.kind === 'all' : entry.kind === 'gift' && (rule.scope.kind === 'all' || (rule.scope.kind === 'creator' && creatorOf(entry) === rule.scope.creator)))
        : [];
      const used = counted.reduce((sum, entry) => sum + entry.coins, 0);
      const cap = rule.cap.kind === 'coins' ? rule.cap.coins : rule.cap.money.minor;
      statuses.push({
        ruleId: rule.id, start: window.start, end: window.end, cap, used, left: Math.max(0, cap - used),
        percent: cap === 0 ? 100 : Math.floor((used / cap) * 100), resetsAt: window.end, estimated: rule.cap.kind === 'money',
      });
    }
    return { rules, statuses, overridesUsed: {} };
  };
  return {
    saveLimit: ({ rule }) => serial(async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(now());
      const seen = new Set((await seenCreators(db)).map((creator) => creator.key));
      const problems = limitProblems(rule, { today, seenCreators: seen });
      if (problems.length) throw new RefusedError(problems.map((found) => found.message).join(', '));
      const rules = await readRules();
      const next = rules.some((old) => old.id === rule.id) ? rules.map((old) => (old.id === rule.id ? rule : old)) : [...rules, rule];
      if (next.length > MAX_RULES) throw new RefusedError(`at most ${MAX_RULES} limits`);
      await storage.set({ [LIMITS_KEY]: next });
      return view();
    }),
    deleteLimit: ({ id }) => serial(async () => {
      await storage.set({ [LIMITS_KEY]: (await readRules()).filter((rule) => rule.id !== id) });
      return view();
    }),
    limitsView: () => view(),
    limitOverrides: async () => [],
    inPageLimits: notYet,
    overrideLimit: notYet,
  };
}
