// @ts-check
/**
 * Shared plumbing for `npm run bench`: paths, small statistics helpers and progress logging. The browser is launched by
 * cdp.js. Every timing the benchmarks report is taken with the browser's own clocks (performance.now, performance
 * marks); Node only orchestrates.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROME_DIST = path.join(ROOT, 'dist/chrome');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number[]} values */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * Linear-interpolated quantile (q in [0, 1]) of a non-empty list.
 * @param {number[]} values
 * @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return /** @type {number} */ (sorted[lo]) + (/** @type {number} */ (sorted[hi]) - /** @type {number} */ (sorted[lo])) * (at - lo);
}

/** @param {number[]} values */
export function spread(values) {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), n: values.length };
}

/**
 * Rounds for display and JSON.
 * @param {number} value
 * @param {number} [digits]
 */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Logs a progress line on stderr, so stdout keeps only the table. */
/** @param {string} message */
export function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
