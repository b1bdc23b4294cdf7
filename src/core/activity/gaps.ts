/**
 * Tamper evidence (issue 11, item 5): telling, from a heartbeat, when Coinsight was not running, and as well as the
 * browser allows, why. Pure: the worker (background/activity/heartbeat.ts) hands in what it saw at start-up.
 *
 * What the browser lets a worker know at start-up, and what it does not:
 * - storage.session is kept for one run of the browser *and* one life of the extension: it is emptied when the browser
 *   closes, and also when Coinsight is disabled, reloaded, updated or crashes. A marker there means this worker is a
 *   restart within the same run (MV3 stops idle workers all the time).
 * - runtime.onStartup fires when the browser (the profile) starts; runtime.onInstalled on install and updates.
 * So a new run with onStartup is "the browser was started" (it had been closed, or Coinsight had been turned off while
 * it was: these two cannot be told apart); a new run without either event is "Coinsight was turned off and on again,
 * reloaded, or crashed" (three things the browser does not tell apart); a restart within the same run after a long
 * silence is "Coinsight did not run" (the computer asleep, or the browser frozen: the heartbeat alarm never fired).
 */

/** storage.local: epoch ms (the one clock) of the last heartbeat (background/activity/heartbeat.ts writes it). */
export const LAST_BEAT_KEY = 'activityLastBeat';

/** How often the worker notes that it runs (an alarm: browsers allow at most one a minute for a shipped extension). */
export const HEARTBEAT_MINUTES = 1;
/**
 * A silence longer than this is a gap. Alarms may fire up to a minute or two late on a busy machine, and a worker
 * woken by the alarm needs a moment to start: 5 minutes is well past that noise and well below anything a parent
 * would want to know about.
 */
export const GAP_THRESHOLD_MS = 5 * 60_000;

export type GapKind = 'not-running' | 'browser-closed' | 'extension-disabled';

export interface Gap {
  kind: GapKind;
  /** The last beat before the gap and the moment it ended (epoch ms). */
  from: number;
  to: number;
}

/** What a starting worker saw. */
export interface WorkerStart {
  now: number;
  /** storage.session still held this run's marker: a restart of the worker, not of the extension or the browser. */
  sameRun: boolean;
  /** runtime.onStartup fired for this start (the browser started). */
  browserStarted: boolean;
  /** runtime.onInstalled's reason when it fired ('install', 'update', 'browser_update', …), else null. */
  installed: string | null;
}

function gapOf(kind: GapKind, lastBeat: number, now: number, threshold: number): Gap | null {
  return now - lastBeat > threshold ? { kind, from: lastBeat, to: now } : null;
}

/** The gap a worker start reveals, or null: none, or nothing to say (a first install, a short restart). */
export function classifyStart(lastBeat: number | null, start: WorkerStart, threshold = GAP_THRESHOLD_MS): Gap | null {
  if (lastBeat === null || start.installed === 'install') return null;
  const now = Math.max(start.now, lastBeat);
  if (start.sameRun) return gapOf('not-running', lastBeat, now, threshold);
  if (start.browserStarted || start.installed === 'browser_update' || start.installed === 'chrome_update') return gapOf('browser-closed', lastBeat, now, threshold);
  // An update restarts the extension too, but is not the user's doing; only a long one is worth a line.
  if (start.installed !== null) return gapOf('not-running', lastBeat, now, threshold);
  // A new run of the extension in a running browser: always logged, however short, since it is what disabling does.
  return { kind: 'extension-disabled', from: lastBeat, to: now };
}

/** A heartbeat of a running worker: a long silence since the last one means the worker did not run (or the machine slept). */
export function classifyBeat(lastBeat: number | null, now: number, threshold = GAP_THRESHOLD_MS): Gap | null {
  return lastBeat === null ? null : gapOf('not-running', lastBeat, Math.max(now, lastBeat), threshold);
}
