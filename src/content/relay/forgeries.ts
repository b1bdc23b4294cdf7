/**
 * Capture events that did not come from the tap (forged by a page script) are never interpreted; they are counted,
 * and reported as one diagnostic per second at most, so a flood of thousands costs one row and no parsing.
 */
import type { Observation } from '../../platform/observations';
import { diagnostic } from './interpret';

export const FORGED_REASON = 'forged capture event (not from the tap)';
export const FORGERY_WINDOW_MS = 1_000;

export interface ForgeryCounter {
  /** One more forged event. */
  count(): void;
  /** Reports what was counted so far (the page is going away). */
  flush(): void;
}

export function forgeryCounter(emit: (observations: Observation[]) => void, now: () => number = Date.now): ForgeryCounter {
  let count = 0;
  let since = 0;
  const flush = (): void => {
    if (count > 0) emit([diagnostic('relay', FORGED_REASON, since, Math.min(count, 1_000_000))]);
    count = 0;
  };
  return {
    count() {
      if (count++ > 0) return;
      since = now();
      setTimeout(flush, FORGERY_WINDOW_MS); // after an early flush, it may end the next window early: harmless
    },
    flush,
  };
}
