/**
 * Dark mode (issue 13 item 3): with the system scheme dark, the extension's pages and what Coinsight draws on its own
 * background in TikTok's page (the limits strip, the confirm dialog) are drawn dark; with it light, light. The prices
 * beside the gift panel sit on TikTok's panel and follow the page's own scheme instead. Read as computed colours, in
 * Chromium, with the scheme emulated per page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openExtensionPage, openPopup, waitFor, withChromium } from './harness';
import { limitRule, saveLimit } from './limits-harness';
import { LION, openLive, stripText, waitForPanelPrice } from './live-page';

/** The relative luminance (0 black … 1 white) of a computed `rgb(…)`/`rgba(…)` colour. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => Number(channel) / 255);
  const linear = (c: number) => (c <= 0.039_28 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}

/** Computed colour and background of the first element matching `selector` (Playwright's CSS pierces open shadow roots). */
const colours = (page: Page, selector: string) => page.locator(selector).first().evaluate((element) => {
  const style = getComputedStyle(element);
  return { color: style.color, background: style.backgroundColor };
});

describe('dark mode, Chromium', () => {
  const suite = withChromium({ initialCoins: 200_000, locale: 'en-US' });

  it('draws the extension pages, the strip and the dialog dark when the system is dark, light when light; prices follow the page', async () => {
    const options = await openExtensionPage(suite.session, 'src/options/index.html');
    await saveLimit(options, limitRule({ action: 'confirm', cap: { kind: 'coins', coins: 1_000 } }));
    const popup = await openPopup(suite.session);
    const live = await suite.session.context.newPage();
    await openLive(live);
    await waitForPanelPrice(live, LION);
    await waitFor('the strip', () => stripText(live));
    await live.click(`[data-testid="gift-${LION}"]`); // 29,999 coins: past the 1,000-coin confirm rule, so it is asked about
    await live.waitForSelector('[data-testid="limit-dialog"]');

    for (const scheme of ['dark', 'light'] as const) {
      for (const page of [options, popup, live]) await page.emulateMedia({ colorScheme: scheme });
      const dark = scheme === 'dark';
      for (const [page, what] of [[options, 'the options page'], [popup, 'the popup']] as const) {
        const body = await colours(page, 'body');
        expect(luminance(body.background) < 0.1, `${what}'s background, ${scheme}`).toBe(dark);
        expect(luminance(body.color) > 0.5, `${what}'s text, ${scheme}`).toBe(dark);
      }
      const dialog = await colours(live, '[data-testid="limit-dialog"]');
      expect(luminance(dialog.background) < 0.1, `the dialog's background, ${scheme}`).toBe(dark);
      expect(luminance(dialog.color) > 0.5, `the dialog's text, ${scheme}`).toBe(dark);
      const strip = await live.locator('coinsight-limits').evaluate((host) => {
        const line = host.shadowRoot!.querySelector('[data-testid="limit-strip"]')!;
        const style = getComputedStyle(line);
        return { color: style.color, background: style.backgroundColor };
      });
      expect(luminance(strip.background) < 0.1, `the strip's background, ${scheme}`).toBe(dark);
      // The price beside a gift sits on TikTok's own panel, which this page draws light whatever the system prefers:
      // the price stays dark on it.
      expect(luminance((await colours(live, 'coinsight-price')).color) < 0.3, `a price's text on a light panel, ${scheme}`).toBe(true);
    }
    // A page that declares itself dark (as a dark theme does with color-scheme) gets light prices.
    await live.evaluate(() => { document.documentElement.style.colorScheme = 'dark'; });
    expect(luminance((await colours(live, 'coinsight-price')).color)).toBeGreaterThan(0.3);
  });
});
