import { describe, expect, it } from 'vitest';
import { decide, streakKey, type GateSend, type Passed } from './guard-decision';
import type { GuardRule, GuardState } from './guard-state';

const CREATOR_ID = '7300000000000000101';
const ROOM = '7300000000000000001';
const rule = (over: Partial<GuardRule>): GuardRule => ({
  id: 'r1', action: 'confirm', scope: 'all', left: 1_000, cap: { kind: 'coins', coins: 1_000 }, period: 'week',
  resetsAt: 2_000_000, overridesLeft: 0, confirmDelaySeconds: 0, ...over,
});
const state = (rules: GuardRule[], spentThrough = 100): GuardState => ({ v: 1, madeAt: spentThrough, spentThrough, rules });
const send = (over: Partial<GateSend> = {}): GateSend => ({ giftId: 5655, count: 1, roomId: ROOM, toUserId: CREATOR_ID, handle: 'coinsight_creator', ...over });

describe('decide: which sends the tap holds', () => {
  it('lets every send go untouched when the state has no rules', () => {
    expect(decide(state([]), send(), 29_999, [], false)).toEqual({ kind: 'go', keys: [] });
  });

  it('lets a covered send go when it stays under the cap, and names where it counts', () => {
    expect(decide(state([rule({})]), send(), 999, [], false)).toEqual({ kind: 'go', keys: ['r1'] });
  });

  it('asks before a send that would cross a confirm cap, and before any send once nothing is left', () => {
    expect(decide(state([rule({})]), send(), 1_001, [], false)).toEqual({ kind: 'confirm', keys: ['r1'], ruleIds: ['r1'] });
    expect(decide(state([rule({ left: 0 })]), send(), 1, [], false).kind).toBe('confirm');
    expect(decide(state([rule({ left: -5 })]), send(), 0, [], false).kind).toBe('confirm');
  });

  it('counts what the tap let through since the state was made, not before', () => {
    const passed: Passed[] = [{ at: 150, coins: 600, keys: ['r1'] }, { at: 90, coins: 5_000, keys: ['r1'] }];
    expect(decide(state([rule({})]), send(), 400, passed, false).kind).toBe('go');
    expect(decide(state([rule({})]), send(), 401, passed, false).kind).toBe('confirm');
    // another rule's sends are not this rule's
    expect(decide(state([rule({})]), send(), 401, [{ at: 150, coins: 600, keys: ['r2'] }], false).kind).toBe('go');
  });

  it('blocks a send that would cross a block cap, and block wins over confirm', () => {
    const rules = [rule({ id: 'ask', left: 10 }), rule({ id: 'stop', action: 'block', left: 100 })];
    expect(decide(state(rules), send(), 101, [], false)).toEqual({ kind: 'block', keys: ['ask', 'stop'], ruleIds: ['stop'] });
    expect(decide(state(rules), send(), 50, [], false)).toEqual({ kind: 'confirm', keys: ['ask', 'stop'], ruleIds: ['ask'] });
  });

  it('matches a creator rule by to_user_id or by the page\'s @handle, and no other creator', () => {
    const byId = rule({ scope: 'creator', creators: [CREATOR_ID], action: 'block', left: 0 });
    const byHandle = rule({ scope: 'creator', creators: ['@coinsight_creator'], action: 'block', left: 0 });
    expect(decide(state([byId]), send({ handle: null }), 1, [], false).kind).toBe('block');
    expect(decide(state([byHandle]), send({ toUserId: null }), 1, [], false).kind).toBe('block');
    expect(decide(state([byId, byHandle]), send({ toUserId: '7300000000000000202', handle: 'another_creator' }), 1, [], false)).toEqual({ kind: 'go', keys: [] });
  });

  it('counts a live rule per room: a room with spending uses its own figure, any other room the whole cap', () => {
    const live = rule({ scope: 'live', action: 'block', left: 500, rooms: { [ROOM]: 20 } });
    expect(decide(state([live]), send(), 21, [], false)).toEqual({ kind: 'block', keys: [`r1|${ROOM}`], ruleIds: ['r1'] });
    expect(decide(state([live]), send({ roomId: '42' }), 400, [], false)).toEqual({ kind: 'go', keys: ['r1|42'] });
    expect(decide(state([live]), send(), 10, [{ at: 200, coins: 10, keys: ['r1|42'] }], false).kind).toBe('go');
  });

  it('an open streak skips a confirm but never a block', () => {
    expect(decide(state([rule({ left: 0 })]), send(), 1, [], true).kind).toBe('go');
    expect(decide(state([rule({ left: 0, action: 'block' })]), send(), 1, [], true).kind).toBe('block');
  });

  it('with an unknown price asks under every covering rule, and blocks only where nothing is left', () => {
    expect(decide(state([rule({ left: 1e9 })]), send(), null, [], false).kind).toBe('confirm');
    expect(decide(state([rule({ action: 'block', left: 1e9 })]), send(), null, [], false)).toEqual({ kind: 'confirm', keys: ['r1'], ruleIds: ['r1'] });
    expect(decide(state([rule({ action: 'block', left: 0 })]), send(), null, [], false).kind).toBe('block');
    // a creator rule that does not cover the send does not ask about it
    expect(decide(state([rule({ scope: 'creator', creators: ['@someone'] })]), send(), null, [], false).kind).toBe('go');
  });

  it('does not look anything up on prototypes: a rule without creators covers no creator send', () => {
    const bare = Object.assign(Object.create(null), rule({ scope: 'creator' })) as GuardRule;
    expect(decide(state([bare]), send(), 1, [], false).kind).toBe('go');
  });
});

describe('streakKey', () => {
  it('is the same for the same gift to the same creator in the same room, and differs otherwise', () => {
    expect(streakKey(send())).toBe(streakKey(send()));
    expect(streakKey(send())).not.toBe(streakKey(send({ giftId: 1 })));
    expect(streakKey(send())).not.toBe(streakKey(send({ toUserId: '1' })));
    expect(streakKey(send({ toUserId: null }))).toContain('@coinsight_creator');
  });
});
