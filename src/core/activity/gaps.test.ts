import { describe, expect, it } from 'vitest';
import { GAP_THRESHOLD_MS, classifyBeat, classifyStart, type WorkerStart } from './gaps';

const LAST = Date.UTC(2026, 11, 1, 20, 0);
const HOUR = 3_600_000;
const start = (fields: Partial<WorkerStart>): WorkerStart => ({ now: LAST + 10 * HOUR, sameRun: false, browserStarted: false, installed: null, ...fields });

describe('classifyStart: what a starting worker logs', () => {
  it('logs nothing on the first start or a fresh install', () => {
    expect(classifyStart(null, start({ browserStarted: true }))).toBeNull();
    expect(classifyStart(LAST, start({ installed: 'install' }))).toBeNull();
  });

  it('a browser start after a long silence: the browser was closed (or Coinsight was off while it was)', () => {
    expect(classifyStart(LAST, start({ browserStarted: true }))).toEqual({ kind: 'browser-closed', from: LAST, to: LAST + 10 * HOUR });
    expect(classifyStart(LAST, start({ installed: 'chrome_update' }))).toMatchObject({ kind: 'browser-closed' });
    // A quick restart of the browser is not worth a line.
    expect(classifyStart(LAST, start({ browserStarted: true, now: LAST + 60_000 }))).toBeNull();
  });

  it('a new run of the extension without a browser start: turned off and on (or reloaded, or crashed), however short', () => {
    expect(classifyStart(LAST, start({ now: LAST + 4_000 }))).toEqual({ kind: 'extension-disabled', from: LAST, to: LAST + 4_000 });
    expect(classifyStart(LAST, start({}))).toMatchObject({ kind: 'extension-disabled' });
  });

  it('a restart within the same run after a long silence: Coinsight did not run', () => {
    expect(classifyStart(LAST, start({ sameRun: true }))).toEqual({ kind: 'not-running', from: LAST, to: LAST + 10 * HOUR });
    // MV3 stops idle workers all the time: a restart within the threshold is nothing.
    expect(classifyStart(LAST, start({ sameRun: true, now: LAST + GAP_THRESHOLD_MS }))).toBeNull();
  });

  it('an update is logged only when it left a long silence', () => {
    expect(classifyStart(LAST, start({ installed: 'update', now: LAST + 30_000 }))).toBeNull();
    expect(classifyStart(LAST, start({ installed: 'update' }))).toMatchObject({ kind: 'not-running' });
  });

  it('a clock that went back is not a gap', () => {
    expect(classifyStart(LAST, start({ sameRun: true, now: LAST - HOUR }))).toBeNull();
    expect(classifyStart(LAST, start({ now: LAST - HOUR }))).toEqual({ kind: 'extension-disabled', from: LAST, to: LAST });
  });
});

describe('classifyBeat: a running worker’s heartbeat', () => {
  it('logs a silence longer than the threshold, nothing otherwise', () => {
    expect(classifyBeat(null, LAST)).toBeNull();
    expect(classifyBeat(LAST, LAST + 61_000)).toBeNull();
    expect(classifyBeat(LAST, LAST + GAP_THRESHOLD_MS + 1)).toEqual({ kind: 'not-running', from: LAST, to: LAST + GAP_THRESHOLD_MS + 1 });
  });
});
