// @ts-check
/**
 * Benchmark: restore of a 1,000,000-entry backup through the options page (issue 10: ≥ 30 % of raw bulk puts in the
 * same run, and the browser stays responsive).
 *
 * - The backup: bench/seed.js's deterministic ledger, written as an NDJSON backup by the product's own writers
 *   (src/core/export, loaded into Node with vite) to a file on disk.
 * - Raw: in a fresh options tab, Dexie (the same build the extension bundles, node_modules/dexie) bulkPuts the very same
 *   entries, 2,000 per call (one transaction each), into a database of its own with the ledger's primary key and
 *   indexes; only the bulkPut calls are timed (the entries are generated in the page between them).
 * - Restore: in a fresh profile's options tab, the file is given to the restore input (`import-file`, as a person
 *   picks it) and timed until `import-done`: the page reads and validates the whole file, reads it again to send the
 *   batches, the worker stages each one on disk, then commits them all in one transaction with the derived stores.
 * - Responsiveness: while the restore runs, the page's own event loop is sampled (a 50 ms interval's lateness, and
 *   the longest task the page reports). The time from the last batch staged to done (the worker's commit) is
 *   reported apart: during it the ledger's tables are held by one read-write transaction.
 * Checked: the page must report every entry added, and the ledger must hold exactly that many.
 */
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runnerImport } from 'vite';
import { launchRaw } from './cdp.js';
import { ROOT, log, round } from './lib.js';
import { TWO_YEARS_MS, ACCOUNT, generateEntries, loadCore } from './seed.js';

const SIZE = Number(process.env.COINSIGHT_RESTORE_SIZE ?? 1_000_000);
const PAGE = 2000;

/** The backup file, written by the product's writers from the generated ledger. */
async function writeBackup(/** @type {import('./seed.js').GeneratorConfig} */ gen, /** @type {string} */ file) {
  const config = /** @type {import('vite').InlineConfig} */ ({ configFile: false, logLevel: 'silent', root: ROOT });
  const exportCore = /** @type {typeof import('../src/core/export')} */ ((await runnerImport(path.join(ROOT, 'src/core/export/index.ts'), config)).module);
  const pages = function* () {
    for (let from = 0; from < gen.to; from += PAGE) yield generateEntries({ ...gen, from, to: Math.min(gen.to, from + PAGE) });
  };
  const out = createWriteStream(file);
  const request = { timeZone: 'UTC', exportedAt: gen.now, extensionVersion: '0.1.0', filters: exportCore.NO_FILTERS, policy: exportCore.OPEN_POLICY };
  for await (const chunk of exportCore.exportChunks('ndjson', { entries: pages(), balances: [] }, request)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** In the page: Dexie bulkPut of generated entries [0, size), `page` per call, into a fresh database; puts timed. */
function rawBulkPut(/** @type {{ gen: any, size: number, page: number }} */ cfg) {
  const Dexie = /** @type {any} */ (globalThis).Dexie;
  const db = new Dexie('raw-restore-bench');
  db.version(1).stores({ ledger: 'id, at, [account+at], [kind+at]' });
  return (async () => {
    await db.open();
    let ms = 0;
    for (let from = 0; from < cfg.size; from += cfg.page) {
      // eslint-disable-next-line no-undef
      const rows = generateEntries({ ...cfg.gen, from, to: Math.min(cfg.size, from + cfg.page) });
      const start = performance.now();
      await db.ledger.bulkPut(rows);
      ms += performance.now() - start;
    }
    const count = await db.ledger.count();
    await db.delete();
    return { ms, count };
  })();
}

/** In the options page: watches the restore (started by the file input) until done; event-loop lateness sampled. */
function watchRestore(/** @type {{ timeoutMs: number }} */ cfg) {
  return new Promise((resolve, reject) => {
    let start = /** @type {number | null} */ (null);
    let maxLate = 0;
    let longest = 0;
    let stagedAt = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      maxLate = Math.max(maxLate, now - last - 50);
      last = now;
      const [sent, total] = (document.querySelector('[data-testid="import-progress"]')?.textContent ?? '').match(/[\d,]+/g) ?? [];
      if (!stagedAt && sent && sent === total) stagedAt = now;
    }, 50);
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longest = Math.max(longest, e.duration); });
    try { observer.observe({ type: 'longtask', buffered: false }); } catch { /* not reported: stays 0 */ }
    const input = /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="import-file"]'));
    input.addEventListener('change', () => { start = performance.now(); }, { once: true, capture: true });
    const poll = () => {
      const done = document.querySelector('[data-testid="import-done"]')?.textContent;
      const error = document.querySelector('[data-testid="import-error"]')?.textContent;
      const finish = () => { clearInterval(tick); observer.disconnect(); };
      if (error) { finish(); reject(new Error(`the page refused the restore: ${error}`)); return; }
      if (done && start !== null) { finish(); resolve({ ms: performance.now() - start, commitMs: stagedAt ? performance.now() - stagedAt : null, done, maxLateMs: maxLate, longestTaskMs: longest }); return; }
      if (start !== null && performance.now() - start > cfg.timeoutMs) { finish(); reject(new Error(`no restore after ${cfg.timeoutMs} ms`)); return; }
      setTimeout(poll, 20);
    };
    poll();
  });
}

/** In an extension page: ledger rows. */
function countLedger() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('ledger').objectStore('ledger').count();
      request.onsuccess = () => { open.result.close(); resolve(request.result); };
      request.onerror = () => reject(request.error);
    };
  });
}

/** @param {{ port: number }} standIn */
export async function benchRestore(standIn) {
  const core = await loadCore();
  const gen = { from: 0, to: SIZE, stageFrom: 0, stageTo: SIZE, now: Date.now(), spanMs: TWO_YEARS_MS, account: ACCOUNT, parser: core.parserVersion, seed: 20_261_121 };
  const file = path.join(tmpdir(), `coinsight-restore-bench-${process.pid}.ndjson`);
  const written = performance.now();
  await writeBackup(gen, file);
  const fileMB = statSync(file).size / 2 ** 20;
  log(`restore: ${SIZE.toLocaleString('en-US')} entries written as an NDJSON backup (${round(fileMB, 0)} MB) in ${round((performance.now() - written) / 1000, 1)} s`);
  const browser = await launchRaw(standIn.port);
  try {
    const url = (/** @type {string} */ page) => `chrome-extension://${browser.extensionId}/src/${page}/index.html`;
    const ready = async (/** @type {import('./cdp.js').RawPage} */ page, /** @type {string} */ testid) => page.evaluate((/** @type {string} */ id) => new Promise((resolve) => {
      const poll = () => (document.querySelector(`[data-testid="${id}"]`) ? resolve(true) : setTimeout(poll, 20));
      poll();
    }), testid);

    const rawPage = await browser.newPage(url('options'));
    await rawPage.command('Runtime.evaluate', { expression: readFileSync(path.join(ROOT, 'node_modules/dexie/dist/dexie.js'), 'utf8') });
    await rawPage.command('Runtime.evaluate', { expression: `globalThis.generateEntries = ${generateEntries.toString()};` });
    const raw = /** @type {{ ms: number, count: number }} */ (await rawPage.evaluate(rawBulkPut, { gen, size: SIZE, page: PAGE }));
    if (raw.count !== SIZE) throw new Error(`raw bulkPut stored ${raw.count} entries, expected ${SIZE}`);
    await rawPage.close();
    log(`restore: raw Dexie bulkPut of ${SIZE.toLocaleString('en-US')} entries: ${round(raw.ms / 1000, 1)} s`);

    const page = await browser.newPage(url('options'));
    await ready(page, 'import-file');
    const watching = page.evaluate(watchRestore, { timeoutMs: 60 * 60_000 });
    const { root } = await page.command('DOM.getDocument', {});
    const { nodeId } = await page.command('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-testid="import-file"]' });
    await page.command('DOM.setFileInputFiles', { nodeId, files: [file] });
    const result = /** @type {{ ms: number, commitMs: number | null, done: string, maxLateMs: number, longestTaskMs: number }} */ (await watching);
    const added = Number(/([\d,]+)/.exec(result.done)?.[1]?.replace(/,/g, '') ?? NaN);
    const count = await page.evaluate(countLedger, null);
    if (added !== SIZE || count !== SIZE) throw new Error(`the restore reported ${added} entries added and the ledger holds ${count}, expected ${SIZE}: ${result.done}`);
    await page.close();
    log(`restore: ${SIZE.toLocaleString('en-US')} entries restored in ${round(result.ms / 1000, 1)} s (commit ${round((result.commitMs ?? NaN) / 1000, 1)} s); page event loop at most ${round(result.maxLateMs, 0)} ms late, longest task ${round(result.longestTaskMs, 0)} ms`);
    return {
      entries: SIZE, fileMB: round(fileMB, 0), rawMs: round(raw.ms, 0), restoreMs: round(result.ms, 0), commitMs: result.commitMs === null ? null : round(result.commitMs, 0), throughputVsRaw: round(raw.ms / result.ms, 3),
      pageMaxLateMs: round(result.maxLateMs, 0), pageLongestTaskMs: round(result.longestTaskMs, 0),
    };
  } finally {
    await browser.close();
    rmSync(file, { force: true });
  }
}
