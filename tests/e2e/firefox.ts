// Firefox ESR driven by Puppeteer over WebDriver BiDi (see /work/shared/E2E.md, Firefox section).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxPrefs } from '../fake-tiktok/server.js';
import { FIREFOX, FIREFOX_DIST, FIREFOX_TEST_DIST, WELCOME_PAGE, requireBuild, waitFor, withBrowser, type LaunchOptions, type Suite, type startStandIn } from './harness';

export interface FirefoxSession {
  browser: Browser;
  extensionBase: string;
  /** Where the profile's downloads land, without asking (see `nextDownload`). */
  downloads: string;
  /** The request recorder's own page (moz-extension://…/page.html), when launched with `recordRequests`. */
  recorderPage?: string;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions extends LaunchOptions {
  /** Install the network recorder (see `requestRecorder`) before the extension, so it sees all of its life. */
  recordRequests?: boolean;
}

const RECORDER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'firefox-recorder');
const RECORDER_ID = 'network-recorder@coinsight.test';

/** The stand-in and Firefox ESR with the extension, for the tests of one file (see withBrowser in harness.ts). */
export const withFirefox = (standIn: Parameters<typeof startStandIn>[0] | null = {}, per: 'file' | 'test' = 'file', options: FirefoxLaunchOptions = {}): Suite<FirefoxSession> =>
  withBrowser((port) => launchFirefox(port, options), standIn, per);

export async function launchFirefox(port: number, { build = 'shipped', dir, welcome = 'close', recordRequests = false }: FirefoxLaunchOptions = {}): Promise<FirefoxSession> {
  const dist = dir ?? (build === 'test' ? FIREFOX_TEST_DIST : FIREFOX_DIST);
  requireBuild(dist);
  const manifest = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const recorderUuid = randomUUID();
  const downloads = mkdtempSync(path.join(tmpdir(), 'coinsight-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid, ...(recordRequests && { [RECORDER_ID]: recorderUuid }) }),
      // The recorder's parent-process observer is an experiment API, which only a privileged add-on may declare: a
      // temporary add-on is one where this pref is honoured (Debian's build does not require signing). Coinsight,
      // temporary too, becomes privileged as well, which only opens permissions and manifest keys it does not use.
      ...(recordRequests && { 'extensions.experiments.enabled': true }),
      // Suspend the idle background quickly, as Firefox does to event pages, so the tests cross a suspension.
      'extensions.background.idle.timeout': 2000,
      // Downloads are saved to `downloads` at once, as a person who chose "always save" gets them.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
      ...(firefoxPrefs(port) as Record<string, string>),
    },
  });
  if (recordRequests) await browser.installExtension(RECORDER_DIR);
  await browser.installExtension(dist);
  const welcomeUrl = `moz-extension://${uuid}/${WELCOME_PAGE}`;
  // Firefox sends no navigation events for extension pages (see openExtensionPage): each tab is asked where it is.
  const hrefOf = (page: Page) => page.evaluate(() => location.href).catch(() => page.url());
  const welcomePage = await waitFor('the welcome page a new install opens', async () => {
    for (const page of await browser.pages()) if ((await hrefOf(page)) === welcomeUrl) return page;
    return undefined;
  });
  if (welcome === 'close') await welcomePage.close();
  // A new tab opens in the window Firefox thinks is current, which need not be a browser window: after a limit's
  // notification (an alert window in headless Firefox 140) browsingContext.create fails ("TabManager.getTabBrowser(...)
  // is undefined"). Then, and only then (activating a tab changes which tab a popup sees as current), a tab is
  // activated and the new one asked for again, as the WebDriver BiDi tests do.
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args: Parameters<typeof newPage>) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await newPage(...args);
      } catch (error) {
        if (!String(error).includes('getTabBrowser') || attempt >= 40) throw error;
        const pages = await browser.pages();
        await pages[attempt % Math.max(1, pages.length)]?.bringToFront().catch(() => undefined);
        // The alert window closes by itself; try every tab meanwhile (a condition polled, not a fixed wait for success).
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  return {
    browser, extensionBase: `moz-extension://${uuid}/`, downloads,
    ...(recordRequests && { recorderPage: `moz-extension://${recorderUuid}/page.html` }),
    close: async () => {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `action` and returns the file it made Firefox download (name and text), once complete: a new file in the
 * session's download folder whose size has stopped changing and that Firefox no longer writes (`.part`).
 */
export async function nextDownload(session: FirefoxSession, action: () => Promise<unknown>): Promise<{ name: string; body: string }> {
  const before = new Set(readdirSync(session.downloads));
  await action();
  let last = -1;
  const name = await waitFor('the download to complete', () => {
    const fresh = readdirSync(session.downloads).filter((file) => !before.has(file));
    if (fresh.length !== 1 || fresh[0]!.endsWith('.part')) return null;
    const size = statSync(path.join(session.downloads, fresh[0]!)).size;
    const settled = size > 0 && size === last;
    last = size;
    return settled ? fresh[0]! : null;
  }, 30_000, 100);
  return { name, body: readFileSync(path.join(session.downloads, name), 'utf8') };
}

/** Firefox sends no navigation events for extension pages: start the navigation, then wait for the page's marker. */
export async function openExtensionPage(session: FirefoxSession, pagePath: string, readySelector: string): Promise<Page> {
  const page = await session.browser.newPage();
  void page.goto(`${session.extensionBase}${pagePath}`).catch(() => undefined);
  await waitFor(`${pagePath} to load`, () => page.evaluate(() => location.href).then((href) => href.startsWith('moz-extension://')));
  await page.waitForSelector(readySelector);
  return page;
}

/** What the network recorder saw (tests/e2e/firefox-recorder): an HTTP(S)/WebSocket channel, or a load the parent
 * process vetted itself (documents, the background page's among them; WebSockets). */
export interface RecordedRequest {
  kind: 'http' | 'load';
  url: string;
  /** the document of the window that asked ('' when none: the browser's own requests) */
  from: string;
  /** origins of the triggering and loading principals ('system' for the browser's own, '' when none) */
  triggering: string;
  loading: string;
  /** nsIContentPolicy's external type (6 a top document, 20 a fetch/XHR) */
  type: number;
}

/**
 * Returns a reader of everything the network recorder has seen since before the extension was installed (the session
 * must be launched with `recordRequests`). Puppeteer over WebDriver BiDi sees no request of an add-on's background in
 * Firefox 140, nor can it run code in the parent process, where every process's HTTP traffic passes: hence a privileged
 * add-on there, read through its own page.
 */
export async function requestRecorder(session: FirefoxSession): Promise<() => Promise<RecordedRequest[]>> {
  const url = session.recorderPage;
  if (!url) throw new Error('launch Firefox with { recordRequests: true } to record requests');
  const page = await session.browser.newPage();
  void page.goto(url).catch(() => undefined);
  await waitFor('the recorder page to load', () => page.evaluate(() => location.href).then((href) => href === url));
  return () => page.evaluate(() => (globalThis as unknown as { browser: { networkRecorder: { read(): Promise<RecordedRequest[]> } } }).browser.networkRecorder.read());
}

/** Reads a store of the extension's IndexedDB from one of its pages. */
export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate((name) => new Promise<T[]>((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      if (!open.result.objectStoreNames.contains(name)) {
        open.result.close();
        resolve([]);
        return;
      }
      const request = open.result.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result as T[]);
      };
      request.onerror = () => reject(request.error);
    };
  }), store);
}

/** Puts `rows` into a store of the extension's IndexedDB from one of its pages (seeding what capture would write). */
export async function putRows(page: Page, store: string, rows: readonly unknown[]): Promise<void> {
  await page.evaluate((name, items) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(name, 'readwrite');
      for (const item of items) tx.objectStore(name).put(item);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  }), store, rows as unknown[]);
}

/** When the background of the running add-on instance started (it notes it in storage.session at start-up). */
async function backgroundStartedAt(session: FirefoxSession): Promise<number> {
  const page = await openExtensionPage(session, 'src/popup/index.html', '[data-testid="balance-ready"]');
  try {
    return await page.evaluate(async () => {
      const api = (globalThis as unknown as { browser: { storage: { session: { get(key: string): Promise<Record<string, { startedAt?: number } | undefined>> } } } }).browser;
      return (await api.storage.session.get('workerLifecycle')).workerLifecycle?.startedAt ?? 0;
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Reloads the add-on (runtime.reload from one of its pages), as an update does: open tabs keep their pages, the old
 * content scripts are cut off, and a new background starts. Resolves as the reload begins, with a function that
 * resolves once the new background has started.
 */
export async function reloadAddon(session: FirefoxSession): Promise<() => Promise<void>> {
  const since = Date.now();
  const page = await openExtensionPage(session, 'src/popup/index.html', '[data-testid="balance-ready"]');
  // Not awaited in the page: the page goes away with the add-on, and the call would never return.
  await page.evaluate(() => {
    (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload();
  }).catch(() => undefined);
  return async () => {
    await waitFor('the reloaded add-on’s background', () => backgroundStartedAt(session).then((at) => at >= since).catch(() => false), 30_000, 250);
  };
}

/** Buys the package at `index` on the stand-in's /coin page through its cashier; resolves once the end-result page has its outcome. */
export async function buyPackage(page: Page, index: number): Promise<void> {
  await page.goto('https://www.tiktok.com/coin');
  await page.waitForSelector('[data-e2e="wallet-coins-balance"]:not(:empty)');
  await page.click(`[data-e2e="wallet-package-${index}"]`);
  await page.click('[data-e2e="wallet-buy-now-button"]');
  await page.waitForSelector('[data-e2e="cashier-footer-button"]', { visible: true });
  await Promise.all([page.waitForNavigation(), page.click('[data-e2e="cashier-footer-button"]')]);
  await page.waitForSelector('[data-testid="payment-result"]:not([data-status="pending"])');
}

/** Clicks a gift on the stand-in's LIVE page and waits until the page has handled TikTok's answer; returns its outcome. */
export async function sendGift(page: Page, giftId: number): Promise<string> {
  const sent = () => page.$eval('[data-testid="send-status"]', (el) => ({ sent: Number(el.getAttribute('data-sent')), pending: Number(el.getAttribute('data-pending')), last: el.getAttribute('data-last') ?? '' }));
  const before = (await sent()).sent;
  await page.click(`[data-testid="gift-${giftId}"]`);
  return (await waitFor(`send ${before + 1} handled`, async () => {
    const now = await sent();
    return now.sent > before && now.pending === 0 ? now : null;
  })).last;
}
