import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { LIMITS_KEY } from '../../core/limits';
import { MANAGED_KEY } from '../../core/managed/ids';
import { messages } from '../../platform/protocol';
import { freshDb } from '../recorder.fixtures';
import { limitsWorker, rule } from '../limits/limits.fixtures';
import { deleteAllData } from '../handlers/data';
import { managedLock, managedResearch, policySetsLock, refreshManagedPolicy, storedPolicy } from './policy';

const POLICY = { limits: [{ id: 'monthly', scope: { kind: 'all' }, period: { kind: 'month' }, cap: { kind: 'coins', coins: 100 }, action: 'block' }] };
const area = (value: unknown) => ({ get: async () => value as Record<string, unknown> });
const throwing = { get: async (): Promise<Record<string, unknown>> => { throw new Error('Managed storage manifest not found'); } };

describe('refreshManagedPolicy: the policy copy the limits read', () => {
  it('reads no policy as none, whether the area is empty (Chrome), throws (Firefox) or is missing', async () => {
    for (const managed of [area({}), throwing, undefined]) {
      const { storage } = limitsWorker(freshDb());
      const { policy, changed } = await refreshManagedPolicy(managed, storage, vi.fn());
      expect(policy.limits).toEqual([]);
      expect(changed).toBe(false);
      expect((await storedPolicy(storage)).limits).toEqual([]);
    }
  });

  it('writes the copy when the policy changes, and not again when it is the same; removing the policy removes its limits', async () => {
    const { storage } = limitsWorker(freshDb());
    expect((await refreshManagedPolicy(area(POLICY), storage, vi.fn())).changed).toBe(true);
    expect((await refreshManagedPolicy(area(POLICY), storage, vi.fn())).changed).toBe(false);
    expect((await storedPolicy(storage)).limits.map((held) => held.id)).toEqual(['managed-monthly']);
    expect((await refreshManagedPolicy(throwing, storage, vi.fn())).changed).toBe(true);
    expect((await storedPolicy(storage)).limits).toEqual([]);
  });

  it('says what was left out in the console and applies the rest', async () => {
    const { storage } = limitsWorker(freshDb());
    const log = vi.fn();
    const { policy } = await refreshManagedPolicy(area({ ...POLICY, lock: { algorithm: 'PBKDF2-SHA-256', iterations: 10 } }), storage, log);
    expect(policy.limits).toHaveLength(1);
    expect(log).toHaveBeenCalledWith('Coinsight: parts of the managed policy were left out', [expect.stringMatching(/^lock\.iterations/)]);
  });

  it('parses a damaged copy again on read: nothing the parser refuses reaches the limits', async () => {
    const { storage } = limitsWorker(freshDb());
    await storage.set({ [MANAGED_KEY]: { source: { limits: [{ ...POLICY.limits[0], cap: { kind: 'coins', coins: 'lots' } }] } } });
    expect((await storedPolicy(storage)).limits).toEqual([]);
    await storage.set({ [MANAGED_KEY]: 'garbage' });
    expect((await storedPolicy(storage)).limits).toEqual([]);
  });
});

describe('the lock record and research settings, for the lock and the research helpers', () => {
  const lock = { algorithm: 'PBKDF2-SHA-256', iterations: 600_000, salt: 'AAECAwQFBgcICQoLDA0ODw==', hash: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=' };

  it('are null without a policy', async () => {
    const { storage } = limitsWorker(freshDb());
    expect(await managedLock(throwing)).toBeNull();
    expect(await managedResearch(storage)).toBeNull();
    expect(await policySetsLock(storage)).toBe(false);
  });

  it('keep the PIN record out of storage.local (content scripts can read it): the lock reads it from the browser', async () => {
    const { storage } = limitsWorker(freshDb());
    const managed = area({ ...POLICY, lock, research: { enabled: true, studyKey: 'k', studyName: 'S' } });
    await refreshManagedPolicy(managed, storage, vi.fn());
    expect(JSON.stringify(storage.items.get(MANAGED_KEY))).not.toContain(lock.hash);
    expect(JSON.stringify(storage.items.get(MANAGED_KEY))).not.toContain(lock.salt);
    expect(await policySetsLock(storage)).toBe(true);
    expect(await managedLock(managed)).toEqual(lock);
    expect(await managedResearch(storage)).toEqual({ enabled: true, studyKey: 'k', studyName: 'S' });
    expect((await storedPolicy(storage)).limits).toHaveLength(1);
  });

  it('keep a refused lock’s problem for the parent’s view', async () => {
    const { storage } = limitsWorker(freshDb());
    await refreshManagedPolicy(area({ lock: { ...lock, iterations: 5 } }), storage, vi.fn());
    expect(await policySetsLock(storage)).toBe(false);
    expect((await storedPolicy(storage)).problems).toEqual([expect.stringMatching(/^lock\.iterations: .*the lock setting is left out$/)]);
  });
});

describe('managed limits at the limits door', () => {
  it('are listed first and evaluated with the user’s, and cannot be saved, deleted or overridden', async () => {
    const db = freshDb();
    const { storage, handlers, origin } = limitsWorker(db);
    await refreshManagedPolicy(area(POLICY), storage, vi.fn());
    const own = await handlers.saveLimit({ rule: rule({}) }, origin);
    expect(own.rules.map((held) => held.id)[0]).toBe('managed-monthly');
    expect(own.statuses.map((status) => status.ruleId)).toContain('managed-monthly');
    const managed = own.rules[0]!;
    await expect(handlers.saveLimit({ rule: { ...managed, cap: { kind: 'coins', coins: 1_000_000 } } }, origin)).rejects.toThrow(/the limit cannot be saved: this limit is set by your administrator/);
    await expect(handlers.deleteLimit({ id: managed.id }, origin)).rejects.toThrow(/the limit cannot be deleted: this limit is set by your administrator/);
    await expect(handlers.overrideLimit({ ruleId: managed.id, reason: 'please', coins: 1, giftId: 1, creator: null, roomId: null }, origin))
      .rejects.toThrow(/cannot be overridden: this limit is set by your administrator/);
    // Only the user's own rule was ever written to the user's rules.
    expect((storage.items.get(LIMITS_KEY) as { id: string }[]).map((held) => held.id)).toEqual([own.rules[1]!.id]);
    expect((await handlers.limitsView({ roomId: null }, origin)).rules[0]!.id).toBe('managed-monthly');
  });

  it('stay in force when the user deletes all data (the user’s own rules go)', async () => {
    const db = freshDb();
    const { storage, handlers, origin } = limitsWorker(db);
    await refreshManagedPolicy(area(POLICY), storage, vi.fn());
    await handlers.saveLimit({ rule: rule({}) }, origin);
    await deleteAllData(db, storage);
    expect((await handlers.limitsView({ roomId: null }, origin)).rules.map((held) => held.id)).toEqual(['managed-monthly']);
  });

  it('refuses a managed rule at the protocol, by name, before its id fails the UUID check', () => {
    const checked = messages.saveLimit.payload({ rule: { id: 'managed-monthly' } }, 'payload');
    expect(checked).toEqual({ ok: false, reason: 'payload.rule: this limit is set by your administrator' });
  });
});
