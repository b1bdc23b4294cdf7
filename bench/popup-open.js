// @ts-check
/**
 * Benchmark: popup open on ledgers of 1,000, 100,000 and 1,000,000 entries.
 *
 * Time to first meaningful paint = startTime of the popup's own performance mark 'coinsight:balance-visible' (set in a
 * requestAnimationFrame once the Balance numbers are rendered; src/popup/BalancePopup.tsx), i.e. milliseconds after
 * the popup document's navigation start, on the browser's clock. The popup (chrome-extension://<id>/src/popup/index.html)
 * is opened in a fresh tab each time and closed after; the first open of each series is a discarded warm-up.
 *
 * The ledger is seeded with bench/seed.js: realistic entries generated in the page, exact rollups computed in Node
 * with src/core/rollups.ts. One browser ("grown") holds the ledger as it grows 1k → 100k → 1M (seeded once per size,
 * then left until its processes are idle). Reported: the grown browser's median per size and the ratios 100k/1k and
 * 1M/1k of those medians (target: 1M ≤ 1.2 × 1k, issue 8). The mark waits for the money figures too (paid and estimated per
 * period, from the cost basis): the popup sets it only once they are on screen.
 * Control for a shared, noisy machine: a second browser ("baseline") keeps the 1k ledger all along, and at every size
 * its popup is opened alternately with the grown one. Its median moving between stages is machine drift, not ledger
 * size: driftCorrectedRatio… = ratio / (baseline median in that stage / baseline median in the 1k stage). The target is
 * judged on the drift-corrected ratio (meetsTarget) and also reported on the plain one (meetsTargetUncorrected).
 * (Measured on the 2-core VMs: after the ~2 minutes of seeding 1M entries, the popup of an unrelated browser holding
 * 1k entries opens ~35 % slower, DOMContentLoaded included, and stays so after the 1M browser has exited.)
 *
 * Every open is checked: the popup must show the seeded balance, the 20 newest entries, "this month" and "this week"
 * gift coins equal to those computed in Node from the generated entries, and the lifetime money paid from the lifetime
 * rollup; else the benchmark throws.
 * Driven over a bare DevTools pipe (bench/cdp.js): no Playwright instrumentation in the measured page loads.
 */
import { cpuDelta, launchRaw } from './cdp.js';
import { log, median, round, sleep, spread } from './lib.js';
import {
  ACCOUNT, ENTRIES_PER_TRANSACTION, SEEDED_BALANCE, expectedGiftCoins, expectedOf, growLedger, loadCore, newLedgerModel, rebuildCostBasis, waitForDbCreated,
} from './seed.js';

const SIZES = [1_000, 100_000, 1_000_000];
const OPENS = 9; // per browser and size; the first of each is a warm-up
const MARK = 'coinsight:balance-visible';
const POPUP = 'src/popup/index.html';
const TARGET_RATIO_1M = 1.2;
/** The browser is "idle" after seeding when its processes used less than this share of one core over IDLE_WINDOW_MS. */
const IDLE_SHARE = 0.05;
const IDLE_WINDOW_MS = 1_000;
const IDLE_TIMEOUT_MS = 30_000;

/**
 * In the popup: waits for the mark (or the error view) and reads what the popup shows.
 * @param {{ mark: string, timeoutMs: number }} cfg
 * @returns {Promise<{ markMs: number, dclMs: number, balance: string, spentMonth: string, spentWeek: string, rechargedTotal: string, paidMonth: string, estimatedMonth: string, recent: number, now: number, timeZone: string }>}
 */
function readPopup(cfg) {
  return new Promise((resolve, reject) => {
    const text = (/** @type {string} */ id) => (document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').trim();
    const finish = (/** @type {PerformanceEntry} */ mark) => {
      clearInterval(errorPoll);
      clearTimeout(timer);
      observer.disconnect();
      const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
      resolve({
        markMs: mark.startTime, dclMs: nav ? nav.domContentLoadedEventEnd : -1,
        balance: text('balance-coins'), spentMonth: text('spent-month'), spentWeek: text('spent-week'), rechargedTotal: text('recharged-total'),
        paidMonth: text('paid-month'), estimatedMonth: text('estimated-month'),
        recent: document.querySelectorAll('[data-testid="recent-entry"]').length,
        now: Date.now(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
    };
    const observer = new PerformanceObserver((list) => {
      const mark = list.getEntries().find((e) => e.name === cfg.mark);
      if (mark) finish(mark);
    });
    observer.observe({ type: 'mark', buffered: true });
    const errorPoll = setInterval(() => {
      const error = document.querySelector('[data-testid="load-error"], [data-testid="money-error"]');
      if (error) { clearInterval(errorPoll); reject(new Error(`the popup shows an error: ${error.textContent}`)); }
    }, 50);
    const timer = setTimeout(() => { clearInterval(errorPoll); observer.disconnect(); reject(new Error(`no ${cfg.mark} mark after ${cfg.timeoutMs} ms`)); }, cfg.timeoutMs);
  });
}

/** @param {string} s "30,004" → 30004, "$1,234.50" → 123450 (the popup formats with the UI locale, en-US here) */
const digitsOf = (s) => Number(s.replace(/[^\d]/g, ''));

/** @typedef {Awaited<ReturnType<typeof launchRaw>>} RawBrowser */

/** @param {Record<string, number>} o */
const roundAll = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, 1)]));

/**
 * @param {{ port: number, control: unknown, state?: unknown }} standIn
 */
export async function benchPopupOpen(standIn) {
  const started = performance.now();
  const core = await loadCore();
  const model = newLedgerModel(core, { now: Date.now() });
  const [baseline, grown] = await Promise.all([launchRaw(standIn.port), launchRaw(standIn.port)]);
  try {
    const popupUrl = (/** @type {RawBrowser} */ b) => `chrome-extension://${b.extensionId}/${POPUP}`;
    /** @type {Map<RawBrowser, import('./seed.js').Expected>} */
    const expected = new Map();

    /**
     * One open in a fresh tab: the mark, with what the popup shows checked against the ledger the browser holds.
     * @param {RawBrowser} b
     */
    const openOnce = async (b) => {
      const want = /** @type {import('./seed.js').Expected} */ (expected.get(b));
      const page = await b.newPage(popupUrl(b));
      try {
        const r = await page.evaluate(readPopup, { mark: MARK, timeoutMs: 60_000 });
        const where = `(${want.size.toLocaleString('en-US')} entries, ${r.timeZone})`;
        const month = expectedGiftCoins(want, core.periods.monthWindow(r.now, r.timeZone));
        const week = expectedGiftCoins(want, core.periods.weekWindow(r.now, r.timeZone, 1));
        const paid = want.lifetime.money.USD ?? 0;
        if (digitsOf(r.balance) !== SEEDED_BALANCE) throw new Error(`the popup shows a balance of "${r.balance}" ${where}, expected ${SEEDED_BALANCE}`);
        if (digitsOf(r.spentMonth) !== month) throw new Error(`the popup shows "${r.spentMonth}" spent this month ${where}, expected ${month}`);
        if (digitsOf(r.spentWeek) !== week) throw new Error(`the popup shows "${r.spentWeek}" spent this week ${where}, expected ${week}`);
        if (digitsOf(r.rechargedTotal) !== paid) throw new Error(`the popup shows "${r.rechargedTotal}" paid in all ${where}, expected ${paid} USD cents`);
        if (r.recent !== 20) throw new Error(`the popup lists ${r.recent} recent entries ${where}, expected 20`);
        // The money figures are part of what is visible at the mark: paid (USD, the seeded recharges' currency) and the
        // estimate for coins of unknown price, each present, never the loading placeholder.
        if (!/^(\$[\d,]+\.\d\d|—)$/.test(r.paidMonth)) throw new Error(`the popup shows "${r.paidMonth}" paid this month ${where}, expected a USD amount`);
        if (!/^(≈\s\$[\d,]+\.\d\d|—)$/.test(r.estimatedMonth)) throw new Error(`the popup shows "${r.estimatedMonth}" estimated this month ${where}`);
        return { markMs: r.markMs, dclMs: r.dclMs, spentMonth: month };
      } finally {
        await page.close();
      }
    };

    /** Waits until a browser's processes are idle (e.g. storage compaction after a big write); returns ms waited. */
    const settle = async (/** @type {RawBrowser} */ b) => {
      const start = performance.now();
      while (performance.now() - start < IDLE_TIMEOUT_MS) {
        const before = b.cpu();
        const t = performance.now();
        await sleep(IDLE_WINDOW_MS);
        const used = Object.values(cpuDelta(before, b.cpu())).reduce((sum, v) => sum + Math.max(0, v), 0); // processes come and go
        if (used / (performance.now() - t) < IDLE_SHARE) return performance.now() - start;
      }
      return -1;
    };

    /**
     * Seeds `to` entries into the browsers (from an open popup tab, closed after: no other tab is open while measuring).
     * @param {RawBrowser[]} browsers @param {number} to
     */
    const seed = async (browsers, to) => {
      const pages = await Promise.all(browsers.map(async (b) => {
        const page = await b.newPage(popupUrl(b)); // Dexie creates the database on the first open
        await waitForDbCreated(page);
        return page;
      }));
      try {
        const grown = await growLedger(pages, model, to, (m) => log(`popup open: seeded ${m}`));
        const built = await Promise.all(pages.map((page) => rebuildCostBasis(page)));
        log(`popup open: cost basis built by the worker in ${built.map((ms) => round(ms / 1000, 1)).join(' / ')} s`);
        return grown;
      } finally {
        for (const page of pages) await page.close();
        for (const b of browsers) expected.set(b, expectedOf(model));
      }
    };

    /** @type {Record<string, any>} */
    const bySize = {};
    for (const size of SIZES) {
      log(`popup open: seeding ${size.toLocaleString('en-US')} entries`);
      const seeding = await seed(size === SIZES[0] ? [baseline, grown] : [grown], size);
      const settled = await Promise.all([settle(baseline), settle(grown)]);
      log(`popup open: ${size.toLocaleString('en-US')} entries seeded in ${round(seeding.seconds, 1)} s (${seeding.transactions} transactions); browsers idle after ${settled.map((x) => round(x, 0)).join(' / ')} ms`);

      /** @type {{ grown: number[], baseline: number[], grownDcl: number[], baselineDcl: number[] }} */
      const samples = { grown: [], baseline: [], grownDcl: [], baselineDcl: [] };
      let spentMonth = 0;
      const cpuBefore = { grown: grown.cpu(), baseline: baseline.cpu() };
      for (let i = 0; i < OPENS; i++) {
        // The two browsers alternate, and which goes first alternates too.
        for (const which of i % 2 === 0 ? /** @type {const} */ (['grown', 'baseline']) : /** @type {const} */ (['baseline', 'grown'])) {
          const r = await openOnce(which === 'grown' ? grown : baseline);
          if (which === 'grown') spentMonth = r.spentMonth;
          if (i === 0) continue; // warm-up
          samples[which].push(r.markMs);
          samples[which === 'grown' ? 'grownDcl' : 'baselineDcl'].push(r.dclMs);
        }
      }
      // CPU of the browser process (where IndexedDB runs) per open, over the series: renderers come and go between
      // opens, so only the browser process, which lives throughout, gives a meaningful difference.
      const browserCpuPerOpen = (/** @type {RawBrowser} */ b, /** @type {Record<string, number>} */ before) =>
        round(((b.cpu().browser ?? 0) - (before.browser ?? 0)) / OPENS, 1);
      const cpu = { grown: browserCpuPerOpen(grown, cpuBefore.grown), baseline: browserCpuPerOpen(baseline, cpuBefore.baseline) };
      bySize[size] = {
        entries: size,
        medianMs: median(samples.grown),
        baselineMedianMs: median(samples.baseline),
        ms: roundAll(spread(samples.grown)),
        baselineMs: roundAll(spread(samples.baseline)),
        domContentLoadedMedianMs: { grown: round(median(samples.grownDcl), 1), baseline: round(median(samples.baselineDcl), 1) },
        browserProcessCpuMsPerOpen: cpu,
        seedingSeconds: round(seeding.seconds, 2),
        idleAfterSeedingMs: round(settled[1] ?? -1, 0),
        rollupRows: model.rollups.size,
        spentMonthShown: spentMonth,
      };
      log(`popup open: ${size.toLocaleString('en-US')} entries: median ${round(median(samples.grown), 1)} ms (1k baseline browser alongside: ${round(median(samples.baseline), 1)} ms)`);
    }

    const at = (/** @type {number} */ size) => bySize[size];
    const first = at(1_000);
    /** size's median / 1k median, in the grown browser */
    const ratio = (/** @type {number} */ size) => at(size).medianMs / first.medianMs;
    /** how much the 1k baseline browser itself moved between the 1k stage and this one (machine drift) */
    const drift = (/** @type {number} */ size) => at(size).baselineMedianMs / first.baselineMedianMs;
    for (const size of SIZES) {
      const s = at(size);
      s.ratioTo1k = round(ratio(size), 3);
      s.baselineDrift = round(drift(size), 3);
      s.driftCorrectedRatioTo1k = round(ratio(size) / drift(size), 3);
      s.medianMs = round(s.medianMs, 1);
      s.baselineMedianMs = round(s.baselineMedianMs, 1);
    }
    const ratio1M = round(ratio(1_000_000), 3);
    const corrected1M = at(1_000_000).driftCorrectedRatioTo1k;
    return {
      config: {
        sizes: SIZES, opensPerSize: OPENS, warmUpsDiscarded: 1, mark: MARK, account: ACCOUNT, ledgerSpanDays: 730,
        entriesPerTransaction: ENTRIES_PER_TRANSACTION, kinds: model.kinds, timeZone: 'UTC', weekStart: 1,
        driver: 'bare DevTools pipe (bench/cdp.js); popup opened as a tab, fresh tab per open',
        control: 'a second browser keeps the 1k ledger; its popup is opened alternately with the grown one at every size',
      },
      medianMs: Object.fromEntries(SIZES.map((s) => [s, at(s).medianMs])),
      ratio100kTo1k: at(100_000).ratioTo1k,
      ratio1MTo1k: ratio1M,
      driftCorrectedRatio100kTo1k: at(100_000).driftCorrectedRatioTo1k,
      driftCorrectedRatio1MTo1k: at(1_000_000).driftCorrectedRatioTo1k,
      target1MTo1k: TARGET_RATIO_1M,
      // Judged on the drift-corrected ratio: stages are ~2 minutes of seeding apart, and on a shared machine the 1k
      // baseline browser itself moves by tens of percent between them.
      meetsTarget: corrected1M <= TARGET_RATIO_1M,
      meetsTargetUncorrected: ratio1M <= TARGET_RATIO_1M,
      seedingSeconds: Object.fromEntries(SIZES.map((s) => [s, at(s).seedingSeconds])),
      wallSeconds: round((performance.now() - started) / 1000, 1),
      sizes: bySize,
    };
  } finally {
    await Promise.all([baseline.close(), grown.close()]);
  }
}
