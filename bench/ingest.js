// @ts-check
/**
 * Benchmark 2, ingest: 10,000 gift sends from the stand-in's LIVE page to the ledger, end to end, against a raw
 * IndexedDB put loop of the same rows in the same browser.
 *
 * End to end. The LIVE page's own JS context sends 10,000 Roses (POST https://webcast.tiktok.com/webcast/gift/send/,
 * the page's form body) with SEND_CONCURRENCY requests in flight; the tap, relay, outbox, worker and recorder do the
 * rest. An extension page (the options page) watches chrome.storage.onChanged and timestamps, with its own clock
 * (performance.timeOrigin + performance.now()), when each `outbox:gift:…` key is written and when it is removed; the
 * relay removes a key only after the worker acknowledged a committed IndexedDB transaction holding it.
 *   throughput = 10,000 / (last removal − first send start), and IndexedDB count() confirms 10,000 new gift rows.
 *   delay      = removal time − entry.at (entry.at is the tap's response time, epoch ms, same machine): an upper
 *                bound of response → durable write, since the removal is seen after commit, reply and storage write.
 *
 * Raw baseline, in the same extension page and browser: a fresh database with a `ledger` store configured like the
 * real one (keyPath id; indexes at, [account+at], [kind+at]) receives the same 10,000 rows, read back from the real
 * ledger, three ways: (a) one put per transaction, awaited one by one; (b) all puts in one transaction; (c) puts in
 * transactions of 500, the largest batch the relay sends (MAX_BATCH), awaited one by one. The target uses (c).
 *
 * The harness ceiling: the same 10,000 sends from the same page in a browser without the extension, i.e. how fast
 * this machine and the stand-in can answer sends at all. End-to-end throughput can never exceed it.
 */
import { cpuDelta, launchRaw } from './cdp.js';
import { log, median, quantile, round, sleep } from './lib.js';

const SENDS = 10_000;
const SEND_CONCURRENCY = 8;
const RUNS = 2;
const BATCH = 500; // MAX_BATCH in src/platform/observations.ts
const RAW_REPEATS = 3;
const LIVE_URL = 'https://www.tiktok.com/@coinsight_creator/live';
const ROSE = 5655;

/** In the LIVE page: sends `n` Roses like the page does, `concurrency` at a time. */
/** @param {{ n: number, concurrency: number, giftId: number }} cfg */
async function sendGifts(cfg) {
  const sigi = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('SIGI_STATE')).textContent || '{}');
  const creator = sigi.LiveRoom.liveRoomUserInfo.user;
  const roomId = String(creator.roomId);
  const q = new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc', room_id: roomId, msToken: 'FAKE', 'X-Bogus': 'FAKE', _signature: 'FAKE' });
  const url = `https://webcast.tiktok.com/webcast/gift/send/?${q}`;
  let left = cfg.n;
  let ok = 0;
  /** @type {string[]} */
  const failures = [];
  const start = performance.timeOrigin + performance.now();
  await Promise.all(Array.from({ length: cfg.concurrency }, async () => {
    while (left > 0) {
      left--;
      const body = new URLSearchParams({
        gift_id: String(cfg.giftId), room_id: roomId, to_user_id: String(creator.id), count: '1', send_type: '1', send_scene: '1',
        enter_from: 'live_detail', send_gift_req_start_ms: String(Date.now()), is_subscription: 'false', is_opted_in_host: 'false',
      }).toString();
      const response = await fetch(url, {
        method: 'POST', credentials: 'include', body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      });
      const text = await response.text();
      if (response.status === 200 && JSON.parse(text).status_code === 0) ok++;
      else if (failures.length < 5) failures.push(`${response.status} ${text.slice(0, 100)}`);
    }
  }));
  const end = performance.timeOrigin + performance.now();
  return { start, end, ok, failures };
}

/** In the observer (extension page): timestamps every write and removal of an outbox:gift: key. */
function installObserver() {
  const w = /** @type {any} */ (window);
  if (w.__ingest) return true;
  const obs = { added: new Map(), removed: new Map() };
  w.__ingest = obs;
  w.chrome.storage.onChanged.addListener((/** @type {Record<string, { newValue?: unknown }>} */ changes, /** @type {string} */ area) => {
    if (area !== 'local') return;
    const t = performance.timeOrigin + performance.now();
    for (const [key, change] of Object.entries(changes)) {
      if (!key.startsWith('outbox:gift:')) continue;
      const id = key.slice('outbox:'.length);
      if ('newValue' in change) { if (!obs.added.has(id)) obs.added.set(id, t); } else obs.removed.set(id, t);
    }
  });
  return true;
}

/** In the observer: entries counted by kind through the [kind+at] index, with the browser's IndexedDB. */
function countByKind() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['ledger', 'balances'], 'readonly');
      const index = tx.objectStore('ledger').index('[kind+at]');
      /** @type {Record<string, number>} */
      const out = {};
      for (const kind of ['gift', 'recharge', 'adjustment']) {
        const r = index.count(IDBKeyRange.bound([kind, -Infinity], [kind, Infinity]));
        r.onsuccess = () => { out[kind] = r.result; };
      }
      const b = tx.objectStore('balances').count();
      b.onsuccess = () => { out.balances = b.result; };
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/**
 * In the observer: the delays of the gift entries written since `since` (their `at`), and keeps the rows for the
 * raw baseline in window.__rows.
 * @param {{ since: number, n: number }} cfg
 */
function collect(cfg) {
  const w = /** @type {any} */ (window);
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const r = db.transaction('ledger', 'readonly').objectStore('ledger').index('[kind+at]')
        .getAll(IDBKeyRange.bound(['gift', cfg.since], ['gift', Infinity]));
      r.onerror = () => reject(r.error);
      r.onsuccess = () => {
        db.close();
        /** @type {any[]} */
        const rows = r.result;
        w.__rows = rows;
        const obs = w.__ingest;
        const delays = [];
        const queued = [];
        let lastRemoval = 0;
        let missing = 0;
        for (const row of rows) {
          const removed = obs.removed.get(row.id);
          const added = obs.added.get(row.id);
          if (removed === undefined) { missing++; continue; }
          lastRemoval = Math.max(lastRemoval, removed);
          delays.push(removed - row.at);
          if (added !== undefined) queued.push(added - row.at);
        }
        resolve({ rows: rows.length, missing, lastRemoval, delays, queued, sampleRow: rows[0] });
      };
    };
  });
}

/**
 * In the observer: writes window.__rows into a fresh database shaped like the ledger, one of three ways; returns ms.
 * @param {{ mode: 'each' | 'all' | 'batched', batch: number, name: string }} cfg
 */
async function rawPuts(cfg) {
  const rows = /** @type {any[]} */ (/** @type {any} */ (window).__rows);
  await new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase(cfg.name);
    del.onsuccess = resolve;
    del.onerror = () => reject(del.error);
  });
  /** @type {IDBDatabase} */
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(cfg.name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('ledger', { keyPath: 'id' });
      store.createIndex('at', 'at');
      store.createIndex('[account+at]', ['account', 'at']);
      store.createIndex('[kind+at]', ['kind', 'at']);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  /** @param {any[]} slice */
  const writeTx = (slice) => new Promise((resolve, reject) => {
    const tx = db.transaction('ledger', 'readwrite');
    const store = tx.objectStore('ledger');
    for (const row of slice) store.put(row);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const start = performance.now();
  if (cfg.mode === 'all') await writeTx(rows);
  else {
    const size = cfg.mode === 'each' ? 1 : cfg.batch;
    for (let i = 0; i < rows.length; i += size) await writeTx(rows.slice(i, i + size));
  }
  const ms = performance.now() - start;
  db.close();
  await new Promise((resolve) => { const del = indexedDB.deleteDatabase(cfg.name); del.onsuccess = resolve; del.onerror = resolve; });
  return ms;
}

/**
 * @param {{ port: number, control: { setBalance(coins: number): void, reset(): void } }} standIn
 */
export async function benchIngest(standIn) {
  standIn.control.reset();
  standIn.control.setBalance(1_000_000_000);
  const b = await launchRaw(standIn.port, { extension: true });
  try {
    const observer = await b.newPage(`chrome-extension://${b.extensionId}/src/options/index.html`);
    await observer.evaluate(installObserver, null);
    const outboxSize = () => observer.evaluate(async () => {
      const all = await /** @type {any} */ (globalThis).chrome.storage.local.get(null);
      return Object.keys(all).filter((key) => key.startsWith('outbox:')).length;
    }, null);
    const live = await b.newPage(LIVE_URL);
    // The page's own start-up (gift list, balance, account) is recorded before the clock starts.
    for (let i = 0; ; i++) {
      const ready = await live.evaluate(() => !!document.querySelector('[data-testid="gift-panel"][data-state="ready"]') && !!document.querySelector('[data-testid="balance"][data-state="ready"]'), null);
      if (ready && (await outboxSize()) === 0) break;
      if (i > 300) throw new Error('the LIVE page did not settle');
      await sleep(100);
    }
    await sleep(500);

    /** @type {any[]} */
    const runs = [];
    /** @type {{ each: number[], all: number[], batched: number[] }} */
    const raw = { each: [], all: [], batched: [] };
    for (let run = 1; run <= RUNS; run++) {
      const before = /** @type {Record<string, number>} */ (await observer.evaluate(countByKind, null));
      const cpu0 = b.cpu();
      const sent = await live.evaluate(sendGifts, { n: SENDS, concurrency: SEND_CONCURRENCY, giftId: ROSE });
      if (sent.ok !== SENDS) throw new Error(`only ${sent.ok} of ${SENDS} sends succeeded: ${sent.failures.join('; ')}`);
      const removals = async () => observer.evaluate(() => /** @type {any} */ (window).__ingest.removed.size, null);
      const target = run * SENDS;
      for (let i = 0; (await removals()) < target; i++) {
        if (i > 1200) throw new Error(`only ${await removals()} of ${target} gift observations were acknowledged`);
        await sleep(100);
      }
      const cpu = cpuDelta(cpu0, b.cpu());
      const after = /** @type {Record<string, number>} */ (await observer.evaluate(countByKind, null));
      if (after.gift - before.gift !== SENDS) throw new Error(`the ledger holds ${after.gift - before.gift} new gift entries, expected ${SENDS}`);
      const c = /** @type {any} */ (await observer.evaluate(collect, { since: Math.floor(sent.start) - 1000, n: SENDS }));
      if (c.rows !== SENDS || c.missing) throw new Error(`read ${c.rows} new gift rows, ${c.missing} without an acknowledged outbox key`);
      const seconds = (c.lastRemoval - sent.start) / 1000;
      const result = {
        seconds: round(seconds, 3),
        throughput: round(SENDS / seconds, 1),
        sendSeconds: round((sent.end - sent.start) / 1000, 3),
        sendRate: round(SENDS / ((sent.end - sent.start) / 1000), 1),
        tailAfterLastResponseMs: round(c.lastRemoval - sent.end, 0),
        delayMs: { p50: round(quantile(c.delays, 0.5), 1), p95: round(quantile(c.delays, 0.95), 1), max: round(Math.max(...c.delays), 1) },
        responseToQueuedMs: { p50: round(quantile(c.queued, 0.5), 1), p95: round(quantile(c.queued, 0.95), 1) },
        newAdjustments: (after.adjustment ?? 0) - (before.adjustment ?? 0),
        newBalanceRows: (after.balances ?? 0) - (before.balances ?? 0),
        cpuMsPerGift: Object.fromEntries(Object.entries(cpu).filter(([, v]) => v > 0).sort(([, x], [, y]) => y - x).map(([k, v]) => [k, round(v / SENDS, 3)])),
      };
      runs.push(result);
      log(`ingest: run ${run}/${RUNS}: ${result.throughput}/s end to end (sends alone ${result.sendRate}/s, tail ${result.tailAfterLastResponseMs} ms), p95 delay ${result.delayMs.p95} ms`);

      // The raw baselines, right after, in the same page and browser, on the rows just written.
      await sleep(500);
      for (let i = 0; i < RAW_REPEATS; i++) {
        raw.batched.push(await observer.evaluate(rawPuts, { mode: 'batched', batch: BATCH, name: 'coinsight-bench-raw' }));
        raw.all.push(await observer.evaluate(rawPuts, { mode: 'all', batch: BATCH, name: 'coinsight-bench-raw' }));
      }
      if (run === RUNS) raw.each.push(await observer.evaluate(rawPuts, { mode: 'each', batch: 1, name: 'coinsight-bench-raw' }));
      log(`ingest: raw puts: batched ${round(median(raw.batched), 0)} ms, one transaction ${round(median(raw.all), 0)} ms${raw.each.length ? `, one per transaction ${round(median(raw.each), 0)} ms` : ''}`);
    }
    const sample = /** @type {any} */ (await observer.evaluate(() => /** @type {any} */ (window).__rows[0], null));
    await b.close();

    // The ceiling: how fast this machine and the stand-in answer the same sends with no extension at all.
    const bare = await launchRaw(standIn.port, { extension: false });
    let ceiling;
    try {
      const page = await bare.newPage(LIVE_URL);
      for (let i = 0; !(await page.evaluate(() => !!document.querySelector('[data-testid="gift-panel"][data-state="ready"]'), null)); i++) {
        if (i > 300) throw new Error('the LIVE page did not load');
        await sleep(100);
      }
      const sent = await page.evaluate(sendGifts, { n: SENDS, concurrency: SEND_CONCURRENCY, giftId: ROSE });
      if (sent.ok !== SENDS) throw new Error(`only ${sent.ok} of ${SENDS} sends succeeded without the extension`);
      ceiling = SENDS / ((sent.end - sent.start) / 1000);
      log(`ingest: the same sends without the extension: ${round(ceiling, 1)}/s`);
    } finally {
      await bare.close();
    }

    const rate = (/** @type {number[]} */ ms) => SENDS / (median(ms) / 1000);
    const e2e = median(runs.map((r) => r.throughput));
    return {
      config: { sends: SENDS, concurrency: SEND_CONCURRENCY, runs: RUNS, rawRepeats: RAW_REPEATS, rawBatch: BATCH, liveUrl: LIVE_URL, giftId: ROSE, driver: 'bare DevTools pipe (bench/cdp.js)' },
      throughput: round(e2e, 1),
      p95DelayMs: round(median(runs.map((r) => r.delayMs.p95)), 1),
      raw: {
        batchedPerSecond: round(rate(raw.batched), 1),
        oneTransactionPerSecond: round(rate(raw.all), 1),
        onePerTransactionPerSecond: round(rate(raw.each), 1),
        ms: { batched: raw.batched.map((x) => round(x, 1)), all: raw.all.map((x) => round(x, 1)), each: raw.each.map((x) => round(x, 1)) },
      },
      ratioToBatched: round(e2e / rate(raw.batched), 4),
      ratioToOneTransaction: round(e2e / rate(raw.all), 4),
      ratioToOnePerTransaction: round(e2e / rate(raw.each), 4),
      sendsWithoutExtensionPerSecond: round(ceiling, 1),
      ceilingRatioToBatched: round(ceiling / rate(raw.batched), 4),
      runs,
      sampleRow: sample,
    };
  } finally {
    await b.close();
  }
}
