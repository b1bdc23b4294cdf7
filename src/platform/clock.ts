/// <reference types="vite/client" />
/**
 * Time, as the worker and the views see it: the one source of "now" and of the user's time zone, so a test can move
 * both for every module at once. Content scripts deliberately keep the page's own clock (Date.now() in the page):
 * observations are dated by the clock of the page that saw them, and the worker bounds them against this one.
 *
 * Test builds (vite mode 'e2e', dist-test/) also follow an offset kept in storage.local (test-clock.ts), so an
 * end-to-end test can roll a limit's period over; in every other build that code is a constant-false branch, dropped.
 */
import { watchTestClock } from './test-clock';

/** The skew allowed between a page's clock and the worker's; views never show a reading dated further ahead than this. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

let offsetMs = 0;
let zoneOverride: string | null = null;
let offsetRead: Promise<void> = Promise.resolve();
const movedListeners: (() => void)[] = [];

if (import.meta.env.MODE === 'e2e') {
  offsetRead = watchTestClock((ms) => {
    const moved = ms !== offsetMs;
    offsetMs = ms;
    if (moved) for (const listener of movedListeners) listener();
  });
}

/** Resolves once "now" is final for this context: at once, except in a test build, which reads its offset first. */
export function clockReady(): Promise<void> {
  return offsetRead;
}

/** Test builds only: `listener` runs whenever the test moves the clock. Call it behind `MODE === 'e2e'`. */
export function onTestClockMoved(listener: () => void): void {
  if (import.meta.env.MODE === 'e2e') movedListeners.push(listener);
}

/** Epoch milliseconds now. */
export function now(): number {
  return Date.now() + offsetMs;
}

/** The IANA time zone periods ("today", "this week") are cut in. */
export function timeZone(): string {
  return zoneOverride ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Unit tests only: shift "now" by `offset` ms and/or fix the time zone; `resetClockForTests` undoes it. Production code
 * never calls this (vitest's MODE is 'test'; in a build the guard is a constant and the body is dropped).
 */
export function moveClockForTests(move: { offsetMs?: number; timeZone?: string | null }): void {
  if (import.meta.env.MODE !== 'test') throw new Error('the clock can only be moved in tests');
  if (move.offsetMs !== undefined) offsetMs = move.offsetMs;
  if (move.timeZone !== undefined) zoneOverride = move.timeZone;
}

export function resetClockForTests(): void {
  offsetMs = 0;
  zoneOverride = null;
}
