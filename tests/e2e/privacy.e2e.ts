/**
 * Nothing leaves the device (issue 13 item 5): through a whole session on the stand-in (a package bought, gifts sent
 * on a LIVE, the popup and its insights, a limit saved, an export downloaded, the worker stopped and started again),
 * every request made by one of the extension's own contexts (the worker, the popup, the options page) stays inside
 * the extension. Playwright reports the service worker's requests too; a probe fetch from the worker proves it here,
 * so the check cannot pass by seeing nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { openExtensionPage, openPopup, stopServiceWorkers, waitFor, withChromium } from './harness';
import { limitRule, saveLimit } from './limits-harness';
import { ROSE, buyPackage, openLive, sendGift } from './live-page';

const PROBE = 'https://www.tiktok.com/coinsight-privacy-probe';

interface Seen { url: string; from: string; worker: boolean }

/** Who made a request: the service worker's URL, or the URL of the frame that made it. */
function origin(request: Request): Seen {
  const worker = request.serviceWorker();
  if (worker) return { url: request.url(), from: worker.url(), worker: true };
  let from = '';
  try {
    from = request.frame().url();
  } catch {
    // a request without a frame (none expected here): reported with an empty origin, and so never excused
  }
  return { url: request.url(), from, worker: false };
}

describe('privacy: the extension sends nothing anywhere', () => {
  const suite = withChromium({ initialCoins: 1_000, locale: 'en-US' });

  it('makes no request outside itself from its worker or its pages through a whole session', async () => {
    const { context, extensionId } = suite.session;
    const own = `chrome-extension://${extensionId}/`;
    const seen: Seen[] = [];
    context.on('request', (request) => seen.push(origin(request)));
    const fromExtension = () => seen.filter((request) => request.from.startsWith(own));

    // The probe: the worker fetches a TikTok URL on purpose, and the recorder must see it as the worker's.
    const [worker] = context.serviceWorkers().filter((w) => w.url().startsWith(own));
    await worker!.evaluate((url) => fetch(url).then(() => undefined, () => undefined), PROBE);
    await waitFor('the probe seen as the worker\'s', () => seen.some((request) => request.worker && request.url === PROBE));

    const live = await context.newPage();
    expect((await buyPackage(live, 1)).status).toBe('succeeded');
    await openLive(live);
    for (let tap = 0; tap < 3; tap++) expect(await sendGift(live, ROSE)).toBe('ok');

    const popup = await openPopup(suite.session);
    await popup.click('[data-testid="insights-toggle"]');
    await popup.waitForSelector('[data-testid="creators"][data-costed="true"]');
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await saveLimit(options, limitRule({ cap: { kind: 'coins', coins: 500 }, action: 'warn' }));
    await options.waitForSelector('[data-testid="export-start"]');
    await Promise.all([options.waitForEvent('download'), options.click('[data-testid="export-start"]')]);
    await options.waitForSelector('[data-testid="export-done"]');

    // A stopped worker starts again on the next send: its start-up is watched too.
    await stopServiceWorkers(options);
    expect(await sendGift(live, ROSE)).toBe('ok');
    await waitFor('the worker back', () => context.serviceWorkers().some((w) => w.url().startsWith(own)));
    await popup.reload();
    await popup.waitForSelector('[data-testid="balance-ready"]');

    // The recorder saw the extension's pages load their own files: it was listening to them.
    expect(fromExtension().filter((request) => !request.worker).length).toBeGreaterThan(5);
    const outside = fromExtension().filter((request) => request.url !== PROBE
      && !request.url.startsWith(own) && !request.url.startsWith(`blob:${own}`) && !request.url.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});
