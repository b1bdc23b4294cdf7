import { describe, expect, it, vi } from 'vitest';
import { CREATOR, DOUGHNUT, ME, ROSE, freshDb, giftEntry, usd } from '../recorder.fixtures';
import { GUARD_KEY, type GuardState } from '../../core/guard-state';
import type { GiftEntry } from '../../core/ledger';
import { initialBalance, recharge, write } from '../../queries/read-models.fixtures';
import { LIMITS_EDGE_ALARM, coalesced, refreshGuards } from './guard';
import { NOW, iso, limitsWorker, rule } from './limits.fixtures';

let msg = 7_480_000_000_950_000_000n;
const gift = (at: number, item = ROSE, count = 1, roomId?: string): GiftEntry => ({ ...giftEntry(String(++msg), at, item, count), ...(roomId ? { roomId } : {}) });
const stateOf = (storage: { items: Map<string, unknown> }) => storage.items.get(GUARD_KEY) as GuardState;

describe('refreshGuards', () => {
  it('holds only confirm and block rules, with coins left, creator keys, rooms and what was counted', async () => {
    const db = freshDb();
    await write(db, [
      initialBalance(iso('2026-05-01T00:00:00Z'), 10_000, ME),
      gift(iso('2026-05-19T10:00:00Z'), DOUGHNUT, 10, 'room-a'), // 300
      gift(NOW - 60_000, ROSE, 5, 'room-b'),
    ]);
    const onRefreshed = vi.fn();
    const alarms = { create: vi.fn(), clear: vi.fn() };
    const { handlers, storage, origin, clock } = limitsWorker(db, { onRefreshed, alarms });
    const block = rule({ cap: { kind: 'coins', coins: 1000 } });
    const confirm = rule({ action: 'confirm', scope: { kind: 'creator', creator: CREATOR, handle: 'sunset.cooking' }, period: { kind: 'day' }, cap: { kind: 'coins', coins: 8 }, overridesPerPeriod: 3, confirmDelaySeconds: 10 });
    const live = rule({ scope: { kind: 'live' }, cap: { kind: 'coins', coins: 200 } });
    const warn = rule({ action: 'warn' });
    for (const r of [block, confirm, live, warn]) await handlers.saveLimit({ rule: r }, origin);

    const state = stateOf(storage);
    expect(state).toMatchObject({ v: 1, madeAt: NOW, spentThrough: NOW - 60_000 });
    expect(state.rules).toEqual([
      { id: block.id, action: 'block', scope: 'all', left: 695, cap: block.cap, period: 'week', resetsAt: iso('2026-05-25T00:00:00Z'), overridesLeft: 0, confirmDelaySeconds: 0 },
      { id: confirm.id, action: 'confirm', scope: 'creator', creators: [CREATOR, '@sunset.cooking'], left: 3, cap: confirm.cap, period: 'day', resetsAt: iso('2026-05-21T00:00:00Z'), overridesLeft: 3, confirmDelaySeconds: 10 },
      { id: live.id, action: 'block', scope: 'live', left: 200, rooms: { 'room-b': 195 }, cap: live.cap, period: 'week', resetsAt: iso('2026-05-25T00:00:00Z'), overridesLeft: 0, confirmDelaySeconds: 0 },
    ]);
    // The listener hears every rule (warn too); the edge alarm is at the nearest window end.
    const [statuses, rules] = onRefreshed.mock.lastCall!;
    expect(rules).toHaveLength(4);
    expect(statuses.map((s: { ruleId: string }) => s.ruleId)).toEqual([block.id, confirm.id, live.id, warn.id]);
    // Alarms run on the browser's clock, which is not the (test) clock of the limits: armed as far ahead as the edge is.
    const [name, { when }] = alarms.create.mock.lastCall!;
    expect(name).toBe(LIMITS_EDGE_ALARM);
    const ahead = iso('2026-05-21T00:00:00Z') - NOW;
    expect(when - Date.now()).toBeLessThanOrEqual(ahead);
    expect(when - Date.now()).toBeGreaterThan(ahead - 60_000);

    // After the day's edge, the creator rule starts again.
    clock.at = iso('2026-05-21T00:00:00Z');
    await refreshGuards(db, storage, clock);
    expect(stateOf(storage).rules[1]).toMatchObject({ left: 8, resetsAt: iso('2026-05-22T00:00:00Z') });
  });

  it('says the sends it counted up to when the newest recorded one left the page, not when its answer came', async () => {
    const db = freshDb();
    // Left at −30 s, answered at −10 s: another send that left at −20 s may still be in flight, and the tap must count it.
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 10_000, ME), { ...gift(NOW - 10_000), sentAt: NOW - 30_000 }]);
    const { handlers, storage, origin } = limitsWorker(db, {});
    await handlers.saveLimit({ rule: rule({ action: 'confirm' }) }, origin);
    expect(stateOf(storage).spentThrough).toBe(NOW - 30_000);
  });

  it('converts a money cap into coins at the price of the next coins to be spent', async () => {
    const db = freshDb();
    await write(db, [
      recharge(iso('2026-05-01T00:00:00Z'), 100, usd(200), ME), // 2¢ a coin
      recharge(iso('2026-05-02T00:00:00Z'), 100, usd(100), ME), // 1¢ a coin
      gift(iso('2026-05-19T10:00:00Z'), ROSE, 50), // 100¢ paid, from the first lot
    ]);
    await db.accounts.put({ uid: ME, uniqueId: 'me', nickName: null, lastSeenAt: 1 });
    const { handlers, storage, origin } = limitsWorker(db);
    await handlers.saveLimit({ rule: rule({ cap: { kind: 'money', money: usd(250) } }) }, origin);
    // $1.50 left: 50 coins of the first lot ($1.00), then 50 of the second ($0.50).
    expect(stateOf(storage).rules[0]!.left).toBe(100);
  });

  it('writes the state only when it changed (a relay is not woken for nothing), keeps none without rules, and clears the alarm then', async () => {
    const db = freshDb();
    const alarms = { create: vi.fn(), clear: vi.fn() };
    const { handlers, storage, clock, origin } = limitsWorker(db);
    const set = vi.spyOn(storage, 'set');
    const remove = vi.spyOn(storage, 'remove');
    // No rules: nothing stored, nothing written.
    await refreshGuards(db, storage, clock, { alarms });
    expect(storage.items.has(GUARD_KEY)).toBe(false);
    expect(alarms.clear).toHaveBeenCalledWith(LIMITS_EDGE_ALARM);

    const weekly = rule({ cap: { kind: 'coins', coins: 100 } });
    await handlers.saveLimit({ rule: weekly }, origin);
    const writes = () => set.mock.calls.filter(([items]) => GUARD_KEY in items).length;
    const afterSave = writes();
    expect(afterSave).toBeGreaterThan(0);
    clock.at += 60_000;
    await refreshGuards(db, storage, clock, { alarms });
    expect(writes()).toBe(afterSave); // only madeAt moved: not written again

    // The last rule deleted: the state goes (relays and enforcement read a missing one as holding nothing).
    await handlers.deleteLimit({ id: weekly.id }, origin);
    await refreshGuards(db, storage, clock, { alarms });
    expect(storage.items.has(GUARD_KEY)).toBe(false);
    expect(remove).toHaveBeenCalledWith(GUARD_KEY);
  });
});

describe('refreshGuards with warn limits only', () => {
  it('writes a state that holds no rule, whose spentThrough follows each send (the pages\' strips read again on it)', async () => {
    const db = freshDb();
    const { handlers, storage, clock, origin } = limitsWorker(db);
    await handlers.saveLimit({ rule: rule({ action: 'warn' }) }, origin);
    await refreshGuards(db, storage, clock);
    expect(stateOf(storage)).toMatchObject({ rules: [], spentThrough: 0 });
    await write(db, [gift(NOW - 1_000)]);
    await refreshGuards(db, storage, clock);
    expect(stateOf(storage).spentThrough).toBeGreaterThan(0);
  });
});

describe('coalesced', () => {
  it('runs a burst of triggers as one run plus at most one more', async () => {
    let runs = 0;
    let release!: () => void;
    const refresh = coalesced(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = refresh();
    const others = Array.from({ length: 10 }, () => refresh());
    release();
    await Promise.all([first, ...others]);
    expect(runs).toBe(2);
    await refresh();
    expect(runs).toBe(3);
  });

  it('keeps going after a failed run', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let runs = 0;
    const refresh = coalesced(async () => {
      runs++;
      throw new Error('db closed');
    });
    await refresh();
    await refresh();
    expect(runs).toBe(2);
    warn.mockRestore();
  });
});
