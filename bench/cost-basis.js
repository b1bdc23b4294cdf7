// @ts-check
/**
 * Benchmark 7, the worker-kept cost basis (src/background/derived/lots.ts), in real Chromium IndexedDB:
 * - a late lot: a recharge written one hour late after 10,000 gifts in that hour (the store redoes the hour: the
 *   gifts are read from the ledger and consumed again), as a ratio of the same single-entry write in order (appended);
 * - the build for a ledger from before the store (lots-build.ts): its time for 100,000 entries as a ratio of a plain
 *   read of the same entries in the same chunks.
 * The product's own modules are bundled for the page with vite (bench/page/cost-basis.entry.ts) and run in an ordinary
 * page of the stand-in's origin: no extension is involved, so nothing else writes meanwhile.
 */
import path from 'node:path';
import { build } from 'vite';
import { launchRaw } from './cdp.js';
import { ROOT, log, round } from './lib.js';

const LATE_LOT = { gifts: 10_000, repeats: 7 };
const BUILD = { entries: 100_000, repeats: 3 };

async function bundle() {
  const built = /** @type {import('vite').Rollup.RollupOutput | import('vite').Rollup.RollupOutput[]} */ (await build({
    configFile: false, logLevel: 'silent', root: ROOT,
    build: {
      write: false, minify: false,
      lib: { entry: path.join(ROOT, 'bench/page/cost-basis.entry.ts'), formats: ['iife'], name: 'coinsightCostBench' },
    },
  }));
  const chunk = (Array.isArray(built) ? built : [built]).flatMap((output) => output.output).find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite produced no bundle for the cost-basis benchmark');
  return chunk.code;
}

/** @param {{ port: number }} standIn */
export async function benchCostBasis(standIn) {
  const code = await bundle();
  const browser = await launchRaw(standIn.port, { extension: 'none' });
  try {
    const page = await browser.newPage('https://www.tiktok.com/');
    /** @param {string} name @param {object} cfg */
    const run = (name, cfg) => page.evaluate(/** @type {any} */ ({ toString: () => `(cfg) => { ${code}\n; return globalThis.__coinsightCostBench.${name}(cfg); }` }), cfg);
    const lateLot = await run('lateLot', LATE_LOT);
    log(`cost basis: late lot ${round(lateLot.lateMs, 1)} ms vs in order ${round(lateLot.inOrderMs, 1)} ms`);
    const built = await run('build', BUILD);
    log(`cost basis: build ${round(built.buildMs, 0)} ms vs plain read ${round(built.readMs, 0)} ms of ${BUILD.entries} entries`);
    return { lateLot, build: built };
  } finally {
    await browser.close();
  }
}
