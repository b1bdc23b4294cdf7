// Fakes of declarativeNetRequest and alarms that keep what a browser keeps, and guard states built like the worker's.
import type { GuardRule, GuardState } from '../../core/guard-state';
import type { DnrRule, EnforceApi } from './enforce';

export function fakeEnforceApi() {
  const dynamic = new Map<number, DnrRule>();
  const session = new Map<number, DnrRule>();
  const alarms = new Map<string, number>();
  const calls = { updateDynamic: 0, updateSession: 0 };
  const update = (rules: Map<number, DnrRule>) => async ({ removeRuleIds = [], addRules = [] }: { removeRuleIds?: number[]; addRules?: DnrRule[] }) => {
    await Promise.resolve();
    for (const id of removeRuleIds) rules.delete(id);
    for (const rule of addRules) {
      if (rules.has(rule.id)) throw new Error(`Rule with id ${rule.id} does not have a unique ID.`);
      // Chrome hands rules back with its defaults filled in.
      rules.set(rule.id, structuredClone({ ...rule, condition: { isUrlFilterCaseSensitive: false, ...rule.condition } }));
    }
  };
  const api: EnforceApi = {
    declarativeNetRequest: {
      getDynamicRules: async () => [...dynamic.values()].map((rule) => structuredClone(rule)),
      updateDynamicRules: async (options) => { calls.updateDynamic++; await update(dynamic)(options); },
      getSessionRules: async () => [...session.values()].map((rule) => structuredClone(rule)),
      updateSessionRules: async (options) => { calls.updateSession++; await update(session)(options); },
    },
    alarms: {
      create: (name, { when }) => { alarms.set(name, when); },
      clear: async (name) => alarms.delete(name),
      get: async (name) => (alarms.has(name) ? { name, scheduledTime: alarms.get(name)! } : undefined),
    },
  };
  return { api, dynamic, session, alarms, calls };
}

export const WEEK_END = Date.UTC(2026, 11, 7); // Monday 7 December 2026, 00:00 UTC

export function guardRule(overrides: Partial<GuardRule> = {}): GuardRule {
  return {
    id: '00000000-0000-4000-8000-000000000001', action: 'block', scope: 'all', left: 0,
    cap: { kind: 'coins', coins: 100 }, period: 'week', resetsAt: WEEK_END, overridesLeft: 0, confirmDelaySeconds: 0,
    ...overrides,
  };
}

export function guardState(rules: GuardRule[], madeAt = WEEK_END - 86_400_000): GuardState {
  return { v: 1, madeAt, spentThrough: madeAt, rules };
}
