/**
 * Firefox (test build, event-page background): the parental lock holds there too. The PIN is set on the options page;
 * locked, raising a limit straight from an extension page is refused and changes nothing; on the page, the unlock
 * prompt takes the PIN and the same Save goes through; a forgotten-PIN reset takes effect after 48 hours, not before.
 */
import { describe, expect, it } from 'vitest';
import type { LockStatus } from '../../src/platform/protocol';
import { waitFor } from './harness';
import { openExtensionPage, withFirefox } from './firefox';
import { firefoxEditor, limitsFromWorker } from './limits-editor';
import { limitRule, saveLimit, sendFromPage, setTestClock } from './limits-harness';

const PIN = '482913';
const HOUR = 3_600_000;

describe('Firefox: the parental lock', () => {
  const suite = withFirefox(null, 'file', { build: 'test' });

  it('refuses a raised limit without the PIN, takes it with the PIN, and resets a forgotten PIN only after the wait', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html', '[data-testid="lock-none"]');
    const page = firefoxEditor(options);
    const status = async () => {
      const reply = await sendFromPage(options, 'lock/status', {});
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as LockStatus;
    };
    const weekly = limitRule({ cap: { kind: 'coins', coins: 100 } });
    await saveLimit(options, weekly);
    await page.fill('lock-set-pin', PIN);
    await page.fill('lock-set-again', PIN);
    await page.click('lock-set-submit');
    await waitFor('unlocked after setting the PIN', () => page.text('lock-unlocked'));
    await page.click('lock-now');
    await waitFor('locked', () => page.text('lock-locked'));

    const direct = await sendFromPage(options, 'limits/save', { rule: { ...weekly, cap: { kind: 'coins', coins: 5000 } } });
    expect(direct).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: locked: raising a limit/) });
    expect((await limitsFromWorker(page)).rules[0]?.cap).toEqual({ kind: 'coins', coins: 100 });

    await page.click('limit-edit');
    await page.fill('limit-cap', '500');
    await page.click('limit-save');
    await waitFor('the unlock prompt', () => page.text('unlock-prompt'));
    await page.fill('unlock-prompt-answer', PIN);
    await page.click('unlock-prompt-submit');
    await waitFor('the raised cap saved', async () => JSON.stringify((await limitsFromWorker(page)).rules[0]?.cap) === JSON.stringify({ kind: 'coins', coins: 500 }));

    expect(await sendFromPage(options, 'lock/reset-request', {})).toMatchObject({ ok: true });
    await setTestClock(options, 47 * HOUR);
    await waitFor('the worker 47 h on', async () => (await status()).now > Date.now() + 46 * HOUR);
    expect((await status()).state.kind).toBe('reset-pending');
    await setTestClock(options, 48 * HOUR + 60_000);
    await waitFor('the lock gone', async () => (await status()).state.kind === 'none');
    expect((await limitsFromWorker(page)).rules.map((rule) => rule.id)).toEqual([weekly.id]);
  });
});
