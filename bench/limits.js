// @ts-check
/**
 * Benchmark: reading the limits' standing (issue 9: "reading a status costs the same at 1,000,000 entries as at 1,000").
 *
 * The built extension, in real Chromium: the worker answers `limits/view` (background/handlers/limits.ts), which reads
 * every rule's usage (queries/limit-usage.ts: rollups, the cost basis, the per-creator day rows) and evaluates it.
 * Timed in an extension page from sendMessage to the reply, so the figure is what the options editor and the popup wait
 * for. Rules: a weekly coin cap on all spending, a monthly money cap (USD) on all spending, a daily coin cap and a
 * monthly money cap on one creator; then the same plus a `live` rule (per room: a day of gifts read from the ledger,
 * see LIVE_LOOKBACK_MS), reported apart.
 *
 * The ledger is seeded with bench/seed.js as the popup-open benchmark does (a realistic two-year ledger; rollups, day
 * rows and the cost basis as the worker keeps them). One browser grows 1k → 1M; a second keeps 1k all along and is
 * read alternately with it at every stage, so machine drift between stages (minutes of seeding apart) can be told from
 * ledger size: driftCorrected = (grown 1M ÷ grown 1k) ÷ (baseline in the 1M stage ÷ baseline in the 1k stage).
 * Every read is checked: the weekly coin status must equal the gift coins computed in Node for its window.
 */
import { launchRaw } from './cdp.js';
import { log, median, round } from './lib.js';
import { expectedGiftCoins, expectedOf, growLedger, loadCore, newLedgerModel, rebuildCostBasis, waitForDbCreated } from './seed.js';

const SIZES = [1_000, 1_000_000];
const READS = 21; // per browser, rule set and size; the first is a warm-up
const TARGET = 1.5;
const POPUP = 'src/popup/index.html';
/** Creator 0 of bench/seed.js's generator (its id formula). */
const CREATOR = `69${String(1_234_567).padStart(17, '0')}`;

const uuid = (/** @type {number} */ n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const base = { action: 'block', carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0 };
const RULES = [
  { ...base, id: uuid(1), scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1_000_000_000 } },
  { ...base, id: uuid(2), action: 'confirm', scope: { kind: 'all' }, period: { kind: 'month' }, cap: { kind: 'money', money: { minor: 100_000_000, currency: 'USD' } } },
  { ...base, id: uuid(3), scope: { kind: 'creator', creator: CREATOR }, period: { kind: 'day' }, cap: { kind: 'coins', coins: 1_000_000 } },
  { ...base, id: uuid(4), action: 'warn', scope: { kind: 'creator', creator: CREATOR }, period: { kind: 'month' }, cap: { kind: 'money', money: { minor: 1_000_000, currency: 'USD' } } },
];
const LIVE_RULE = { ...base, id: uuid(5), scope: { kind: 'live' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1_000_000 } };

/**
 * In an extension page: saves/deletes rules, then times `reads` limits/view round trips.
 * @param {{ save: object[], remove: string[], reads: number }} cfg
 */
function limitsInPage(cfg) {
  const api = /** @type {any} */ (globalThis).chrome;
  const send = async (/** @type {string} */ type, /** @type {unknown} */ payload) => {
    const reply = await api.runtime.sendMessage({ type, payload });
    if (!reply?.ok) throw new Error(`${type}: ${reply?.error ?? 'no reply'}`);
    return reply.value;
  };
  return (async () => {
    for (const rule of cfg.save) await send('limits/save', { rule });
    for (const id of cfg.remove) await send('limits/delete', { id });
    const times = [];
    let view;
    for (let i = 0; i < cfg.reads; i++) {
      const start = performance.now();
      view = await send('limits/view', { roomId: null });
      times.push(performance.now() - start);
    }
    return { times, statuses: view?.statuses ?? [], rules: view?.rules.length ?? 0 };
  })();
}

/** @param {{ port: number }} standIn */
export async function benchLimits(standIn) {
  const started = performance.now();
  const core = await loadCore();
  const model = newLedgerModel(core, { now: Date.now() });
  const [baseline, grown] = await Promise.all([launchRaw(standIn.port), launchRaw(standIn.port)]);
  /** @type {Map<unknown, import('./seed.js').Expected>} */
  const expected = new Map();
  try {
    const url = (/** @type {typeof grown} */ b) => `chrome-extension://${b.extensionId}/${POPUP}`;
    const pages = new Map();
    for (const b of [baseline, grown]) {
      const page = await b.newPage(url(b));
      await waitForDbCreated(page);
      pages.set(b, page);
    }
    /** One read in `b`, checked against the ledger it holds. */
    const read = async (/** @type {typeof grown} */ b, /** @type {{ save: object[], remove: string[], reads: number }} */ cfg) => {
      const r = await pages.get(b).evaluate(limitsInPage, cfg);
      const weekly = r.statuses.find((/** @type {{ ruleId: string }} */ s) => s.ruleId === RULES[0]?.id);
      const want = expected.get(b);
      if (!weekly || !want) throw new Error('limits bench: no weekly status');
      const coins = expectedGiftCoins(want, { start: weekly.start, end: weekly.end });
      if (weekly.used !== coins) throw new Error(`limits bench: the weekly status counts ${weekly.used} coins, the ledger holds ${coins} (${want.size} entries)`);
      return r.times;
    };
    /** @type {Record<string, any>} */
    const bySize = {};
    for (const size of SIZES) {
      const seeded = size === SIZES[0] ? [baseline, grown] : [grown];
      log(`limits: seeding ${size.toLocaleString('en-US')} entries`);
      await growLedger(seeded.map((b) => pages.get(b)), model, size, (m) => log(`limits: seeded ${m}`));
      await Promise.all(seeded.map((b) => rebuildCostBasis(pages.get(b))));
      for (const b of seeded) expected.set(b, expectedOf(model));
      /** @type {Record<string, { grown: number[], baseline: number[] }>} */
      const samples = { rules: { grown: [], baseline: [] }, withLive: { grown: [], baseline: [] } };
      for (const [set, extra] of /** @type {const} */ ([['rules', []], ['withLive', [LIVE_RULE]]])) {
        for (const b of [baseline, grown]) await read(b, { save: [...RULES, ...extra], remove: set === 'rules' ? [LIVE_RULE.id] : [], reads: 1 });
        for (let i = 0; i < READS; i++) {
          for (const which of i % 2 === 0 ? /** @type {const} */ (['grown', 'baseline']) : /** @type {const} */ (['baseline', 'grown'])) {
            const [ms] = await read(which === 'grown' ? grown : baseline, { save: [], remove: [], reads: 1 });
            if (i > 0) samples[set]?.[which].push(/** @type {number} */ (ms));
          }
        }
      }
      bySize[size] = Object.fromEntries(Object.entries(samples).map(([set, s]) => [set, { grownMs: round(median(s.grown), 2), baselineMs: round(median(s.baseline), 2) }]));
      log(`limits: ${size.toLocaleString('en-US')} entries: ${JSON.stringify(bySize[size])}`);
    }
    const ratios = (/** @type {'rules' | 'withLive'} */ set) => {
      const small = bySize[1_000][set];
      const large = bySize[1_000_000][set];
      const raw = large.grownMs / small.grownMs;
      const drift = large.baselineMs / small.baselineMs;
      return { ratio1MTo1k: round(raw, 3), baselineDrift: round(drift, 3), driftCorrectedRatio1MTo1k: round(raw / drift, 3) };
    };
    const rules = ratios('rules');
    return {
      config: { sizes: SIZES, reads: READS, warmUpsDiscarded: 1, rules: RULES.length, liveLookbackHours: 24, driver: 'bare DevTools pipe; limits/view timed in the popup page' },
      bySize,
      rules,
      withLive: ratios('withLive'),
      target: TARGET,
      meetsTarget: rules.driftCorrectedRatio1MTo1k <= TARGET,
      wallSeconds: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    await Promise.all([baseline.close(), grown.close()]);
  }
}
