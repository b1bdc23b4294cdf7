/**
 * Accessibility (issue 13 item 2): axe-core finds no violation on the extension's pages (the popup with its insights;
 * the options page with its research consent screen and unlock prompt; the blocked page; the welcome page) or in what Coinsight draws
 * in TikTok's page (prices, the limits strip, the confirm dialog), in the light and the dark scheme. With the keyboard
 * alone: the dialog (Cancel, Tab kept inside, Escape, the focus given back, then Enter on the gift and Confirm by
 * keyboard), a weekly limit set and a CSV exported on the options page. axe is evaluated into each page through the
 * DevTools protocol, which an extension page's CSP does not stop; in TikTok's page only Coinsight's own elements are
 * checked.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WELCOME_PAGE, openExtensionPage, openPopup, tabTo as tabToIn, waitFor, withChromium } from './harness';
import { limitRule, saveLimit } from './limits-harness';
import { cancelPrompt, setPinAndLock } from './lock-harness';
import { LION, ROSE, openLive, sendGift, sendStatus, stripText, waitForPanelPrice } from './live-page';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }

/** axe's violations on `page`, within `include` (CSS selectors of shadow hosts or elements) or the whole document. */
async function violations(page: Page, include?: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  const found = await page.evaluate(async (selectors) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const context = selectors ? { include: selectors.map((selector) => [selector]) } : document;
    return (await axe.run(context, { resultTypes: ['violations'] })).violations;
  }, include ?? null);
  return found.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(node.target)}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`));
}

describe('accessibility, Chromium', () => {
  const suite = withChromium({ initialCoins: 200_000, locale: 'en-US' });

  it('axe finds no violation on any extension page or in-page element, light or dark', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="export-start"]');
    const live = await suite.session.context.newPage();
    await openLive(live);
    for (let tap = 0; tap < 3; tap++) expect(await sendGift(live, ROSE)).toBe('ok');
    await saveLimit(options, limitRule({ action: 'confirm', cap: { kind: 'coins', coins: 1_000 } }));
    await waitForPanelPrice(live, LION);
    await waitFor('the strip', () => stripText(live));
    const popup = await openPopup(suite.session);
    await popup.waitForSelector('[data-testid="popup-limit"]');
    await popup.click('[data-testid="insights-toggle"]');
    await popup.waitForSelector('[data-testid="creators"][data-costed="true"]');
    const blocked = await openExtensionPage(suite.session, 'src/blocked/index.html');
    await blocked.waitForSelector('main[data-state]');
    // The welcome page, with a refusal showing beside its field.
    const welcome = await openExtensionPage(suite.session, WELCOME_PAGE);
    await welcome.waitForSelector('[data-testid="welcome-lock"][data-offered="true"]');
    await welcome.fill('[data-testid="welcome-limit-coins"]', '12.5');
    await welcome.click('[data-testid="welcome-finish"]');
    await welcome.waitForSelector('[data-testid="welcome-limitCoins-error"]');

    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const page of [options, popup, blocked, welcome, live]) await page.emulateMedia({ colorScheme: scheme });
      for (const [page, what] of [[options, 'options'], [popup, 'popup'], [blocked, 'blocked page'], [welcome, 'welcome page']] as const) {
        for (const problem of await violations(page)) problems.push(`${scheme} ${what}: ${problem}`);
      }
      for (const problem of await violations(live, ['coinsight-price', 'coinsight-limits'])) problems.push(`${scheme} LIVE page: ${problem}`);
    }
    // The confirm dialog, asked for a Lion past the rule.
    await live.click(`[data-testid="gift-${LION}"]`);
    await live.waitForSelector('[data-testid="limit-dialog"]');
    for (const scheme of ['light', 'dark'] as const) {
      await live.emulateMedia({ colorScheme: scheme });
      for (const problem of await violations(live, ['coinsight-limit-dialog'])) problems.push(`${scheme} dialog: ${problem}`);
    }
    expect(problems).toEqual([]);

    // The keyboard alone: the dialog opens with Cancel focused, Tab goes round its own controls only, Escape cancels
    // the send and gives the focus back to the gift that was pressed.
    const focused = () => live.evaluate(() => document.querySelector('coinsight-limit-dialog')?.shadowRoot?.activeElement?.getAttribute('data-testid') ?? null);
    expect(await focused()).toBe('limit-dialog-cancel');
    const seen = new Set<string | null>();
    for (let press = 0; press < 6; press++) {
      await live.keyboard.press('Tab');
      seen.add(await focused());
    }
    expect(seen.has(null)).toBe(false); // never outside the dialog
    expect(seen.has('limit-dialog-confirm')).toBe(true);
    await live.keyboard.press('Escape');
    await live.waitForSelector('coinsight-limit-dialog', { state: 'detached' });
    expect(await live.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`gift-${LION}`);
    // Enter on the gift asks again; Tab to Confirm and Enter sends it, once.
    const before = await sendStatus(live);
    await live.keyboard.press('Enter');
    await live.waitForSelector('[data-testid="limit-dialog"]');
    for (let press = 0; press < 6 && (await focused()) !== 'limit-dialog-confirm'; press++) await live.keyboard.press('Tab');
    expect(await focused()).toBe('limit-dialog-confirm');
    await live.keyboard.press('Enter');
    await waitFor('the confirmed send answered', async () => {
      const now = await sendStatus(live);
      return now.pending === 0 && now.sent === before.sent + 1 && now.last === 'ok';
    });
  });

  it('sets a weekly limit and exports a CSV with the keyboard alone', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="export-start"]');
    const tabTo = (testid: string) => tabToIn(options, testid);
    const limitsBefore = await options.locator('[data-testid="limit-row"]').count();

    await tabTo('limit-add');
    await options.keyboard.press('Enter');
    await tabTo('limit-period');
    expect(await options.inputValue('[data-testid="limit-period"]')).toBe('week');
    await tabTo('limit-cap');
    await options.keyboard.type('500');
    await tabTo('limit-action');
    await options.keyboard.press('ArrowDown'); // from "warn me" to the next action
    const action = await options.inputValue('[data-testid="limit-action"]');
    expect(action).not.toBe('warn');
    await tabTo('limit-save');
    await options.keyboard.press('Enter');
    await waitFor('the limit saved', async () => (await options.locator('[data-testid="limit-row"]').count()) === limitsBefore + 1);
    const saved = await options.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } })
      .chrome.storage.local.get('limits'));
    expect(saved.limits).toEqual(expect.arrayContaining([expect.objectContaining({ period: { kind: 'week' }, cap: { kind: 'coins', coins: 500 }, action })]));

    await tabTo('export-format');
    await options.keyboard.press('Home'); // the first format: CSV
    expect(await options.inputValue('[data-testid="export-format"]')).toBe('csv');
    await tabTo('export-start');
    const [download] = await Promise.all([options.waitForEvent('download'), options.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await options.waitForSelector('[data-testid="export-done"]');
  });

  it('axe finds no violation in the research consent screen or the unlock prompt, light or dark', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await options.waitForSelector('[data-testid="research"][data-enabled="false"]');
    const problems: string[] = [];
    const check = async (what: string) => {
      for (const scheme of ['light', 'dark'] as const) {
        await options.emulateMedia({ colorScheme: scheme });
        for (const problem of await violations(options)) problems.push(`${scheme} ${what}: ${problem}`);
      }
    };
    await options.click('[data-testid="research-on"]');
    await options.waitForSelector('[data-testid="research-consent"]');
    await check('research consent');
    await options.reload();

    // Locked, raising a limit (the earlier tests saved two) opens the unlock prompt.
    await setPinAndLock(options, '482915');
    await options.locator('[data-testid="limit-edit"]').first().click();
    await options.fill('[data-testid="limit-cap"]', '50000');
    await options.click('[data-testid="limit-save"]');
    await options.waitForSelector('[data-testid="unlock-prompt"]');
    await check('unlock prompt');
    await cancelPrompt(options);
    expect(problems).toEqual([]);
  });
});
