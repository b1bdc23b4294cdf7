// @ts-check
/**
 * Shared plumbing for `npm run bench`: Chromium launched exactly like tests/e2e/harness.ts launchChromium (persistent
 * context, the built extension, the TikTok host names mapped onto the local stand-in), plus small statistics helpers.
 * Every timing the benchmarks report is taken with the browser's own clocks (performance.now, performance marks);
 * Node only orchestrates.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../tests/fake-tiktok/server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROME_DIST = path.join(ROOT, 'dist/chrome');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * @typedef {object} BenchBrowser
 * @property {import('playwright-core').BrowserContext} context
 * @property {import('playwright-core').Worker | null} worker
 * @property {string | null} extensionId
 * @property {string} userDataDir
 * @property {() => Promise<void>} close
 */

/**
 * A persistent Chromium context on the stand-in, with the built extension (as the e2e harness does) or without it
 * (the same flags minus --load-extension / --disable-extensions-except: Playwright's default --disable-extensions applies).
 * @param {number} port
 * @param {{ extension?: boolean }} [options]
 * @returns {Promise<BenchBrowser>}
 */
export async function launch(port, { extension = true } = {}) {
  if (extension && !existsSync(path.join(CHROME_DIST, 'manifest.json'))) throw new Error(`${CHROME_DIST} is missing: build first`);
  const userDataDir = mkdtempSync(path.join(tmpdir(), extension ? 'coinsight-bench-' : 'coinsight-bench-noext-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    timezoneId: 'UTC',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(extension ? [`--disable-extensions-except=${CHROME_DIST}`, `--load-extension=${CHROME_DIST}`] : []),
      ...chromiumArgs(port),
    ],
  });
  let worker = null;
  let extensionId = null;
  if (extension) {
    worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
      ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    extensionId = new URL(worker.url()).host;
  }
  return {
    context, worker, extensionId, userDataDir,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens an extension page in a new tab.
 * @param {BenchBrowser} b
 * @param {string} pagePath  e.g. 'src/options/index.html'
 */
export async function openExtensionPage(b, pagePath) {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/${pagePath}`);
  return page;
}

/**
 * Stops every service worker (as Chrome does to an idle MV3 worker), via CDP as tests/e2e/harness.ts does.
 * @param {import('playwright-core').Page} page
 */
export async function stopServiceWorkers(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Polls `probe` until it returns a truthy value.
 * @template T
 * @param {string} what
 * @param {() => Promise<T> | T} probe
 * @param {number} [timeoutMs]
 * @param {number} [intervalMs]
 * @returns {Promise<T>}
 */
export async function waitFor(what, probe, timeoutMs = 60_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number[]} values */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * Linear-interpolated quantile (q in [0, 1]) of a non-empty list.
 * @param {number[]} values
 * @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return /** @type {number} */ (sorted[lo]) + (/** @type {number} */ (sorted[hi]) - /** @type {number} */ (sorted[lo])) * (at - lo);
}

/** @param {number[]} values */
export function spread(values) {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), n: values.length };
}

/**
 * Rounds for display and JSON.
 * @param {number} value
 * @param {number} [digits]
 */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Logs a progress line on stderr, so stdout keeps only the table. */
/** @param {string} message */
export function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
