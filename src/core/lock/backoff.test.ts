import { describe, expect, test } from 'vitest';
import { FIRST_DELAY_MS, FREE_FAILURES, MAX_DELAY_MS, NO_FAILURES, afterFailure, delayAfter, nextTryAt, timeForTries } from './backoff';

const YEAR = 365.25 * 24 * 3_600_000;

describe('wrong-PIN backoff', () => {
  test('a few typos are free, then the wait doubles from 30 s to a cap of one hour', () => {
    const waits = Array.from({ length: 14 }, (_, i) => delayAfter(i + 1) / 1000);
    expect(FREE_FAILURES).toBe(3);
    expect(waits).toEqual([0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
    expect(delayAfter(1_000_000)).toBe(MAX_DELAY_MS);
    expect(delayAfter(0)).toBe(0);
  });

  test('the next try is due the wait after the last wrong one', () => {
    let failures = NO_FAILURES;
    expect(nextTryAt(failures)).toBe(0);
    for (let i = 0; i < 4; i++) failures = afterFailure(failures, 1000 + i);
    expect(failures).toEqual({ count: 4, lastAt: 1003 });
    expect(nextTryAt(failures)).toBe(1003 + FIRST_DELAY_MS);
  });

  test('guessing a 6-digit PIN through the UI takes years', () => {
    // Half of the million PINs (the expected search): over 50 years; even 1% of them: over a year.
    expect(timeForTries(500_000)).toBeGreaterThan(50 * YEAR);
    expect(timeForTries(10_000)).toBeGreaterThan(1 * YEAR);
    expect(timeForTries(4)).toBe(0);
    expect(timeForTries(5)).toBe(FIRST_DELAY_MS);
  });
});
