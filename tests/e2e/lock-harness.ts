/**
 * The parental lock in the real browser (issue 11): steps a parent takes on the options page, and the worker's own
 * answers (lockStatus) to check them against, so a test reads what the worker enforces, not what the page shows.
 */
import type { Page } from 'playwright-core';
import { envelope, type LockStatus, type MessageName, type PayloadOf, type Reply, type ReplyOf } from '../../src/platform/protocol';
import { base32Decode, totpAt } from '../../src/core/lock/totp';
import { waitFor } from './harness';

type Chrome = { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
const sel = (testid: string) => `[data-testid="${testid}"]`;

/** Sends one protocol message straight to the worker from an extension page (no UI), and returns its raw reply. */
export function sendRaw<N extends MessageName>(page: Page, name: N, payload: PayloadOf<N>): Promise<Reply<ReplyOf<N>>> {
  return page.evaluate((message) => (globalThis as unknown as Chrome).chrome.runtime.sendMessage(message), envelope(name, payload)) as Promise<Reply<ReplyOf<N>>>;
}

/** Like sendRaw, but a refusal fails the test with the worker's reason. */
export async function sendOk<N extends MessageName>(page: Page, name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> {
  const reply = await sendRaw(page, name, payload);
  if (!reply.ok) throw new Error(`${name} refused: ${reply.error}`);
  return reply.value;
}

export const lockStatus = (page: Page): Promise<LockStatus> => sendOk(page, 'lockStatus', {});

/** Waits until the worker says the lock is in `kind` (none, locked, unlocked, reset-pending). */
export function waitForLockState(page: Page, kind: LockStatus['state']['kind']): Promise<LockStatus> {
  return waitFor(`the lock ${kind}`, async () => {
    const status = await lockStatus(page);
    return status.state.kind === kind ? status : null;
  });
}

/** Sets the PIN on the options page as a parent does (typed twice), then locks at once. */
export async function setPinAndLock(options: Page, pin: string): Promise<void> {
  await options.waitForSelector(sel('lock-none'));
  await options.fill(sel('lock-set-pin'), pin);
  await options.fill(sel('lock-set-again'), pin);
  await options.click(sel('lock-set-submit'));
  await options.waitForSelector(sel('lock-unlocked'));
  await options.click(sel('lock-now'));
  await options.waitForSelector(sel('lock-locked'));
}

/** Types `pin` into the unlock prompt a refused change opened, and waits for the prompt to close. */
export async function unlockInPrompt(options: Page, pin: string): Promise<void> {
  await options.waitForSelector(sel('unlock-prompt'));
  await options.fill(sel('unlock-prompt-answer'), pin);
  await options.click(sel('unlock-prompt-submit'));
  await options.waitForSelector(sel('unlock-prompt'), { state: 'detached' });
}

/** Closes the unlock prompt without unlocking (the change it was opened for stays refused). */
export async function cancelPrompt(options: Page): Promise<void> {
  await options.waitForSelector(sel('unlock-prompt'));
  await options.click(sel('unlock-prompt-cancel'));
  await options.waitForSelector(sel('unlock-prompt'), { state: 'detached' });
}

/** What the parent's authenticator app shows at `atMs` for the key the options page displayed (spaces and all). */
export async function authenticatorCode(shownKey: string, atMs: number): Promise<string> {
  const secret = base32Decode(shownKey);
  if (!secret) throw new Error(`not a base32 key: ${shownKey}`);
  return totpAt(secret, atMs);
}
