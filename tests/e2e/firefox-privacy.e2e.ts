/**
 * Firefox: nothing leaves the device, as privacy.e2e.ts shows in Chromium. Through a whole session on the stand-in (a
 * package bought, gifts sent on a LIVE, the popup and its insights, a limit saved, an export downloaded, the background
 * suspended and woken again), every request made by one of the extension's own contexts (its background page, the
 * popup, the options page) stays inside the extension. Puppeteer sees no request of an add-on's background in Firefox,
 * so a recorder in the parent process watches every HTTP channel of the browser (requestRecorder). A probe fetch
 * from the background, at the start and again from the woken background at the end, proves the recorder sees the
 * background's requests as the extension's all along, so the check cannot pass by seeing nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitFor } from './harness';
import { buyPackage, requestRecorder, nextDownload, openExtensionPage, sendGift, withFirefox, type RecordedRequest } from './firefox';
import { limitRule, saveLimit } from './limits-harness';
import { LIVE_URL, ROSE } from './live-page';

const PROBE = 'https://www.tiktok.com/coinsight-privacy-probe';
const PROBES = [`${PROBE}?at=start`, `${PROBE}?at=end`];
const BACKGROUND_PAGE = '_generated_background_page.html';
const POPUP = 'src/popup/index.html';

interface Lifecycle { startedAt: number; suspendedAt?: number }
type ExtensionApi = {
  runtime: { getBackgroundPage(): Promise<Window> };
  storage: { session: { get(key: string): Promise<Record<string, Lifecycle | undefined>> } };
};

/** The background fetches `url` on purpose: its own fetch, reached from an extension page (the background has no tab). */
function probeFromBackground(page: Page, url: string): Promise<void> {
  return page.evaluate(async (probe) => {
    const background = await (globalThis as unknown as { browser: ExtensionApi }).browser.runtime.getBackgroundPage();
    await background.fetch(probe).then(() => undefined, () => undefined);
  }, url);
}

const lifecycle = (page: Page) => page.evaluate(async () =>
  (await (globalThis as unknown as { browser: ExtensionApi }).browser.storage.session.get('workerLifecycle')).workerLifecycle);

describe('Firefox privacy: the extension sends nothing anywhere', () => {
  const suite = withFirefox({ initialCoins: 1_000, locale: 'en-US' }, 'file', { recordRequests: true });

  it('makes no request outside itself from its background or its pages through a whole session', async () => {
    const session = suite.session;
    const own = session.extensionBase;
    const ownOrigin = own.replace(/\/$/, '');
    // The extension's: asked for by its principal (a content script's is an expanded one, the page's part, as in
    // Chromium), or made by a window showing one of its documents.
    const byExtension = (request: RecordedRequest) =>
      request.triggering === ownOrigin || request.loading === ownOrigin || request.from.startsWith(own);
    const read = await requestRecorder(session);
    const seesProbe = (url: string) => async () => (await read()).some((request) =>
      request.kind === 'http' && request.url === url && byExtension(request) && request.from === `${own}${BACKGROUND_PAGE}`);

    const popup = await openExtensionPage(session, POPUP, '[data-testid="balance-ready"]');
    await probeFromBackground(popup, PROBES[0]!);
    await waitFor('the probe seen as the background\'s', seesProbe(PROBES[0]!));
    await popup.close();

    const live = await session.browser.newPage();
    await buyPackage(live, 1);
    expect(await live.$eval('[data-testid="payment-result"]', (el) => el.getAttribute('data-status'))).toBe('succeeded');
    await live.goto(LIVE_URL);
    await live.waitForSelector('[data-testid="gift-panel"][data-state="ready"]');
    await live.waitForSelector('[data-testid="balance"][data-state="ready"]');
    for (let tap = 0; tap < 3; tap++) expect(await sendGift(live, ROSE)).toBe('ok');

    const insights = await openExtensionPage(session, POPUP, '[data-testid="balance-ready"]');
    await insights.click('[data-testid="insights-toggle"]');
    await insights.waitForSelector('[data-testid="creators"][data-costed="true"]');
    const options = await openExtensionPage(session, 'src/options/index.html', '[data-testid="export-start"]');
    await saveLimit(options, limitRule({ cap: { kind: 'coins', coins: 500 }, action: 'warn' }));
    await options.select('[data-testid="export-format"]', 'csv');
    const csv = await nextDownload(session, () => options.click('[data-testid="export-start"]'));
    expect(csv.name).toMatch(/\.csv$/);
    await options.waitForSelector('[data-testid="export-done"]');

    // The idle background suspends (the harness's 2 s idle timeout) and the next send wakes a new one: its start-up
    // is watched too. The options page and the insights stay open: pages follow storage.local's own onChanged, so the
    // storage.session note of the background's onSuspend reaches none of them (an event reaching a page of the
    // extension is activity to Firefox, and with storage.onChanged the open options page cancelled every suspension).
    const watch = await openExtensionPage(session, POPUP, '[data-testid="balance-ready"]');
    const running = await waitFor('the background lifecycle note', () => lifecycle(watch));
    await waitFor('the background to suspend', async () => ((await lifecycle(watch))?.suspendedAt ?? 0) >= running.startedAt, 30_000);
    expect(await sendGift(live, ROSE)).toBe('ok');
    await waitFor('a new background', async () => ((await lifecycle(watch))?.startedAt ?? 0) > running.startedAt);
    const reopened = await openExtensionPage(session, POPUP, '[data-testid="balance-ready"]');
    await probeFromBackground(reopened, PROBES[1]!);
    await waitFor('the closing probe seen as the background\'s', seesProbe(PROBES[1]!));

    const seen = await read();
    // The recorder saw the extension's pages and its background page (both instances) load: it watched them all along.
    const pageLoads = seen.filter((request) => request.kind === 'load' && request.url.startsWith(own));
    expect(pageLoads.length).toBeGreaterThan(5);
    expect(pageLoads.filter((request) => request.url === `${own}${BACKGROUND_PAGE}`).length).toBeGreaterThanOrEqual(2);
    const outside = seen.filter((request) => byExtension(request) && !PROBES.includes(request.url)
      && !request.url.startsWith(own) && !request.url.startsWith(`blob:${own}`) && !request.url.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});
