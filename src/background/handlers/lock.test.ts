import { describe, expect, it } from 'vitest';
import { LIMITS_KEY } from '../../core/limits';
import { fromBase64 } from '../../core/lock/bytes';
import { FIRST_DELAY_MS } from '../../core/lock/backoff';
import { base32Decode, totpAt } from '../../core/lock/totp';
import { hashPin } from '../../core/lock/pin-hash';
import { LOCK_RESET_ALARM, LockStore } from '../lock/store';
import type { Origin } from '../router';
import { lockHandlers } from './lock';

const ORIGIN: Origin = { kind: 'extension-page', tabId: undefined };
import { T0, lockedWorker } from '../lock/lock.fixtures';

const HOUR = 3_600_000;

describe('the lock handlers', () => {
  it('store only a PBKDF2 record (600,000 iterations, a new random salt for every PIN), in the database alone', async () => {
    const { ok, db, local, session } = lockedWorker();
    const status = await ok('setPin', { pin: '482913' });
    expect(status).toMatchObject({ method: 'pin', state: { kind: 'unlocked' } });
    const first = (await db.lock.get('lock'))!.pin;
    expect(first.kdf).toBe('PBKDF2-SHA-256');
    expect(first.iterations).toBeGreaterThanOrEqual(600_000);
    expect(fromBase64(first.salt)).toHaveLength(16);
    // Nothing of it in the storage areas (content scripts can read storage.local).
    const visible = JSON.stringify([...local.items, ...session.items]);
    expect(visible).not.toContain('482913');
    expect(visible).not.toContain(first.hash);
    expect(visible).not.toContain(first.salt);
    // The same PIN set again: another salt, so another hash.
    await ok('removeLock', {});
    await ok('setPin', { pin: '482913' });
    const second = (await db.lock.get('lock'))!.pin;
    expect(second.salt).not.toBe(first.salt);
    expect(second.hash).not.toBe(first.hash);
  });

  it('refuse a short PIN, and a second lock over the first', async () => {
    const { send, ok } = lockedWorker();
    expect(await send('setPin', { pin: '1234' })).toMatchObject({ ok: false, error: 'RefusedError: a PIN needs at least 6 characters' });
    await ok('setPin', { pin: '482913' });
    expect(await send('setPin', { pin: '999999' })).toMatchObject({ ok: false, error: expect.stringContaining('already set') });
  });

  it('make wrong PINs wait longer and longer, persisted across a worker restart, and log each failure', async () => {
    const { ok, db, session, clock, activity } = lockedWorker();
    await ok('setPin', { pin: '482913' });
    await ok('lockNow', {});
    for (let i = 0; i < 4; i++) expect(await ok('unlock', { pin: '000000', code: null })).toMatchObject({ unlocked: false, refused: 'wrong' });
    const waiting = await ok('unlock', { pin: '482913', code: null });
    expect(waiting).toMatchObject({ unlocked: false, refused: 'wait', status: { retryAt: T0 + FIRST_DELAY_MS, state: { kind: 'locked' } } });
    // A new worker (same database, same session area) still makes it wait.
    const restarted = new LockStore({ db, session, clock });
    expect((await restarted.read())!.failures.count).toBe(4);
    clock.at += FIRST_DELAY_MS;
    expect(await ok('unlock', { pin: '482913', code: null })).toMatchObject({ unlocked: true, status: { state: { kind: 'unlocked', until: clock.at + 5 * 60_000 }, retryAt: null } });
    expect((await db.lock.get('lock'))!.failures.count).toBe(0);
    expect((await activity()).filter((kind) => kind === 'pin-failed')).toHaveLength(4);
  });

  it('end an unlock after its duration, or at once on "lock now"', async () => {
    const { ok, clock } = lockedWorker();
    await ok('setPin', { pin: '482913' });
    await ok('lockSettings', { unlockMinutes: 2, resetWaitHours: 48 });
    clock.at += 2 * 60_000;
    expect((await ok('lockStatus', {})).state).toEqual({ kind: 'locked' });
    await ok('unlock', { pin: '482913', code: null });
    expect((await ok('lockNow', {})).state).toEqual({ kind: 'locked' });
  });

  it('approve with an authenticator app: enrol with a current code, then only codes unlock, each once', async () => {
    const { ok, send, clock } = lockedWorker();
    await ok('setPin', { pin: '482913' });
    const { secret, uri } = await ok('totpBegin', {});
    expect(uri).toBe(`otpauth://totp/Coinsight:Parental%20lock?secret=${secret}&issuer=Coinsight&algorithm=SHA1&digits=6&period=30`);
    const key = base32Decode(secret)!;
    expect(await send('totpConfirm', { code: '000000' === (await totpAt(key, clock.at)) ? '111111' : '000000' })).toMatchObject({ ok: false });
    expect(await ok('totpConfirm', { code: await totpAt(key, clock.at) })).toMatchObject({ method: 'totp' });
    await ok('lockNow', {});
    expect(await send('unlock', { pin: '482913', code: null })).toMatchObject({ ok: false, error: expect.stringContaining('authenticator app') });
    // The code used to enrol is spent; the next window's code unlocks once.
    expect(await ok('unlock', { pin: null, code: await totpAt(key, clock.at) })).toMatchObject({ unlocked: false, refused: 'wrong' });
    clock.at += 30_000;
    const code = await totpAt(key, clock.at);
    expect(await ok('unlock', { pin: null, code })).toMatchObject({ unlocked: true });
    await ok('lockNow', {});
    expect(await ok('unlock', { pin: null, code })).toMatchObject({ unlocked: false, refused: 'wrong' });
  });

  it('reset a forgotten PIN only after the waiting period, leaving the limits alone; an unlock meanwhile cancels it', async () => {
    const { ok, send, clock, alarms, local, activity } = lockedWorker();
    await local.set({ [LIMITS_KEY]: ['kept'] });
    await ok('setPin', { pin: '482913' });
    const pending = await ok('resetRequest', {});
    expect(pending.state).toEqual({ kind: 'reset-pending', effectiveAt: T0 + 48 * HOUR });
    expect(alarms.create).toHaveBeenLastCalledWith(LOCK_RESET_ALARM, { when: expect.any(Number) });
    clock.at += 48 * HOUR - 1;
    expect((await ok('lockStatus', {})).state.kind).toBe('reset-pending');
    expect(await send('removeLock', {})).toMatchObject({ ok: false });
    clock.at += 1;
    expect((await ok('lockStatus', {})).state).toEqual({ kind: 'none' });
    expect(local.items.get(LIMITS_KEY)).toEqual(['kept']);
    expect(await activity()).toEqual(['blocked-attempt', 'lock-reset-done', 'lock-reset-requested', 'lock-set']);
    expect(alarms.clear).toHaveBeenLastCalledWith(LOCK_RESET_ALARM);

    await ok('setPin', { pin: '482913' });
    await ok('resetRequest', {});
    expect(await ok('unlock', { pin: '482913', code: null })).toMatchObject({ unlocked: true, status: { state: { kind: 'unlocked' } } });
    clock.at += 49 * HOUR;
    expect((await ok('lockStatus', {})).method).toBe('pin');
    expect((await activity()).filter((kind) => kind === 'lock-reset-cancelled')).toHaveLength(1);
  });
});

describe('a lock set by an administrator (managed policy)', () => {
  it('is the lock: its PIN unlocks, a wrong one counts here, and nothing about it can be changed or reset here', async () => {
    const { db, session, clock } = lockedWorker();
    const adminPin = await hashPin('735194');
    const store = new LockStore({ db, session, clock, managedPin: async () => adminPin });
    const handlers = lockHandlers(store);
    expect(await handlers.lockStatus({}, ORIGIN)).toMatchObject({ state: { kind: 'locked' }, method: 'pin' });
    expect(await handlers.unlock({ pin: '000000', code: null }, ORIGIN)).toMatchObject({ unlocked: false, refused: 'wrong' });
    expect((await store.read())!.failures.count).toBe(1); // this browser's failures are kept, beside the policy's PIN
    for (const refused of [
      () => handlers.setPin({ pin: '482913' }, ORIGIN), () => handlers.changePin({ pin: '482913' }, ORIGIN), () => handlers.removeLock({}, ORIGIN),
      () => handlers.resetRequest({}, ORIGIN), () => handlers.totpBegin({}, ORIGIN),
    ]) await expect(refused()).rejects.toThrow('set by your administrator');
    expect(await handlers.unlock({ pin: '735194', code: null }, ORIGIN)).toMatchObject({ unlocked: true });
    // A new PIN by policy: the unlock of the old one unlocks nothing.
    const next = new LockStore({ db, session, clock, managedPin: async () => hashPin('246810') });
    expect((await next.state()).state).toEqual({ kind: 'locked' });
  });
});
