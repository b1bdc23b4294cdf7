// @ts-check
/**
 * Benchmark: bytes of storage per ledger entry at 100,000 entries, as the browser accounts for them
 * (navigator.storage.estimate() in the extension's origin), against the bytes of the data itself (the mean length of
 * an entry as JSON).
 *
 * Fresh browsers (fresh user data dirs; RUNS of them side by side, median reported) with the built extension; the popup
 * is opened once so that the extension's Dexie schema creates the `coinsight` database, then closed. Usage is read before and after seeding 100,000 realistic
 * entries plus their exact rollups, the account, the balance (bench/seed.js: generated in the page, rollups from
 * src/core/rollups.ts). Estimates are read from the extension's manifest.json opened as a tab: a document in the
 * extension's origin that opens no database connection (the popup and options pages keep one open through Dexie;
 * the worker's own connection cannot be closed from here). Chromium's estimate lags behind writes, so each reading
 * is taken once it has stopped changing: polled every POLL_MS until unchanged for STABLE_MS, within TIMEOUT_MS.
 *
 * Reported: (after − before) / 100,000 as bytes per entry (total usage, and the indexedDB figure of usageDetails when
 * present), the mean JSON length of an entry, and their ratio. Rollups, account and balance rows are part of the
 * difference (the ledger cannot exist without its rollups); their JSON size is reported beside.
 */
import { launchRaw } from './cdp.js';
import { log, median, round } from './lib.js';
import { growLedger, loadCore, newLedgerModel, waitForDbCreated } from './seed.js';

const ENTRIES = 100_000;
const POLL_MS = 200;
const STABLE_MS = 2_000;
const TIMEOUT_MS = 60_000;
const RUNS = 3;

/**
 * In an extension-origin page: polls navigator.storage.estimate() until it has not changed for cfg.stableMs.
 * @param {{ pollMs: number, stableMs: number, timeoutMs: number }} cfg
 * @returns {Promise<{ usage: number, indexedDB: number | null, usageDetails: Record<string, number> | null, waitedMs: number, readings: number, stable: boolean, origin: string }>}
 */
async function stableEstimate(cfg) {
  const start = performance.now();
  let last = '';
  let since = start;
  let readings = 0;
  for (;;) {
    const e = /** @type {StorageEstimate & { usageDetails?: Record<string, number> }} */ (await navigator.storage.estimate());
    readings++;
    const now = performance.now();
    const key = JSON.stringify([e.usage, e.usageDetails ?? null]);
    if (key !== last) { last = key; since = now; }
    const stable = now - since >= cfg.stableMs;
    if (stable || now - start >= cfg.timeoutMs) {
      return {
        usage: e.usage ?? 0, indexedDB: e.usageDetails?.indexedDB ?? null, usageDetails: e.usageDetails ?? null,
        waitedMs: now - start, readings, stable, origin: location.origin,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, cfg.pollMs));
  }
}

/** @typedef {Awaited<ReturnType<typeof launchRaw>>} RawBrowser */

/**
 * A stable estimate read in `b`'s extension origin, from its manifest.json opened as a tab.
 * @param {RawBrowser} b
 */
async function estimateIn(b) {
  const probe = await b.newPage(`chrome-extension://${b.extensionId}/manifest.json`);
  try {
    const r = await probe.evaluate(stableEstimate, { pollMs: POLL_MS, stableMs: STABLE_MS, timeoutMs: TIMEOUT_MS });
    if (r.origin !== `chrome-extension://${b.extensionId}`) throw new Error(`the estimate was read in ${r.origin}, not the extension's origin`);
    if (!r.stable) throw new Error(`navigator.storage.estimate() kept changing for ${TIMEOUT_MS} ms (last usage ${r.usage})`);
    return r;
  } finally {
    await probe.close();
  }
}

/**
 * @param {{ port: number, control?: unknown, state?: unknown }} standIn
 */
export async function benchStorage(standIn) {
  const core = await loadCore();
  const model = newLedgerModel(core, { now: Date.now() });
  // RUNS fresh browsers (fresh user data dirs) receive the same ledger side by side: bytes, not time, are measured, so
  // they may share the CPU; they show how much the storage engine's layout (compactions) varies from run to run.
  const browsers = await Promise.all(Array.from({ length: RUNS }, () => launchRaw(standIn.port)));
  try {
    const popupUrl = (/** @type {RawBrowser} */ b) => `chrome-extension://${b.extensionId}/src/popup/index.html`;
    const openPopup = async (/** @type {RawBrowser} */ b) => {
      const page = await b.newPage(popupUrl(b));
      await waitForDbCreated(page); // the extension's own schema creates the database
      return page;
    };

    // Before: the database exists, and no page of ours holds a connection to it.
    for (const page of await Promise.all(browsers.map(openPopup))) await page.close();
    const before = await Promise.all(browsers.map(estimateIn));
    log(`storage: before seeding: usage ${before.map((e) => e.usage).join(' / ')} bytes, stable after ${before.map((e) => round(e.waitedMs, 0)).join(' / ')} ms`);

    const seeders = await Promise.all(browsers.map(openPopup));
    const seeding = await growLedger(seeders, model, ENTRIES, (m) => log(`storage: seeded ${m}`));
    for (const page of seeders) await page.close();
    const after = await Promise.all(browsers.map(estimateIn));
    log(`storage: after seeding ${ENTRIES.toLocaleString('en-US')} entries (${round(seeding.seconds, 1)} s): usage ${after.map((e) => e.usage).join(' / ')} bytes, stable after ${after.map((e) => round(e.waitedMs, 0)).join(' / ')} ms`);

    const runs = browsers.map((_, i) => {
      const b0 = /** @type {Awaited<ReturnType<typeof estimateIn>>} */ (before[i]);
      const a = /** @type {Awaited<ReturnType<typeof estimateIn>>} */ (after[i]);
      if (a.usage <= b0.usage) throw new Error(`usage did not grow (${b0.usage} → ${a.usage}): the estimate does not reflect the writes`);
      return {
        bytesPerEntry: (a.usage - b0.usage) / ENTRIES,
        indexedDbBytesPerEntry: a.indexedDB !== null && b0.indexedDB !== null ? (a.indexedDB - b0.indexedDB) / ENTRIES : null,
        usage: { before: b0.usage, after: a.usage },
        usageDetails: { before: b0.usageDetails, after: a.usageDetails },
        estimateStableAfterMs: { before: round(b0.waitedMs, 0), after: round(a.waitedMs, 0) },
      };
    });
    const perEntry = median(runs.map((r) => r.bytesPerEntry));
    const idb = runs.map((r) => r.indexedDbBytesPerEntry).filter((x) => x !== null);
    const idbPerEntry = idb.length === runs.length ? median(/** @type {number[]} */ (idb)) : null;
    const meanJson = model.jsonChars / model.size; // ASCII only: characters = UTF-8 bytes
    const rollups = [...model.rollups.values()];
    const rollupJson = rollups.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
    return {
      config: {
        entries: ENTRIES, runs: RUNS, kinds: model.kinds, pollMs: POLL_MS, stableMs: STABLE_MS, timeoutMs: TIMEOUT_MS,
        estimateReadIn: 'chrome-extension://<id>/manifest.json (extension origin, no database connection)',
        driver: 'bare DevTools pipe (bench/cdp.js), a fresh user data dir per run',
      },
      bytesPerEntry: round(perEntry, 1),
      indexedDbBytesPerEntry: idbPerEntry === null ? null : round(idbPerEntry, 1),
      meanEntryJsonBytes: round(meanJson, 1),
      ratioToJson: round(perEntry / meanJson, 3),
      indexedDbRatioToJson: idbPerEntry === null ? null : round(idbPerEntry / meanJson, 3),
      bytesPerEntryRuns: runs.map((r) => round(r.bytesPerEntry, 1)),
      alsoWritten: { rollupRows: rollups.length, rollupJsonBytesPerEntry: round(rollupJson / ENTRIES, 1), accounts: 1, balances: 1 },
      seedingSeconds: round(seeding.seconds, 2),
      runs: runs.map((r) => ({ ...r, bytesPerEntry: round(r.bytesPerEntry, 1), indexedDbBytesPerEntry: r.indexedDbBytesPerEntry === null ? null : round(r.indexedDbBytesPerEntry, 1) })),
    };
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}
