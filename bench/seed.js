// @ts-check
/**
 * Seeding a realistic Coinsight ledger straight into the extension's own IndexedDB, for the popup-open and storage
 * benchmarks (as tests/e2e/large-ledger.e2e.ts does, at larger sizes).
 *
 * - Entries come from `generateEntries`, a deterministic, self-contained generator: entry i depends only on i and the
 *   config, so the page generates its share of the ledger in place (no ledger crosses DevTools) while Node calls the
 *   very same function to know what was written. Growing a ledger from n to m entries generates indices [n, m),
 *   spread over the whole two years in time order (ids are time-ordered too, like TikTok's): written out of order,
 *   LevelDB's compactions made each 100k slower than the last.
 * - Rollups are computed in Node with the product's own arithmetic (src/core/rollups.ts: bucketOf, applyEntry,
 *   emptyRollup, LIFETIME_BUCKET), loaded from the TypeScript source with vite's runnerImport: no re-implementation.
 *   So is the cost basis the worker keeps (src/core/cost-rows.ts: costRowsFromScratch over every entry so far, kept in
 *   Node as the few fields FIFO reads): the database was created with that store marked complete.
 * - Writes are raw IndexedDB puts in large transactions, from an extension page, into the database the extension's
 *   Dexie schema created (the page is opened once before seeding so that Dexie creates it). Measured on the 2-core VM:
 *   ~7,500–9,000 puts/s, bound by the browser process's IndexedDB work (~130 µs of CPU per put with the ledger's three
 *   indexes), whatever the transaction size (1k–50k) or durability; 1,000,000 entries take ~100 s.
 */
import { runnerImport } from 'vite';
import path from 'node:path';
import { ROOT } from './lib.js';

/** @typedef {import('../src/core/ledger').LedgerEntry} LedgerEntry */
/** @typedef {import('../src/core/rollups').Rollup} Rollup */
/** @typedef {import('./cdp.js').RawPage} RawPage */

/**
 * @typedef {object} Core  the product's own code, loaded from src/ with vite
 * @property {typeof import('../src/core/rollups')} rollups
 * @property {typeof import('../src/core/periods')} periods
 * @property {typeof import('../src/core/creator-days')} creatorDays
 * @property {typeof import('../src/core/cost-rows')} costRows
 * @property {number} parserVersion  PARSER_VERSION from src/core/ledger.ts
 */

/** The one account the seeded ledger belongs to (as in tests/e2e/large-ledger.e2e.ts). */
export const ACCOUNT = '6912345678901234567';
/** Coins in the seeded balance row: the popup must show exactly this. */
export const SEEDED_BALANCE = 4_321;
export const TWO_YEARS_MS = 2 * 365 * 86_400_000;
/** Entries generated (in the page) and written per IndexedDB transaction. */
export const ENTRIES_PER_TRANSACTION = 25_000;
/** Ledger transactions queued at once per page (the page prepares one while the browser commits the other; measured
 * no faster than 1 here, as the browser side is the bottleneck, and no slower). */
export const TRANSACTIONS_IN_FLIGHT = 2;
/** Node keeps (at, coins) of gifts this recent, to compute any calendar month's expected total afterwards. */
const RECENT_GIFTS_MS = 40 * 86_400_000;

/** Loads src/core/rollups.ts, periods.ts and ledger.ts (TypeScript) into Node with vite's module runner. */
export async function loadCore() {
  const config = /** @type {import('vite').InlineConfig} */ ({ configFile: false, logLevel: 'silent', root: ROOT });
  const load = (/** @type {string} */ file) => runnerImport(path.join(ROOT, 'src/core', file), config);
  const [rollups, periods, ledger, creatorDays, costRows] = await Promise.all([load('rollups.ts'), load('periods.ts'), load('ledger.ts'), load('creator-days.ts'), load('cost-rows.ts')]);
  return /** @type {Core} */ ({
    creatorDays: /** @type {typeof import('../src/core/creator-days')} */ (creatorDays.module),
    rollups: /** @type {typeof import('../src/core/rollups')} */ (rollups.module),
    periods: /** @type {typeof import('../src/core/periods')} */ (periods.module),
    costRows: /** @type {typeof import('../src/core/cost-rows')} */ (costRows.module),
    parserVersion: /** @type {typeof import('../src/core/ledger')} */ (ledger.module).PARSER_VERSION,
  });
}

/**
 * @typedef {object} GeneratorConfig
 * @property {number} from     first entry index (inclusive)
 * @property {number} to       last entry index (exclusive)
 * @property {number} stageFrom  the growth step [stageFrom, stageTo) that entry `from` belongs to: a step's entries are
 * @property {number} stageTo    spread evenly over the span, in time order (as a real ledger is written)
 * @property {number} now      epoch ms: every entry is strictly before it
 * @property {number} spanMs   entries spread uniformly over [now − spanMs, now)
 * @property {string} account
 * @property {number} parser   PARSER_VERSION
 * @property {number} seed
 */

/**
 * Entries [from, to) of a deterministic ledger: ~97.5 % LIVE gifts (cheap gifts far more often than dear ones, combos
 * of up to 20, ~40 creators, one room per creator per day), ~2.5 % recharges of the standard coin packages at the web
 * rate (mostly cashier-priced, some unpriced). Shapes and ids as the parsers and recorder build them
 * (src/core/tiktok/giftSend.ts, src/background/recorder.ts). SELF-CONTAINED: it runs in the page as source text.
 * @param {GeneratorConfig} cfg
 * @returns {LedgerEntry[]}
 */
export function generateEntries(cfg) {
  /** [giftId, name, coins, combo, weight] as in the stand-in's catalogue */
  const GIFTS = /** @type {const} */ ([
    [5655, 'Rose', 1, true, 30], [9101, 'TikTok', 1, true, 12], [9102, 'Finger Heart', 5, true, 16], [9103, 'Perfume', 20, true, 10],
    [9104, 'Doughnut', 30, true, 10], [9105, 'Hand Hearts', 100, true, 8], [9106, 'Corgi', 299, false, 5], [9107, 'Money Gun', 500, true, 4],
    [9108, 'Galaxy', 1000, false, 3], [9109, 'Fireworks', 1088, false, 1.5], [9110, 'Lion', 29999, false, 0.4], [9111, 'TikTok Universe', 44999, false, 0.1],
  ]);
  const totalWeight = GIFTS.reduce((sum, g) => sum + g[4], 0);
  const PACKAGES = [70, 350, 700, 1400, 3500, 7000, 17500];
  const FIRST = ['sunset', 'midnight', 'lucky', 'daily', 'tiny', 'golden', 'urban', 'cosy'];
  const SECOND = ['cooking', 'gaming', 'karaoke', 'studio', 'dance'];
  /** A 32-bit hash of (i, k, seed), as a number in [0, 1). */
  const rand = (/** @type {number} */ i, /** @type {number} */ k) => {
    let x = (Math.imul(i, 0x9e3779b1) ^ Math.imul(k + cfg.seed, 0x85ebca6b)) >>> 0;
    x ^= x >>> 16; x = Math.imul(x, 0x7feb352d);
    x ^= x >>> 15; x = Math.imul(x, 0x846ca68b);
    x ^= x >>> 16;
    return (x >>> 0) / 4_294_967_296;
  };
  const digits = (/** @type {number} */ n, /** @type {number} */ width) => String(n).padStart(width, '0');
  /** @type {LedgerEntry[]} */
  const out = [];
  for (let i = cfg.from; i < cfg.to; i++) {
    // Slot i of the step, jittered within its slot: strictly before now, increasing with i.
    const at = cfg.now - cfg.spanMs + Math.floor(((i - cfg.stageFrom) + rand(i, 1)) * (cfg.spanMs / (cfg.stageTo - cfg.stageFrom)));
    const serial = digits(at, 13) + digits(i % 1_000_000, 6); // 19 digits, time-ordered like TikTok's ids, unique per i < 1e6
    if (rand(i, 2) < 0.025) {
      const coins = /** @type {number} */ (PACKAGES[Math.floor(rand(i, 3) ** 2 * PACKAGES.length)]);
      const stamp = new Date(at).toISOString().replace(/\D/g, '').slice(0, 14);
      const orderId = `TT${stamp}${digits(i % 1_000_000, 6)}`;
      const priced = rand(i, 4) < 0.9;
      out.push({
        kind: 'recharge', id: `recharge:${orderId}`, at, coins, account: cfg.account,
        source: priced ? 'cashier+end-result' : 'end-result+balance-delta', parser: cfg.parser, orderId,
        ...(priced ? { price: { minor: Math.round((coins * 74) / 70), currency: 'USD' } } : {}),
        ...(rand(i, 5) < 0.8 ? { checks: { balance: 'match' } } : {}),
      });
    } else {
      let pick = rand(i, 3) * totalWeight;
      /** @type {(typeof GIFTS)[number]} */
      let g = GIFTS[0];
      for (const candidate of GIFTS) {
        g = candidate;
        pick -= candidate[4];
        if (pick < 0) break;
      }
      const [giftId, giftName, unitCoins, combo] = g;
      const count = combo ? 1 + Math.floor(rand(i, 4) ** 3 * 20) : 1;
      const creator = Math.floor(rand(i, 5) * 40);
      const day = Math.floor(at / 86_400_000);
      out.push({
        kind: 'gift', id: `gift:order:${serial}`, at, coins: unitCoins * count, account: cfg.account, source: 'gift-send',
        parser: cfg.parser, giftId, giftName, unitCoins, count, roomId: `73${digits(creator, 2)}${digits(day % 1_000_000_000_000_000, 15)}`,
        checks: { catalogue: 'match', balance: rand(i, 6) < 0.9 ? 'match' : 'unknown' },
        creatorId: `69${digits(creator * 7_919 + 1_234_567, 17)}`,
        creatorHandle: `${FIRST[creator % FIRST.length]}.${SECOND[Math.floor(creator / FIRST.length) % SECOND.length]}`,
        orderId: serial, msgId: `7${serial.slice(1)}`,
      });
    }
  }
  return out;
}

/**
 * What Node knows about a seeded ledger: its size, its exact rollups (the product's arithmetic) and the recent gifts.
 * @typedef {object} LedgerModel
 * @property {Core} core
 * @property {Omit<GeneratorConfig, 'from' | 'to' | 'stageFrom' | 'stageTo'>} gen
 * @property {number} size
 * @property {Map<number, Rollup>} rollups        by bucket (LIFETIME_BUCKET included)
 * @property {Map<string, import('../src/core/creator-days').CreatorDay>} creatorDays  by day and creator (the worker's per-creator rows)
 * @property {{ at: number, coins: number, creator: string }[]} recentGifts  gifts in the last RECENT_GIFTS_MS before gen.now (creator: its handle)
 * @property {number} jsonChars                   sum of JSON.stringify(entry).length over the ledger
 * @property {Record<string, number>} kinds
 * @property {LedgerEntry[]} fifo                  every entry so far, only the fields the cost basis reads
 */

/**
 * @param {Core} core
 * @param {{ now: number, seed?: number }} options
 * @returns {LedgerModel}
 */
export function newLedgerModel(core, { now, seed = 20_261_121 }) {
  return {
    core, gen: { now, spanMs: TWO_YEARS_MS, account: ACCOUNT, parser: core.parserVersion, seed },
    size: 0, rollups: new Map(), creatorDays: new Map(), recentGifts: [], jsonChars: 0, kinds: {}, fifo: [],
  };
}

/**
 * Applies entries [from, to) of the growth step [stageFrom, stageTo) to the model, in Node, with the product's rollup
 * arithmetic.
 * @param {LedgerModel} model @param {{ from: number, to: number, stageFrom: number, stageTo: number }} range
 */
function applyToModel(model, range) {
  const { bucketOf, applyEntry, emptyRollup, LIFETIME_BUCKET } = model.core.rollups;
  for (const entry of generateEntries({ ...model.gen, ...range })) {
    for (const bucket of [bucketOf(entry.at), LIFETIME_BUCKET]) {
      model.rollups.set(bucket, applyEntry(model.rollups.get(bucket) ?? emptyRollup(entry.account, bucket), entry, 1));
    }
    if (entry.kind === 'gift') {
      const { applyGiftToDay, creatorOf, dayOf } = model.core.creatorDays;
      const key = `${dayOf(entry.at)}|${creatorOf(entry)}`;
      const row = applyGiftToDay(model.creatorDays.get(key), entry, 1);
      if (row) model.creatorDays.set(key, row);
    }
    if (entry.kind === 'gift' && entry.at >= model.gen.now - RECENT_GIFTS_MS) model.recentGifts.push({ at: entry.at, coins: entry.coins, creator: entry.creatorHandle ?? '' });
    model.jsonChars += JSON.stringify(entry).length;
    model.kinds[entry.kind] = (model.kinds[entry.kind] ?? 0) + 1;
    const { id, at, kind, coins, account, source } = entry;
    model.fifo.push(/** @type {LedgerEntry} */ (entry.kind === 'recharge' && entry.price ? { id, at, kind, coins, account, source, price: entry.price } : { id, at, kind, coins, account, source }));
  }
}

/**
 * What the Balance view must show for a ledger, frozen at its current size (a browser that stops growing keeps it).
 * @typedef {object} Expected
 * @property {number} size
 * @property {{ at: number, coins: number, creator: string }[]} recentGifts
 * @property {Rollup} lifetime
 * @property {number} keptSince  recentGifts holds every gift at or after this instant
 */

/** @param {LedgerModel} model @returns {Expected} */
export function expectedOf(model) {
  const lifetime = model.rollups.get(model.core.rollups.LIFETIME_BUCKET);
  if (!lifetime) throw new Error('expectedOf: the ledger is empty');
  return { size: model.size, recentGifts: [...model.recentGifts], lifetime, keptSince: model.gen.now - RECENT_GIFTS_MS };
}

/**
 * Gift coins the Balance view must show for [start, end), from the generated entries.
 * @param {Expected} expected @param {{ start: number, end: number }} window
 */
export function expectedGiftCoins(expected, window) {
  if (window.start < expected.keptSince) throw new Error('expectedGiftCoins: the window starts before the gifts kept in Node');
  let sum = 0;
  for (const g of expected.recentGifts) if (g.at >= window.start && g.at < window.end) sum += g.coins;
  return sum;
}

/**
 * In the page: generates entries [from, to) with the generator (injected by `withGenerator`) and puts them in one
 * readwrite transaction of the `coinsight` ledger store.
 * @param {GeneratorConfig} cfg
 * @returns {Promise<{ n: number, ms: number }>}
 */
function putGeneratedInPage(cfg) {
  const start = performance.now();
  const rows = generateEntries(cfg);
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('ledger', 'readwrite');
      const store = tx.objectStore('ledger');
      for (const row of rows) store.put(row);
      tx.oncomplete = () => { db.close(); resolve({ n: rows.length, ms: performance.now() - start }); };
      tx.onerror = () => { db.close(); reject(tx.error); };
      tx.onabort = () => { db.close(); reject(tx.error); };
    };
  });
}

/**
 * `fn` as a self-contained function whose scope also holds `generateEntries` (pages get it as source text).
 * @template A, R
 * @param {(arg: A) => R} fn
 * @returns {(arg: A) => R}
 */
function withGenerator(fn) {
  // eslint-disable-next-line no-new-func
  return /** @type {(arg: A) => R} */ (new Function('arg', `const generateEntries = ${generateEntries.toString()};\nreturn (${fn.toString()})(arg);`));
}
const putGenerated = withGenerator(putGeneratedInPage);

/**
 * In the page: puts rows into one store in one transaction, after clearing it when asked.
 * @param {{ store: string, rows: unknown[], clear: boolean }} cfg
 * @returns {Promise<number>}
 */
function putRowsInPage(cfg) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(cfg.store, 'readwrite');
      const store = tx.objectStore(cfg.store);
      if (cfg.clear) store.clear();
      for (const row of cfg.rows) store.put(row);
      tx.oncomplete = () => { db.close(); resolve(cfg.rows.length); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    };
  });
}

/**
 * In the page: row counts of the seeded stores.
 * @returns {Promise<Record<string, number>>}
 */
export function countRowsInPage() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = ['ledger', 'rollups', 'accounts', 'balances'];
      const tx = db.transaction(names, 'readonly');
      /** @type {Record<string, number>} */
      const out = {};
      for (const name of names) {
        const r = tx.objectStore(name).count();
        r.onsuccess = () => { out[name] = r.result; };
      }
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    };
  });
}

/**
 * Waits in an extension page until the popup's Balance view is ready: the database then exists with its schema.
 * @param {RawPage} page
 */
export async function waitForDbCreated(page) {
  const ok = await page.evaluate((/** @type {number} */ timeoutMs) => new Promise((resolve) => {
    const deadline = performance.now() + timeoutMs;
    const poll = () => {
      if (document.querySelector('[data-testid="balance-ready"]')) resolve(true);
      else if (document.querySelector('[data-testid="load-error"]') || performance.now() > deadline) resolve(false);
      else setTimeout(poll, 20);
    };
    poll();
  }), 20_000);
  if (!ok) throw new Error('the popup did not become ready (no balance-ready element): cannot seed its database');
}

/**
 * Grows the seeded ledger in `pages` (one extension page per browser, each holding the same ledger so far) to `to`
 * entries, then replaces the rollups with the model's exact ones and (re)writes the account, balance and settings.
 * Node computes its share while the pages write.
 * @param {RawPage[]} pages
 * @param {LedgerModel} model
 * @param {number} to
 * @param {(message: string) => void} [progress]
 * @param {number} [inFlight]
 * @returns {Promise<{ seconds: number, transactions: number }>}
 */
export async function growLedger(pages, model, to, progress, inFlight = TRANSACTIONS_IN_FLIGHT) {
  const start = performance.now();
  let transactions = 0;
  const stageFrom = model.size;
  /** @type {{ expected: number, end: number, done: Promise<{ n: number }[]> }[]} */
  const pending = [];
  const settleOldest = async () => {
    const p = /** @type {(typeof pending)[number]} */ (pending.shift());
    for (const d of await p.done) if (d.n !== p.expected) throw new Error(`the page wrote ${d.n} entries, expected ${p.expected}`);
    transactions++;
    if (progress && (transactions % 10 === 0)) progress(`${p.end.toLocaleString('en-US')} of ${to.toLocaleString('en-US')} entries`);
  };
  try {
    for (let from = stageFrom; from < to; from += ENTRIES_PER_TRANSACTION) {
      const end = Math.min(to, from + ENTRIES_PER_TRANSACTION);
      const range = { from, to: end, stageFrom, stageTo: to };
      // The next transaction is generated and queued in the page while the previous one commits.
      pending.push({ expected: end - from, end, done: Promise.all(pages.map((page) => page.evaluate(putGenerated, { ...model.gen, ...range }))) });
      applyToModel(model, range);
      while (pending.length >= inFlight) await settleOldest();
    }
    while (pending.length > 0) await settleOldest();
  } finally {
    await Promise.allSettled(pending.map((p) => p.done));
  }
  model.size = Math.max(model.size, to);
  const rollups = [...model.rollups.values()];
  const now = model.gen.now;
  const costBasis = model.core.costRows.costRowsFromScratch(ACCOUNT, model.fifo);
  for (const page of pages) {
    await page.evaluate(putRowsInPage, { store: 'rollups', rows: rollups, clear: true });
    // The worker's per-creator day rows, complete from the beginning (as the worker notes on an empty ledger).
    const since = { account: '', day: -1, creator: '', since: 0 };
    const dayRows = [since, ...model.creatorDays.values()];
    for (let i = 0; i < dayRows.length; i += 5_000) await page.evaluate(putRowsInPage, { store: 'creatorDays', rows: dayRows.slice(i, i + 5_000), clear: i === 0 });
    await page.evaluate(putRowsInPage, { store: 'lots', rows: costBasis.lots, clear: true });
    await page.evaluate(putRowsInPage, { store: 'costs', rows: costBasis.costs, clear: true });
    await page.evaluate(putRowsInPage, { store: 'accounts', rows: [{ uid: ACCOUNT, uniqueId: 'coinsight_viewer', nickName: 'Viewer', lastSeenAt: now }], clear: false });
    await page.evaluate(putRowsInPage, { store: 'balances', rows: [{ id: 'balance:seed', account: ACCOUNT, at: now - 60_000, coins: SEEDED_BALANCE, source: 'wallet' }], clear: false });
    // Weeks start on Monday, stored the way the options page stores it (as large-ledger.e2e.ts does).
    await page.evaluate(() => /** @type {any} */ (globalThis).chrome.storage.local.set({ settings: { displayCurrency: 'USD', weekStart: 1 } }), null);
    const counts = await page.evaluate(countRowsInPage, null);
    if (counts.ledger !== model.size || counts.rollups !== rollups.length) {
      throw new Error(`after seeding the database holds ${counts.ledger} entries and ${counts.rollups} rollups, expected ${model.size} and ${rollups.length}`);
    }
  }
  return { seconds: (performance.now() - start) / 1000, transactions };
}

/**
 * Has the extension's worker build its cost basis store (src/background/derived/lots-build.ts) over the seeded ledger,
 * as it does for a ledger from before the store, and waits until the build marker says complete. Raw puts bypass the
 * ledger writer, so without this the store would be empty while its marker (set when Dexie created the database) says
 * complete: the popup's money figures would be wrong. The store is cleared first, so every stage builds from scratch.
 * @param {RawPage} page  an extension page of the browser
 * @param {number} [timeoutMs]
 * @returns {Promise<number>} milliseconds the build took
 */
export async function rebuildCostBasis(page, timeoutMs = 900_000) {
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['lots', 'costs', 'builds'], 'readwrite');
      tx.objectStore('lots').clear();
      tx.objectStore('costs').clear();
      tx.objectStore('builds').put({ store: 'lots', complete: 0 });
      tx.oncomplete = () => { db.close(); resolve(undefined); };
      tx.onerror = () => reject(tx.error);
    };
  }), undefined);
  // A running worker remembers that its store was built (lots.ts caches the marker): stop it, as Chrome stops an idle
  // worker, and let the build's own alarm (LOTS_BUILD_ALARM) start a new one, which finds the marker and builds.
  await page.command('ServiceWorker.enable');
  await page.command('ServiceWorker.stopAllWorkers');
  await page.command('ServiceWorker.disable');
  await page.evaluate(() => /** @type {any} */ (globalThis).chrome.alarms.create('coinsight:build-lots', { when: Date.now() }), undefined);
  const complete = () => page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('coinsight');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('builds').objectStore('builds').get('lots');
      request.onsuccess = () => { open.result.close(); resolve(request.result?.complete === 1); };
      request.onerror = () => reject(request.error);
    };
  }), undefined);
  while (!(await complete())) {
    if (Date.now() - started > timeoutMs) throw new Error(`the cost basis build did not complete within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return Date.now() - started;
}
