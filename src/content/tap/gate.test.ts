/**
 * The gate as the tap runs it, in Node: relay messages in (JSON strings), decisions, holds out, verdicts in. The
 * requests themselves (fetch, XHR) are the e2e tests' (tests/e2e/limits-confirm.e2e.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STREAK_WINDOW_MS } from '../../core/guard-decision';
import type { GuardRule, GuardState } from '../../core/guard-state';
import type { HeldSend, RelayMessage, TapMessage } from '../tap-channel';
import { createGate } from './gate';

const ROOM = '7300000000000000001';
const CREATOR_ID = '7300000000000000101';
const ROSE = 5655;
const LION = 6001;
const URL = `https://webcast.tiktok.com/webcast/gift/send/?aid=1988&room_id=${ROOM}`;
const body = (giftId: number, count = 1, toUserId = CREATOR_ID) =>
  new URLSearchParams({ gift_id: String(giftId), room_id: ROOM, to_user_id: toUserId, count: String(count) }).toString();

const rule = (over: Partial<GuardRule> = {}): GuardRule => ({
  id: 'r1', action: 'confirm', scope: 'all', left: 1_000, cap: { kind: 'coins', coins: 1_000 }, period: 'week',
  resetsAt: 9e12, overridesLeft: 0, confirmDelaySeconds: 0, ...over,
});
const guard = (rules: GuardRule[], spentThrough = 0, prices: [number, number][] = [[ROSE, 1], [LION, 29_999]]): string =>
  JSON.stringify({ v: 1, kind: 'guard', state: { v: 1, madeAt: spentThrough, spentThrough, rules } satisfies GuardState, prices } satisfies RelayMessage);
const verdict = (id: number, go: boolean) => JSON.stringify({ v: 1, kind: 'verdict', id, go } satisfies RelayMessage);

function setup() {
  let clock = 1_000;
  const posted: TapMessage[] = [];
  const gate = createGate({
    post: (message) => posted.push(JSON.parse(JSON.stringify(message)) as TapMessage),
    now: () => clock,
    pageHandle: () => 'coinsight_creator',
    pageUrl: () => 'https://www.tiktok.com/@coinsight_creator/live',
  });
  const outcomes: string[] = [];
  const send = (giftId: number, count = 1, toUserId = CREATOR_ID) => {
    const n = outcomes.length;
    outcomes.push('held');
    const now = gate.admit(URL, body(giftId, count, toUserId), () => (outcomes[n] = 'go'), () => (outcomes[n] = 'failed'));
    if (now) outcomes[n] = 'at once';
    return n;
  };
  const holds = () => posted.filter((m): m is Extract<TapMessage, { kind: 'hold' }> => m.kind === 'hold');
  return { gate, posted, outcomes, send, holds, tick: (ms: number) => (clock += ms) };
}

describe('the gate', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).creators;
    delete (Object.prototype as Record<string, unknown>).rules;
  });

  it('holds nothing before a guard state arrives, and nothing when the state has no rules', () => {
    const { gate, send, outcomes, posted } = setup();
    expect(gate.active()).toBe(false);
    send(LION);
    gate.receive(guard([]));
    expect(gate.active()).toBe(false);
    send(LION);
    expect(outcomes).toEqual(['at once', 'at once']);
    expect(posted).toEqual([]);
  });

  it('lets a covered send under the cap leave at once, and holds one that would cross it until the verdict', () => {
    const { gate, send, outcomes, holds } = setup();
    gate.receive(guard([rule()]));
    send(ROSE, 10);
    const lion = send(LION);
    expect(outcomes).toEqual(['at once', 'held']);
    const [hold] = holds();
    expect(hold!.send).toEqual({
      giftId: LION, count: 1, roomId: ROOM, toUserId: CREATOR_ID, coins: 29_999,
      pageUrl: 'https://www.tiktok.com/@coinsight_creator/live', ruleIds: ['r1'], at: 1_000,
    } satisfies HeldSend);
    gate.receive(verdict(hold!.id, true));
    expect(outcomes[lion]).toBe('go');
    gate.receive(verdict(hold!.id, false)); // a second verdict for the same send changes nothing
    expect(outcomes[lion]).toBe('go');
  });

  it('fails a held send on a no-go, and holds the next one again', () => {
    const { gate, send, outcomes, holds } = setup();
    gate.receive(guard([rule()]));
    send(LION);
    gate.receive(verdict(holds()[0]!.id, false));
    send(LION);
    expect(outcomes).toEqual(['failed', 'held']);
  });

  it('counts the coins of sends it let through since the state was made, so sends in flight cannot slip past', () => {
    const { gate, send, outcomes, tick, holds } = setup();
    gate.receive(guard([rule({ left: 15 })], 500));
    send(ROSE, 10);
    tick(10);
    send(ROSE, 10); // 10 + 10 > 15
    expect(outcomes).toEqual(['at once', 'held']);
    gate.receive(verdict(holds()[0]!.id, false));
    // The worker's next state counted the first send (spentThrough after it): the gate stops counting it itself.
    gate.receive(guard([rule({ left: 5 })], 1_005));
    send(ROSE, 5);
    expect(outcomes[2]).toBe('at once');
  });

  it('treats a streak as one decision: after a Confirm the same gift to the same creator passes within the window', () => {
    const { gate, send, outcomes, holds, tick } = setup();
    gate.receive(guard([rule({ left: 0 })]));
    send(ROSE);
    gate.receive(verdict(holds()[0]!.id, true));
    for (let i = 0; i < 9; i++) {
      tick(STREAK_WINDOW_MS - 1); // each send keeps the streak open for another window
      send(ROSE);
    }
    expect(outcomes).toEqual(['go', ...Array(9).fill('at once')]);
    expect(holds()).toHaveLength(1);
    send(ROSE, 1, '7300000000000000202'); // another creator: its own decision
    send(LION); // another gift: its own decision
    tick(STREAK_WINDOW_MS + 1);
    send(ROSE); // the streak ended
    expect(outcomes.slice(10)).toEqual(['held', 'held', 'held']);
  });

  it('sends of a streak that arrive while its first send waits get the same answer', () => {
    const { gate, send, outcomes, holds } = setup();
    gate.receive(guard([rule({ left: 0 })]));
    send(ROSE);
    send(ROSE);
    send(ROSE);
    expect(holds()).toHaveLength(1);
    gate.receive(verdict(holds()[0]!.id, true));
    expect(outcomes).toEqual(['go', 'go', 'go']);

    send(LION);
    send(LION);
    gate.receive(verdict(holds()[1]!.id, false));
    expect(outcomes.slice(3)).toEqual(['failed', 'failed']);
  });

  it('an override of a block lets that one send go and opens no streak', () => {
    const { gate, send, outcomes, holds } = setup();
    gate.receive(guard([rule({ action: 'block', left: 0, overridesLeft: 1 })]));
    send(ROSE);
    gate.receive(verdict(holds()[0]!.id, true));
    send(ROSE);
    expect(outcomes).toEqual(['go', 'held']);
  });

  it('asks about a gift whose price it does not know', () => {
    const { gate, send, outcomes, holds } = setup();
    gate.receive(guard([rule({ left: 1e9 })]));
    send(999_999);
    expect(outcomes).toEqual(['held']);
    expect(holds()[0]!.send.coins).toBeNull();
  });

  it('ignores what is not a well-formed relay message and keeps the state it had', () => {
    const { gate, send, outcomes } = setup();
    gate.receive(guard([rule({ left: 0 })]));
    for (const bad of [
      42, null, '', '{', '[]', JSON.stringify({ v: 2, kind: 'guard' }),
      JSON.stringify({ v: 1, kind: 'guard', state: { v: 1, spentThrough: 0, rules: [{ ...rule(), action: 'allow' }] }, prices: [] }),
      JSON.stringify({ v: 1, kind: 'guard', state: { v: 1, spentThrough: 0, rules: [{ ...rule(), creators: [1] }] }, prices: [] }),
      JSON.stringify({ v: 1, kind: 'guard', state: { v: 1, spentThrough: 'x', rules: [] }, prices: [] }),
      JSON.stringify({ v: 1, kind: 'guard', state: { v: 1, spentThrough: 0, rules: [] }, prices: 'all' }),
      JSON.stringify({ v: 1, kind: 'verdict', id: '1', go: true }),
    ]) gate.receive(bad);
    send(ROSE);
    expect(outcomes).toEqual(['held']);
  });

  it('reads only what the relay sent, never a field the page put on Object.prototype', () => {
    const { gate, send, outcomes } = setup();
    (Object.prototype as Record<string, unknown>).creators = ['@coinsight_creator'];
    gate.receive(guard([rule({ scope: 'creator', action: 'block', left: 0 })]));
    send(ROSE);
    expect(outcomes).toEqual(['at once']);
  });

  it('keeps the holds still waiting for a relay that connects later', () => {
    const { gate, send, holds } = setup();
    gate.receive(guard([rule({ left: 0 })]));
    send(ROSE);
    expect(gate.waiting()).toEqual(holds().map((hold) => expect.objectContaining({ kind: 'hold', id: hold.id })));
    gate.receive(verdict(holds()[0]!.id, false));
    expect(gate.waiting()).toEqual([]);
  });

  it('lets a send go when it cannot decide (never breaks the page)', () => {
    const gate = createGate({ post: () => undefined, now: () => 0, pageHandle: () => { throw new Error('page broke it'); }, pageUrl: () => '' });
    gate.receive(guard([rule({ left: 0 })]));
    expect(gate.admit(URL, body(ROSE), () => undefined, () => undefined)).toBe(true);
  });
});
