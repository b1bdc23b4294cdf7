import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../handlers/data.fixtures';
import { freshDb } from '../recorder.fixtures';
import { HEARTBEAT_ALARM, LAST_BEAT_KEY, RUN_MARKER_KEY, StartEvents, beat, checkAtStart, type HeartbeatApi } from './heartbeat';

const T0 = Date.UTC(2026, 11, 1, 20, 0);
const HOUR = 3_600_000;

function api(last: number | null, sameRun: boolean) {
  const alarms = new Map<string, unknown>();
  const parts: HeartbeatApi = {
    local: new MemoryStorage(last === null ? {} : { [LAST_BEAT_KEY]: last }),
    session: new MemoryStorage(sameRun ? { [RUN_MARKER_KEY]: { since: T0 } } : {}),
    alarms: { get: async (name) => alarms.get(name), create: (name, info) => void alarms.set(name, info) },
  };
  return { parts, alarms };
}

describe('the heartbeat at worker start', () => {
  it('logs a disable and re-enable (a new run without a browser start) with the silence, beats and sets the alarm', async () => {
    const db = freshDb();
    const { parts, alarms } = api(T0, false);
    const now = () => T0 + 90_000;
    const gap = await checkAtStart(db, parts, now, new StartEvents());
    expect(gap).toEqual({ kind: 'extension-disabled', from: T0, to: T0 + 90_000 });
    const rows = await db.activity.toArray();
    expect(rows).toEqual([expect.objectContaining({ kind: 'extension-disabled', at: T0 + 90_000, detail: { from: T0, to: T0 + 90_000, minutes: 2 } })]);
    expect((await parts.local.get(LAST_BEAT_KEY))[LAST_BEAT_KEY]).toBe(T0 + 90_000);
    expect((await parts.session.get(RUN_MARKER_KEY))[RUN_MARKER_KEY]).toBeDefined();
    expect(alarms.get(HEARTBEAT_ALARM)).toEqual({ periodInMinutes: 1 });
  });

  it('logs a browser start after a night as the browser closed, without waiting once the event was heard', async () => {
    const db = freshDb();
    const events = new StartEvents();
    events.onStartup();
    const gap = await checkAtStart(db, api(T0, false).parts, () => T0 + 9 * HOUR, events);
    expect(gap?.kind).toBe('browser-closed');
    expect((await db.activity.toArray())[0]!.kind).toBe('browser-closed');
  });

  it('logs a long silence within the same run as not running, and nothing for an ordinary worker restart', async () => {
    const db = freshDb();
    expect(await checkAtStart(db, api(T0, true).parts, () => T0 + 2 * HOUR, new StartEvents())).toMatchObject({ kind: 'not-running' });
    expect(await checkAtStart(db, api(T0, true).parts, () => T0 + 40_000, new StartEvents())).toBeNull();
    expect((await db.activity.toArray()).map((row) => row.kind)).toEqual(['not-running']);
  });

  it('does not set the alarm again when it is there (its schedule is kept)', async () => {
    const { parts, alarms } = api(T0, true);
    alarms.set(HEARTBEAT_ALARM, { periodInMinutes: 1, kept: true });
    await checkAtStart(freshDb(), parts, () => T0 + 1000, new StartEvents());
    expect(alarms.get(HEARTBEAT_ALARM)).toEqual({ periodInMinutes: 1, kept: true });
  });

  it('StartEvents gives up waiting when neither event comes', async () => {
    vi.useFakeTimers();
    const settled = new StartEvents().settled(1500);
    await vi.advanceTimersByTimeAsync(1500);
    expect(await settled).toEqual({ browserStarted: false, installed: null });
    vi.useRealTimers();
  });
});

describe('the alarm’s beat', () => {
  it('logs a silence longer than the threshold and moves the last beat', async () => {
    const db = freshDb();
    const { parts } = api(T0, true);
    expect(await beat(db, parts, () => T0 + 60_000)).toBeNull();
    expect(await beat(db, parts, () => T0 + 3 * HOUR)).toMatchObject({ kind: 'not-running', from: T0 + 60_000 });
    expect((await parts.local.get(LAST_BEAT_KEY))[LAST_BEAT_KEY]).toBe(T0 + 3 * HOUR);
  });
});
