/**
 * Tamper evidence in Chromium (issue 11, item 5 and its acceptance line): disabling and re-enabling the extension, and
 * a gap in its heartbeat, appear in the parent's log on the options page. The test build is loaded: its clock can be
 * moved, which is how a silence of three hours is made without waiting for it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAST_BEAT_KEY } from '../../src/core/activity/gaps';
import { openExtensionPage, setExtensionEnabled, stopServiceWorkers, waitFor, withChromium } from './harness';
import { sendFromPage, setTestClock } from './limits-harness';

const HOUR = 3_600_000;

/** The parent's log rows of `kind` on a fresh load of the options page. */
async function logRows(session: Parameters<typeof openExtensionPage>[0], kind: string): Promise<{ page: Page; texts: string[] }> {
  const page = await openExtensionPage(session, 'src/options/index.html');
  await page.getByTestId('parent-ready').waitFor();
  const texts = await page.locator(`[data-testid="parent-log-row"][data-kind="${kind}"]`).allInnerTexts();
  return { page, texts };
}

/** Polls the options page until the log has a row of `kind`; returns the rows' texts. */
async function waitForLogRow(session: Parameters<typeof openExtensionPage>[0], kind: string): Promise<string[]> {
  return waitFor(`a "${kind}" row in the parent's log`, async () => {
    const { page, texts } = await logRows(session, kind);
    await page.close();
    return texts.length > 0 ? texts : null;
  });
}

describe('the parent’s log shows when Coinsight was not running (Chromium)', () => {
  const suite = withChromium(null, 'file', { build: 'test' });

  it('logs turning the extension off and on, and a heartbeat gap, in plain words', async () => {
    const { session } = suite;
    const options = await openExtensionPage(session, 'src/options/index.html');
    await waitFor('the first heartbeat', () => options.evaluate(async (key) => typeof (await (globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } })
      .chrome.storage.local.get(key))[key] === 'number', LAST_BEAT_KEY));
    await options.getByTestId('parent-ready').waitFor();
    expect(await options.getByTestId('parent-no-gaps').innerText()).toBe('None: Coinsight ran whenever the browser did.');

    // Off and on again, as from chrome://extensions.
    await setExtensionEnabled(session, false);
    await setExtensionEnabled(session, true);
    const disabled = await waitForLogRow(session, 'extension-disabled');
    expect(disabled).toHaveLength(1);
    expect(disabled[0]).toMatch(/Coinsight was turned off and on again from .+ to .+ \(\d+ min\), or reloaded, or it crashed: the browser does not say which\./);

    // Three hours of silence within the same run of the browser: the test clock moves, the worker stops and wakes.
    const page = await openExtensionPage(session, 'src/options/index.html');
    await setTestClock(page, 3 * HOUR);
    await stopServiceWorkers(page);
    expect((await sendFromPage(page, 'limits/view', { roomId: null })).ok).toBe(true);
    const gap = await waitForLogRow(session, 'not-running');
    expect(gap).toHaveLength(1);
    expect(gap[0]).toMatch(/Coinsight did not run from .+ to .+ \(3 h 0 min\) while the browser was open\./);

    // Both are among this month's gaps in the summary, newest first, and the turn off-and-on is still logged once.
    const { page: summary, texts } = await logRows(session, 'extension-disabled');
    expect(texts).toHaveLength(1);
    expect(await summary.locator('[data-testid="parent-gap"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind'))))
      .toEqual(['not-running', 'extension-disabled']);
  });
});
