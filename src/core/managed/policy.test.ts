import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { limitRuleSchema } from '../limits';
import { EMPTY_POLICY, isManagedRuleId, isPolicyActive, parseManagedPolicy } from './policy';

const LOCK = { algorithm: 'PBKDF2-SHA-256', iterations: 600000, salt: 'AAECAwQFBgcICQoLDA0ODw==', hash: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=' };
const MONTHLY = { id: 'monthly', scope: { kind: 'all' }, period: { kind: 'month' }, cap: { kind: 'coins', coins: 1000 }, action: 'block' };

describe('parseManagedPolicy', () => {
  it('reads a complete policy: limits as full rules with prefixed ids and no overrides, the lock record, research', () => {
    const policy = parseManagedPolicy({ limits: [MONTHLY], lock: LOCK, research: { enabled: true, studyKey: 'k-1', studyName: 'Study' } });
    expect(policy.problems).toEqual([]);
    expect(policy.limits).toEqual([{
      id: 'managed-monthly', scope: { kind: 'all' }, period: { kind: 'month' }, cap: { kind: 'coins', coins: 1000 }, action: 'block',
      carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0,
    }]);
    expect(policy.lock).toEqual(LOCK);
    expect(policy.research).toEqual({ enabled: true, studyKey: 'k-1', studyName: 'Study' });
    expect(isPolicyActive(policy)).toBe(true);
  });

  it('numbers limits without an id by position, and a managed id can never be a user rule id', () => {
    const policy = parseManagedPolicy({ limits: [{ ...MONTHLY, id: undefined }, { ...MONTHLY, id: undefined, action: 'warn' }] });
    expect(policy.limits.map((rule) => rule.id)).toEqual(['managed-1', 'managed-2']);
    expect(policy.limits.every((rule) => isManagedRuleId(rule.id))).toBe(true);
    expect(isManagedRuleId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(false);
    // A user rule must have a UUID id: the prefix cannot pass the user rule's schema.
    expect(limitRuleSchema({ ...policy.limits[0] }, 'rule').ok).toBe(false);
  });

  it('treats no policy (undefined, null, {}) as none', () => {
    expect(parseManagedPolicy(undefined)).toEqual(EMPTY_POLICY);
    expect(parseManagedPolicy(null)).toEqual(EMPTY_POLICY);
    expect(isPolicyActive(parseManagedPolicy({}))).toBe(false);
  });

  it('leaves out one bad limit with a diagnostic naming it and keeps the others', () => {
    const policy = parseManagedPolicy({ limits: [{ ...MONTHLY, cap: { kind: 'coins', coins: -5 } }, { ...MONTHLY, id: 'weekly', period: { kind: 'week' } }] });
    expect(policy.limits.map((rule) => rule.id)).toEqual(['managed-weekly']);
    expect(policy.problems).toEqual(['limits[0].cap.coins: expected an integer in [0, 1000000000000]; this limit is left out']);
  });

  it('refuses a duplicate id, a bad id and a limits value that is not a list', () => {
    expect(parseManagedPolicy({ limits: [MONTHLY, MONTHLY] }).problems[0]).toMatch(/limits\[1\]\.id: "monthly" is used twice/);
    expect(parseManagedPolicy({ limits: [{ ...MONTHLY, id: 'Bad Id!' }] }).problems[0]).toMatch(/limits\[0\]\.id: expected 1 to 40 lower-case/);
    const notList = parseManagedPolicy({ limits: MONTHLY });
    expect(notList.limits).toEqual([]);
    expect(notList.problems).toEqual(['limits: expected a list of limits; no managed limit applies']);
  });

  it('keeps a confirm delay only for confirm limits', () => {
    const [confirm, block] = parseManagedPolicy({ limits: [{ ...MONTHLY, id: 'a', action: 'confirm', confirmDelaySeconds: 10 }, { ...MONTHLY, id: 'b', confirmDelaySeconds: 10 }] }).limits;
    expect(confirm!.confirmDelaySeconds).toBe(10);
    expect(block!.confirmDelaySeconds).toBe(0);
  });

  it('refuses a weak or malformed lock record and keeps the limits', () => {
    for (const [lock, reason] of [
      [{ ...LOCK, iterations: 1000 }, /lock\.iterations: expected an integer in \[600000/],
      [{ ...LOCK, algorithm: 'SHA-1' }, /lock\.algorithm: expected one of PBKDF2-SHA-256/],
      [{ ...LOCK, salt: 'AAEC' }, /lock\.salt: expected at least 16 bytes, got 3/],
      [{ ...LOCK, hash: 'not base64!' }, /lock\.hash: expected base64 text/],
      ['123456', /lock: expected an object/],
    ] as const) {
      const policy = parseManagedPolicy({ limits: [MONTHLY], lock });
      expect(policy.lock).toBeNull();
      expect(policy.limits).toHaveLength(1);
      expect(policy.problems[0]).toMatch(reason);
      expect(policy.problems[0]).toMatch(/the lock setting is left out/);
    }
  });

  it('refuses research enabled without a study key, and accepts it disabled without one', () => {
    expect(parseManagedPolicy({ research: { enabled: true } }).problems[0]).toMatch(/research\.studyKey/);
    expect(parseManagedPolicy({ research: { enabled: false } }).research).toEqual({ enabled: false, studyKey: null, studyName: null });
    expect(parseManagedPolicy({ research: { enabled: 'yes' } }).problems[0]).toMatch(/research\.enabled: expected a boolean/);
  });

  it('names unknown keys and a policy that is not an object, never throwing', () => {
    expect(parseManagedPolicy({ limit: [MONTHLY] }).problems).toEqual(['limit: not a Coinsight setting (expected limits, lock or research); ignored']);
    expect(parseManagedPolicy([MONTHLY]).problems).toEqual(['the policy is not an object; nothing of it applies']);
    expect(parseManagedPolicy('x').limits).toEqual([]);
  });

  it('matches the schema Chrome validates policy against (public/managed-schema.json)', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../public/managed-schema.json', import.meta.url), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual(['limits', 'lock', 'research']);
  });

  it('accepts the record the guide’s one-line command makes, and it verifies the PIN the way WebCrypto does (docs/MANAGED.md)', async () => {
    const guide = readFileSync(new URL('../../../docs/MANAGED.md', import.meta.url), 'utf8');
    const script = /node -e '([^']+)' 123456/.exec(guide)?.[1];
    expect(script).toBeDefined();
    const record = JSON.parse(execFileSync(process.execPath, ['-e', script!, '246810'], { encoding: 'utf8' })) as unknown;
    const { lock, problems } = parseManagedPolicy({ lock: record });
    expect(problems).toEqual([]);
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('246810'), 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: Buffer.from(lock!.salt, 'base64'), iterations: lock!.iterations }, key, 256);
    expect(Buffer.from(bits).toString('base64')).toBe(lock!.hash);
  });
});
