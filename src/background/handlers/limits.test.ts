import { describe, expect, it } from 'vitest';
import { CREATOR, DOUGHNUT, ME, ROSE, freshDb, giftEntry } from '../recorder.fixtures';
import { LIMITS_KEY } from '../../core/limits';
import { initialBalance, write } from '../../queries/read-models.fixtures';
import { NOW, iso, limitsWorker, rule } from '../limits/limits.fixtures';
import { RefusedError, type Origin } from '../router';
import { limitHandlers } from './limits';

let msg = 7_480_000_000_900_000_000n;
const gift = (at: number, item = ROSE, count = 1) => giftEntry(String(++msg), at, item, count);

describe('saveLimit and deleteLimit: the settings door', () => {
  it('refuses, naming the problem, a creator never seen, a start in the future, a money cap it cannot price; stores nothing', async () => {
    const db = freshDb();
    const { handlers, storage, origin } = limitsWorker(db);
    await expect(handlers.saveLimit({ rule: rule({ scope: { kind: 'creator', creator: 'nobody' } }) }, origin)).rejects.toThrow(/creator \(limitCreatorUnknown\)/);
    await expect(handlers.saveLimit({ rule: rule({ period: { kind: 'custom', days: 7, from: '2026-05-21' } }) }, origin)).rejects.toThrow(/from \(limitStartInFuture\)/);
    await expect(handlers.saveLimit({ rule: rule({ action: 'warn', overridesPerPeriod: 2 }) }, origin)).rejects.toThrow(RefusedError);
    await expect(handlers.saveLimit({ rule: rule({ cap: { kind: 'money', money: { minor: 500, currency: 'EUR' } } }) }, origin)).rejects.toThrow(/exchange rate into EUR/);
    expect(storage.items.has(LIMITS_KEY)).toBe(false);
  });

  it('accepts a creator the ledger has seen, by id or @handle, and a period starting today', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 1000, ME), gift(iso('2026-05-19T10:00:00Z'))]);
    const { handlers, origin } = limitsWorker(db);
    await handlers.saveLimit({ rule: rule({ scope: { kind: 'creator', creator: CREATOR } }) }, origin);
    await handlers.saveLimit({ rule: rule({ scope: { kind: 'creator', creator: '@sunset.cooking' } }) }, origin);
    const view = await handlers.saveLimit({ rule: rule({ period: { kind: 'custom', days: 7, from: '2026-05-20' } }) }, origin);
    expect(view.rules).toHaveLength(3);
    // The handle is learned from the ledger, so the guard can match a send that names the creator either way.
    expect(view.rules[0]!.scope).toEqual({ kind: 'creator', creator: CREATOR, handle: 'sunset.cooking' });
    // A rule picked by '@handle' is keyed by the creator's id once the ledger knows it (as the day rows are).
    expect(view.rules[1]!.scope).toEqual({ kind: 'creator', creator: CREATOR, handle: 'sunset.cooking' });
  });

  it('sets a new rule’s createdAt to the worker’s now, keeps it on an edit, and returns the rules with their standing', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 1000, ME), gift(iso('2026-05-19T10:00:00Z'), DOUGHNUT)]);
    const { handlers, clock, origin } = limitsWorker(db);
    const weekly = rule({ createdAt: 5 });
    const saved = await handlers.saveLimit({ rule: weekly }, origin);
    expect(saved.rules[0]!.createdAt).toBe(NOW);
    expect(saved.statuses[0]).toMatchObject({ ruleId: weekly.id, used: 30, left: 970, cap: 1000 });
    expect(saved.overridesUsed).toEqual({ [weekly.id]: 0 });
    clock.at = NOW + 1000;
    const edited = await handlers.saveLimit({ rule: { ...weekly, cap: { kind: 'coins', coins: 60 } } }, origin);
    expect(edited.rules).toEqual([{ ...weekly, cap: { kind: 'coins', coins: 60 }, createdAt: NOW }]);
    expect(edited.statuses[0]).toMatchObject({ percent: 50, left: 30 });
  });

  it('lands two saves made at once, and deletes (a repeated delete changes nothing)', async () => {
    const db = freshDb();
    const { handlers, origin } = limitsWorker(db);
    const [a, b] = [rule(), rule({ action: 'confirm' })];
    await Promise.all([handlers.saveLimit({ rule: a }, origin), handlers.saveLimit({ rule: b }, origin)]);
    expect((await handlers.limitsView({ roomId: null }, origin)).rules.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect((await handlers.deleteLimit({ id: a.id }, origin)).rules.map((r) => r.id)).toEqual([b.id]);
    expect((await handlers.deleteLimit({ id: a.id }, origin)).rules.map((r) => r.id)).toEqual([b.id]);
  });
});

describe('overrideLimit and limitOverrides', () => {
  it('needs a reason, refuses warn rules and unknown rules, enforces the count per window and logs each one', async () => {
    const db = freshDb();
    const { handlers, clock, origin } = limitsWorker(db);
    const block = rule({ overridesPerPeriod: 2 });
    const warn = rule({ action: 'warn' });
    await handlers.saveLimit({ rule: block }, origin);
    await handlers.saveLimit({ rule: warn }, origin);
    const ask = (ruleId: string, reason: string) => handlers.overrideLimit({ ruleId, reason, coins: 30, giftId: 5879, creator: CREATOR, roomId: 'room-1' }, origin);
    await expect(ask(block.id, '   ')).rejects.toThrow(/reason/);
    await expect(ask(block.id, ' ab ')).rejects.toThrow(/reason/);
    await expect(ask(warn.id, 'birthday')).rejects.toThrow(/warn/);
    await expect(ask('00000000-0000-4000-8000-ffffffffffff', 'birthday')).rejects.toThrow(/no such limit/);
    expect(await ask(block.id, '  her birthday ')).toEqual({ overridesLeft: 1 });
    clock.at += 1000;
    expect(await ask(block.id, 'one more')).toEqual({ overridesLeft: 0 });
    await expect(ask(block.id, 'and another')).rejects.toThrow(/used up/);
    const log = await handlers.limitOverrides({}, origin);
    expect(log.map((r) => [r.reason, r.at])).toEqual([['one more', NOW + 1000], ['her birthday', NOW]]);
    expect(log[0]).toMatchObject({ ruleId: block.id, coins: 30, giftId: 5879, creator: CREATOR, roomId: 'room-1' });
    expect((await handlers.limitsView({ roomId: null }, origin)).overridesUsed[block.id]).toBe(2);
    // The next window has its own count; the log keeps the old ones.
    clock.at = iso('2026-05-25T00:00:00Z');
    expect(await ask(block.id, 'new week')).toEqual({ overridesLeft: 1 });
    expect(await handlers.limitOverrides({}, origin)).toHaveLength(3);
  });
});

describe('overrideLimit opens the browser’s block for the one send', () => {
  async function worker() {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 1000, ME), gift(iso('2026-05-19T10:00:00Z'))]);
    const base = limitsWorker(db);
    const events: string[] = [];
    const handlers = limitHandlers(db, base.storage, {
      clock: base.clock,
      refresh: async () => { events.push('refresh'); await base.refresh(); },
      allowOverride: async (tabId) => { events.push(`allow ${tabId}`); },
    });
    return { handlers, events, fromTab: { kind: 'content-script', tabId: 12 } as Origin };
  }

  it('allows that tab’s send, before the refresh and the reply, for an all-scope block only', async () => {
    const { handlers, events, fromTab } = await worker();
    const block = rule({ overridesPerPeriod: 3 });
    const creator = rule({ scope: { kind: 'creator', creator: CREATOR }, overridesPerPeriod: 3 });
    const confirm = rule({ action: 'confirm', overridesPerPeriod: 3 });
    for (const r of [block, creator, confirm]) await handlers.saveLimit({ rule: r }, fromTab);
    events.length = 0;
    const ask = (ruleId: string, origin = fromTab) => handlers.overrideLimit({ ruleId, reason: 'birthday', coins: 1, giftId: 5655, creator: null, roomId: null }, origin);
    expect(await ask(block.id)).toEqual({ overridesLeft: 2 });
    expect(events).toEqual(['allow 12', 'refresh']);
    events.length = 0;
    // The tap alone holds a creator's block and every confirm: the browser's rules have nothing to open.
    await ask(creator.id);
    await ask(confirm.id);
    await ask(block.id, { kind: 'content-script', tabId: undefined }); // no tab to allow
    expect(events).toEqual(['refresh', 'refresh', 'refresh']);
  });

  it('allows nothing when the override is refused', async () => {
    const { handlers, events, fromTab } = await worker();
    const block = rule({ overridesPerPeriod: 0 });
    await handlers.saveLimit({ rule: block }, fromTab);
    events.length = 0;
    await expect(handlers.overrideLimit({ ruleId: block.id, reason: 'birthday', coins: 1, giftId: 5655, creator: null, roomId: null }, fromTab)).rejects.toThrow(/no overrides/);
    expect(events).toEqual([]);
  });
});

describe('inPageLimits', () => {
  it('returns the rules covering the page’s creator and room, tightest first', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 10_000, ME), gift(iso('2026-05-19T10:00:00Z'), DOUGHNUT, 10)]);
    const { handlers, origin } = limitsWorker(db);
    const all = rule({ cap: { kind: 'coins', coins: 1000 } }); // 30 %
    const creator = rule({ scope: { kind: 'creator', creator: CREATOR, handle: 'sunset.cooking' }, cap: { kind: 'coins', coins: 400 } }); // 75 %
    const other = rule({ scope: { kind: 'creator', creator: '@sunset.cooking' }, period: { kind: 'day' } }); // another day
    const live = rule({ scope: { kind: 'live' }, cap: { kind: 'coins', coins: 100 } });
    for (const r of [all, creator, other, live]) await handlers.saveLimit({ rule: r }, origin);
    const byHandle = await handlers.inPageLimits({ creator: '@sunset.cooking', roomId: null }, origin);
    expect(byHandle.statuses.map((s) => s.ruleId)).toEqual([creator.id, all.id, other.id]);
    expect(byHandle.rules.map((r) => r.id)).toEqual([creator.id, all.id, other.id]);
    const elsewhere = await handlers.inPageLimits({ creator: 'someone', roomId: 'room-9' }, origin);
    expect(elsewhere.statuses.map((s) => [s.ruleId, s.roomId])).toEqual([[all.id, undefined], [live.id, 'room-9']]);
  });
});
