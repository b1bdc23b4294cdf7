// @ts-check
/**
 * Benchmark 1b, page overhead on a busy LIVE page (issue 8, "before the spend"): the stand-in's LIVE page whose gift
 * panel re-renders from scratch and whose chat scrolls on, as a busy room's do, with Coinsight (A: its in-page prices
 * re-attach to every re-rendered tile) and without it (B: an empty extension, as in page-overhead.js).
 *
 * One step = the gift panel re-rendered (13 tiles replaced, as React replaces nodes) + 5 chat lines added (every third
 * with a gift icon) and the oldest beyond 100 removed, then a yield to the event loop (setTimeout 0), so the browser's
 * own work, MutationObserver callbacks and animation frames (where Coinsight does its work) run between steps. A block is
 * STEPS steps timed in the page (window.__fakeLive.churn, tests/fake-tiktok/live-chat-script.js); blocks alternate
 * between the browsers (A B, then B A). The headline is the median of the per-pair ratios, as in page-overhead.js.
 * The page counts the DOM mutation records it sees per second (its own observer, in both browsers), to show the load.
 * Also reported: the CPU time each browser's processes used over all blocks (from /proc, by process type), which a
 * machine busy with other work disturbs far less than wall time. After the blocks, A must still show exactly one price per listed gift: a Coinsight that fell behind, or stopped, would
 * make the ratio look good while showing nothing.
 */
import { cpuDelta, launchRaw } from './cdp.js';
import { log, median, quantile, round, sleep } from './lib.js';

const LIVE_URL = 'https://www.tiktok.com/@coinsight_creator/live';
const STEPS = 200;
const BLOCKS = 24;
const WARMUP_STEPS = 100;

/** Installed in each page: counts mutation records, and reports how many of Coinsight's price hosts the panel has. */
function installCounter() {
  const w = /** @type {any} */ (window);
  w.__churnRecords = 0;
  new MutationObserver((records) => { w.__churnRecords += records.length; })
    .observe(document.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
  return true;
}

/** @param {import('./cdp.js').RawPage} page @param {() => boolean} test @param {string} what */
async function until(page, test, what, timeoutMs = 30_000) {
  const started = Date.now();
  while (!(await page.evaluate(test, null))) {
    if (Date.now() - started > timeoutMs) throw new Error(`live churn: timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** @param {{ port: number }} standIn */
export async function benchLiveChurn(standIn) {
  const [withExt, without] = await Promise.all([launchRaw(standIn.port, { extension: true }), launchRaw(standIn.port, { extension: 'empty' })]);
  try {
    const pageA = await withExt.newPage(LIVE_URL);
    const pageB = await without.newPage(LIVE_URL);
    for (const page of [pageA, pageB]) {
      await until(page, () => document.querySelector('[data-testid="gift-panel"][data-state="ready"]') !== null, 'the gift panel');
      await page.evaluate(installCounter, null);
    }
    const pricedOnce = () => {
      const tiles = [...document.querySelectorAll('[data-testid="gift-panel"] [data-testid^="gift-"]')];
      const listed = tiles.filter((tile) => tile.getAttribute('data-testid') !== 'gift-9190');
      return listed.length === 12 && listed.every((tile) => tile.querySelectorAll('coinsight-price').length === 1);
    };
    await until(pageA, pricedOnce, "Coinsight's prices on the panel");
    if (await pageB.evaluate(() => document.querySelector('coinsight-price') !== null, null)) throw new Error('live churn: prices in the browser without Coinsight');
    const visibility = await pageA.evaluate(() => document.visibilityState, null);
    if (visibility !== 'visible') throw new Error(`live churn: the page with Coinsight is ${visibility}: its animation frames would not run`);

    const churn = (/** @type {import('./cdp.js').RawPage} */ page, /** @type {number} */ steps) =>
      page.evaluate((n) => /** @type {any} */ (window).__fakeLive.churn(n), steps);
    log(`live churn: warm-up (${WARMUP_STEPS} steps per browser, discarded)`);
    await churn(pageA, WARMUP_STEPS);
    await churn(pageB, WARMUP_STEPS);

    /** @type {{ withMs: number, withoutMs: number }[]} */
    const pairs = [];
    const cpuA = withExt.cpu();
    const cpuB = without.cpu();
    /** @type {number[]} */
    const recordsPerSecond = [];
    for (let block = 0; block < BLOCKS; block++) {
      let withMs = 0;
      let withoutMs = 0;
      for (const side of block % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
        const page = side === 'A' ? pageA : pageB;
        const before = await page.evaluate(() => /** @type {any} */ (window).__churnRecords, null);
        const ms = await churn(page, STEPS);
        const records = (await page.evaluate(() => /** @type {any} */ (window).__churnRecords, null)) - before;
        recordsPerSecond.push((records / ms) * 1000);
        if (side === 'A') withMs = ms;
        else withoutMs = ms;
        await sleep(30);
      }
      pairs.push({ withMs, withoutMs });
    }
    const cpuWith = cpuDelta(cpuA, withExt.cpu());
    const cpuWithout = cpuDelta(cpuB, without.cpu());
    await until(pageA, pricedOnce, "Coinsight's prices after the churn, once per gift", 5_000);
    const total = (/** @type {Record<string, number>} */ c) => Object.values(c).reduce((sum, v) => sum + Math.max(0, v), 0);
    const perThousandSteps = (/** @type {Record<string, number>} */ c) =>
      Object.fromEntries(Object.entries(c).filter(([, v]) => v > 0).map(([k, v]) => [k, round((v / (BLOCKS * STEPS)) * 1000, 0)]));

    const ratios = pairs.map((p) => p.withMs / p.withoutMs);
    const sumWith = pairs.reduce((s, p) => s + p.withMs, 0);
    const sumWithout = pairs.reduce((s, p) => s + p.withoutMs, 0);
    return {
      config: { url: LIVE_URL, steps: STEPS, blocks: BLOCKS, step: 'panel re-render (13 tiles) + 5 chat lines, then setTimeout 0' },
      ratio: round(median(ratios), 4),
      pooledRatio: round(sumWith / sumWithout, 4),
      blockRatioQuartiles: [round(quantile(ratios, 0.25), 3), round(median(ratios), 3), round(quantile(ratios, 0.75), 3)],
      msPerStep: { with: round(sumWith / (BLOCKS * STEPS), 3), without: round(sumWithout / (BLOCKS * STEPS), 3) },
      mutationRecordsPerSecond: round(median(recordsPerSecond), 0),
      cpuRatio: round(total(cpuWith) / total(cpuWithout), 4),
      cpuMsPer1000Steps: { with: perThousandSteps(cpuWith), without: perThousandSteps(cpuWithout) },
      pricesKeptUp: true,
    };
  } finally {
    await Promise.all([withExt.close(), without.close()]);
  }
}
