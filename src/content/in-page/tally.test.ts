import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '../../platform/observations';
import { TALLY_WINDOW_MS, createTally } from './tally';

describe('createTally: a missing marker is counted once per occurrence, reported as one row per reason', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('counts each subject once however often the page re-renders it, and reports after a window', () => {
    const emitted: Observation[][] = [];
    const life = new AbortController();
    const tally = createTally((batch) => emitted.push(batch), life.signal, () => 1_000);
    for (let rerender = 0; rerender < 200; rerender++) {
      tally.note('coin-page', 'package price not readable', '0');
      tally.note('coin-page', 'package price not readable', '3');
      tally.note('gift-panel', 'gift image not in the catalogue', '9c0ffee0d15ea5e0b0a710ad5eedfa11');
    }
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(TALLY_WINDOW_MS);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.map((o) => o.type === 'diagnostic' && [o.endpoint, o.reason, o.count, o.at])).toEqual([
      ['coin-page', 'package price not readable', 2, 1_000],
      ['gift-panel', 'gift image not in the catalogue', 1, 1_000],
    ]);
    tally.note('coin-page', 'package price not readable', '0'); // already counted in this run
    vi.advanceTimersByTime(TALLY_WINDOW_MS);
    expect(emitted).toHaveLength(1);
  });

  it('reports what it holds when the feature stops, and counts nothing after', () => {
    const emitted: Observation[][] = [];
    const life = new AbortController();
    const tally = createTally((batch) => emitted.push(batch), life.signal);
    tally.note('coin-page', 'package price marker missing', '2');
    life.abort();
    expect(emitted.flat()).toMatchObject([{ type: 'diagnostic', endpoint: 'coin-page', reason: 'package price marker missing', count: 1 }]);
    tally.note('coin-page', 'package price marker missing', '5');
    vi.advanceTimersByTime(TALLY_WINDOW_MS);
    expect(emitted).toHaveLength(1);
  });
});
