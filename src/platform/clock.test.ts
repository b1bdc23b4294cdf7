import { afterEach, describe, expect, it } from 'vitest';
import { moveClockForTests, now, resetClockForTests, timeZone } from './clock';

describe('the clock', () => {
  afterEach(resetClockForTests);

  it('gives the system time and zone until a test moves them, and returns to them after', () => {
    const before = Date.now();
    expect(now()).toBeGreaterThanOrEqual(before);
    expect(timeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    moveClockForTests({ offsetMs: 365 * 86_400_000, timeZone: 'Asia/Ho_Chi_Minh' });
    expect(now() - Date.now()).toBeGreaterThanOrEqual(365 * 86_400_000 - 5);
    expect(timeZone()).toBe('Asia/Ho_Chi_Minh');
    resetClockForTests();
    expect(Math.abs(now() - Date.now())).toBeLessThan(1_000);
  });
});
