import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWait } from './wait';

describe('the wait before Confirm', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts down each second and then enables Confirm', () => {
    const ticks: number[] = [];
    startWait(3, (left) => ticks.push(left));
    expect(ticks).toEqual([3]);
    vi.advanceTimersByTime(2_999);
    expect(ticks).toEqual([3, 2, 1]);
    vi.advanceTimersByTime(1);
    expect(ticks).toEqual([3, 2, 1, 0]);
    vi.advanceTimersByTime(10_000);
    expect(ticks).toEqual([3, 2, 1, 0]);
  });

  it('starts again from the whole wait when the tab loses focus', () => {
    const ticks: number[] = [];
    const wait = startWait(10, (left) => ticks.push(left));
    vi.advanceTimersByTime(8_000);
    expect(ticks.at(-1)).toBe(2);
    wait.restart(); // blur or visibilitychange → hidden
    expect(ticks.at(-1)).toBe(10);
    vi.advanceTimersByTime(9_999);
    expect(ticks.at(-1)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(ticks.at(-1)).toBe(0);
  });

  it('with no wait enables Confirm at once, and losing focus changes nothing', () => {
    const ticks: number[] = [];
    const wait = startWait(0, (left) => ticks.push(left));
    wait.restart();
    expect(ticks).toEqual([0]);
  });

  it('stops ticking when the dialog closes', () => {
    const ticks: number[] = [];
    const wait = startWait(5, (left) => ticks.push(left));
    wait.stop();
    wait.restart();
    vi.advanceTimersByTime(10_000);
    expect(ticks).toEqual([5]);
  });
});
