/**
 * Shared plumbing for the real-browser tests (see /work/shared/E2E.md): the built extension in headless Chromium
 * (Playwright) or Firefox ESR (Puppeteer over WebDriver BiDi), the TikTok stand-in mapped onto the real host names,
 * and helpers that read what the extension stored. Tests wait for conditions, never for fixed delays.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { startFakeTikTok, chromiumArgs, type FakeWebcastState } from '../fake-tiktok/server.js';
import type { GiftEntry, LedgerEntry } from '../../src/core/ledger';
import { LIFECYCLE_KEY } from '../../src/platform/settings';
import { LAST_BEAT_KEY } from '../../src/core/activity/gaps';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROME_DIST = path.join(ROOT, 'dist/chrome');
export const FIREFOX_DIST = path.join(ROOT, 'dist/firefox');
/** The test build (vite mode 'e2e'): the shipped code plus a clock a test can move (setTestClock). */
export const CHROME_TEST_DIST = path.join(ROOT, 'dist-test/chrome');
export const FIREFOX_TEST_DIST = path.join(ROOT, 'dist-test/firefox');

/** Which build a browser loads: the one users install (default) or the test build, whose clock a test can move. */
export interface LaunchOptions {
  build?: 'shipped' | 'test';
  /** Load this directory instead (a copy of a build with an id of its own: managed-harness.ts). */
  dir?: string;
  /**
   * A new install opens the welcome page (src/background/welcome.ts). By default the launch waits for it and closes it,
   * so every test starts with only its own tabs; 'keep' leaves it open for the tests of the welcome page.
   */
  welcome?: 'close' | 'keep';
}
/** The page a new install opens (src/background/welcome.ts WELCOME_PAGE). */
export const WELCOME_PAGE = 'src/welcome/index.html';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FakeTikTok {
  port: number;
  state: {
    balance: number;
    sends: {
      outcome: string; giftId: number; coins?: number; orderId?: string | null; at?: number;
      roomId?: string; toUserId?: string | null; debited?: number;
      /** false while the answer is held, and for good when the page went away before it was released */
      answered?: boolean;
    }[];
    orders: { orderId: string; coins: number; status: string }[];
    /** gift-send answers held back by control.holdSends() right now */
    held: number;
    webcast: FakeWebcastState; // the LIVE event stream (research mode) and its ground truth
  };
  control: {
    nextSends(outcomes: string[]): void;
    nextPayment(status: string, errorCode?: string): void;
    setBalance(coins: number): void;
    malformedBalance(on?: boolean): void;
    malformedGiftList(on?: boolean): void;
    /** process gift sends at once (debit included) but keep their answers back until releaseSends() */
    holdSends(): void;
    /** stop holding and write the held answers (those whose page went away are already dropped) */
    releaseSends(): void;
    /** write the oldest held answer only and keep holding the rest; false when no answer was held */
    releaseFirstSend(): boolean;
    reset(): void;
    /** streams gift frames to the LIVE pages' open /webcast/im/push sockets; resolves with the count */
    webcastStream(options: { frames: number; perSecond: number; senders?: number; gzipEvery?: number; roomId?: string; single?: boolean }): Promise<number>;
  };
  /** the creator ids and room id of `handle`'s LIVE (coinsight_creator has 7300000000000000001) */
  creator(handle: string): { id: string; uniqueId: string; nickname: string; roomId: string };
  close(): Promise<void>;
}

export async function startStandIn(options: { initialCoins?: number; locale?: string } = {}): Promise<FakeTikTok> {
  return (await startFakeTikTok(options)) as FakeTikTok;
}

export function requireBuild(dir: string): void {
  if (!existsSync(path.join(dir, 'manifest.json'))) throw new Error(`${dir} is missing: run \`npm run build\` before the e2e tests`);
}

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}${lastError ? `; last error ${String(lastError)}` : ''}`);
}

/** A stand-in and a browser for the tests of one file: read `site` and `session` inside tests, not at collection. */
export interface Suite<S> {
  readonly site: FakeTikTok;
  readonly session: S;
}

/**
 * Starts the stand-in (unless `standIn` is null) and a browser before the tests of one file, and closes both after
 * them: one browser shared by the file's scenarios (`per: 'file'`) or a fresh one for each test (`per: 'test'`).
 * The one place that sets up an end-to-end test, for both browsers (tests/e2e/firefox.ts launches Firefox).
 */
export function withBrowser<S extends { close(): Promise<void> }>(
  launch: (port: number) => Promise<S>, standIn: Parameters<typeof startStandIn>[0] | null, per: 'file' | 'test',
): Suite<S> {
  let site: FakeTikTok | undefined;
  let session: S | undefined;
  const [before, after] = per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    if (standIn) site = await startStandIn(standIn);
    session = await launch(site?.port ?? 9); // port 9 (discard): no TikTok page is visited without a stand-in
  });
  after(async () => {
    await session?.close();
    await site?.close();
    session = site = undefined;
  });
  const present = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what}: read it inside a test${what === 'stand-in' ? ', and start one' : ''}`);
    return value;
  };
  return { get site() { return present(site, 'stand-in'); }, get session() { return present(session, 'browser'); } };
}

/** The stand-in and Chromium with the extension, for the tests of one file (see withBrowser). */
export const withChromium = (standIn: Parameters<typeof startStandIn>[0] | null = {}, per: 'file' | 'test' = 'file', options: LaunchOptions = {}): Suite<ChromiumSession> =>
  withBrowser((port) => launchChromium(port, options), standIn, per);

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchChromium(port: number, { build = 'shipped', dir, welcome = 'close' }: LaunchOptions = {}): Promise<ChromiumSession> {
  const dist = dir ?? (build === 'test' ? CHROME_TEST_DIST : CHROME_DIST);
  requireBuild(dist);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'coinsight-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    timezoneId: 'UTC',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${dist}`, `--load-extension=${dist}`,
      ...chromiumArgs(port),
    ],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const welcomeUrl = `chrome-extension://${extensionId}/${WELCOME_PAGE}`;
  const welcomePage = await waitFor('the welcome page a new install opens', () => context.pages().find((page) => page.url() === welcomeUrl));
  // Closed once drawn, not while loading: closed mid-load, Chromium now and then gives every later extension page of
  // the session no messages (getMessage answers ''; the pages then read their own files: platform/message-fallback.ts,
  // shown by welcome.e2e.ts). The tests should run on the browser's usual path.
  await welcomePage.waitForSelector('[data-testid="welcome-ready"][data-state="ready"]');
  if (welcome === 'close') await welcomePage.close();
  return {
    context, worker, extensionId,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Stops every service worker, as Chrome does to an idle MV3 worker; the next extension event starts it again. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Disables or enables the extension the way chrome://extensions does (chrome.management, from that page). Disabling
 * does to open tabs what an update or a reload does: their content scripts are orphaned and Chrome injects nothing new.
 * Enabling starts a new worker: `session.worker` is updated to it (the extension id stays the same), and this resolves
 * once that worker has begun its start-up (it noted its start in storage.session). A worker stopped before it ran any
 * of its code could do nothing about anything; the next extension event would start it again.
 */
export async function setExtensionEnabled(session: ChromiumSession, enabled: boolean): Promise<void> {
  const previous = session.worker;
  const since = Date.now();
  const page = await session.context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(async ([id, on]) => {
      const management = (globalThis as unknown as { chrome: { management: { setEnabled(id: string, enabled: boolean): Promise<void> } } }).chrome.management;
      await management.setEnabled(id, on);
    }, [session.extensionId, enabled] as const);
  } finally {
    await page.close();
  }
  if (!enabled) return;
  const origin = `chrome-extension://${session.extensionId}/`;
  session.worker = await waitFor('the worker of the re-enabled extension', () =>
    session.context.serviceWorkers().find((worker) => worker !== previous && worker.url().startsWith(origin)));
  await waitFor('the new worker to start', () => session.worker.evaluate(async ([key, after]) => {
    const stored = await (globalThis as unknown as { chrome: { storage: { session: { get(key: string): Promise<Record<string, { startedAt?: number } | undefined>> } } } })
      .chrome.storage.session.get(key);
    return (stored[key]?.startedAt ?? 0) >= after;
  }, [LIFECYCLE_KEY, since] as const));
}

/**
 * Errors, warnings and uncaught exceptions of every script in the page, the extension's content scripts included
 * (Playwright's own console event reports the page's world only). Read the returned array at any time.
 */
export async function consoleProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Runtime.consoleAPICalled', (event) => {
    if (event.type === 'error' || event.type === 'warning') problems.push(`${event.type}: ${event.args.map((arg) => arg.value ?? arg.description ?? '').join(' ')}`);
  });
  cdp.on('Runtime.exceptionThrown', (event) => problems.push(`exception: ${event.exceptionDetails.exception?.description ?? event.exceptionDetails.text}`));
  await cdp.send('Runtime.enable');
  return problems;
}

/**
 * Reads the ledger from an extension page, with the browser's own IndexedDB (no product code involved), so the
 * tests check what is really stored.
 */
export async function readStore<T = LedgerEntry>(page: Page, store = 'ledger'): Promise<T[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('coinsight');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(storeName)) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/** An extension page to read storage from (IndexedDB and storage.* are shared with the worker). */
/** `prepare` runs before the page loads (an init script, say). */
export async function openExtensionPage(session: ChromiumSession, pagePath: string, prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await session.context.newPage();
  await prepare?.(page);
  await page.goto(`chrome-extension://${session.extensionId}/${pagePath}`);
  return page;
}

export async function openPopup(session: ChromiumSession): Promise<Page> {
  const page = await openExtensionPage(session, 'src/popup/index.html');
  await page.waitForSelector('[data-testid="balance-ready"]');
  return page;
}

/** Presses Tab until the control `testid` has the focus: it must be reachable, in order, from where the focus is. */
export async function tabTo(page: Page, testid: string): Promise<void> {
  const active = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  for (let press = 0; press < 300; press++) {
    if ((await active()) === testid) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testid} is not reachable with Tab`);
}

export async function text(page: Page, testid: string): Promise<string> {
  return (await page.locator(`[data-testid="${testid}"]`).first().innerText()).trim();
}

/** "30,004" → 30004 (the popup formats with the UI locale, en-US here). */
export function coinsFromText(value: string): number {
  return Number(value.replace(/[^\d]/g, ''));
}

/**
 * Everything in the extension's storage.local, read from an extension page, except the heartbeat (LAST_BEAT_KEY): the
 * worker rewrites it every minute whatever a test does, so "nothing changed" and "nothing is left" leave it out.
 */
export async function readStorageLocal(page: Page): Promise<Record<string, unknown>> {
  const { [LAST_BEAT_KEY]: _beat, ...rest } = await page.evaluate(() =>
    (globalThis as unknown as { chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null));
  return rest;
}

/** Writes `items` into the extension's storage.local from an extension page (as the worker would). */
export async function writeStorageLocal(page: Page, items: Record<string, unknown>): Promise<void> {
  await page.evaluate((values) => (globalThis as unknown as { chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } } }).chrome.storage.local.set(values), items);
}

/**
 * Waits until every send the stand-in answered with success (its own log: the ground truth) is a gift in the ledger,
 * and returns the ledger's gifts. A failure names the missing sends and what is still queued in the outbox.
 */
export async function waitForEverySuccessfulSend(site: FakeTikTok, extensionPage: Page, timeoutMs = 30_000): Promise<GiftEntry[]> {
  const expected = () => site.state.sends.filter((send) => send.outcome === 'ok').map((send) => send.orderId ?? '');
  let gifts: GiftEntry[] = [];
  const recorded = () => new Set(gifts.map((gift) => gift.orderId));
  return waitFor(`${expected().length} successful sends in the ledger`, async () => {
    gifts = (await readStore<LedgerEntry>(extensionPage)).filter((entry): entry is GiftEntry => entry.kind === 'gift');
    const seen = recorded();
    return expected().every((orderId) => seen.has(orderId)) ? gifts : null;
  }, timeoutMs).catch(async (error: unknown) => {
    const seen = recorded();
    const missing = site.state.sends.filter((send) => send.outcome === 'ok' && !seen.has(send.orderId ?? '')).map(({ orderId, at }) => ({ orderId, at }));
    const queued = Object.keys(await readStorageLocal(extensionPage)).filter((key) => key.startsWith('outbox:'));
    throw new Error(`${String(error)}; ${gifts.length} recorded; missing sends ${JSON.stringify(missing)}; outbox keys ${JSON.stringify(queued)}`);
  });
}
