/**
 * The parental lock end to end in Chromium (issue 11), test build (its clock can move): with a PIN set, raising a limit
 * without the PIN is refused with a clear message and changes nothing, through the options page and when the request
 * goes straight to the worker from an extension page; with the PIN it goes through; lowering needs no PIN. A forgotten-
 * PIN reset shows on the pages while it waits, does not take effect before its 48 hours, and does after, leaving the
 * limits and the ledger alone.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, openPopup, readStore, waitFor, withChromium } from './harness';
import { chromiumEditor, limitsFromWorker } from './limits-editor';
import { limitRule, saveLimit, setTestClock } from './limits-harness';
import { cancelPrompt, lockStatus, sendRaw, setPinAndLock, unlockInPrompt, waitForLockState } from './lock-harness';

const PIN = '482913';
const HOUR = 3_600_000;

describe('the parental lock (Chromium)', () => {
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' }, 'test', { build: 'test' });

  it('refuses raising a limit without the PIN (page and direct message), lets it through with the PIN, and lowering without', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    const weekly = limitRule({ cap: { kind: 'coins', coins: 100 } });
    await saveLimit(options, weekly);
    await setPinAndLock(options, PIN);
    const editor = chromiumEditor(options);
    const cap = async () => (await limitsFromWorker(editor)).rules[0]?.cap;

    // Straight to the worker, no page in between: refused, with the reason, and nothing changed.
    const direct = await sendRaw(options, 'saveLimit', { rule: { ...weekly, cap: { kind: 'coins', coins: 5000 } } });
    expect(direct).toEqual({ ok: false, retryable: false, error: 'refused: locked: raising a limit or weakening its action needs a parent to unlock Coinsight (Parental lock, with the PIN or the authenticator code).' });
    expect(await sendRaw(options, 'deleteLimit', { id: weekly.id })).toMatchObject({ ok: false, error: expect.stringContaining('removing a limit') });
    expect(await sendRaw(options, 'saveLimit', { rule: { ...weekly, action: 'warn' } })).toMatchObject({ ok: false });
    expect(await sendRaw(options, 'removeLock', {})).toMatchObject({ ok: false, error: expect.stringContaining('turning the lock off') });
    expect(await cap()).toEqual({ kind: 'coins', coins: 100 });

    // Through the options page: the unlock prompt appears; cancelled, the editor says why and nothing changed.
    await editor.click('limit-edit');
    await editor.fill('limit-cap', '500');
    await editor.click('limit-save');
    await cancelPrompt(options);
    await waitFor('the refusal shown', () => editor.text('limit-status'));
    expect(await editor.text('limit-status')).toMatch(/raising a limit or weakening its action needs a parent to unlock Coinsight/);
    expect(await cap()).toEqual({ kind: 'coins', coins: 100 });

    // A wrong PIN in the prompt is refused; the right one unlocks, and the same Save goes through.
    await editor.click('limit-save');
    await options.fill('[data-testid="unlock-prompt-answer"]', '000000');
    await options.click('[data-testid="unlock-prompt-submit"]');
    await waitFor('the wrong PIN refused', async () => (await editor.text('unlock-prompt-error')) === 'That PIN is not right.');
    await unlockInPrompt(options, PIN);
    await waitFor('the raised cap saved', async () => (await cap())?.kind === 'coins' && ((await cap()) as { coins: number }).coins === 500);
    expect((await lockStatus(options)).state.kind).toBe('unlocked');

    // Locked again: lowering needs no PIN, by message or on the page.
    await options.click('[data-testid="lock-now"]');
    await waitForLockState(options, 'locked');
    expect(await sendRaw(options, 'saveLimit', { rule: { ...weekly, cap: { kind: 'coins', coins: 300 } } })).toMatchObject({ ok: true });
    await editor.click('limit-edit');
    await editor.fill('limit-cap', '200');
    await editor.click('limit-save');
    await waitFor('the lowered cap saved', async () => ((await cap()) as { coins: number }).coins === 200);
    expect(await options.locator('[data-testid="unlock-prompt"]').count()).toBe(0);

    // The parent's view is behind the lock: a page opened while locked says so and asks for nothing until asked.
    const fresh = await openExtensionPage(suite.session, 'src/options/index.html');
    await fresh.waitForSelector('[data-testid="parent-locked"]');
    expect(await fresh.locator('[data-testid="unlock-prompt"]').count()).toBe(0);
    expect(await fresh.locator('[data-testid="parent-ready"]').count()).toBe(0);
    await fresh.click('[data-testid="parent-unlock"]');
    await fresh.waitForSelector('[data-testid="unlock-prompt"]');
    await fresh.click('[data-testid="unlock-prompt-cancel"]');
    await fresh.close();

    // The parent's log has the failure, the refusals and the change that went through.
    const kinds = (await readStore<{ kind: string }>(options, 'activity')).map((row) => row.kind);
    expect(kinds.filter((kind) => kind === 'pin-failed')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'limit-changed')).toHaveLength(1);
    expect(kinds).toEqual(expect.arrayContaining(['lock-set', 'unlocked', 'blocked-attempt']));
  });

  it('a forgotten-PIN reset is shown while it waits, does nothing before 48 hours and removes only the lock after', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    const weekly = limitRule({ cap: { kind: 'coins', coins: 100 } });
    await saveLimit(options, weekly);
    await setPinAndLock(options, PIN);

    await options.click('[data-testid="lock-reset-request"]');
    await options.click('[data-testid="lock-reset-confirm"]');
    await options.waitForSelector('[data-testid="lock-reset-banner"]');
    expect(await chromiumEditor(options).text('lock-reset-banner')).toMatch(/^Parental lock: a forgotten-PIN reset removes the lock in (2 d 0 h|47 h 59 min) \(on .+\)\. A parent who knows the PIN can cancel it/);
    const popup = await openPopup(suite.session);
    await popup.waitForSelector('[data-testid="lock-reset-banner"]');
    const blocked = await openExtensionPage(suite.session, 'src/blocked/index.html');
    await blocked.waitForSelector('[data-testid="lock-reset-banner"]');

    // 47 hours on: still locked, the change still refused.
    await setTestClock(options, 47 * HOUR);
    await waitFor('the worker on the moved clock', async () => (await lockStatus(options)).now > Date.now() + 46 * HOUR);
    expect((await lockStatus(options)).state.kind).toBe('reset-pending');
    expect(await sendRaw(options, 'deleteLimit', { id: weekly.id })).toMatchObject({ ok: false });
    await options.reload();
    await options.waitForSelector('[data-testid="lock-reset-pending"]');

    // 48 hours on: the lock is gone (the worker applies it on the clock move); the limit is still there.
    await setTestClock(options, 48 * HOUR + 60_000);
    await waitForLockState(options, 'none');
    expect((await limitsFromWorker(chromiumEditor(options))).rules.map((rule) => rule.id)).toEqual([weekly.id]);
    const kinds = (await readStore<{ kind: string }>(options, 'activity')).map((row) => row.kind);
    expect(kinds).toEqual(expect.arrayContaining(['lock-reset-requested', 'lock-reset-done']));
    await options.reload();
    await options.waitForSelector('[data-testid="lock-none"]');
    expect(await options.locator('[data-testid="lock-reset-banner"]').count()).toBe(0);
  });
});
