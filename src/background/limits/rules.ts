/**
 * The stored rules (storage.local[LIMITS_KEY]), read leniently: a damaged rule is dropped (and said so in the console)
 * rather than taking the others with it. Written only by the settings door (door.ts), inside the settings queue.
 */
import { LIMITS_KEY, limitRuleSchema, type LimitRule } from '../../core/limits';
import type { LocalStorageArea } from '../handlers/settings';
import { managedRules } from '../managed/policy';

/** What every limit computation needs to know about time: the one clock (platform/clock.ts), injected for tests. */
export interface LimitClock {
  now(): number;
  timeZone(): string;
}

export async function readRules(storage: Pick<LocalStorageArea, 'get'>): Promise<LimitRule[]> {
  const stored = (await storage.get(LIMITS_KEY))[LIMITS_KEY];
  if (!Array.isArray(stored)) return [];
  const rules: LimitRule[] = [];
  for (const [index, item] of stored.entries()) {
    const checked = limitRuleSchema(item, `limits[${index}]`);
    if (checked.ok) rules.push(checked.value);
    else console.warn('Coinsight: a stored limit is damaged and is ignored', checked.reason);
  }
  return rules;
}

export async function writeRules(storage: Pick<LocalStorageArea, 'set'>, rules: readonly LimitRule[]): Promise<void> {
  await storage.set({ [LIMITS_KEY]: rules });
}

/**
 * What the guards evaluate and the views list: the administrator's rules (managed/policy.ts; first, they cannot be
 * edited) and the user's. Only the user's are ever written back (writeRules, by the settings door).
 */
export async function readEvaluatedRules(storage: Pick<LocalStorageArea, 'get'>): Promise<LimitRule[]> {
  const [managed, own] = await Promise.all([managedRules(storage), readRules(storage)]);
  return [...managed, ...own];
}
