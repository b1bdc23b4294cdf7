/**
 * The limits block of a backup (schema version 4): the rules exactly as stored (core/limits.ts), validated completely
 * on the page before anything is sent. A rule the schema refuses, a field it does not know, more rules than may be
 * kept, or one id twice with different content refuses the whole file, naming the rule. Whether a rule may be saved
 * *now* (its creator seen, its money cap priceable) is the worker's settings door's check, after the ledger committed.
 */
import { MAX_RULES, limitRuleSchema, type LimitRule } from '../limits';

/** The first key path in `given` that the checked value dropped (the schemas drop unknown keys; a restore refuses them). */
function droppedKey(given: unknown, kept: unknown, path: string): string | null {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return null;
  const keptObject = (typeof kept === 'object' && kept !== null ? kept : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(keptObject, key)) return `${path}.${key.slice(0, 40)}`;
    const inner = droppedKey(value, keptObject[key], `${path}.${key.slice(0, 40)}`);
    if (inner) return inner;
  }
  return null;
}

/** The rules of a limits block, or throws an Error naming the first bad rule and why. */
export function limitsFrom(value: unknown): LimitRule[] {
  if (!Array.isArray(value)) throw new Error('"limits" is not an array of limits');
  if (value.length > MAX_RULES) throw new Error(`"limits" holds ${value.length} limits; Coinsight keeps at most ${MAX_RULES}`);
  const byId = new Map<string, string>();
  const rules: LimitRule[] = [];
  value.forEach((item, index) => {
    const id = typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null;
    const name = `limit ${index + 1}${id ? ` (id "${id.slice(0, 40)}")` : ''}`;
    const checked = limitRuleSchema(item, `limits[${index}]`);
    if (!checked.ok) throw new Error(`${name}: ${checked.reason}`);
    const dropped = droppedKey(item, checked.value, `limits[${index}]`);
    if (dropped) throw new Error(`${name}: unknown field ${dropped}`);
    const text = JSON.stringify(checked.value);
    const before = byId.get(checked.value.id);
    if (before !== undefined && before !== text) throw new Error(`${name}: the id appears twice with different content`);
    if (before === undefined) rules.push(checked.value);
    byId.set(checked.value.id, text);
  });
  return rules;
}
