import { describe, expect, it } from 'vitest';
import { LIMITS_KEY, type LimitRule } from '../../core/limits';
import { newLock, newSession } from '../../core/lock/state';
import { SETTINGS_KEY, defaultSettings } from '../../platform/settings';
import { RELAY, lockedWorker } from './lock.fixtures';

const RULE: LimitRule = {
  id: '00000000-0000-4000-8000-000000000001', scope: { kind: 'all' }, period: { kind: 'month' }, cap: { kind: 'coins', coins: 1000 },
  action: 'block', carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0,
};
const FAKE_PIN = { v: 1 as const, kdf: 'PBKDF2-SHA-256' as const, iterations: 600_000, salt: 'AAAAAAAAAAAAAAAAAAAAAA==', hash: 'AA==' };

/** A worker with one limit stored and a lock set (without hashing a PIN: the gate never looks at it). */
async function withLock() {
  const worker = lockedWorker();
  await worker.local.set({ [LIMITS_KEY]: [RULE], [SETTINGS_KEY]: defaultSettings('en-US') });
  const record = newLock('lock-1', FAKE_PIN);
  await worker.store.update(() => ({ record, result: null }));
  return { ...worker, record };
}

describe('the lock gate', () => {
  it('while locked, refuses raising a limit, weakening its action or removing it, and changes nothing', async () => {
    const { send, activity } = await withLock();
    for (const rule of [{ ...RULE, cap: { kind: 'coins' as const, coins: 5000 } }, { ...RULE, action: 'warn' as const }]) {
      const reply = await send('saveLimit', { rule });
      expect(reply).toEqual({ ok: false, retryable: false, error: expect.stringMatching(/^refused: locked: raising a limit .* needs a parent to unlock Coinsight/) });
    }
    expect(await send('deleteLimit', { id: RULE.id })).toMatchObject({ ok: false, error: expect.stringContaining('removing a limit') });
    expect(await activity()).toEqual(['blocked-attempt', 'blocked-attempt', 'blocked-attempt']);
  });

  it('while locked, lets lowering a limit, adding one and deleting an unknown one through (not protected, so not logged)', async () => {
    const { send, activity } = await withLock();
    expect(await send('saveLimit', { rule: { ...RULE, cap: { kind: 'coins', coins: 10 } } })).toEqual({ ok: true, value: { done: 'saveLimit' } });
    expect(await send('saveLimit', { rule: { ...RULE, id: '00000000-0000-4000-8000-000000000002', action: 'warn' } })).toMatchObject({ ok: true });
    expect(await send('deleteLimit', { id: 'gone' })).toMatchObject({ ok: true });
    expect(await activity()).toEqual([]);
  });

  it('refuses an override from the page with words for the child, and every other protected change', async () => {
    const { send } = await withLock();
    const override = await send('overrideLimit', { ruleId: RULE.id, reason: 'please', coins: 1, giftId: 1, creator: null, roomId: null }, RELAY);
    expect(override).toMatchObject({ ok: false, error: "refused: locked: Coinsight is locked by a parent. A parent must unlock it in Coinsight's settings (Parental lock) before a limit can be overridden." });
    const conversion = { ...defaultSettings('en-US').conversion, basis: 'custom' as const };
    expect(await send('updateSettings', { patch: { conversion } })).toMatchObject({ ok: false, error: expect.stringContaining('prices, rates') });
    expect(await send('updateSettings', { patch: { weekStart: 6 } })).toMatchObject({ ok: false });
    expect(await send('deleteAllData', {})).toMatchObject({ ok: false });
    expect(await send('restoreCommit', { restoreId: '00000000-0000-4000-8000-000000000009', batches: 0, entries: 0, balances: 0, settings: null, limits: null })).toMatchObject({ ok: false });
    expect(await send('importCommit', { importId: '00000000-0000-4000-8000-000000000009', entries: 0, write: true })).toMatchObject({ ok: false });
    expect(await send('deletePurchase', { id: 'x' })).toMatchObject({ ok: false });
    expect(await send('removeLock', {})).toMatchObject({ ok: false, error: expect.stringContaining('turning the lock off') });
  });

  it('lets harmless messages through while locked: the same settings, a display currency without money caps, a dry-run import, clearing diagnostics', async () => {
    const { send } = await withLock();
    const held = defaultSettings('en-US');
    expect(await send('updateSettings', { patch: { conversion: held.conversion, weekStart: held.weekStart, displayCurrency: 'EUR' } })).toMatchObject({ ok: true });
    expect(await send('importCommit', { importId: '00000000-0000-4000-8000-000000000009', entries: 0, write: false })).toMatchObject({ ok: true });
    expect(await send('clearDiagnostics', {})).toMatchObject({ ok: true });
    expect(await send('limitsView', { roomId: null })).toMatchObject({ ok: true });
  });

  it('the display currency is protected once a money cap exists', async () => {
    const { send, local } = await withLock();
    await local.set({ [LIMITS_KEY]: [{ ...RULE, cap: { kind: 'money', money: { minor: 500, currency: 'USD' } } }] });
    expect(await send('updateSettings', { patch: { displayCurrency: 'EUR' } })).toMatchObject({ ok: false });
  });

  it('unlocked, protected changes go through and are logged; after the unlock ends they are refused again', async () => {
    const { send, store, record, clock, activity } = await withLock();
    await store.startSession(newSession(record, clock.at));
    expect(await send('saveLimit', { rule: { ...RULE, cap: { kind: 'coins', coins: 5000 } } })).toMatchObject({ ok: true });
    expect(await send('deleteAllData', {})).toMatchObject({ ok: true });
    expect(await activity()).toEqual(['data-changed', 'limit-changed']);
    clock.at += 5 * 60_000;
    expect(await send('saveLimit', { rule: { ...RULE, cap: { kind: 'coins', coins: 5000 } } })).toMatchObject({ ok: false });
  });

  it('without a lock everything passes, and protected changes are still logged', async () => {
    const worker = lockedWorker();
    await worker.local.set({ [LIMITS_KEY]: [RULE] });
    expect(await worker.send('deleteLimit', { id: RULE.id })).toMatchObject({ ok: true });
    expect(await worker.activity()).toEqual(['limit-changed']);
  });
});
