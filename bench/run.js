// @ts-check
/**
 * `npm run bench`: every benchmark of docs/PERFORMANCE.md, one after another (they share two cores: never in
 * parallel), against the built extension and the local TikTok stand-in. Writes bench/results.json and prints a table
 * of each figure beside its target.
 *
 *   node bench/run.js                  all of them
 *   node bench/run.js ingest size      some of them (names: page-overhead ingest popup-open insights export restore size storage cost-basis limits-gate limits webcast-decode research-capture) (results.json keeps the others from their last run)
 *
 * Every figure is a ratio against a baseline measured in the same run, or a size: these machines are too noisy for
 * absolute times to mean anything from one run to the next. The benchmarks throw when what they measure is broken
 * (a ledger that does not hold what was sent, a popup that shows the wrong total): a wrong figure is worse than none.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeTikTok } from '../tests/fake-tiktok/server.js';
import { CHROMIUM, CHROME_DIST, ROOT, log, round } from './lib.js';

const RESULTS = path.join(ROOT, 'bench/results.json');
const PERFORMANCE_MD = path.join(ROOT, 'docs/PERFORMANCE.md');
const TABLE_START = '<!-- bench:results:start (written by `npm run bench`) -->';
const TABLE_END = '<!-- bench:results:end -->';

/**
 * @typedef {{ figure: string, value: string, target: string, verdict: 'met' | 'missed' | 'info' | 'pending' }} Row
 * @typedef {{ name: string, title: string, run?: (standIn: any) => Promise<any>, pending?: string, rows: (result: any) => Row[] }} Benchmark
 */

const pct = (/** @type {number} */ ratio) => `${ratio >= 1 ? '+' : '−'}${round(Math.abs(ratio - 1) * 100, 1)} %`;
const x = (/** @type {number} */ ratio) => `${round(ratio, 2)}×`;
const kb = (/** @type {number} */ bytes) => `${round(bytes / 1024, 1)} KB`;
/** @param {boolean} ok @returns {'met' | 'missed'} */
const verdict = (ok) => (ok ? 'met' : 'missed');

/** @type {Benchmark[]} */
const BENCHMARKS = [
  {
    name: 'page-overhead',
    title: '1. Page overhead',
    run: async (standIn) => {
      const requests = await (await import('./page-overhead.js')).benchPageOverhead(standIn);
      log('page overhead: a busy LIVE page (gift panel re-renders, chat)');
      return { ...requests, liveChurn: await (await import('./live-churn.js')).benchLiveChurn(standIn) };
    },
    rows: (r) => [
      { figure: 'non-tracked fetch + XHR, time with ÷ without (median block pair)', value: `${x(r.nonTracked.ratio)} (${pct(r.nonTracked.ratio)})`, target: '≤ 1.03×', verdict: verdict(r.nonTracked.ratio <= 1.03) },
      { figure: 'tracked fetch + XHR, time with ÷ without (median block pair)', value: `${x(r.tracked.ratio)} (${pct(r.tracked.ratio)})`, target: '≤ 1.03×', verdict: verdict(r.tracked.ratio <= 1.03) },
      { figure: 'all 10,000 requests, time with ÷ without (median block pair)', value: `${x(r.combined.ratio)} (${pct(r.combined.ratio)})`, target: '≤ 1.03×', verdict: verdict(r.combined.ratio <= 1.03) },
      { figure: '… the same three, run totals (median of 3 runs)', value: `${x(r.nonTracked.perRunRatio)} / ${x(r.tracked.perRunRatio)} / ${x(r.combined.perRunRatio)}`, target: '', verdict: 'info' },
      { figure: 'tap cost per non-tracked fetch() call', value: `${r.perCallFetch.addedNs} ns`, target: 'a URL check', verdict: 'info' },
      { figure: 'tap cost per non-tracked XHR open()', value: `${r.perCallXhrOpen.addedNs} ns`, target: 'a URL check', verdict: 'info' },
      ...(r.liveChurn ? [
        { figure: `busy LIVE page (panel re-renders + chat, ${r.liveChurn.mutationRecordsPerSecond} mutation records/s), time with ÷ without (median block pair)`, value: `${x(r.liveChurn.ratio)} (${pct(r.liveChurn.ratio)})`, target: '≤ 1.03×', verdict: verdict(r.liveChurn.ratio <= 1.03) },
        { figure: '… pooled over all blocks; block-pair quartiles', value: `${x(r.liveChurn.pooledRatio)}; ${r.liveChurn.blockRatioQuartiles.join(' / ')}`, target: '', verdict: /** @type {const} */ ('info') },
        { figure: '… CPU time of all browser processes, with ÷ without', value: x(r.liveChurn.cpuRatio), target: '', verdict: /** @type {const} */ ('info') },
      ] : []),
    ],
  },
  {
    name: 'ingest',
    title: '2. Ingest',
    run: async (standIn) => (await import('./ingest.js')).benchIngest(standIn),
    rows: (r) => [
      { figure: '10,000 gift events → ledger, ÷ raw puts (batches of 500)', value: `${round(r.capacity.ratioToRawBatched * 100, 0)} % (${r.capacity.perSecond}/s vs ${r.raw.batchedPerSecond}/s)`, target: '≥ 50 %', verdict: verdict(r.capacity.ratioToRawBatched >= 0.5) },
      { figure: '… ÷ raw puts, one transaction / one per put', value: `${round(r.capacity.ratioToRawOneTransaction * 100, 0)} % / ${round(r.capacity.ratioToRawOnePerTransaction * 100, 0)} %`, target: '', verdict: 'info' },
      { figure: 'burst: p95 delay, tap event → durable', value: `${r.capacity.p95DelayMs} ms`, target: '', verdict: 'info' },
      { figure: 'live sends: throughput with ÷ without Coinsight', value: `${round(r.liveSends.ratioToWithoutExtension * 100, 0)} %`, target: '', verdict: 'info' },
      { figure: 'live sends: p95 delay, response → durable', value: `${r.liveSends.delayMs.p95} ms`, target: '', verdict: 'info' },
    ],
  },
  {
    name: 'popup-open',
    title: '3. Popup open',
    run: async (standIn) => (await import('./popup-open.js')).benchPopupOpen(standIn),
    rows: (r) => [
      ...Object.entries(r.medianMs).map(([size, ms]) => ({ figure: `Balance visible, ${Number(size).toLocaleString('en-US')} entries`, value: `${round(Number(ms), 1)} ms`, target: '', verdict: /** @type {const} */ ('info') })),
      { figure: 'Balance visible, 100,000 ÷ 1,000 entries (drift-corrected)', value: x(r.driftCorrectedRatio100kTo1k), target: '', verdict: 'info' },
      { figure: 'Balance visible, 1,000,000 ÷ 1,000 entries (drift-corrected)', value: x(r.driftCorrectedRatio1MTo1k), target: '≤ 1.2×', verdict: verdict(r.driftCorrectedRatio1MTo1k <= 1.2) },
      { figure: '… the same, uncorrected (machine drift included)', value: `${x(r.ratio100kTo1k)} / ${x(r.ratio1MTo1k)}`, target: '', verdict: 'info' },
    ],
  },
  {
    name: 'insights',
    title: '3b. Creators & charts',
    run: async (standIn) => (await import('./insights-open.js')).benchInsightsOpen(standIn),
    rows: (r) => {
      const [small, large] = Object.values(r.sizes).map((s) => /** @type {any} */ (s));
      return [
        { figure: `creators view (coins) visible, ${small.entries.toLocaleString('en-US')} / ${large.entries.toLocaleString('en-US')} entries`, value: `${small.creatorsMs} / ${large.creatorsMs} ms`, target: '', verdict: 'info' },
        { figure: '… 1,000,000 ÷ 1,000 (drift-corrected)', value: x(r.ratio1MTo1k.creators.driftCorrected), target: '', verdict: 'info' },
        { figure: '30-day chart: table / chart drawn, 1,000,000 entries', value: `${large.dayTableMs} / ${large.dayChartMs} ms`, target: '', verdict: 'info' },
        { figure: '… 1,000,000 ÷ 1,000, table / chart (drift-corrected)', value: `${x(r.ratio1MTo1k.dayTable.driftCorrected)} / ${x(r.ratio1MTo1k.dayChart.driftCorrected)}`, target: '', verdict: 'info' },
        { figure: "creators' money visible (cost basis, a full month), 1,000 / 1,000,000 entries", value: `${small.creatorsMoneyMs} / ${large.creatorsMoneyMs} ms`, target: '', verdict: 'info' },
      ];
    },
  },
  {
    name: 'export',
    title: '4. Export',
    run: async (standIn) => (await import('./export.js')).benchExport(standIn),
    rows: (r) => [
      ...['csv', 'ndjson'].map((f) => {
        const ratio = r.bySize[1_000_000].formats[f].throughputVsRaw;
        return { figure: `export 1,000,000 entries as ${f.toUpperCase()} through the options page, raw iteration time (read either side) ÷ export time`, value: `${round(ratio * 100, 1)} %`, target: '≥ 50 %', verdict: verdict(ratio >= 0.5) };
      }),
      ...(r.bySize[1_000_000].formats.csv.sampledMs ? [{
        figure: '… export / raw / the export while its heap was sampled (a forced GC each second), CSV; NDJSON',
        value: ['csv', 'ndjson'].map((f) => { const m = r.bySize[1_000_000].formats[f]; return `${round(m.ms / 1000, 1)} / ${round(m.rawMs / 1000, 1)} / ${round(m.sampledMs / 1000, 1)} s`; }).join('; '),
        target: '', verdict: /** @type {const} */ ('info'),
      }] : []),
      ...['csv', 'ndjson'].map((f) => {
        const ratio = r.peakRatio1MOver100k[f];
        const small = r.bySize[100_000].formats[f];
        return { figure: `page's peak JS heap during a ${f.toUpperCase()} export, 1M ÷ 100k (${r.bySize[1_000_000].formats[f].peakHeapMB} MB ÷ ${small.peakHeapMB} MB; 100k exported ${small.heapRuns ?? 1}× in a row while sampled)`, value: x(ratio), target: '≤ 1.2×', verdict: verdict(ratio <= 1.2) };
      }),
      ...(r.peakRatio1MOver100kFirstRun ? ['csv', 'ndjson'].map((f) => ({
        figure: `… the same against the first 100k export alone (${r.bySize[100_000].formats[f].peakHeapFirstRunMB} MB)`, value: x(r.peakRatio1MOver100kFirstRun[f]), target: '', verdict: /** @type {const} */ ('info'),
      })) : []),
      ...['csv', 'ndjson'].map((f) => {
        const ratio = r.retainedRatio1MOver100k[f];
        return { figure: `… the heap alive after a forced GC (sampled ~1/s), 1M ÷ 100k (${r.bySize[1_000_000].formats[f].peakRetainedMB} MB ÷ ${r.bySize[100_000].formats[f].peakRetainedMB} MB)`, value: x(ratio), target: '', verdict: /** @type {const} */ ('info') };
      }),
    ],
  },
  {
    name: 'restore',
    title: '4b. Restore',
    run: async (standIn) => (await import('./restore.js')).benchRestore(standIn),
    rows: (r) => [
      { figure: `restore ${r.entries.toLocaleString('en-US')} entries (NDJSON backup, ${r.fileMB} MB) through the options page, raw Dexie bulkPut time ÷ restore time`, value: `${round(r.throughputVsRaw * 100, 1)} % (${round(r.restoreMs / 1000, 1)} s vs ${round(r.rawMs / 1000, 1)} s)`, target: '≥ 30 %', verdict: verdict(r.throughputVsRaw >= 0.3) },
      { figure: '… of which the worker\'s commit (last batch staged → done)', value: r.commitMs === null ? 'not seen' : `${round(r.commitMs / 1000, 1)} s`, target: '', verdict: 'info' },
      { figure: '… options page during the restore: event loop lateness, longest task', value: `${r.pageMaxLateMs} ms, ${r.pageLongestTaskMs} ms`, target: 'responsive', verdict: verdict(r.pageMaxLateMs < 200) },
    ],
  },
  {
    name: 'size',
    title: '5. Size',
    run: async () => (await import('./size.js')).benchSize(),
    rows: (r) => [
      { figure: 'content scripts, gzipped, together', value: kb(r.contentScripts.gzipBytes), target: '≤ 12 KB', verdict: verdict(r.contentScripts.gzipBytes <= 12 * 1024) },
      { figure: 'popup first-paint JavaScript, gzipped', value: kb(r.popupFirstPaint.js.gzipBytes), target: '≤ 50 KB', verdict: verdict(r.popupFirstPaint.js.gzipBytes <= 50 * 1024) },
      { figure: 'chart.js in the popup first paint', value: r.popupFirstPaint.chartJsInFirstPaint ? 'yes' : 'no', target: 'no', verdict: verdict(!r.popupFirstPaint.chartJsInFirstPaint) },
    ],
  },
  {
    name: 'storage',
    title: '6. Storage',
    run: async (standIn) => (await import('./storage.js')).benchStorage(standIn),
    rows: (r) => [
      { figure: 'IndexedDB bytes per ledger entry at 100,000', value: `${round(r.bytesPerEntry, 0)} B`, target: '', verdict: 'info' },
      { figure: '… ÷ the entry as JSON', value: x(r.ratioToJson), target: '', verdict: 'info' },
    ],
  },
  {
    name: 'cost-basis',
    title: '7. Cost basis',
    run: async (standIn) => (await import('./cost-basis.js')).benchCostBasis(standIn),
    rows: (r) => [
      { figure: `a recharge 1 hour late after ${r.lateLot.gifts.toLocaleString('en-US')} gifts, ÷ the same write in order`, value: `${x(r.lateLot.ratio)} (${round(r.lateLot.lateMs, 0)} vs ${round(r.lateLot.inOrderMs, 1)} ms)`, target: '', verdict: 'info' },
      { figure: `building the store for ${r.build.entries.toLocaleString('en-US')} entries, ÷ a plain read of them`, value: `${x(r.build.ratio)} (${round(r.build.buildMs / 1000, 1)} vs ${round(r.build.readMs / 1000, 1)} s)`, target: '', verdict: 'info' },
    ],
  },
  {
    name: 'limits-gate',
    title: '8. Limits gate',
    run: async (standIn) => (await import('./limits-gate.js')).benchLimitsGate(standIn),
    rows: (r) => [
      { figure: `gift send no rule covers, rules configured but not near ÷ no guard state (median round trip of ${r.sendsPerState} sends each)`, value: `${x(r.uncoveredRatio)} (${pct(r.uncoveredRatio)})`, target: '≤ 1.02×', verdict: verdict(r.uncoveredRatio <= 1.02) },
      { figure: '… the same, median of the blocks\' ratios; block quartiles', value: `${x(r.uncoveredBlockRatio)}; ${r.uncoveredBlockQuartiles.join(' / ')}`, target: '', verdict: 'info' },
      { figure: "the gate's own cost per gift send call, away from the network: rules not covering it / a rule covering it", value: `${r.gateNsPerSend.uncovered} / ${r.gateNsPerSend.covered} ns`, target: '', verdict: 'info' },
      { figure: 'decision latency, a covering rule lets the send pass: p95 of the send call (fetch / xhr.send)', value: `${r.callP95Ms.coveredFetch} / ${r.callP95Ms.coveredXhr} ms`, target: '≤ 5 ms', verdict: verdict(Math.max(r.callP95Ms.coveredFetch, r.callP95Ms.coveredXhr) <= 5) },
      { figure: '… the same call with no guard state, p95 (fetch / xhr.send); covered ÷ none: call time (block median) / median round trip', value: `${r.callP95Ms.noneFetch} / ${r.callP95Ms.noneXhr} ms; ${x(r.coveredCallRatio)} / ${x(r.coveredMedianRatio)}`, target: '', verdict: 'info' },
    ],
  },
  {
    name: 'limits',
    title: '9. Limits',
    run: async (standIn) => (await import('./limits.js')).benchLimits(standIn),
    rows: (r) => [
      { figure: `limits/view (${r.config.rules} rules: all spending, coins + money; one creator, coins + money), 1M ÷ 1k entries, drift-corrected`, value: `${x(r.rules.driftCorrectedRatio1MTo1k)} (raw ${x(r.rules.ratio1MTo1k)}; ${r.bySize[1000].rules.grownMs} → ${r.bySize[1000000].rules.grownMs} ms)`, target: `≤ ${r.target}×`, verdict: verdict(r.meetsTarget) },
      { figure: '… the same plus a per-LIVE rule (a day of gifts read from the ledger)', value: `${x(r.withLive.driftCorrectedRatio1MTo1k)} (raw ${x(r.withLive.ratio1MTo1k)}; ${r.bySize[1000].withLive.grownMs} → ${r.bySize[1000000].withLive.grownMs} ms)`, target: '', verdict: 'info' },
    ],
  },
  // Research mode (issue 12): the decoder of the LIVE room's event stream.
  {
    name: 'webcast-decode',
    title: 'Research mode: decoder',
    run: async () => (await import('./webcast-decode.js')).benchWebcastDecode(),
    rows: (r) => [
      { figure: 'decoder bundle, gzipped: our wire reader / protobufjs minimal + static decoders / protobufjs light + JSON schema', value: `${r.sizes.ours.gzipBytes} / ${r.sizes.pbjsMinimal.gzipBytes} / ${r.sizes.pbjsLight.gzipBytes} B`, target: 'smaller', verdict: verdict(r.sizeRatio.vsMinimal < 1) },
      { figure: `push frames (${r.giftsPerFrame} gifts + 2 other messages) per CPU-second, ours ÷ protobufjs minimal (median of ${r.rounds} interleaved rounds; quartiles)`, value: `${x(r.plain.ratio.vsMinimal)} (${r.plain.quartilesVsMinimal.join(' / ')})`, target: '≥ 1×', verdict: verdict(r.plain.ratio.vsMinimal >= 1) },
      { figure: '… ours ÷ protobufjs light (reflection; cannot run under MV3 CSP)', value: x(r.plain.ratio.vsLight), target: '', verdict: 'info' },
      { figure: '… frames per CPU-second: ours / minimal / light', value: `${r.plain.framesPerSecond.ours} / ${r.plain.framesPerSecond.pbjsMinimal} / ${r.plain.framesPerSecond.pbjsLight}`, target: '', verdict: 'info' },
      { figure: '… gzipped frames (the same gzip reader in each), ours ÷ minimal; frames per CPU-second, ours', value: `${x(r.gzipped.ratio.vsMinimal)}; ${r.gzipped.framesPerSecond.ours}`, target: '', verdict: 'info' },
    ],
  },
  // Research mode (issue 12): capture on a busy LIVE page, end to end.
  {
    name: 'research-capture',
    title: 'Research mode: capture',
    run: async (standIn) => (await import('./research-capture.js')).benchResearchCapture(standIn),
    rows: (r) => [
      { figure: 'LIVE page receiving 200 gift frames/s: page work, time per chunk research on ÷ off (median block pair)', value: `${x(r.overhead.ratio)} (${pct(r.overhead.ratio)})`, target: '≤ 1.03×', verdict: verdict(r.overhead.ratio <= 1.03) },
      { figure: '… pooled over all blocks; block-pair quartiles', value: `${x(r.overhead.pooledRatio)}; ${r.overhead.quartiles.join(' / ')}`, target: '', verdict: 'info' },
      { figure: '… CPU ms over the blocks, on vs off: page renderer; extension renderer (worker)', value: `${r.cpuMsOverBlocks.on['page renderer'] ?? 0} vs ${r.cpuMsOverBlocks.off['page renderer'] ?? 0}; ${r.cpuMsOverBlocks.on['extension renderer'] ?? 0} vs ${r.cpuMsOverBlocks.off['extension renderer'] ?? 0}`, target: '', verdict: 'info' },
      { figure: "… the page's frame-to-handler latency, mean / p95, on vs off", value: `${r.latencyMs.on.mean} / ${r.latencyMs.on.p95} ms vs ${r.latencyMs.off.mean} / ${r.latencyMs.off.p95} ms`, target: '', verdict: 'info' },
      { figure: `${r.endToEnd.frames.toLocaleString('en-US')} frames end to end at 200/s: rows lost`, value: `${r.endToEnd.lost} (${r.endToEnd.rows.toLocaleString('en-US')} rows, coins = truth)`, target: '0', verdict: verdict(r.endToEnd.lost === 0) },
      { figure: '… delay from frame to durable row, p50 / p95 / max', value: `${r.endToEnd.p50DelayMs} / ${r.endToEnd.p95DelayMs} / ${r.endToEnd.maxDelayMs} ms`, target: '', verdict: 'info' },
    ],
  },
];

function environment() {
  let chromium = 'unknown';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch { /* reported as unknown */ }
  return { node: process.version, chromium, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30, 1), platform: `${os.platform()} ${os.release()}` };
}

/** @param {{ title: string, rows: Row[] }[]} sections */
function printTable(sections) {
  const lines = [['benchmark', 'figure', 'measured', 'target', '']];
  for (const { title, rows } of sections) {
    rows.forEach((row, i) => lines.push([i === 0 ? title : '', row.figure, row.value, row.target, row.verdict === 'info' ? '' : row.verdict]));
  }
  const widths = lines[0]?.map((_, c) => Math.max(...lines.map((line) => (line[c] ?? '').length))) ?? [];
  for (const [i, line] of lines.entries()) {
    console.log(line.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/**
 * The results table in docs/PERFORMANCE.md, between its markers, so that the document always shows the numbers of
 * the last full run (the narrative around it, why a target is met or missed, is written by hand).
 * @param {{ title: string, rows: Row[] }[]} sections @param {any} results
 */
function writePerformanceTable(sections, results) {
  if (!existsSync(PERFORMANCE_MD)) return;
  const doc = readFileSync(PERFORMANCE_MD, 'utf8');
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start === -1 || end < start) return;
  const env = results.environment;
  const cell = (/** @type {string} */ text) => text.replaceAll('|', '\\|');
  const lines = [
    TABLE_START,
    `Last full run: ${new Date().toISOString().slice(0, 10)}, ${env.cpus} × ${env.cpuModel}, ${env.memoryGiB} GiB, ${env.chromium}, Node ${env.node}.`,
    '',
    '| benchmark | figure | measured | target | |',
    '| --- | --- | --- | --- | --- |',
    ...sections.flatMap(({ title, rows }) => rows.map((row, i) =>
      `| ${i === 0 ? title : ''} | ${cell(row.figure)} | ${cell(row.value)} | ${cell(row.target)} | ${row.verdict === 'info' ? '' : row.verdict} |`)),
    '',
  ];
  writeFileSync(PERFORMANCE_MD, `${doc.slice(0, start)}${lines.join('\n')}${doc.slice(end)}`);
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  if (!existsSync(path.join(CHROME_DIST, 'manifest.json'))) throw new Error(`${CHROME_DIST} is missing: run \`npm run build\` first`);
  const selected = BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.name));

  /** @type {{ environment?: object, benchmarks: Record<string, any> }} */
  const results = existsSync(RESULTS) && wanted.length ? JSON.parse(readFileSync(RESULTS, 'utf8')) : { benchmarks: {} };
  results.environment = environment();
  const standIn = await startFakeTikTok({});
  const started = Date.now();
  try {
    for (const benchmark of selected) {
      const ranAt = new Date().toISOString();
      if (benchmark.pending) {
        results.benchmarks[benchmark.name] = { ranAt, pending: benchmark.pending };
        continue;
      }
      log(`${benchmark.title}: starting`);
      const t = Date.now();
      standIn.control.reset();
      const result = await /** @type {NonNullable<Benchmark['run']>} */ (benchmark.run)(standIn);
      results.benchmarks[benchmark.name] = { ranAt, seconds: round((Date.now() - t) / 1000, 1), result };
      log(`${benchmark.title}: done in ${round((Date.now() - t) / 1000, 1)} s`);
      writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`); // keep what finished if a later one fails
    }
  } finally {
    await standIn.close();
  }
  log(`all done in ${round((Date.now() - started) / 1000, 1)} s; results in ${path.relative(ROOT, RESULTS)}`);

  const sections = BENCHMARKS.filter((b) => results.benchmarks[b.name]).map((b) => {
    const stored = results.benchmarks[b.name];
    try {
      return { title: b.title, rows: stored.pending ? b.rows(null) : b.rows(stored.result) };
    } catch {
      // A result kept from an older run (or a partial one, e.g. INGEST_LIVE=0) whose shape these rows no longer read.
      return { title: b.title, rows: [{ figure: `(a stored result of another shape, from ${stored.ranAt}: run this benchmark again)`, value: '', target: '', verdict: /** @type {const} */ ('info') }] };
    }
  });
  printTable(sections);
  if (wanted.length === 0) writePerformanceTable(sections, results);
  const missed = sections.flatMap((s) => s.rows.filter((row) => row.verdict === 'missed').map((row) => `${s.title}: ${row.figure}`));
  if (missed.length) console.log(`\nTargets missed (see docs/PERFORMANCE.md for why): ${missed.length}`);
}

await main();
