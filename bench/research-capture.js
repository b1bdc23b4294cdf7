// @ts-check
/**
 * Benchmark: research mode's capture (issue 12), on the stand-in's LIVE page and its event stream (webcast-room.js).
 *
 * 1. Page overhead. Two Chromiums, both with Coinsight: A with research mode on (the hook and relay registered and
 *    present in the page: its WebSocket is a Proxy), B with it off (its WebSocket the browser's own). Each LIVE page
 *    receives 200 gift frames a second on its `/webcast/im/push` socket while it does fixed chunks of its own work
 *    (a hash over 64 KB, then a yield through a MessageChannel, which Chrome does not clamp: the socket's frames and
 *    the hook's batches run between chunks). A block lasts BLOCK_FRAMES frames; blocks alternate between the browsers
 *    (A B, then B A) and the stream goes to one browser at a time. The headline is the median over block pairs of
 *    (ms per chunk with research on) ÷ (ms per chunk off). Also reported: the page's frame-to-handler latency
 *    (performance.now() − event.timeStamp in its own onmessage handler: what the hook's listener, first in line,
 *    delays), mean and p95, on and off.
 * 2. End to end. In A, 10,000 frames at 200 a second, one non-streak gift each (so each frame is one row whose `at` is
 *    when the stand-in made the frame); an extension page polls the room log every POLL_MS for rows newer than the
 *    newest it has (IndexedDB's own API, the `at` index), and notes each new row's delay = time seen − `at`. It must
 *    end with exactly 10,000 rows and the stand-in's coin total (no loss, nothing twice). The polling adds up to
 *    POLL_MS to each delay.
 */
import { cpuDelta, launchRaw } from './cdp.js';
import { log, median, quantile, round, sleep } from './lib.js';

const PER_SECOND = 200;
const BLOCK_FRAMES = 300; // 1.5 s per block
const BLOCKS = 12;
const E2E_FRAMES = 10_000;
const POLL_MS = 25;
const KEY_ID = 'k_0badc0ffee0badc0';

/** In an extension page: the key row and the setting, as background/handlers/research-settings.ts writes them. @param {string} keyId */
async function enableResearch(keyId) {
  await new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('researchKeys', 'readwrite');
      tx.objectStore('researchKeys').put({ id: keyId, kind: 'install', from: 'generated', bytes: crypto.getRandomValues(new Uint8Array(32)), createdAt: Date.now() });
      tx.oncomplete = () => { open.result.close(); resolve(undefined); };
    };
  });
  const chrome = /** @type {any} */ (globalThis).chrome;
  await chrome.storage.local.set({ research: { enabled: true, consentedAt: Date.now(), studyName: null, studyKeyId: keyId } });
  for (let i = 0; i < 200; i++) {
    if ((await chrome.scripting.getRegisteredContentScripts()).length === 2) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the research scripts were not registered');
}

/**
 * In the LIVE page: fixed work chunks until the page has seen `until` frames in all (the count is read before the
 * stream starts: frames may arrive before this function runs).
 * @param {number} until
 */
async function workWhileReceiving(until) {
  const w = /** @type {any} */ (window);
  const stats = w.__fakeWebcast.stats;
  stats.latencyMs.length = 0;
  const data = new Uint8Array(65_536).map((_, i) => i * 31);
  const channel = new MessageChannel();
  const yieldNow = () => new Promise((resolve) => { channel.port1.onmessage = resolve; channel.port2.postMessage(0); });
  let chunks = 0;
  let sink = 0;
  const t0 = performance.now();
  while (stats.frames < until) {
    for (let i = 0; i < data.length; i++) sink = (sink * 33 + /** @type {number} */ (data[i])) | 0;
    chunks++;
    await yieldNow();
  }
  return { chunks, ms: performance.now() - t0, latency: [...stats.latencyMs], sink };
}

/** @param {import('./cdp.js').RawPage} page */
async function isHooked(page) {
  const { result } = await page.command('Runtime.evaluate', { expression: 'window.WebSocket' });
  return result.subtype === 'proxy';
}

/** @param {import('./cdp.js').RawPage} page */
async function openStream(page) {
  await page.evaluate(() => /** @type {any} */ (window).__fakeWebcast.open({}), null);
  for (let i = 0; i < 200 && (await page.evaluate(() => document.querySelector('[data-testid="webcast"]')?.getAttribute('data-state'), null)) !== 'open'; i++) await sleep(50);
}

/** @param {any} standIn */
export async function benchResearchCapture(standIn) {
  const [on, off] = await Promise.all([launchRaw(standIn.port, { extension: 'coinsight' }), launchRaw(standIn.port, { extension: 'coinsight' })]);
  try {
    const extension = await on.newPage(`chrome-extension://${on.extensionId}/src/options/index.html`);
    await extension.evaluate(enableResearch, KEY_ID);
    const roomA = standIn.creator('coinsight_creator').roomId;
    const roomB = standIn.creator('another_creator').roomId;
    const pageA = await on.newPage('https://www.tiktok.com/@coinsight_creator/live');
    const pageB = await off.newPage('https://www.tiktok.com/@another_creator/live');
    log('research capture: pages open');
    if (!(await isHooked(pageA)) || (await isHooked(pageB))) throw new Error('research capture: the hook must be in A only');
    await openStream(pageA);
    await openStream(pageB);

    /** @param {import('./cdp.js').RawPage} page @param {string} roomId @param {number} frames */
    const block = async (page, roomId, frames) => {
      const seen = await page.evaluate(() => /** @type {any} */ (window).__fakeWebcast.stats.frames, null);
      const work = page.evaluate(workWhileReceiving, seen + frames);
      await standIn.control.webcastStream({ frames, perSecond: PER_SECOND, roomId });
      return work;
    };
    log('research capture: warm-up');
    await block(pageA, roomA, 100);
    await block(pageB, roomB, 100);
    /** @type {{ on: number, off: number }[]} */
    const pairs = [];
    const cpuOn = on.cpu();
    const cpuOff = off.cpu();
    /** @type {{ on: number[], off: number[] }} */
    const latency = { on: [], off: [] };
    for (let i = 0; i < BLOCKS; i++) {
      const pair = { on: 0, off: 0 };
      for (const side of i % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
        const r = side === 'on' ? await block(pageA, roomA, BLOCK_FRAMES) : await block(pageB, roomB, BLOCK_FRAMES);
        pair[/** @type {'on' | 'off'} */ (side)] = r.ms / r.chunks;
        latency[/** @type {'on' | 'off'} */ (side)].push(...r.latency);
        await sleep(300); // the hook's last batch and the worker's write settle before the other side's block
      }
      pairs.push(pair);
    }
    // CPU time by process type over all blocks (both browsers received the same frames): where research mode's work runs.
    const cpu = { on: cpuDelta(cpuOn, on.cpu()), off: cpuDelta(cpuOff, off.cpu()) };
    const ratios = pairs.map((p) => p.on / p.off);
    const mean = (/** @type {number[]} */ v) => v.reduce((s, x) => s + x, 0) / v.length;

    log(`research capture: ${E2E_FRAMES} frames end to end at ${PER_SECOND}/s`);
    const roomC = standIn.creator('third_creator').roomId;
    log('research capture: opening the end-to-end page');
    const pageC = await on.newPage('https://www.tiktok.com/@third_creator/live');
    log('research capture: opened');
    await openStream(pageC);
    await extension.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__delays = [];
      w.__maxAt = 0;
      w.__ids = new Set();
      w.__polling = true;
      // One poll at a time (a chain, not an interval), over one open connection, reading only rows at or after the newest
      // seen (frames are made in order, and written in order); each row counted once, by id.
      const open = indexedDB.open('coinsight');
      open.onsuccess = () => {
        const poll = () => {
          if (!w.__polling) return;
          const request = open.result.transaction('roomGifts').objectStore('roomGifts').index('at').getAll(IDBKeyRange.lowerBound(w.__maxAt));
          request.onsuccess = () => {
            const seen = Date.now();
            for (const row of request.result) {
              if (row.giftId !== 9106 || w.__ids.has(row.id)) continue;
              w.__ids.add(row.id);
              w.__delays.push(seen - row.at);
              w.__maxAt = Math.max(w.__maxAt, row.at);
            }
            setTimeout(poll, 25);
          };
        };
        poll();
      };
      return true;
    }, null);
    const streamed = await standIn.control.webcastStream({ frames: E2E_FRAMES, perSecond: PER_SECOND, roomId: roomC, single: true });
    const truth = standIn.state.webcast.truth.rooms[roomC];
    /** @type {{ rows: number, coins: number }} */
    let logged = { rows: 0, coins: 0 };
    for (let i = 0; i < 600; i++) {
      logged = await extension.evaluate((room) => new Promise((resolve) => {
        const open = indexedDB.open('coinsight');
        open.onsuccess = () => {
          const request = open.result.transaction('roomGifts').objectStore('roomGifts').index('[roomId+at]').getAll(IDBKeyRange.bound([room, 0], [room, Infinity]));
          request.onsuccess = () => { open.result.close(); resolve({ rows: request.result.length, coins: request.result.reduce((s, r) => s + (r.coins ?? 0), 0) }); };
        };
      }), roomC);
      if (logged.rows >= E2E_FRAMES) break;
      await sleep(100);
    }
    const delays = /** @type {number[]} */ (await extension.evaluate(() => { const w = /** @type {any} */ (window); w.__polling = false; return w.__delays; }, null));
    if (logged.rows !== E2E_FRAMES || logged.coins !== truth) throw new Error(`research capture: ${logged.rows} rows / ${logged.coins} coins logged for ${streamed} frames / ${truth} coins streamed`);
    return {
      config: { perSecond: PER_SECOND, blockFrames: BLOCK_FRAMES, blocks: BLOCKS, e2eFrames: E2E_FRAMES, pollMs: POLL_MS, work: '64 KB hash per chunk, MessageChannel yield' },
      overhead: {
        ratio: round(median(ratios), 4),
        pooledRatio: round(mean(pairs.map((p) => p.on)) / mean(pairs.map((p) => p.off)), 4),
        quartiles: [round(quantile(ratios, 0.25), 3), round(median(ratios), 3), round(quantile(ratios, 0.75), 3)],
        msPerChunk: { on: round(mean(pairs.map((p) => p.on)), 3), off: round(mean(pairs.map((p) => p.off)), 3) },
      },
      cpuMsOverBlocks: {
        on: Object.fromEntries(Object.entries(cpu.on).filter(([, v]) => v > 0)),
        off: Object.fromEntries(Object.entries(cpu.off).filter(([, v]) => v > 0)),
      },
      latencyMs: {
        on: { mean: round(mean(latency.on), 3), p95: round(quantile(latency.on, 0.95), 3) },
        off: { mean: round(mean(latency.off), 3), p95: round(quantile(latency.off, 0.95), 3) },
      },
      endToEnd: { frames: streamed, rows: logged.rows, coins: logged.coins, truthCoins: truth, lost: E2E_FRAMES - logged.rows, delaysSeen: delays.length,
        p50DelayMs: round(median(delays), 0), p95DelayMs: round(quantile(delays, 0.95), 0), maxDelayMs: delays.reduce((m, d) => Math.max(m, d), 0) },
    };
  } finally {
    await Promise.all([on.close(), off.close()]);
  }
}
