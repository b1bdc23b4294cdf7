/**
 * How long a wrong PIN (or authenticator code) makes the next try wait. A few typos are free; then the wait doubles
 * from 30 seconds up to one hour per try, and stays there until a right PIN resets the count. The count is persisted
 * (the worker's IndexedDB), so restarting the worker or the browser does not clear it.
 *
 * At one try an hour, going through half of the 1,000,000 six-digit PINs takes about 57 years (see backoff.test.ts).
 */
export const FREE_FAILURES = 3;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 60 * 60_000;

export interface Failures {
  /** Wrong tries in a row since the last right one. */
  count: number;
  /** When the last wrong try was made (epoch ms); 0 when none. */
  lastAt: number;
}

export const NO_FAILURES: Failures = { count: 0, lastAt: 0 };

/** The wait after `count` wrong tries in a row. */
export function delayAfter(count: number): number {
  if (count <= FREE_FAILURES) return 0;
  const doublings = count - FREE_FAILURES - 1;
  return doublings >= 20 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** doublings);
}

/** The earliest time the next try is taken; `now` or before means at once. */
export function nextTryAt(failures: Failures): number {
  return failures.count === 0 ? 0 : failures.lastAt + delayAfter(failures.count);
}

export function afterFailure(failures: Failures, now: number): Failures {
  return { count: failures.count + 1, lastAt: now };
}

/** The least time `tries` wrong tries in a row take through the UI (the sum of the waits between them). */
export function timeForTries(tries: number): number {
  let total = 0;
  for (let count = 1; count < tries && count <= FREE_FAILURES + 20; count++) total += delayAfter(count);
  if (tries - 1 > FREE_FAILURES + 20) total += (tries - 1 - FREE_FAILURES - 20) * MAX_DELAY_MS;
  return total;
}
