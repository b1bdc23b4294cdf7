import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { freshDb } from '../recorder.fixtures';
import { limitsWorker, rule } from '../limits/limits.fixtures';
import { LAST_BEAT_KEY } from '../activity/heartbeat';
import { refreshManagedPolicy } from '../managed/policy';
import { AttemptPacer, parentHandlers } from './parent';

const TAB = { kind: 'content-script', tabId: 7 } as never;
const attempt = (ruleIds: string[]) => ({ ruleIds, coins: 30, giftId: 9104, roomId: '1', creator: '@someone' });

describe('activity/blocked: a send held by a block limit', () => {
  it('is logged only for block rules the worker holds, with the send’s facts', async () => {
    const db = freshDb();
    const { storage, handlers, clock, origin } = limitsWorker(db);
    const block = rule({});
    const warn = rule({ action: 'warn' });
    await handlers.saveLimit({ rule: block }, origin);
    await handlers.saveLimit({ rule: warn }, origin);
    const parent = parentHandlers(db, storage, clock);
    expect(await parent.blockedAttempt(attempt(['not-a-rule']), TAB)).toEqual({ logged: false });
    expect(await parent.blockedAttempt(attempt([warn.id]), TAB)).toEqual({ logged: false });
    expect(await parent.blockedAttempt(attempt([warn.id, block.id]), TAB)).toEqual({ logged: true });
    expect(await db.activity.toArray()).toEqual([expect.objectContaining({
      kind: 'blocked-attempt', at: clock.now(), detail: { ruleId: block.id, rules: 1, coins: 30, giftId: 9104, roomId: '1', creator: '@someone' },
    })]);
  });

  it('counts managed block rules too', async () => {
    const db = freshDb();
    const { storage, clock } = limitsWorker(db);
    await refreshManagedPolicy({ get: async () => ({ limits: [{ id: 'w', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 5 }, action: 'block' }] }) }, storage, vi.fn());
    expect(await parentHandlers(db, storage, clock).blockedAttempt(attempt(['managed-w']), TAB)).toEqual({ logged: true });
  });

  it('is paced per tab: a flood costs a handful of rows', async () => {
    const pacer = new AttemptPacer();
    const taken = Array.from({ length: 100 }, () => pacer.take(1, 1_000)).filter(Boolean).length;
    expect(taken).toBe(5);
    expect(pacer.take(2, 1_000)).toBe(true); // another tab has its own allowance
    expect(pacer.take(1, 1_000 + 12_000)).toBe(true); // one more after the refill time
    expect(pacer.take(1, 1_000 + 12_000)).toBe(false);
  });
});

describe('parent/summary', () => {
  it('returns the summary with the policy’s standing and the last beat', async () => {
    const db = freshDb();
    const { storage, clock } = limitsWorker(db);
    await refreshManagedPolicy({ get: async () => ({ limits: [], lock: { algorithm: 'PBKDF2-SHA-256', iterations: 1 } }) }, storage, vi.fn());
    await storage.set({ [LAST_BEAT_KEY]: clock.now() - 60_000 });
    const view = await parentHandlers(db, storage, clock).parentSummary({ page: 0 }, {} as never);
    expect(view.managed).toEqual({ active: false, limits: 0, lock: false, research: false, problems: [expect.stringMatching(/^lock\.iterations/)] });
    expect(view.lastBeat).toBe(clock.now() - 60_000);
    expect(view.log.rows).toEqual([]);
  });
});
