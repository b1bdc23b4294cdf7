/**
 * The gate: decides each gift send before it reaches the network, from the guard state the relay hands over
 * (RelayMessage `guard`), at once and without leaving the page (core/guard-decision.ts). With no rule in the state the
 * only cost is one length check. A held send is posted to the relay (`hold`), which asks the user and answers with a
 * `verdict`; until then the request has not left. The page shares this world: the gate is friction, the worker's
 * declarativeNetRequest rules are the enforcement (DESIGN.md, "Limits and guards").
 *
 * Runs in the page's world: only built-ins taken at document_start (builtins-core.ts), index loops, objects without a
 * prototype. Never throws into the page: a failure to decide lets the send go.
 */
import { STREAK_WINDOW_MS, decide, streakKey, type GateSend, type Passed } from '../../core/guard-decision';
import type { GuardRule, GuardState } from '../../core/guard-state';
import { Params, Url, isArray, nullObject, paramsGet, parseBare, toNumber, urlSearch } from './builtins-core';

export interface GateDeps {
  post(message: object): void;
  now(): number;
  /** The LIVE page's handle (no '@'), or null on any other page. */
  pageHandle(): string | null;
  pageUrl(): string;
}

/** A send waiting for the relay's verdict, and the sends of the same streak that came while it waited. */
interface Hold {
  id: number;
  kind: 'confirm' | 'block';
  key: string;
  keys: string[];
  coins: number | null;
  go(): void;
  fail(): void;
  message: object;
  waiting: { url: string; body: string | null; go(): void; fail(): void }[];
}

export interface Gate {
  /** Whether any rule could hold a send: the one check on the common path. */
  readonly active: () => boolean;
  /**
   * Decides a gift send. True: it leaves now (the caller sends it as it would have). False: held; exactly one of
   * `go` (send it now) or `fail` (fail it as a network failure would) is called later.
   */
  admit(url: string, body: string | null, go: () => void, fail: () => void): boolean;
  /** A message string from the relay (RelayMessage); anything else is ignored. */
  receive(raw: unknown): void;
  /** The holds still waiting, for a relay that connects later (one injected after an update). */
  waiting(): object[];
}

const MAX_RULES = 100;
const MAX_PRICES = 10_000;
const MAX_PASSED = 2_000;

export function createGate(deps: GateDeps): Gate {
  let state: GuardState = { v: 1, madeAt: 0, spentThrough: 0, rules: [] };
  let prices = nullObject(null);
  let passed: Passed[] = [];
  const streaks = nullObject(null) as Record<string, number>;
  const holds = nullObject(null) as Record<string, Hold>;
  const holdByStreak = nullObject(null) as Record<string, Hold>;
  let nextId = 1;

  function pass(keys: string[], coins: number | null, key: string, at: number): void {
    if (keys.length === 0) return;
    // Unknown price: counted as 0; the worker's next state counts it once the ledger has it.
    if (passed.length >= MAX_PASSED) passed = [];
    passed[passed.length] = { at, coins: coins ?? 0, keys };
    if ((streaks[key] ?? 0) >= at) streaks[key] = at + STREAK_WINDOW_MS;
  }

  function admit(url: string, body: string | null, go: () => void, fail: () => void): boolean {
    if (state.rules.length === 0) return true;
    try {
      const send = readSend(url, body, deps.pageHandle());
      const key = streakKey(send);
      const pending = holdByStreak[key];
      if (pending) {
        // A streak is one decision: these wait for the answer to its first send.
        pending.waiting[pending.waiting.length] = { url, body, go, fail };
        return false;
      }
      const unit = prices[send.giftId];
      const coins = typeof unit === 'number' ? unit * send.count : null;
      const at = deps.now();
      const decision = decide(state, send, coins, passed, (streaks[key] ?? 0) >= at);
      if (decision.kind === 'go') {
        pass(decision.keys, coins, key, at);
        return true;
      }
      const id = nextId++;
      const message = {
        __proto__: null, v: 1, kind: 'hold', id,
        send: { __proto__: null, ...send, handle: undefined, coins, pageUrl: deps.pageUrl(), ruleIds: decision.ruleIds, at },
      };
      const hold: Hold = { id, kind: decision.kind, key, keys: decision.keys, coins, go, fail, message, waiting: [] };
      holds[id] = holdByStreak[key] = hold;
      deps.post(message);
      return false;
    } catch {
      return true;
    }
  }

  function settle(hold: Hold, go: boolean): void {
    delete holds[hold.id];
    delete holdByStreak[hold.key];
    const at = deps.now();
    if (go) {
      // A Confirm opens the streak; an override of a block lifts it for this one send only.
      if (hold.kind === 'confirm') streaks[hold.key] = at;
      pass(hold.keys, hold.coins, hold.key, at);
      hold.go();
    } else hold.fail();
    const waiting = hold.waiting;
    for (let i = 0; i < waiting.length; i++) {
      const w = waiting[i]!;
      if (!go) w.fail();
      else if (admit(w.url, w.body, w.go, w.fail)) w.go();
    }
  }

  function receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    try {
      const message = parseBare(raw) as Record<string, unknown> | null;
      if (message === null || typeof message !== 'object' || message.v !== 1) return;
      if (message.kind === 'verdict') {
        const hold = typeof message.id === 'number' ? holds[message.id] : undefined;
        if (hold && typeof message.go === 'boolean') settle(hold, message.go);
      } else if (message.kind === 'guard') {
        const next = readGuard(message.state);
        const table = readPrices(message.prices);
        if (!next || !table) return; // a damaged state changes nothing
        state = next;
        prices = table;
        const kept: Passed[] = [];
        for (let i = 0; i < passed.length; i++) if (passed[i]!.at > next.spentThrough) kept[kept.length] = passed[i]!;
        passed = kept;
      }
    } catch {
      // not ours to break on
    }
  }

  function waiting(): object[] {
    const list: object[] = [];
    for (const id in holds) list[list.length] = holds[id]!.message;
    return list;
  }

  return { active: () => state.rules.length > 0, admit, receive, waiting };
}

type Bare = Record<string, unknown>;
const isBare = (value: unknown): value is Bare => value !== null && typeof value === 'object' && !isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && value === value;

function readRule(value: unknown): GuardRule | null {
  if (!isBare(value) || typeof value.id !== 'string' || !isNumber(value.left)) return null;
  if (value.action !== 'confirm' && value.action !== 'block') return null;
  if (value.scope !== 'all' && value.scope !== 'creator' && value.scope !== 'live') return null;
  const creators = value.creators;
  if (creators !== undefined) {
    if (!isArray(creators)) return null;
    for (let i = 0; i < creators.length; i++) if (typeof creators[i] !== 'string') return null;
  }
  if (value.rooms !== undefined && !isBare(value.rooms)) return null; // each room's figure is checked where it is read
  return value as unknown as GuardRule;
}

export function readGuard(value: unknown): GuardState | null {
  if (!isBare(value) || value.v !== 1 || !isNumber(value.spentThrough) || !isArray(value.rules) || value.rules.length > MAX_RULES) return null;
  const rules: GuardRule[] = [];
  for (let i = 0; i < value.rules.length; i++) {
    const rule = readRule(value.rules[i]);
    if (!rule) return null;
    rules[i] = rule;
  }
  return { v: 1, madeAt: isNumber(value.madeAt) ? value.madeAt : 0, spentThrough: value.spentThrough, rules };
}

function readPrices(value: unknown): Record<string, unknown> | null {
  if (!isArray(value) || value.length > MAX_PRICES) return null;
  const table = nullObject(null);
  for (let i = 0; i < value.length; i++) {
    const pair = value[i];
    if (isArray(pair) && isNumber(pair[0]) && isNumber(pair[1]) && pair[1] >= 0) table[pair[0]] = pair[1];
  }
  return table;
}

/**
 * Fields of the form-urlencoded body (what TikTok sends), else of the query, each string parsed once. A JSON body
 * (which the relay's parser tolerates) reads as having no fields here: the gift is then unknown and the gate asks
 * (see guard-decision.ts).
 */
export function readSend(url: string, body: string | null, handle: string | null): GateSend {
  const form = body !== null && body[0] !== '{' ? new Params(body) : null;
  let query: URLSearchParams | null = null;
  const field = (name: string): string | null =>
    (form && paramsGet(form, name)) ?? paramsGet(query ??= new Params(urlSearch(new Url(url))), name);
  const giftId = toNumber(field('gift_id') ?? NaN);
  const count = toNumber(field('count') ?? 1);
  return {
    giftId: giftId === giftId ? giftId : -1,
    count: count >= 1 && count <= 100_000 && count % 1 === 0 ? count : 1,
    roomId: field('room_id'),
    toUserId: field('to_user_id'),
    handle,
  };
}
