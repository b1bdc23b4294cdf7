/**
 * The guard state (core/guard-state.ts): after each ledger write that adds spending, each limit change, at worker
 * start-up and at each period edge, the worker computes every rule's status, turns the confirm and block rules into
 * what a tap needs to decide a send locally, and writes it to storage.local[GUARD_KEY] only when it changed (relays
 * follow storage.onChanged; a write that changes nothing would wake every relay for nothing). Then it hands the
 * statuses to an injected listener (onRefreshed: the badge, the notifications and the DNR rules plug in there) and
 * sets the `limits-edge` alarm at the next window end, so a roll-over is noticed without any write.
 */
import { compareEntries, type LotState } from '../../core/lots';
import { GUARD_KEY, type GuardRule, type GuardState } from '../../core/guard-state';
import { coinsFor } from '../../core/limit-money';
import type { LimitRule, LimitStatus } from '../../core/limits';
import { LOTS_BUILD, type CoinsightDb } from '../../platform/db';
import { creatorKeys } from '../../queries/limit-usage';
import type { LocalStorageArea } from '../handlers/settings';
import { overridesUsedIn } from './overrides';
import type { LimitClock } from './rules';
import { currentWindow, limitsNow, statusOf, type LimitsNow } from './statuses';

export const LIMITS_EDGE_ALARM = 'limits-edge';

/** Called after every refresh with every rule's status (live rules: the busiest room's), the rules and the state. */
export type OnRefreshed = (statuses: LimitStatus[], rules: LimitRule[], state: GuardState) => void | Promise<void>;

/** The slice of browser.alarms the edge alarm needs (a fake in tests). */
export interface EdgeAlarms {
  create(name: string, info: { when: number }): unknown;
  clear(name: string): unknown;
}

export interface GuardHooks {
  onRefreshed?: OnRefreshed;
  alarms?: EdgeAlarms;
}

/** The lots the next coins will be taken from, FIFO: the most recently seen account's open lots (few rows). */
async function nextLots(db: CoinsightDb): Promise<LotState[]> {
  if ((await db.builds.get(LOTS_BUILD))?.complete !== 1) return [];
  const account = (await db.accounts.orderBy('lastSeenAt').last())?.uid ?? (await db.ledger.orderBy('at').last())?.account;
  if (account === undefined) return [];
  const lots = await db.lots.where('[account+open]').equals([account, 1]).toArray();
  return lots.sort(compareEntries);
}

/** Coins a rule still allows: its own units for coin caps; a money allowance at the next coins' prices. */
async function coinsLeft(rule: LimitRule, status: Pick<LimitStatus, 'cap' | 'used'>, context: LimitsNow, lots: () => Promise<LotState[]>): Promise<number> {
  const left = status.cap - status.used;
  if (rule.cap.kind === 'coins') return left;
  if (left <= 0) return left === 0 ? 0 : -1;
  const bought = coinsFor(left, await lots(), await context.reader.pricing(rule.cap.money.currency));
  return bought?.coins ?? 0; // unpriceable: allow nothing (fail closed, as the usage read does)
}

async function guardRule(rule: LimitRule & { action: 'confirm' | 'block' }, status: LimitStatus, context: LimitsNow, db: CoinsightDb, lots: () => Promise<LotState[]>): Promise<GuardRule> {
  const window = currentWindow(rule, context);
  const used = await overridesUsedIn(db, rule.id, window);
  const guard: GuardRule = {
    id: rule.id, action: rule.action, scope: rule.scope.kind, left: 0, cap: rule.cap, period: rule.period.kind, resetsAt: status.resetsAt,
    overridesLeft: Math.max(0, rule.overridesPerPeriod - used), confirmDelaySeconds: rule.confirmDelaySeconds,
  };
  if (rule.scope.kind === 'creator') guard.creators = creatorKeys(rule);
  if (rule.scope.kind !== 'live') {
    guard.left = await coinsLeft(rule, status, context, lots);
    return guard;
  }
  // A room not listed has the whole (carried-over) cap; each room with spending this window has what it left.
  guard.left = await coinsLeft(rule, { cap: status.cap, used: 0 }, context, lots);
  const rooms: Record<string, number> = {};
  for (const roomId of (await context.reader.roomCoins(window)).keys()) {
    rooms[roomId] = await coinsLeft(rule, await statusOf(rule, context, roomId), context, lots);
  }
  guard.rooms = rooms;
  return guard;
}

const isHolding = (rule: LimitRule): rule is LimitRule & { action: 'confirm' | 'block' } => rule.action !== 'warn';

/** Computes the state from scratch (no cached figures: the worker may have been restarted since the last one). */
export async function computeGuards(db: CoinsightDb, context: LimitsNow): Promise<{ statuses: LimitStatus[]; state: GuardState }> {
  const statuses = await Promise.all(context.rules.map((rule) => statusOf(rule, context)));
  let lotsRead: Promise<LotState[]> | null = null;
  const lots = () => (lotsRead ??= nextLots(db));
  const rules: GuardRule[] = [];
  for (const [index, rule] of context.rules.entries()) {
    if (isHolding(rule)) rules.push(await guardRule(rule, statuses[index]!, context, db, lots));
  }
  const spentThrough = context.rules.length ? await context.reader.spentThrough() : 0;
  return { statuses, state: { v: 1, madeAt: context.now, spentThrough, rules } };
}

/** The same state, ignoring when it was made. */
function sameState(a: unknown, b: GuardState): boolean {
  if (typeof a !== 'object' || a === null) return false;
  return JSON.stringify({ ...(a as GuardState), madeAt: 0 }) === JSON.stringify({ ...b, madeAt: 0 });
}

/** Recomputes, writes the state if it changed, re-arms the edge alarm and tells the listener. Returns the state. */
export async function refreshGuards(db: CoinsightDb, storage: Pick<LocalStorageArea, 'get' | 'set' | 'remove'>, clock: LimitClock, hooks: GuardHooks = {}): Promise<GuardState> {
  const context = await limitsNow(db, storage, clock);
  const { statuses, state } = await computeGuards(db, context);
  const stored = (await storage.get(GUARD_KEY))[GUARD_KEY];
  // No limits at all: no state either (relays and enforcement read a missing one as NO_GUARD), so a person without
  // limits, or one who deleted all data, has nothing of it stored. With only warn limits the state holds no rule but is
  // still written: its `spentThrough` moves with each send, which is what tells the pages' strips to read again.
  if (context.rules.length === 0) {
    if (stored !== undefined) await storage.remove(GUARD_KEY);
  } else if (!sameState(stored, state)) await storage.set({ [GUARD_KEY]: state });
  if (hooks.alarms) {
    const nextEdge = Math.min(...statuses.map((status) => status.resetsAt));
    // Alarms run on the browser's clock; `now()` may be a test build's moved one: arm it as far ahead as the edge is.
    if (Number.isFinite(nextEdge)) await hooks.alarms.create(LIMITS_EDGE_ALARM, { when: Date.now() + Math.max(0, nextEdge - clock.now()) });
    else await hooks.alarms.clear(LIMITS_EDGE_ALARM);
  }
  await hooks.onRefreshed?.(statuses, context.rules, state);
  return state;
}

/**
 * One refresh at a time, and at most one more after it: a burst of writes (a streak of gifts) costs two refreshes,
 * not one per write, and never runs inside the writer's transaction. Failures are logged; the next trigger retries.
 */
export function coalesced(run: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async (): Promise<void> => {
    try {
      do {
        again = false;
        await run().catch((error: unknown) => console.warn('Coinsight: the limits could not be refreshed; the next write retries', error));
      } while (again);
    } finally {
      running = null;
    }
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };
}
