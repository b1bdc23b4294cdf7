/**
 * The heartbeat (issue 11, item 5): an alarm notes every minute that Coinsight runs (the last beat in storage.local),
 * and every worker start compares "now" with the last beat, so a time Coinsight was not running appears in the
 * parent's log, told apart as well as the browser allows (core/activity/gaps.ts says what can and cannot be told).
 * The alarm is re-asserted at every start; the run marker lives in storage.session, which the browser empties when it
 * closes and when the extension is disabled, reloaded or updated.
 */
import { HEARTBEAT_MINUTES, LAST_BEAT_KEY, classifyBeat, classifyStart, type Gap } from '../../core/activity/gaps';
import type { CoinsightDb } from '../../platform/db';
import { logActivity } from './log';

export { LAST_BEAT_KEY };

export const HEARTBEAT_ALARM = 'activity-heartbeat';
/** storage.session: set by the first worker of a run of the extension. */
export const RUN_MARKER_KEY = 'activityRun';
/** How long a new run waits for runtime.onStartup / onInstalled, which the browser delivers right after the script ran. */
const START_EVENTS_WAIT_MS = 1_500;

interface Area {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
export interface HeartbeatApi {
  local: Area;
  session: Area;
  alarms: {
    get(name: string): Promise<unknown>;
    create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): unknown;
  };
}

/** What runtime.onStartup and onInstalled said to this worker; fed by listeners registered at the top of index.ts. */
export class StartEvents {
  private browserStarted = false;
  private installed: string | null = null;
  private heard: () => void = () => undefined;
  private readonly anyHeard = new Promise<void>((resolve) => (this.heard = resolve));

  onStartup(): void {
    this.browserStarted = true;
    this.heard();
  }

  onInstalled(reason: string): void {
    this.installed = reason;
    this.heard();
  }

  /** The events heard, once one was or `waitMs` passed (a disable and re-enable fires neither). */
  async settled(waitMs = START_EVENTS_WAIT_MS): Promise<{ browserStarted: boolean; installed: string | null }> {
    await Promise.race([this.anyHeard, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    return { browserStarted: this.browserStarted, installed: this.installed };
  }
}

let chain: Promise<unknown> = Promise.resolve();
/** Beats and the start check never interleave (each reads the last beat and writes the next). */
function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = chain.then(job);
  chain = run.catch(() => undefined);
  return run;
}

async function lastBeat(api: HeartbeatApi): Promise<number | null> {
  const stored = (await api.local.get(LAST_BEAT_KEY))[LAST_BEAT_KEY];
  return typeof stored === 'number' && Number.isFinite(stored) ? stored : null;
}

async function logGap(db: CoinsightDb, gap: Gap | null): Promise<void> {
  if (!gap) return;
  await logActivity(db, gap.kind, gap.to, { from: gap.from, to: gap.to, minutes: Math.round((gap.to - gap.from) / 60_000) });
}

/** At every worker start: classifies the silence since the last beat, logs it, beats, and re-asserts the alarm. */
export function checkAtStart(db: CoinsightDb, api: HeartbeatApi, now: () => number, events: StartEvents): Promise<Gap | null> {
  return serial(async () => {
    const sameRun = (await api.session.get(RUN_MARKER_KEY))[RUN_MARKER_KEY] !== undefined;
    if (!sameRun) await api.session.set({ [RUN_MARKER_KEY]: { since: now() } });
    const heard = sameRun ? { browserStarted: false, installed: null } : await events.settled();
    const gap = classifyStart(await lastBeat(api), { now: now(), sameRun, ...heard });
    await logGap(db, gap);
    await api.local.set({ [LAST_BEAT_KEY]: now() });
    if (!(await api.alarms.get(HEARTBEAT_ALARM))) await api.alarms.create(HEARTBEAT_ALARM, { periodInMinutes: HEARTBEAT_MINUTES });
    return gap;
  });
}

/** The alarm's beat: a silence since the last one (the machine slept, the alarm was not delivered) is logged. */
export function beat(db: CoinsightDb, api: HeartbeatApi, now: () => number): Promise<Gap | null> {
  return serial(async () => {
    const gap = classifyBeat(await lastBeat(api), now());
    await logGap(db, gap);
    await api.local.set({ [LAST_BEAT_KEY]: now() });
    return gap;
  });
}
