/**
 * The managed configuration in the worker (issue 11): read from `storage.managed` (the browser fills it from policy;
 * nothing in the extension can write it) at every start and whenever the policy changes, parsed by core/managed, and
 * kept as a copy in storage.local under MANAGED_KEY, which is what the limits, the views and the parent's summary
 * read (the policy's own JSON, under `source`). The copy is rewritten from policy at every worker start, so it cannot
 * drift from what the administrator set for * longer than one worker lifetime (an edited copy would need developer tools on an extension page: see docs/MANAGED.md).
 * The copy leaves out the lock's PIN record: storage.local is readable by content scripts, and a PIN hash must never
 * be (the lock reads the record from the browser's managed area when it needs it: managedLock).
 */
import type { PinRecord as LockPinRecord } from '../../core/lock/pin-hash';
import { EMPTY_POLICY, MANAGED_KEY, parseManagedPolicy, type ManagedPolicy, type ManagedResearch, type PinRecord } from '../../core/managed/policy';
import type { LimitRule } from '../../core/limits';
import type { LocalStorageArea } from '../handlers/settings';

/** The words of every refusal of a change to a managed limit (the views show the same, translated). */
export const MANAGED_REASON = 'set by your administrator';

export interface ManagedArea {
  get(keys?: null): Promise<Record<string, unknown>>;
}

/**
 * What the policy says now. No policy reads as empty in Chrome and throws in Firefox ("Managed storage manifest not
 * found"); an area that is missing altogether (an old browser) throws too: all of these are "no policy".
 */
export async function readPolicyArea(area: ManagedArea | undefined): Promise<unknown> {
  if (!area) return undefined;
  try {
    return await area.get(null);
  } catch {
    return undefined;
  }
}

/**
 * The policy as last read from the browser. The copy holds the policy's own JSON, parsed again at every read (a few
 * microseconds), so a damaged or edited copy can never hold a rule the parser would refuse.
 */
export async function storedPolicy(storage: Pick<LocalStorageArea, 'get'>): Promise<ManagedPolicy> {
  const copy = await storedCopy(storage);
  if (!copy) return EMPTY_POLICY;
  const policy = parseManagedPolicy(copy.source ?? undefined);
  return copy.lock.problem ? { ...policy, problems: [...policy.problems, copy.lock.problem] } : policy;
}

/** Whether the policy sets a lock (its record is not in the copy: managedLock reads it from the browser). */
export async function policySetsLock(storage: Pick<LocalStorageArea, 'get'>): Promise<boolean> {
  return (await storedCopy(storage))?.lock.set === true;
}

interface Copy {
  source: unknown;
  lock: { set: boolean; problem: string | null };
}

async function storedCopy(storage: Pick<LocalStorageArea, 'get'>): Promise<Copy | null> {
  const stored = (await storage.get(MANAGED_KEY))[MANAGED_KEY];
  if (typeof stored !== 'object' || stored === null) return null;
  const { source, lock } = stored as Partial<Copy>;
  const problem = typeof lock?.problem === 'string' ? lock.problem : null;
  return { source, lock: { set: lock?.set === true, problem } };
}

/** The managed rules, as the guards evaluate them. */
export async function managedRules(storage: Pick<LocalStorageArea, 'get'>): Promise<LimitRule[]> {
  return (await storedPolicy(storage)).limits;
}

/**
 * The administrator's PIN record, for the lock (issue 11 item 1): when set, it is the PIN, and the user cannot turn the
 * lock off or change it. Wired into the lock at merge.
 */
export async function managedLock(area: ManagedArea | undefined): Promise<PinRecord | null> {
  return parseManagedPolicy(await readPolicyArea(area)).lock;
}

/** The administrator's research settings (issue 12 reads them at merge): when set, they win over the user's. */
export async function managedResearch(storage: Pick<LocalStorageArea, 'get'>): Promise<ManagedResearch | null> {
  return (await storedPolicy(storage)).research;
}

/**
 * Reads the policy and writes the copy when it changed; returns the policy and whether it changed (the caller
 * then refreshes the limits). Problems are said in the console as well as kept for the parent's view.
 */
export async function refreshManagedPolicy(area: ManagedArea | undefined, storage: Pick<LocalStorageArea, 'get' | 'set'>, log = console.warn): Promise<{ policy: ManagedPolicy; changed: boolean }> {
  const source = await readPolicyArea(area);
  const policy = parseManagedPolicy(source);
  if (policy.problems.length > 0) log('Coinsight: parts of the managed policy were left out', policy.problems);
  const empty = source === undefined || (typeof source === 'object' && source !== null && Object.keys(source).length === 0);
  const { lock: _record, ...rest } = (empty || typeof source !== 'object' || source === null ? {} : source) as Record<string, unknown>;
  const lockProblem = policy.problems.find((problem) => problem.startsWith('lock')) ?? null;
  const copy: Copy | null = empty ? null : { source: Array.isArray(source) || typeof source !== 'object' ? source : rest, lock: { set: policy.lock !== null, problem: lockProblem } };
  if (JSON.stringify((await storedCopy(storage)) ?? null) === JSON.stringify(copy)) return { policy, changed: false };
  await storage.set({ [MANAGED_KEY]: copy });
  return { policy, changed: true };
}

/** The administrator's PIN as the lock stores a PIN record (core/lock/pin-hash.ts), read from the browser, or null. */
export async function managedPin(area: ManagedArea | undefined): Promise<LockPinRecord | null> {
  const lock = await managedLock(area);
  return lock ? { v: 1, kdf: 'PBKDF2-SHA-256', iterations: lock.iterations, salt: lock.salt, hash: lock.hash } : null;
}
