// @ts-check
/**
 * Benchmark 1, page overhead. The same page on the stand-in (https://www.tiktok.com/__bench/page) makes the same
 * requests in a browser with Coinsight (A) and in one without it (B). B runs an empty extension (a manifest and
 * nothing else): every user's browser has the extension system switched on, and turning it off altogether
 * (--disable-extensions) would bill Coinsight for Chromium's own per-request extension bookkeeping.
 *   non-tracked: fetch and XHR  GET https://www.tiktok.com/__bench/ping (same origin, tiny JSON)
 *   tracked:     fetch and XHR  GET https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2
 *                (the wallet balance: read-only and cheap; cross-origin with credentials, like the web app)
 * always CONCURRENCY requests in flight, each block timed in the page with performance.now(). One "run" is 10,000
 * requests per browser (2,500 of each kind), cut into blocks of BLOCK requests that alternate between the browsers
 * (A B, then B A) so that drift on a noisy machine hits both equally. After every block in A the bench waits until
 * the relay's outbox is empty: the background's recording of one block must not slow the next block of either browser.
 *
 * The tap's per-call cost on non-tracked requests is isolated with synchronous loops that never touch the network:
 * fetch() with an already-aborted signal, and XMLHttpRequest.open(); (time with − time without) / calls.
 *
 * Driven over a bare DevTools pipe (cdp.js), not Playwright: Playwright's network instrumentation would add more
 * per-request work than the extension does and dilute the ratio.
 */
import { TAP_CHANNEL_SPY, cpuDelta, launchRaw } from './cdp.js';
import { log, median, quantile, round, sleep } from './lib.js';

const CONCURRENCY = 8;
const PER_KIND = 2_500; // per run and browser: × 4 kinds = 10,000 requests
const BLOCK = 250;
const RUNS = 3;
const WARMUP_PER_KIND = 200;
const MICRO_CALLS = 50_000;
const MICRO_ROUNDS = 6;
const SETTLE_MS = 50;
const SETTLE_AFTER_TRACKED_MS = 300;

const PAGE_URL = 'https://www.tiktok.com/__bench/page';
const PLAIN_URL = 'https://www.tiktok.com/__bench/ping';
const TRACKED_URL = 'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988&app_name=tiktok_web&device_platform=web_pc';

const KINDS = /** @type {const} */ (['plainFetch', 'plainXhr', 'trackedFetch', 'trackedXhr']);

/**
 * Installed once per page: `window.__bench.block(kind, count)` runs one block and returns its wall time in ms.
 * @param {{ concurrency: number, plainUrl: string, trackedUrl: string }} cfg
 */
function installInPage(cfg) {
  let seq = 0;
  const state = { tapEvents: 0 };
  // The tap's messages travel on its private channel (none without the extension); see TAP_CHANNEL_SPY in cdp.js.
  /** @type {EventTarget | undefined} */ (/** @type {any} */ (window).__coinsightChannel)?.addEventListener('coinsight:tap', () => { state.tapEvents++; });
  /** @param {string} url */
  const viaFetch = async (url) => {
    const response = await fetch(url, { credentials: 'include' });
    const text = await response.text();
    if (!response.ok || text.length === 0) throw new Error(`fetch ${url}: ${response.status}`);
  };
  /** @param {string} url */
  const viaXhr = (url) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.withCredentials = true;
    xhr.onload = () => (xhr.status === 200 && xhr.responseText.length ? resolve(undefined) : reject(new Error(`xhr ${url}: ${xhr.status}`)));
    xhr.onerror = () => reject(new Error(`xhr ${url}: network error`));
    xhr.send();
  });
  /** @type {Record<string, (i: number) => Promise<unknown>>} */
  const one = {
    plainFetch: (i) => viaFetch(`${cfg.plainUrl}?f=${i}`),
    plainXhr: (i) => viaXhr(`${cfg.plainUrl}?x=${i}`),
    trackedFetch: (i) => viaFetch(`${cfg.trackedUrl}&f=${i}`),
    trackedXhr: (i) => viaXhr(`${cfg.trackedUrl}&x=${i}`),
  };
  /** @type {any} */ (window).__bench = {
    state,
    /** @param {string} kind @param {number} count */
    async block(kind, count) {
      const run = /** @type {(i: number) => Promise<unknown>} */ (one[kind]);
      let left = count;
      const start = performance.now();
      await Promise.all(Array.from({ length: cfg.concurrency }, async () => {
        while (left > 0) {
          left--;
          await run(seq++);
        }
      }));
      return performance.now() - start;
    },
    /** Synchronous cost per call, no network: best of 3 loops. @param {number} calls */
    async micro(calls) {
      const aborted = AbortSignal.abort();
      const swallow = () => undefined;
      let fetchMs = Infinity;
      let openMs = Infinity;
      for (let rep = 0; rep < 3; rep++) {
        let start = performance.now();
        for (let i = 0; i < calls; i++) fetch(cfg.plainUrl, { signal: aborted }).catch(swallow);
        fetchMs = Math.min(fetchMs, performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 0)); // the rejections settle outside the timed loop
        const xhr = new XMLHttpRequest();
        start = performance.now();
        for (let i = 0; i < calls; i++) xhr.open('GET', cfg.plainUrl);
        openMs = Math.min(openMs, performance.now() - start);
      }
      // One piece of what the tap does per call: reading location.href (it is passed as classifyUrl's base).
      let hrefMs = Infinity;
      let sink = 0;
      for (let rep = 0; rep < 3; rep++) {
        const start = performance.now();
        for (let i = 0; i < calls; i++) sink += location.href.length;
        hrefMs = Math.min(hrefMs, performance.now() - start);
      }
      return { fetchMs, openMs, hrefMs, sink };
    },
  };
  return true;
}

/**
 * @param {{ port: number, control: { setBalance(coins: number): void, reset(): void } }} standIn
 */
export async function benchPageOverhead(standIn) {
  standIn.control.reset();
  standIn.control.setBalance(1_000_000);
  const [withExt, without] = await Promise.all([launchRaw(standIn.port, { extension: true }), launchRaw(standIn.port, { extension: 'empty' })]);
  try {
    const observer = await withExt.newPage(`chrome-extension://${withExt.extensionId}/src/options/index.html`);
    const outboxSize = () => observer.evaluate(async () => {
      const all = await /** @type {any} */ (globalThis).chrome.storage.local.get(null);
      return Object.keys(all).filter((key) => key.startsWith('outbox:')).length;
    }, null);
    const drain = async () => {
      const started = Date.now();
      while ((await outboxSize()) > 0) {
        if (Date.now() - started > 120_000) throw new Error('the outbox did not drain');
        await sleep(20);
      }
      return Date.now() - started;
    };
    const cfg = { concurrency: CONCURRENCY, plainUrl: PLAIN_URL, trackedUrl: TRACKED_URL };
    const pageA = await withExt.newPage(PAGE_URL, { initScript: TAP_CHANNEL_SPY });
    const pageB = await without.newPage(PAGE_URL, { initScript: TAP_CHANNEL_SPY });
    await pageA.evaluate(installInPage, cfg);
    await pageB.evaluate(installInPage, cfg);
    const tapEvents = (/** @type {import('./cdp.js').RawPage} */ page) => page.evaluate(() => /** @type {any} */ (window).__bench.state.tapEvents, null);

    /** @type {{ run: number, kind: string, withMs: number, withoutMs: number, drainMs: number }[]} */
    const blocks = [];
    /** @type {number[]} */
    const drains = [];
    /** @param {string} kind @param {number} count @param {boolean} aFirst */
    const pairBlock = async (kind, count, aFirst) => {
      let withMs = 0;
      let withoutMs = 0;
      let drainMs = 0;
      for (const side of aFirst ? ['A', 'B'] : ['B', 'A']) {
        if (side === 'A') {
          withMs = await pageA.evaluate(([k, n]) => /** @type {any} */ (window).__bench.block(k, n), [kind, count]);
          drainMs = await drain();
          await sleep(kind.startsWith('tracked') ? SETTLE_AFTER_TRACKED_MS : SETTLE_MS);
        } else {
          withoutMs = await pageB.evaluate(([k, n]) => /** @type {any} */ (window).__bench.block(k, n), [kind, count]);
          await sleep(SETTLE_MS);
        }
      }
      return { withMs, withoutMs, drainMs };
    };

    log(`page overhead: warm-up (${WARMUP_PER_KIND} requests of each kind per browser, discarded)`);
    for (const kind of KINDS) await pairBlock(kind, WARMUP_PER_KIND, true);
    const tapBefore = await tapEvents(pageA);

    /** CPU ms per 1,000 requests, by process type, for each browser and phase (summed over runs). */
    /** @type {Record<'nonTracked' | 'tracked', { with: Record<string, number>, without: Record<string, number> }>} */
    const cpu = { nonTracked: { with: {}, without: {} }, tracked: { with: {}, without: {} } };
    /** @param {Record<string, number>} into @param {Record<string, number>} delta */
    const addCpu = (into, delta) => { for (const [k, v] of Object.entries(delta)) into[k] = (into[k] ?? 0) + v; };

    for (let run = 1; run <= RUNS; run++) {
      // Non-tracked first, then tracked: the aftermath of recording (storage compaction, the worker's GC) must not
      // land in the non-tracked blocks; within each phase the two browsers alternate block by block.
      for (const [phase, kinds] of /** @type {const} */ ([['nonTracked', ['plainFetch', 'plainXhr']], ['tracked', ['trackedFetch', 'trackedXhr']]])) {
        const cpuA = withExt.cpu();
        const cpuB = without.cpu();
        for (let round = 0; round < PER_KIND / BLOCK; round++) {
          for (const [k, kind] of kinds.entries()) {
            const block = await pairBlock(kind, BLOCK, (run + round + k) % 2 === 0);
            blocks.push({ run, kind, ...block });
            if (kind.startsWith('tracked')) drains.push(block.drainMs);
          }
        }
        addCpu(cpu[phase].with, cpuDelta(cpuA, withExt.cpu()));
        addCpu(cpu[phase].without, cpuDelta(cpuB, without.cpu()));
      }
      const mine = blocks.filter((b) => b.run === run);
      const sum = (/** @type {(b: typeof blocks[number]) => boolean} */ f, /** @type {'withMs' | 'withoutMs'} */ k) => mine.filter(f).reduce((s, b) => s + b[k], 0);
      const plain = (/** @type {{ kind: string }} */ b) => b.kind.startsWith('plain');
      const tracked = (/** @type {{ kind: string }} */ b) => b.kind.startsWith('tracked');
      log(`page overhead: run ${run}/${RUNS} (10,000 requests per browser): non-tracked ${round(sum(plain, 'withMs'), 0)} vs ${round(sum(plain, 'withoutMs'), 0)} ms, `
        + `tracked ${round(sum(tracked, 'withMs'), 0)} vs ${round(sum(tracked, 'withoutMs'), 0)} ms`);
    }
    const tapSeen = (await tapEvents(pageA)) - tapBefore;
    const trackedSent = RUNS * 2 * PER_KIND;
    if (tapSeen !== trackedSent) throw new Error(`the tap reported ${tapSeen} tracked exchanges, expected ${trackedSent}`);
    if ((await tapEvents(pageB)) !== 0) throw new Error('tap events in the browser without the extension');
    const perThousand = RUNS * 2 * PER_KIND / 1000;
    /** @param {Record<string, number>} c */
    const norm = (c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v > 0).sort(([, a], [, b]) => b - a).map(([k, v]) => [k, round(v / perThousand, 0)]));
    const cpuPerThousand = {
      nonTracked: { with: norm(cpu.nonTracked.with), without: norm(cpu.nonTracked.without) },
      tracked: { with: norm(cpu.tracked.with), without: norm(cpu.tracked.without) },
    };

    log('page overhead: per-call microbenchmark');
    /** @typedef {{ fetchMs: number, openMs: number, hrefMs: number }} Micro */
    /** @type {{ with: Micro, without: Micro }[]} */
    const micro = [];
    for (let i = 0; i < MICRO_ROUNDS; i++) {
      const order = i % 2 === 0 ? [pageA, pageB] : [pageB, pageA];
      const r = [];
      for (const page of order) r.push(await page.evaluate((n) => /** @type {any} */ (window).__bench.micro(n), MICRO_CALLS));
      micro.push(i % 2 === 0 ? { with: r[0], without: r[1] } : { with: r[1], without: r[0] });
    }

    /**
     * The headline ratio is the median of the per-block-pair ratios (time with / time without): each pair ran back to
     * back, in alternating order, so it is the best-controlled comparison the run has, and the median keeps one
     * hiccup (a GC, the machine's other work) in one browser from deciding the verdict. Also given: the median over
     * runs of the summed times (one run being 10,000 requests per browser), the ratio pooled over all runs, and the
     * quartiles of the pair ratios, which show how noisy the machine was.
     * @param {(b: typeof blocks[number]) => boolean} pick
     */
    const summary = (pick) => {
      const perRun = [];
      for (let run = 1; run <= RUNS; run++) {
        const mine = blocks.filter((b) => b.run === run && pick(b));
        const w = mine.reduce((s, b) => s + b.withMs, 0);
        const wo = mine.reduce((s, b) => s + b.withoutMs, 0);
        perRun.push({ withMs: round(w, 0), withoutMs: round(wo, 0), ratio: round(w / wo, 4) });
      }
      const mine = blocks.filter(pick);
      const pairRatios = mine.map((b) => b.withMs / b.withoutMs);
      const w = mine.reduce((s, b) => s + b.withMs, 0);
      const wo = mine.reduce((s, b) => s + b.withoutMs, 0);
      return {
        ratio: round(median(pairRatios), 4),
        perRunRatio: round(median(perRun.map((r) => r.ratio)), 4),
        perRunRatios: perRun.map((r) => r.ratio),
        pooledRatio: round(w / wo, 4),
        blockPairs: pairRatios.length,
        blockRatioQuartiles: [round(quantile(pairRatios, 0.25), 3), round(median(pairRatios), 3), round(quantile(pairRatios, 0.75), 3)],
        withMsPerRequest: round(w / (mine.length * BLOCK), 4),
        withoutMsPerRequest: round(wo / (mine.length * BLOCK), 4),
        perRun,
      };
    };
    /** @param {'fetchMs' | 'openMs'} key */
    const perCall = (key) => {
      const added = micro.map((m) => ((m.with[key] - m.without[key]) / MICRO_CALLS) * 1e6);
      return {
        withNs: round(median(micro.map((m) => (m.with[key] / MICRO_CALLS) * 1e6)), 0),
        withoutNs: round(median(micro.map((m) => (m.without[key] / MICRO_CALLS) * 1e6)), 0),
        addedNs: round(median(added), 0),
        addedNsPerRound: added.map((d) => round(d, 0)),
      };
    };
    const plain = (/** @type {{ kind: string }} */ b) => b.kind.startsWith('plain');
    const tracked = (/** @type {{ kind: string }} */ b) => b.kind.startsWith('tracked');
    return {
      config: {
        requestsPerRunPerBrowser: 4 * PER_KIND, runs: RUNS, block: BLOCK, concurrency: CONCURRENCY, microCalls: MICRO_CALLS,
        pageUrl: PAGE_URL, plainUrl: PLAIN_URL, trackedUrl: TRACKED_URL, driver: 'bare DevTools pipe (bench/cdp.js)',
      },
      nonTracked: summary(plain),
      tracked: summary(tracked),
      combined: summary(() => true),
      nonTrackedFetch: summary((b) => b.kind === 'plainFetch'),
      nonTrackedXhr: summary((b) => b.kind === 'plainXhr'),
      trackedFetch: summary((b) => b.kind === 'trackedFetch'),
      trackedXhr: summary((b) => b.kind === 'trackedXhr'),
      perCallFetch: perCall('fetchMs'),
      perCallXhrOpen: perCall('openMs'),
      locationHrefReadNs: round(median(micro.map((m) => (m.without.hrefMs / MICRO_CALLS) * 1e6)), 0),
      trackedExchangesSeenByTap: tapSeen,
      cpuMsPer1000Requests: cpuPerThousand,
      drainAfterTrackedBlockMs: { median: median(drains), max: Math.max(...drains) },
    };
  } finally {
    await Promise.all([withExt.close(), without.close()]);
  }
}
