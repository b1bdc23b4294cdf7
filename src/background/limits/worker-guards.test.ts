import { describe, expect, it } from 'vitest';
import { GUARD_KEY } from '../../core/guard-state';
import { ALLOW_ALARM_PREFIX, RESET_ALARM, allowOneSend } from './enforce';
import { WEEK_END, fakeEnforceApi, guardRule, guardState } from './enforce.fixtures';
import { fakeLocal, fakeSignalApi, limitRule, limitStatus } from './signals.fixtures';
import { guardWiring } from './worker-guards';

function wiring(clock = { now: WEEK_END - 1000 }) {
  const enforce = fakeEnforceApi();
  const signal = fakeSignalApi();
  const storage = fakeLocal();
  const logged: unknown[][] = [];
  const guards = guardWiring({ ...enforce.api, ...signal.api }, storage, () => clock.now, (...args) => logged.push(args));
  return { guards, enforce, signal, storage, clock, logged };
}

describe('the worker’s guard wiring', () => {
  it('re-asserts from the stored state at start-up, follows changes of it, and lifts the block once the clock passes the reset', async () => {
    const { guards, enforce, storage, clock } = wiring();
    storage.items[GUARD_KEY] = guardState([guardRule()]);
    expect(await guards.reassert()).toEqual({ blocked: true, until: WEEK_END });
    expect(enforce.dynamic.size).toBe(5);
    storage.items[GUARD_KEY] = guardState([guardRule({ left: 10 })]);
    guards.onLocalStorageChanged({ [GUARD_KEY]: {} });
    guards.onLocalStorageChanged({ other: {} }); // not ours: nothing
    await guards.reassert();
    expect(enforce.dynamic.size).toBe(0);
    storage.items[GUARD_KEY] = guardState([guardRule()]);
    await guards.reassert();
    clock.now = WEEK_END;
    expect(guards.onAlarm(RESET_ALARM)).toBe(true);
    expect(await guards.reassert()).toEqual({ blocked: false, until: null });
    expect(enforce.dynamic.size).toBe(0);
  });

  it('applies a refreshed state and signals its statuses; one layer failing does not stop the other', async () => {
    const { guards, enforce, signal, logged } = wiring();
    enforce.api.declarativeNetRequest.updateDynamicRules = async () => { throw new Error('rule limit'); };
    await guards.refreshed([limitStatus('r', 900)], [limitRule('r')], guardState([guardRule()]));
    expect(signal.badge.text).toBe('100');
    expect(signal.shown).toHaveLength(1);
    expect(logged.map(([message]) => message)).toEqual(['Coinsight: could not set the block rules']);
  });

  it('ends a one-send allowance at its alarm, and leaves other alarms to their owners', async () => {
    const { guards, enforce } = wiring();
    const id = await allowOneSend(3, enforce.api, 0);
    expect(guards.onAlarm(`${ALLOW_ALARM_PREFIX}${id}`)).toBe(true);
    expect(guards.onAlarm('lots-build')).toBe(false);
    await guards.reassert(); // queued behind the allowance's end
    expect(enforce.session.size).toBe(0);
  });

  it('opens the block for the tab an override was granted in, and closes it once a gift from that tab is recorded', async () => {
    const { guards, enforce, storage } = wiring();
    storage.items[GUARD_KEY] = guardState([guardRule()]);
    await guards.reassert();
    await guards.allowOverride(4);
    await guards.allowOverride(6);
    const tabsAllowed = () => [...enforce.session.values()].flatMap((rule) => rule.condition.tabIds ?? []).sort();
    expect(tabsAllowed()).toEqual([4, 6]);
    await guards.giftRecorded(4);
    expect(tabsAllowed()).toEqual([6]);
    expect([...enforce.alarms.keys()].filter((name) => name.startsWith(ALLOW_ALARM_PREFIX))).toHaveLength(1);
    await guards.giftRecorded(5); // a tab without an allowance: nothing to close
    expect(tabsAllowed()).toEqual([6]);
    expect(enforce.dynamic.size).toBe(5); // the block itself stays
    await guards.giftRecorded(6);
    expect(tabsAllowed()).toEqual([]);
  });

  it('reads the session rules for a recorded gift only while an allowance may exist', async () => {
    const { guards, enforce } = wiring();
    let reads = 0;
    const read = enforce.api.declarativeNetRequest.getSessionRules;
    enforce.api.declarativeNetRequest.getSessionRules = () => { reads++; return read(); };
    await guards.giftRecorded(4); // just started: a previous worker may have left one
    expect(reads).toBe(1);
    await guards.giftRecorded(4);
    await guards.giftRecorded(5);
    expect(reads).toBe(1); // none was found: ordinary sends cost no DNR read
    await guards.allowOverride(4);
    reads = 0;
    await guards.giftRecorded(4);
    expect(reads).toBe(1);
    expect(enforce.session.size).toBe(0);
  });
});
