/**
 * What the tap decides for one gift send, from the guard state the relay handed it (core/guard-state.ts): go at once,
 * hold for the user's confirmation, or hold as blocked. Pure, and written to run in the page's world: no Array or
 * String prototype methods (the page can replace them), only index loops, `===` and `+`.
 *
 * - A rule covers a send by scope: `all` every send; `creator` when the request's `to_user_id` or the page's
 *   '@handle' is among its keys; `live` every send, counted against the room's own allowance (`rooms[roomId]`, else
 *   `left`: a room with no spending yet has the whole cap).
 * - A covering rule holds the send when it would cross the cap: the send's coins plus the coins the tap already let
 *   through under that rule since the state was made exceed what is left, or nothing is left at all. Block wins over
 *   confirm. A confirm is skipped inside an open streak (see STREAK_WINDOW_MS); a block never is.
 * - Unknown price (the gift is not in the room's gift list the relay has seen): the tap cannot know whether the send
 *   crosses a cap, so every covering rule asks, and a block rule with nothing left blocks. Conservative: it may ask
 *   once too often, never let a send slip past unasked.
 */
import type { GuardRule, GuardState } from './guard-state';

/**
 * A Confirm covers the rest of its streak: the same gift to the same creator passes while each send comes within this
 * long of the previous one. TikTok's streak combo counter resets after a few seconds of no taps; 10 s covers a user
 * tapping at their own pace without leaving a blank cheque for a later, separate decision.
 */
export const STREAK_WINDOW_MS = 10_000;

/** What the tap read from the request and the page. */
export interface GateSend {
  giftId: number;
  count: number;
  roomId: string | null;
  toUserId: string | null;
  /** The LIVE page's '@handle' without the '@' (from the page URL), or null. */
  handle: string | null;
}

/** A send the tap let through, counted under the rules that covered it (their `countKey`s). */
export interface Passed {
  at: number;
  coins: number;
  keys: string[];
}

export type Decision =
  /** `keys`: where the send counts once it leaves (empty: no rule covers it). */
  | { kind: 'go'; keys: string[] }
  | { kind: 'confirm' | 'block'; keys: string[]; ruleIds: string[] };

const UNCOVERED: Decision = { kind: 'go', keys: [] };

export function covers(rule: GuardRule, send: GateSend): boolean {
  if (rule.scope !== 'creator') return true;
  const keys = rule.creators;
  if (!keys) return false;
  const handle = send.handle === null ? null : '@' + send.handle;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if ((send.toUserId !== null && key === send.toUserId) || (handle !== null && key === handle)) return true;
  }
  return false;
}

/** Where a send counts under `rule`: per room for `live` rules, else the rule as a whole. */
export function countKey(rule: GuardRule, roomId: string | null): string {
  return rule.scope === 'live' ? rule.id + '|' + (roomId === null ? '' : roomId) : rule.id;
}

/** What `rule` has left for a send in `roomId`, before what the tap let through. */
export function ruleLeft(rule: GuardRule, roomId: string | null): number {
  const room = rule.scope === 'live' && roomId !== null && rule.rooms ? rule.rooms[roomId] : undefined;
  return typeof room === 'number' ? room : rule.left;
}

/** Coins let through under `key` after `spentThrough` (older sends are in the state's own figures already). */
export function letThrough(passed: readonly Passed[], key: string, spentThrough: number): number {
  let sum = 0;
  for (let i = 0; i < passed.length; i++) {
    const p = passed[i]!;
    if (p.at <= spentThrough) continue;
    for (let k = 0; k < p.keys.length; k++) if (p.keys[k] === key) sum += p.coins;
  }
  return sum;
}

/**
 * `coins`: unit price × count, null when the price is unknown. `inStreak`: a Confirm of this gift to this creator is
 * still open (the caller keeps the streaks; see STREAK_WINDOW_MS).
 */
export function decide(state: GuardState, send: GateSend, coins: number | null, passed: readonly Passed[], inStreak: boolean): Decision {
  const rules = state.rules;
  if (rules.length === 0) return UNCOVERED;
  const keys: string[] = [];
  const blocked: string[] = [];
  const asked: string[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!covers(rule, send)) continue;
    const key = countKey(rule, send.roomId);
    keys[keys.length] = key;
    const left = ruleLeft(rule, send.roomId) - letThrough(passed, key, state.spentThrough);
    const crosses = left <= 0 || (coins !== null && coins > left);
    if (rule.action === 'block' && crosses) blocked[blocked.length] = rule.id;
    else if (crosses || coins === null) asked[asked.length] = rule.id;
  }
  if (blocked.length) return { kind: 'block', keys, ruleIds: blocked };
  if (asked.length && !inStreak) return { kind: 'confirm', keys, ruleIds: asked };
  return { kind: 'go', keys };
}

/** Sends of the same gift to the same creator (else the same room) form one streak. */
export function streakKey(send: GateSend): string {
  return send.giftId + '|' + (send.toUserId ?? (send.handle === null ? '' : '@' + send.handle)) + '|' + (send.roomId ?? '');
}
