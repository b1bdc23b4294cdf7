// @ts-check
/**
 * Benchmark: the popup's "Creators & charts" on ledgers of 1,000 and 1,000,000 entries (bench/seed.js: ~40 creators,
 * 2 years; at 1M that is ~41,000 gifts this month and an hour row for every hour).
 *
 * Each open is a fresh popup tab; once the Balance view is ready, the page itself (its own clock):
 *   1. (one tab) clicks "Creators & charts" and waits for the mark 'coinsight:creators-visible' (top creators with their
 *      coins on screen; their money follows, from the cost basis) → creatorsMs;
 *   2. (another tab) clicks "Creators & charts", then "Spend per day, last 30 days" as soon as it is there, and waits for
 *      'coinsight:table-visible:day' (the numbers, from rollups) and 'coinsight:chart-visible:day' (chart.js loaded and
 *      drawn) → dayTableMs, dayChartMs, from the chart's click. The creators' query runs meanwhile, as it does for a
 *      person who opens a chart at once.
 * These are COIN figures: a whole-account replay (the cost basis' fallback while the worker builds it) is held back in
 * these tabs (HOLD_REPLAY below); the stored cost basis is read as the product reads it.
 * Every open is checked: the creators shown and their coins, and the 30 days' coins, must equal what Node computed
 * from the generated entries; else the benchmark throws.
 * Once per size, a separate tab waits (up to MONEY_TIMEOUT_MS) for the creators' money, read from the worker's cost
 * basis (queries/cost.ts costsIn: one FIFO state and one range read of the month); reported, not judged.
 * Control for machine drift, as in popup-open.js: a second browser keeps the 1k ledger and is opened alternately.
 * The worst case is a whole month of gifts: the popup's clock (Date.now, which src/platform/clock.ts reads) is moved
 * back to the last half hour of the previous month by a script that runs before the popup's, so "this month" holds a
 * full month whatever day the benchmark runs (on the 2nd it would hold two days of gifts).
 */
import { log, median, round, sleep } from './lib.js';
import { launchRaw } from './cdp.js';
import { ACCOUNT, growLedger, loadCore, newLedgerModel, waitForDbCreated } from './seed.js';

// INSIGHTS_BENCH_SIZES=1000,20000 for a quick try of the harness; the figures reported are [1k, 1M].
const SIZES = (process.env.INSIGHTS_BENCH_SIZES ?? '1000,1000000').split(',').map(Number);
const OPENS = 7; // per browser and size; the first is a warm-up
const POPUP = 'src/popup/index.html';
const MONEY_TIMEOUT_MS = 240_000;
const TOP = 10;

/**
 * In the popup: opens "Creators & charts" and, in `mode` 'creators', times the creators' coins from that click; in mode
 * 'chart', clicks the 30-day chart as soon as it can be clicked (before the creators' money is read) and times its table and chart from that click. The page's own clock.
 * @param {{ timeoutMs: number, mode: 'creators' | 'chart' }} cfg
 */
function openInPage(cfg) {
  const waitFor = (/** @type {() => any} */ probe, /** @type {string} */ what) => new Promise((resolve, reject) => {
    const deadline = performance.now() + cfg.timeoutMs;
    const poll = () => {
      const error = document.querySelector('[data-testid="load-error"], [data-testid="insights-error"], [data-testid="creators-error"]');
      if (error) return reject(new Error(`the popup shows an error: ${error.textContent}`));
      const value = probe();
      if (value) return resolve(value);
      if (performance.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 2);
    };
    poll();
  });
  const mark = (/** @type {string} */ name) => () => performance.getEntriesByName(name, 'mark')[0];
  const click = (/** @type {string} */ testid) => {
    const el = /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${testid}"]`));
    const at = performance.now();
    el.click();
    return at;
  };
  return (async () => {
    await waitFor(() => document.querySelector('[data-testid="balance-ready"]'), 'the Balance view');
    /** @type {any} */ (globalThis).__benchHoldReplay = true;
    const openedAt = click('insights-toggle');
    const context = { now: Date.now(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
    if (cfg.mode === 'creators') {
      const creatorsMark = /** @type {PerformanceEntry} */ (await waitFor(mark('coinsight:creators-visible'), 'the creators'));
      const creators = [...document.querySelectorAll('[data-testid="creator"]')].map((li) => ({
        name: (li.querySelector('[data-testid="creator-name"]')?.textContent ?? '').trim(),
        coins: Number((li.querySelector('[data-testid="creator-coins"]')?.textContent ?? '').replace(/[^\d]/g, '')),
      }));
      return { ...context, ms: creatorsMark.startTime - openedAt, creators };
    }
    await waitFor(() => document.querySelector('[data-testid="chart-day-open"]'), 'the chart disclosure');
    const chartClick = click('chart-day-open');
    const tableMark = /** @type {PerformanceEntry} */ (await waitFor(mark('coinsight:table-visible:day'), 'the 30-day table'));
    const chartMark = /** @type {PerformanceEntry} */ (await waitFor(mark('coinsight:chart-visible:day'), 'the 30-day chart'));
    const dayCoins = [...document.querySelectorAll('[data-testid="chart-day-table"] [data-testid="row-coins"]')]
      .map((cell) => Number((cell.textContent ?? '').replace(/[^\d]/g, '')));
    return { ...context, tableMs: tableMark.startTime - chartClick, chartMs: chartMark.startTime - chartClick, dayCoins };
  })();
}

/**
 * In the popup: opens the creators view and waits until their money is shown.
 * @param {{ timeoutMs: number }} cfg
 */
function moneyInPage(cfg) {
  return new Promise((resolve) => {
    const start = () => {
      if (!document.querySelector('[data-testid="balance-ready"]')) return setTimeout(start, 5);
      const at = performance.now();
      /** @type {HTMLElement} */ (document.querySelector('[data-testid="insights-toggle"]')).click();
      const poll = () => {
        if (document.querySelector('[data-testid="creators"][data-costed="true"]')) return resolve(performance.now() - at);
        if (performance.now() - at > cfg.timeoutMs) return resolve(-1);
        setTimeout(poll, 20);
      };
      poll();
    };
    start();
  });
}

/** What the views must show, computed in Node from the generated gifts. */
function expectedFor(/** @type {import('./seed.js').Expected} */ want, /** @type {any} */ core, /** @type {number} */ now, /** @type {string} */ zone) {
  const month = core.periods.monthWindow(now, zone);
  /** @type {Map<string, number>} */
  const byCreator = new Map();
  for (const g of want.recentGifts) if (g.at >= month.start && g.at < month.end) byCreator.set(g.creator, (byCreator.get(g.creator) ?? 0) + g.coins);
  const top = [...byCreator].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([name, coins]) => ({ name: `@${name}`, coins }));
  const days = core.series.lastDays(now, zone, 30).map((/** @type {{ start: number, end: number }} */ day) =>
    want.recentGifts.reduce((sum, g) => sum + (g.at >= day.start && g.at < day.end ? g.coins : 0), 0));
  return { top, days };
}

/** A script for the popup's document: Date.now() reads `shiftMs` earlier. */
const clockShift = (/** @type {number} */ shiftMs) => `{ const realNow = Date.now; Date.now = () => realNow() - ${shiftMs}; }`;

/**
 * A script for the popup's document: once the page sets `__benchHoldReplay`, a read of an account's whole ledger (the
 * range [account, -Infinity] … through the `[account+at]` index: what queries/cost.ts's reference replay reads) is
 * answered by an empty read whose result never reaches the caller. So the coin figures are timed without the replay,
 * which the lots store replaces (its money figures are measured apart, in moneyOnce, without this).
 */
const HOLD_REPLAY = `{
  const getAll = IDBIndex.prototype.getAll;
  IDBIndex.prototype.getAll = function (query, count) {
    // Chromium's getAll also takes an options object ({ query, count, direction }), which Dexie uses where it can.
    const range = query && !(query instanceof IDBKeyRange) && typeof query === 'object' && 'query' in query ? query.query : query;
    const lower = range && range.lower;
    if (globalThis.__benchHoldReplay && this.objectStore.name === 'ledger' && Array.isArray(lower) && lower[1] === -Infinity) {
      const request = getAll.call(this, IDBKeyRange.only(['held by the benchmark', -1]), 1);
      request.addEventListener('success', (event) => event.stopImmediatePropagation());
      return request;
    }
    return getAll.call(this, query, count);
  };
}`;

/** @param {{ port: number }} standIn */
export async function benchInsightsOpen(standIn) {
  const started = performance.now();
  const core = /** @type {any} */ (await loadCore());
  core.series = (await import('vite').then(({ runnerImport }) => runnerImport(new URL('../src/core/series.ts', import.meta.url).pathname, { configFile: false, logLevel: 'silent' }))).module;
  const realNow = Date.now();
  const model = newLedgerModel(core, { now: realNow });
  const initScript = clockShift(realNow - (core.periods.monthWindow(realNow, 'UTC').start - 30 * 60_000));
  const [baseline, grown] = await Promise.all([launchRaw(standIn.port), launchRaw(standIn.port)]);
  try {
    const url = (/** @type {any} */ b) => `chrome-extension://${b.extensionId}/${POPUP}`;
    /** @type {Map<any, import('./seed.js').Expected>} */
    const expected = new Map();
    const { expectedOf } = await import('./seed.js');

    const openOnce = async (/** @type {any} */ b, /** @type {'creators' | 'chart'} */ mode) => {
      const page = await b.newPage(url(b), { initScript: `${initScript}\n${HOLD_REPLAY}` });
      try {
        const r = /** @type {any} */ (await page.evaluate(openInPage, { timeoutMs: 120_000, mode }));
        const want = expectedFor(/** @type {any} */ (expected.get(b)), core, r.now, r.timeZone);
        if (mode === 'creators') {
          // Ties in coins may be listed in either order: compare as sets of (name, coins).
          const shown = JSON.stringify(r.creators.map((/** @type {any} */ c) => `${c.name}:${c.coins}`).sort());
          if (shown !== JSON.stringify(want.top.map((c) => `${c.name}:${c.coins}`).sort())) {
            throw new Error(`the creators view shows ${JSON.stringify(r.creators)}, expected ${JSON.stringify(want.top)}`);
          }
        } else if (JSON.stringify(r.dayCoins) !== JSON.stringify(want.days)) {
          throw new Error(`the 30-day table shows ${r.dayCoins}, expected ${want.days}`);
        }
        return r;
      } finally {
        await page.close();
      }
    };

    const moneyOnce = async (/** @type {any} */ b) => {
      const page = await b.newPage(url(b), { initScript });
      try {
        return /** @type {number} */ (await page.evaluate(moneyInPage, { timeoutMs: MONEY_TIMEOUT_MS }));
      } finally {
        await page.close();
      }
    };

    const shiftedNow = core.periods.monthWindow(realNow, 'UTC').start - 30 * 60_000;
    const month = core.periods.monthWindow(shiftedNow, 'UTC');
    const monthGifts = (/** @type {import('./seed.js').Expected} */ want) => want.recentGifts.filter((g) => g.at >= month.start && g.at < month.end).length;
    /** @type {Record<string, any>} */
    const bySize = {};
    for (const size of SIZES) {
      log(`insights: seeding ${size.toLocaleString('en-US')} entries`);
      const browsers = size === SIZES[0] ? [baseline, grown] : [grown];
      const pages = await Promise.all(browsers.map(async (b) => {
        const page = await b.newPage(url(b));
        await waitForDbCreated(page);
        return page;
      }));
      try {
        await growLedger(pages, model, size, (m) => log(`insights: seeded ${m}`));
      } finally {
        for (const page of pages) await page.close();
        for (const b of browsers) expected.set(b, expectedOf(model));
      }
      await sleep(5_000); // let the browsers' storage settle after the writes

      /** @type {Record<string, number[]>} */
      const samples = { creators: [], dayTable: [], dayChart: [], baseCreators: [], baseDayTable: [], baseDayChart: [] };
      for (let i = 0; i < OPENS; i++) {
        for (const which of i % 2 === 0 ? ['grown', 'baseline'] : ['baseline', 'grown']) {
          const b = which === 'grown' ? grown : baseline;
          const creators = await openOnce(b, 'creators');
          const chart = await openOnce(b, 'chart');
          if (i === 0) continue;
          const key = (/** @type {string} */ name) => (which === 'grown' ? name : `base${name[0]?.toUpperCase()}${name.slice(1)}`);
          /** @type {number[]} */ (samples[key('creators')]).push(creators.ms);
          /** @type {number[]} */ (samples[key('dayTable')]).push(chart.tableMs);
          /** @type {number[]} */ (samples[key('dayChart')]).push(chart.chartMs);
        }
      }
      const moneyMs = await moneyOnce(grown);
      bySize[size] = {
        entries: size,
        creatorsMs: round(median(samples.creators ?? []), 1), dayTableMs: round(median(samples.dayTable ?? []), 1), dayChartMs: round(median(samples.dayChart ?? []), 1),
        baseline: { creatorsMs: round(median(samples.baseCreators ?? []), 1), dayTableMs: round(median(samples.baseDayTable ?? []), 1), dayChartMs: round(median(samples.baseDayChart ?? []), 1) },
        samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, 1))])),
        creatorsMoneyMs: moneyMs < 0 ? `> ${MONEY_TIMEOUT_MS}` : round(moneyMs, 0),
        monthGifts: monthGifts(/** @type {any} */ (expected.get(grown))),
      };
      log(`insights: ${size.toLocaleString('en-US')} entries: ${JSON.stringify(bySize[size])}`);
    }
    const first = bySize[/** @type {number} */ (SIZES[0])];
    const last = bySize[/** @type {number} */ (SIZES[SIZES.length - 1])];
    /** 1M ÷ 1k of a figure, corrected by how much the 1k baseline browser moved between the two stages */
    const ratio = (/** @type {'creatorsMs' | 'dayTableMs' | 'dayChartMs'} */ key) => ({
      plain: round(last[key] / first[key], 2),
      driftCorrected: round((last[key] / first[key]) / (last.baseline[key] / first.baseline[key]), 2),
    });
    return {
      config: { sizes: SIZES, opensPerSize: OPENS, warmUpsDiscarded: 1, account: ACCOUNT, timeZone: 'UTC' },
      ratio1MTo1k: { creators: ratio('creatorsMs'), dayTable: ratio('dayTableMs'), dayChart: ratio('dayChartMs') },
      sizes: bySize,
      wallSeconds: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    await Promise.all([baseline.close(), grown.close()]);
  }
}
