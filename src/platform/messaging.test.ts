import { afterEach, describe, expect, it, vi } from 'vitest';
import { onLockRefusal, send } from './messaging';

const LOCKED = { ok: false, retryable: false, error: 'refused: locked: removing a limit needs a parent to unlock Coinsight (Parental lock, with the PIN or the authenticator code).' };
const VIEW = { rules: [], statuses: [], overridesUsed: {} };

function worker(...replies: unknown[]) {
  const sendMessage = vi.fn(async () => replies.shift());
  (globalThis as { chrome?: unknown }).chrome = { runtime: { sendMessage } };
  return sendMessage;
}

describe('send and the lock', () => {
  afterEach(() => {
    onLockRefusal(null);
    delete (globalThis as { chrome?: unknown }).chrome;
  });

  it('asks the page to unlock after a lock refusal, and sends the change once more when it did', async () => {
    const sendMessage = worker(LOCKED, { ok: true, value: VIEW });
    const ask = vi.fn(async () => true);
    onLockRefusal(ask);
    expect(await send('deleteLimit', { id: 'x' })).toEqual(VIEW);
    expect(ask).toHaveBeenCalledWith(LOCKED.error);
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });

  it('keeps the refusal when the prompt was cancelled, when the retry is refused again, and asks nothing for other refusals', async () => {
    onLockRefusal(async () => false);
    worker(LOCKED);
    await expect(send('deleteLimit', { id: 'x' })).rejects.toThrow(LOCKED.error);
    const ask = vi.fn(async () => true);
    onLockRefusal(ask);
    worker(LOCKED, LOCKED);
    await expect(send('deleteLimit', { id: 'x' })).rejects.toThrow(LOCKED.error);
    expect(ask).toHaveBeenCalledTimes(1);
    worker({ ok: false, retryable: false, error: 'RefusedError: the limit cannot be saved' });
    await expect(send('deleteLimit', { id: 'x' })).rejects.toThrow('the limit cannot be saved');
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('without a prompt (the popup), a lock refusal is simply the error', async () => {
    worker(LOCKED);
    await expect(send('deleteLimit', { id: 'x' })).rejects.toThrow(/^refused: locked: /);
  });
});
