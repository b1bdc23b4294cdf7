import { afterEach, describe, expect, it, vi } from 'vitest';
import { ME, NOW, ROSE, balanceObs, freshDb, giftEntry, giftObs } from '../recorder.fixtures';
import { moveClockForTests, resetClockForTests, now, timeZone } from '../../platform/clock';
import { RateLimiter } from '../admission';
import { LockStore } from '../lock/store';
import { workerHandlers } from '.';

class MemoryArea {
  items = new Map<string, unknown>();
  async get(keys: string | string[] | null) {
    const wanted = keys === null ? [...this.items.keys()] : Array.isArray(keys) ? keys : [keys];
    return Object.fromEntries(wanted.filter((key) => this.items.has(key)).map((key) => [key, this.items.get(key)]));
  }
  async set(items: Record<string, unknown>) {
    for (const [key, value] of Object.entries(items)) this.items.set(key, value);
  }
  async remove(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.items.delete(key);
  }
  async clear() {
    this.items.clear();
  }
}

function worker() {
  const refreshLimits = vi.fn(async () => undefined);
  const guards = { giftRecorded: vi.fn(async () => undefined), allowOverride: vi.fn(async () => undefined) };
  const db = freshDb();
  const lock = new LockStore({ db, session: new MemoryArea(), clock: { now } });
  const handlers = workerHandlers({ db, storage: new MemoryArea(), clock: { now, timeZone }, limiter: new RateLimiter(), guards, refreshLimits, lock });
  return { handlers, refreshLimits, guards };
}

describe("the worker's handlers", () => {
  afterEach(resetClockForTests);

  it('refresh the limits after a recorded write and close the tab\'s one-send allowance after a recorded gift; nothing for a refused batch', async () => {
    moveClockForTests({ offsetMs: NOW + 60_000 - Date.now() });
    const { handlers, refreshLimits, guards } = worker();
    const origin = { kind: 'content-script' as const, tabId: 7 };

    const refused = await handlers.recordObservations({ batch: [{ type: 'gift', id: 'forged' }] }, origin);
    expect(refused.recorded).toEqual([]);
    expect(refreshLimits).not.toHaveBeenCalled();
    expect(guards.giftRecorded).not.toHaveBeenCalled();

    const reading = await handlers.recordObservations({ batch: [balanceObs(NOW - 60_000, 500)] }, origin);
    expect(reading.recorded).toHaveLength(1);
    expect(refreshLimits).toHaveBeenCalledTimes(1);
    expect(guards.giftRecorded).not.toHaveBeenCalled(); // a reading is not a gift

    const gift = giftObs(giftEntry('7480000000000000001', NOW - 30_000, ROSE, 1, ME));
    const sent = await handlers.recordObservations({ batch: [gift] }, origin);
    expect(sent.recorded).toEqual([gift.id]);
    expect(refreshLimits).toHaveBeenCalledTimes(2);
    expect(guards.giftRecorded).toHaveBeenCalledWith(7);
  });

  it('refresh the limits after a settings change (week start, rates: windows and money caps move) and a purchase typed in by hand', async () => {
    const { handlers, refreshLimits } = worker();
    const page = { kind: 'extension-page' as const, tabId: undefined };
    await handlers.clearDiagnostics({}, page);
    expect(refreshLimits).not.toHaveBeenCalled();
    await handlers.updateSettings({ patch: { weekStart: 0 } }, page);
    expect(refreshLimits).toHaveBeenCalledTimes(1);
    await handlers.deletePurchase({ id: 'recharge:manual:none' }, page);
    expect(refreshLimits).toHaveBeenCalledTimes(2);
  });
});
