/**
 * Managed configuration (issue 11): what a family or school administrator sets by browser policy (Chrome's `3rdparty`
 * extension policy, Firefox's policies.json `3rdparty.Extensions`), read by the worker from `storage.managed` and parsed
 * here. Pure: no browser API.
 *
 * Lenient by design: a policy is typed by hand into a JSON file or the registry, and one typo must never break the
 * extension or take the rest of the policy with it. Every part is checked on its own; what does not check is left out
 * and named in `problems` (shown to the parent), what checks is applied.
 *
 * The shape (public/managed-schema.json says the same to Chrome, which validates policy against it):
 *   { "limits": [ { "id"?, "scope", "period", "cap", "action", "carryOver"?, "confirmDelaySeconds"? } ],
 *     "lock": { "algorithm": "PBKDF2-SHA-256", "iterations", "salt", "hash" },
 *     "research": { "enabled", "studyKey"?, "studyName"? } }
 */
import { MAX_RULES, limitCapSchema, limitPeriodSchema, limitScopeSchema, type LimitRule } from '../limits';
import { boolean, integer, object, oneOf, optional, string, type Check } from '../schema';
import { MANAGED_ID_PREFIX } from './ids';

export { MANAGED_ID_PREFIX, MANAGED_KEY, isManagedRuleId } from './ids';

export const MIN_PIN_ITERATIONS = 600_000;
const MAX_PIN_ITERATIONS = 100_000_000;

/** A PIN record as the lock stores it: PBKDF2-SHA-256 over the PIN's UTF-8 bytes, salt and hash in base64. */
export interface PinRecord {
  algorithm: 'PBKDF2-SHA-256';
  iterations: number;
  salt: string;
  hash: string;
}

export interface ManagedResearch {
  enabled: boolean;
  studyKey: string | null;
  studyName: string | null;
}

export interface ManagedPolicy {
  /** Full rules, ids prefixed with MANAGED_ID_PREFIX, no overrides (an administrator's limit cannot be lifted). */
  limits: LimitRule[];
  lock: PinRecord | null;
  research: ManagedResearch | null;
  /** What was left out and why, one plain sentence each; empty when everything applied. */
  problems: string[];
}

export const EMPTY_POLICY: ManagedPolicy = { limits: [], lock: null, research: null, problems: [] };

/** Whether anything is set by policy (an empty policy is the same as none). */
export function isPolicyActive(policy: ManagedPolicy): boolean {
  return policy.limits.length > 0 || policy.lock !== null || policy.research !== null;
}

const ADMIN_ID: Check<string> = (value, path) =>
  typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,39}$/.test(value)
    ? { ok: true, value }
    : { ok: false, reason: `${path}: expected 1 to 40 lower-case letters, digits or dashes` };

const managedLimitSchema = object({
  id: optional(ADMIN_ID),
  scope: limitScopeSchema,
  period: limitPeriodSchema,
  cap: limitCapSchema,
  action: oneOf(['warn', 'confirm', 'block'] as const),
  carryOver: optional(oneOf(['reset', 'roll-unused', 'carry-overspend'] as const)),
  confirmDelaySeconds: optional(integer(0, 600)),
});

/** Standard base64 (padding optional) of at least `minBytes` bytes; returns the decoded length or a reason. */
function base64Bytes(value: unknown, path: string, minBytes: number): { ok: true; value: string } | { ok: false; reason: string } {
  if (typeof value !== 'string' || value.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    return { ok: false, reason: `${path}: expected base64 text` };
  }
  const bytes = Math.floor((value.replace(/=+$/, '').length * 3) / 4);
  return bytes >= minBytes ? { ok: true, value } : { ok: false, reason: `${path}: expected at least ${minBytes} bytes, got ${bytes}` };
}

export const pinRecordSchema: Check<PinRecord> = (value, path) => {
  const shape = object({
    algorithm: oneOf(['PBKDF2-SHA-256'] as const),
    iterations: integer(MIN_PIN_ITERATIONS, MAX_PIN_ITERATIONS),
    salt: (v, p) => base64Bytes(v, p, 16),
    hash: (v, p) => base64Bytes(v, p, 32),
  })(value, path);
  return shape;
};

const researchSchema = object({
  enabled: boolean,
  studyKey: optional(string(200)),
  studyName: optional(string(200)),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseLimits(value: unknown, problems: string[]): LimitRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push('limits: expected a list of limits; no managed limit applies');
    return [];
  }
  const rules: LimitRule[] = [];
  const seen = new Set<string>();
  for (const [index, item] of value.entries()) {
    const path = `limits[${index}]`;
    if (rules.length >= MAX_RULES) {
      problems.push(`${path}: at most ${MAX_RULES} managed limits; the rest are left out`);
      break;
    }
    const checked = managedLimitSchema(item, path);
    if (!checked.ok) {
      problems.push(`${checked.reason}; this limit is left out`);
      continue;
    }
    const limit = checked.value;
    const id = `${MANAGED_ID_PREFIX}${limit.id ?? String(index + 1)}`;
    if (seen.has(id)) {
      problems.push(`${path}.id: "${limit.id ?? index + 1}" is used twice; this limit is left out`);
      continue;
    }
    seen.add(id);
    rules.push({
      id,
      scope: limit.scope,
      period: limit.period,
      cap: limit.cap,
      action: limit.action,
      carryOver: limit.carryOver ?? 'reset',
      // Overrides are the user's own escape from their own limit; an administrator's limit has none.
      overridesPerPeriod: 0,
      confirmDelaySeconds: limit.action === 'confirm' ? (limit.confirmDelaySeconds ?? 0) : 0,
      // Carry-over may look one window back from the start: the policy has no date of its own.
      createdAt: 0,
    });
  }
  return rules;
}

function parsePart<T>(value: unknown, check: Check<T>, name: string, problems: string[]): T | null {
  if (value === undefined) return null;
  const checked = check(value, name);
  if (checked.ok) return checked.value;
  problems.push(`${checked.reason}; the ${name} setting is left out`);
  return null;
}

/**
 * Parses what `storage.managed.get()` returned (or what it threw: pass undefined). Never throws; unknown top-level keys
 * are named as problems (a misspelt "limit" would otherwise be silently ignored).
 */
export function parseManagedPolicy(value: unknown): ManagedPolicy {
  if (value === undefined || value === null) return EMPTY_POLICY;
  if (!isRecord(value)) return { ...EMPTY_POLICY, problems: ['the policy is not an object; nothing of it applies'] };
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!['limits', 'lock', 'research'].includes(key)) problems.push(`${key}: not a Coinsight setting (expected limits, lock or research); ignored`);
  }
  const limits = parseLimits(value.limits, problems);
  const lock = parsePart(value.lock, pinRecordSchema, 'lock', problems);
  const rawResearch = parsePart(value.research, researchSchema, 'research', problems);
  let research: ManagedResearch | null = null;
  if (rawResearch) {
    if (rawResearch.enabled && !rawResearch.studyKey) problems.push('research.studyKey: expected a study key when research is enabled; the research setting is left out');
    else research = { enabled: rawResearch.enabled, studyKey: rawResearch.studyKey ?? null, studyName: rawResearch.studyName ?? null };
  }
  return { limits, lock, research, problems };
}
