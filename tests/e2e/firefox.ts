// Firefox ESR driven by Puppeteer over WebDriver BiDi (see /work/shared/E2E.md, Firefox section).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxPrefs } from '../fake-tiktok/server.js';
import { FIREFOX, FIREFOX_DIST, requireBuild, waitFor } from './harness';

export interface FirefoxSession {
  browser: Browser;
  extensionBase: string;
  close(): Promise<void>;
}

export async function launchFirefox(port: number): Promise<FirefoxSession> {
  requireBuild(FIREFOX_DIST);
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_DIST, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      // Suspend the idle background quickly, as Firefox does to event pages, so the tests cross a suspension.
      'extensions.background.idle.timeout': 2000,
      ...(firefoxPrefs(port) as Record<string, string>),
    },
  });
  await browser.installExtension(FIREFOX_DIST);
  return { browser, extensionBase: `moz-extension://${uuid}/`, close: () => browser.close() };
}

/** Firefox sends no navigation events for extension pages: start the navigation, then wait for the page's marker. */
export async function openExtensionPage(session: FirefoxSession, pagePath: string, readySelector: string): Promise<Page> {
  const page = await session.browser.newPage();
  void page.goto(`${session.extensionBase}${pagePath}`).catch(() => undefined);
  await waitFor(`${pagePath} to load`, () => page.evaluate(() => location.href).then((href) => href.startsWith('moz-extension://')));
  await page.waitForSelector(readySelector);
  return page;
}
