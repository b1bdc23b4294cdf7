// @ts-check
/**
 * Benchmark 2, ingest: 10,000 gift events from a TikTok page to the ledger, end to end, against a raw IndexedDB put
 * loop of the same rows in the same browser.
 *
 * Capacity (the headline). On the stand-in's LIVE page, 10,000 gift-send exchanges reach the relay as a burst, in
 * exactly the form and by the route the tap hands them over (`coinsight:tap` events carrying the JSON string of a
 * captured exchange: the URL, the form body and a real-shaped response of the stand-in's gift-send endpoint, each with
 * its own order id and a falling left_diamond, dispatched on the tap's private channel, which the page learns by
 * watching the handshake from a script that runs before the content scripts: TAP_CHANNEL_SPY in cdp.js; the same
 * events on `document` would be counted as forgeries). From there the product does everything: the relay parses and validates, the outbox
 * queues and delivers, the worker's router and recorder write the ledger and its rollups. No network is involved, so
 * this measures what the extension can absorb, not how fast a server answers.
 *   throughput = 10,000 / (moment the 10,000th entry is committed − first event), RUNS runs, median.
 * Raw baseline, right after each run, in an extension page of the same browser: the same 10,000 rows (read back from
 * the real ledger) put into a fresh database whose `ledger` store has the real one's key path and indexes, in
 * transactions of 500 (MAX_BATCH, the relay's largest batch), awaited one by one. Also reported: all in one
 * transaction, and one put per transaction. Target: capacity ≥ 50 % of the batched raw rate.
 *
 * Live sends (the delay under a realistic load). The page's own JS sends 10,000 Roses through the real-shaped
 * gift-send endpoint (POST https://webcast.tiktok.com/webcast/gift/send/, form body, SEND_CONCURRENCY in flight),
 * so the tap hooks real fetches. Reported: throughput against the same sends in a browser without the extension
 * (the stand-in answering is the ceiling), how long after the last response the last entry is committed, and the
 * p95 delay from response to durable write.
 *
 * How commits are seen: an extension page polls the account's lifetime rollup row (one get, every POLL_MS), which
 * the recorder updates in the same transaction as the entries, and keeps (time, gifts) pairs. The outbox delivers
 * in queue order, so the k-th entry by `at` (the tap's response time) is committed when the count first reaches k:
 * delay_k = that time − at_k, exact to POLL_MS. An index count confirms the 10,000 rows at the end of every run.
 */
import { TAP_CHANNEL_SPY, cpuDelta, launchRaw } from './cdp.js';
import { log, median, quantile, round, sleep } from './lib.js';

const EVENTS = 10_000;
const RUNS = Number(process.env.INGEST_RUNS ?? 3);
const SEND_CONCURRENCY = 8;
const BATCH = 500; // MAX_BATCH in src/platform/observations.ts
const RAW_REPEATS = 2;
const POLL_MS = 10;
const LIVE_URL = 'https://www.tiktok.com/@coinsight_creator/live';
const ROSE = 5655;

/** In the LIVE page: the gift-send URL and form body the page's own gift panel would use. */
/** @param {{ giftId: number }} cfg */
function giftSendRequest(cfg) {
  const sigi = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('SIGI_STATE')).textContent || '{}');
  const creator = sigi.LiveRoom.liveRoomUserInfo.user;
  const roomId = String(creator.roomId);
  const q = new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', device_platform: 'web_pc', room_id: roomId, msToken: 'FAKE', 'X-Bogus': 'FAKE', _signature: 'FAKE' });
  const body = new URLSearchParams({
    gift_id: String(cfg.giftId), room_id: roomId, to_user_id: String(creator.id), count: '1', send_type: '1', send_scene: '1',
    enter_from: 'live_detail', send_gift_req_start_ms: String(Date.now()), is_subscription: 'false', is_opted_in_host: 'false',
  }).toString();
  return { url: `https://webcast.tiktok.com/webcast/gift/send/?${q}`, body };
}

/** In the LIVE page: sends `n` gifts like the page does, `concurrency` at a time. */
/** @param {{ n: number, concurrency: number, giftId: number, request: string }} cfg */
async function sendGifts(cfg) {
  const make = /** @type {(c: { giftId: number }) => { url: string, body: string }} */ (new Function(`return (${cfg.request})`)());
  let left = cfg.n;
  let ok = 0;
  /** @type {string[]} */
  const failures = [];
  const start = performance.timeOrigin + performance.now();
  await Promise.all(Array.from({ length: cfg.concurrency }, async () => {
    while (left > 0) {
      left--;
      const { url, body } = make({ giftId: cfg.giftId });
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

/**
 * In the LIVE page: one real send, to take the stand-in's response as the template for the burst; then `n` tap
 * events in the tap's wire format (src/content/tap-channel.ts), each response with its own ids and balance.
 * @param {{ n: number, giftId: number, request: string, idBase: string }} cfg
 */
async function burst(cfg) {
  const make = /** @type {(c: { giftId: number }) => { url: string, body: string }} */ (new Function(`return (${cfg.request})`)());
  const { url, body } = make({ giftId: cfg.giftId });
  const response = await fetch(url, { method: 'POST', credentials: 'include', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' } });
  const template = await response.text();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the tap forwards the template send itself before the clock starts
  const left = Number(/"left_diamond":\s*(\d+)/.exec(template)?.[1]);
  if (!/"order_id":\s*"?\d+/.test(template) || !/"msg_id":\s*"?\d+/.test(template) || !Number.isFinite(left)) {
    throw new Error(`the stand-in's gift-send response lacks order_id, msg_id or left_diamond: ${template.slice(0, 200)}`);
  }
  const base = BigInt(cfg.idBase);
  const messages = [];
  for (let i = 0; i < cfg.n; i++) {
    const responseText = template
      .replace(/("order_id":\s*"?)\d+/, `$1${base + BigInt(2 * i)}`)
      .replace(/("msg_id":\s*"?)\d+/, `$1${base + BigInt(2 * i + 1)}`)
      .replace(/("left_diamond":\s*)\d+/, `$1${left - 1 - i}`);
    messages.push({ endpoint: 'gift-send', url, method: 'POST', status: 200, requestBody: body, responseText });
  }
  const channel = /** @type {EventTarget | undefined} */ (/** @type {any} */ (window).__coinsightChannel);
  if (!channel) throw new Error('the tap never handed the relay a channel (is TAP_CHANNEL_SPY registered?)');
  const start = performance.timeOrigin + performance.now();
  /** @type {number[]} */
  const ats = [];
  for (const exchange of messages) {
    const at = Math.round(performance.timeOrigin + performance.now());
    ats.push(at);
    const captured = { ...exchange, at, sentAt: at, pageUrl: location.href };
    channel.dispatchEvent(new CustomEvent('coinsight:tap', { detail: JSON.stringify({ v: 1, kind: 'exchange', exchange: captured }) }));
  }
  const end = performance.timeOrigin + performance.now();
  return { start, end, ats };
}

/**
 * In the observer (an extension page): polls the lifetime rollup row of `account` until it counts `target` gifts;
 * returns the (time, gifts) pairs where the count changed.
 * @param {{ account: string, target: number, pollMs: number, timeoutMs: number }} cfg
 */
async function watchGifts(cfg) {
  /** @type {IDBDatabase} */
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const read = () => new Promise((resolve, reject) => {
    const request = db.transaction('rollups', 'readonly').objectStore('rollups').get([cfg.account, -1]);
    request.onsuccess = () => resolve(request.result?.gifts ?? 0);
    request.onerror = () => reject(request.error);
  });
  /** @type {[number, number][]} */
  const timeline = [];
  const deadline = Date.now() + cfg.timeoutMs;
  try {
    for (;;) {
      const gifts = /** @type {number} */ (await read());
      const now = performance.timeOrigin + performance.now();
      if (timeline.length === 0 || timeline[timeline.length - 1]?.[1] !== gifts) timeline.push([now, gifts]);
      if (gifts >= cfg.target) return timeline;
      if (Date.now() > deadline) throw new Error(`only ${gifts} of ${cfg.target} gifts recorded`);
      await new Promise((resolve) => setTimeout(resolve, cfg.pollMs));
    }
  } finally {
    db.close();
  }
}

/**
 * In the observer: the gift rows with `at` ≥ since, counted with the index and kept in window.__rows for the raw
 * baseline; plus the ledger's adjustment count (a burst must not look like coins from elsewhere).
 * @param {{ since: number }} cfg
 */
function loadRows(cfg) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['ledger'], 'readonly');
      const index = tx.objectStore('ledger').index('[kind+at]');
      const rows = index.getAll(IDBKeyRange.bound(['gift', cfg.since], ['gift', Infinity]));
      const adjustments = index.count(IDBKeyRange.bound(['adjustment', -Infinity], ['adjustment', Infinity]));
      tx.oncomplete = () => {
        db.close();
        /** @type {any} */ (window).__rows = rows.result;
        resolve({ rows: rows.result.length, ats: rows.result.map((/** @type {any} */ r) => r.at), adjustments: adjustments.result, sample: rows.result[0] });
      };
      tx.onerror = () => reject(tx.error);
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
 * In the observer: the signed-in account the LIVE page reported (the stand-in's viewer), once a wallet reading of
 * `coins` (what the page's own reading shows) is recorded too; else [].
 * @param {{ coins: number }} cfg
 */
function accountSeen(cfg) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['accounts', 'balances'], 'readonly');
      const accounts = tx.objectStore('accounts').getAll();
      const balances = tx.objectStore('balances').getAll();
      tx.oncomplete = () => {
        open.result.close();
        const read = balances.result.some((/** @type {any} */ b) => b.source === 'wallet' && b.coins === cfg.coins);
        resolve(read ? accounts.result.map((/** @type {any} */ a) => a.uid) : []);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/**
 * Delays (ms) from each entry's `at` to the first poll that saw it committed, assuming queue order (see top).
 * @param {number[]} ats  the new entries' `at`, any order
 * @param {[number, number][]} timeline  (time, gifts) from watchGifts
 * @param {number} baseCount  gifts before the run
 */
function commitDelays(ats, timeline, baseCount) {
  const sorted = [...ats].sort((a, b) => a - b);
  const delays = [];
  let t = 0;
  for (let k = 1; k <= sorted.length; k++) {
    while (t < timeline.length && /** @type {[number, number]} */ (timeline[t])[1] < baseCount + k) t++;
    const seen = timeline[t];
    if (!seen) throw new Error(`entry ${k} never seen committed`);
    delays.push(Math.max(0, seen[0] - /** @type {number} */ (sorted[k - 1])));
  }
  return delays;
}

/** In an extension page: a weekly coin block and a monthly money confirm on all spending, far from their caps. */
function saveLimits() {
  const api = /** @type {any} */ (globalThis).chrome;
  const base = { scope: { kind: 'all' }, carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0 };
  const rules = [
    { ...base, id: '00000000-0000-4000-8000-000000000001', action: 'block', period: { kind: 'week' }, cap: { kind: 'coins', coins: 1e11 } },
    { ...base, id: '00000000-0000-4000-8000-000000000002', action: 'confirm', period: { kind: 'month' }, cap: { kind: 'money', money: { minor: 1e11, currency: 'USD' } } },
  ];
  return (async () => {
    for (const rule of rules) {
      const reply = await api.runtime.sendMessage({ type: 'limits/save', payload: { rule } });
      if (!reply?.ok) throw new Error(`limits/save: ${reply?.error}`);
    }
  })();
}

/**
 * @param {{ port: number, state: { balance: number }, control: { setBalance(coins: number): void, reset(): void } }} standIn
 */
export async function benchIngest(standIn) {
  standIn.control.reset();
  standIn.control.setBalance(1_000_000_000);
  const b = await launchRaw(standIn.port, { extension: true });
  const request = giftSendRequest.toString();
  try {
    const observer = await b.newPage(`chrome-extension://${b.extensionId}/src/options/index.html`);
    // INGEST_LIMITS=1: with limits configured (not near), so each batch's after-write guard refresh does its reads.
    if (process.env.INGEST_LIMITS === '1') await observer.evaluate(saveLimits, null);
    // A fresh LIVE tab for each burst and for the live sends: the worker paces new gifts per tab (bursts of 12,000,
    // background/admission.ts), far above any real page; these are pipeline loads of 10,000 each, not one page's.
    /** @type {Awaited<ReturnType<typeof b.newPage>> | null} */
    let previous = null;
    /** @type {string} */
    let account = '';
    const openLive = async () => {
      await previous?.close();
      const live = await b.newPage(LIVE_URL, { initScript: TAP_CHANNEL_SPY });
      previous = live;
      // The page's own start-up (gift list, balance, account) is recorded before any clock starts.
      for (let i = 0; i < 300; i++) {
        const ready = await live.evaluate(() => !!document.querySelector('[data-testid="gift-panel"][data-state="ready"]') && !!document.querySelector('[data-testid="balance"][data-state="ready"]'), null);
        const accounts = /** @type {string[]} */ (await observer.evaluate(accountSeen, { coins: standIn.state.balance }));
        if (ready && accounts.length === 1) {
          account = /** @type {string} */ (accounts[0]);
          return live;
        }
        await sleep(100);
      }
      throw new Error('the LIVE page did not settle (gift panel, account, wallet reading recorded)');
    };
    let live = await openLive();
    let gifts = 0;
    const giftsNow = async () => {
      const timeline = /** @type {[number, number][]} */ (await observer.evaluate(watchGifts, { account, target: 0, pollMs: POLL_MS, timeoutMs: 1_000 }));
      return /** @type {[number, number]} */ (timeline[timeline.length - 1])[1];
    };

    /** @type {any[]} */
    const capacity = [];
    /** @type {{ each: number[], all: number[], batched: number[] }} */
    const raw = { each: [], all: [], batched: [] };
    /** @type {any} */
    let sample = null;
    let adjustmentsBefore = /** @type {any} */ (await observer.evaluate(loadRows, { since: Date.now() })).adjustments;
    for (let run = 1; run <= RUNS; run++) {
      if (run > 1) live = await openLive();
      gifts = await giftsNow();
      const cpuBefore = b.cpu();
      const watching = observer.evaluate(watchGifts, { account, target: gifts + EVENTS + 1, pollMs: POLL_MS, timeoutMs: 300_000 });
      const sent = await live.evaluate(burst, { n: EVENTS, giftId: ROSE, request, idBase: String(7_400_000_000_000_000_000n + BigInt(run) * 100_000_000n) });
      const timeline = /** @type {[number, number][]} */ (await watching);
      const cpu = cpuDelta(cpuBefore, b.cpu());
      // The burst's gifts never reached the stand-in: it takes their coins now, so the next page's wallet reading
      // agrees with the ledger (else the worker would rightly call the difference coins from elsewhere).
      standIn.control.setBalance(standIn.state.balance - EVENTS);
      // The template send is one more gift, recorded before the burst began: the burst's rows are those from its start.
      const loaded = /** @type {any} */ (await observer.evaluate(loadRows, { since: Math.floor(sent.start) }));
      if (loaded.rows !== EVENTS) throw new Error(`the ledger holds ${loaded.rows} gift entries from the burst, expected ${EVENTS}`);
      if (loaded.adjustments !== adjustmentsBefore) throw new Error(`the burst produced ${loaded.adjustments - adjustmentsBefore} adjustments`);
      adjustmentsBefore = loaded.adjustments;
      sample ??= loaded.sample;
      const done = /** @type {[number, number]} */ (timeline[timeline.length - 1])[0];
      const delays = commitDelays(sent.ats, timeline, gifts + 1);
      const seconds = (done - sent.start) / 1000;
      const result = {
        seconds: round(seconds, 3),
        perSecond: round(EVENTS / seconds, 1),
        dispatchMs: round(sent.end - sent.start, 1),
        delayMs: { p50: round(quantile(delays, 0.5), 0), p95: round(quantile(delays, 0.95), 0), max: round(Math.max(...delays), 0) },
        cpuMsPer1000: Object.fromEntries(Object.entries(cpu).filter(([, v]) => v > 0).sort(([, x], [, y]) => y - x).map(([k, v]) => [k, round(v / (EVENTS / 1000), 0)])),
      };
      capacity.push(result);
      log(`ingest capacity: run ${run}/${RUNS}: ${result.perSecond}/s, p95 delay ${result.delayMs.p95} ms`);
      await sleep(300); // let the worker's transaction and the storage writes that trail it finish before the baseline
      for (let i = 0; i < RAW_REPEATS; i++) {
        raw.batched.push(await observer.evaluate(rawPuts, { mode: 'batched', batch: BATCH, name: 'coinsight-bench-raw' }));
        raw.all.push(await observer.evaluate(rawPuts, { mode: 'all', batch: BATCH, name: 'coinsight-bench-raw' }));
      }
      if (run === RUNS) raw.each.push(await observer.evaluate(rawPuts, { mode: 'each', batch: 1, name: 'coinsight-bench-raw' }));
      log(`ingest raw puts: batched ${round(median(raw.batched), 0)} ms, one transaction ${round(median(raw.all), 0)} ms${raw.each.length ? `, one per transaction ${round(median(raw.each), 0)} ms` : ''}`);
    }

    if (process.env.INGEST_LIVE === '0') return { capacity }; // development: capacity only

    // Live sends through the network stand-in.
    live = await openLive();
    gifts = await giftsNow();
    const watching = observer.evaluate(watchGifts, { account, target: gifts + EVENTS, pollMs: POLL_MS, timeoutMs: 300_000 });
    const sent = await live.evaluate(sendGifts, { n: EVENTS, concurrency: SEND_CONCURRENCY, giftId: ROSE, request });
    if (sent.ok !== EVENTS) throw new Error(`only ${sent.ok} of ${EVENTS} sends succeeded: ${sent.failures.join('; ')}`);
    const timeline = /** @type {[number, number][]} */ (await watching);
    const loaded = /** @type {any} */ (await observer.evaluate(loadRows, { since: Math.floor(sent.start) - 1 }));
    if (loaded.rows !== EVENTS) throw new Error(`the ledger holds ${loaded.rows} new gift entries after the live sends, expected ${EVENTS}`);
    if (loaded.adjustments !== adjustmentsBefore) throw new Error(`overlapping live sends produced ${loaded.adjustments - adjustmentsBefore} adjustments`);
    const done = /** @type {[number, number]} */ (timeline[timeline.length - 1])[0];
    const liveDelays = commitDelays(loaded.ats, timeline, gifts);
    const liveRate = EVENTS / ((done - sent.start) / 1000);
    log(`ingest live sends: ${round(liveRate, 1)}/s end to end, last entry ${round(done - sent.end, 0)} ms after the last response, p95 delay ${round(quantile(liveDelays, 0.95), 0)} ms`);
    await b.close();

    // The ceiling: the same sends from the same page without Coinsight (an empty extension, as in page-overhead.js).
    const bare = await launchRaw(standIn.port, { extension: 'empty' });
    let ceiling;
    try {
      const page = await bare.newPage(LIVE_URL);
      for (let i = 0; !(await page.evaluate(() => !!document.querySelector('[data-testid="gift-panel"][data-state="ready"]'), null)); i++) {
        if (i > 300) throw new Error('the LIVE page did not load');
        await sleep(100);
      }
      const bareSent = await page.evaluate(sendGifts, { n: EVENTS, concurrency: SEND_CONCURRENCY, giftId: ROSE, request });
      if (bareSent.ok !== EVENTS) throw new Error(`only ${bareSent.ok} of ${EVENTS} sends succeeded without the extension`);
      ceiling = EVENTS / ((bareSent.end - bareSent.start) / 1000);
      log(`ingest live sends without the extension: ${round(ceiling, 1)}/s`);
    } finally {
      await bare.close();
    }

    const rate = (/** @type {number[]} */ ms) => EVENTS / (median(ms) / 1000);
    const perSecond = median(capacity.map((r) => r.perSecond));
    return {
      config: { events: EVENTS, runs: RUNS, rawRepeats: RAW_REPEATS, rawBatch: BATCH, pollMs: POLL_MS, sendConcurrency: SEND_CONCURRENCY, liveUrl: LIVE_URL, giftId: ROSE, driver: 'bare DevTools pipe (bench/cdp.js)' },
      capacity: {
        perSecond: round(perSecond, 1),
        ratioToRawBatched: round(perSecond / rate(raw.batched), 4),
        ratioToRawOneTransaction: round(perSecond / rate(raw.all), 4),
        ratioToRawOnePerTransaction: round(perSecond / rate(raw.each), 4),
        p95DelayMs: median(capacity.map((r) => r.delayMs.p95)),
        runs: capacity,
      },
      raw: {
        batchedPerSecond: round(rate(raw.batched), 1),
        oneTransactionPerSecond: round(rate(raw.all), 1),
        onePerTransactionPerSecond: round(rate(raw.each), 1),
        ms: { batched: raw.batched.map((x) => round(x, 1)), all: raw.all.map((x) => round(x, 1)), each: raw.each.map((x) => round(x, 1)) },
      },
      liveSends: {
        perSecond: round(liveRate, 1),
        withoutExtensionPerSecond: round(/** @type {number} */ (ceiling), 1),
        ratioToWithoutExtension: round(liveRate / /** @type {number} */ (ceiling), 4),
        lastCommitAfterLastResponseMs: round(done - sent.end, 0),
        delayMs: { p50: round(quantile(liveDelays, 0.5), 0), p95: round(quantile(liveDelays, 0.95), 0), max: round(Math.max(...liveDelays), 0) },
      },
      sampleRow: sample,
    };
  } finally {
    await b.close();
  }
}
