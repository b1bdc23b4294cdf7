/**
 * Enforcement of an all-scope block (issue 9, item 4): declarativeNetRequest rules, which no page script can undo.
 * When a rule of scope 'all' with action 'block' has nothing left, the gift-send endpoint and the coin purchase are
 * blocked until the window ends: sends fail at the network (the page sees a network error and carries on), `/coin`
 * opens Coinsight's explanation instead (src/blocked/), and the recharge order endpoints are refused while the balance
 * reading stays allowed (the ledger needs it). Per-creator and per-LIVE blocks are the tap's (no URL reveals them).
 *
 * The rules are a function of the stored guard state and the clock: `applyGuardRules` sets exactly the rules that
 * should exist (fixed ids) and removes them otherwise, so calling it again, at every start-up or after any change, is
 * always safe. A rule whose window has ended blocks nothing even when the stored state was not refreshed yet.
 */
import { NO_GUARD, type GuardRule, type GuardState } from '../../core/guard-state';

/** A declarativeNetRequest rule, as much of it as Coinsight writes (both browsers accept this shape). */
export interface DnrRule {
  id: number;
  priority: number;
  action: { type: 'block' | 'allow' | 'redirect'; redirect?: { extensionPath: string } };
  condition: { urlFilter: string; resourceTypes: string[]; tabIds?: number[] };
}

export interface DnrApi {
  getDynamicRules(): Promise<DnrRule[]>;
  updateDynamicRules(options: { removeRuleIds?: number[]; addRules?: DnrRule[] }): Promise<void>;
  getSessionRules(): Promise<DnrRule[]>;
  updateSessionRules(options: { removeRuleIds?: number[]; addRules?: DnrRule[] }): Promise<void>;
}

export interface EnforceAlarms {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
  get(name: string): Promise<{ name: string; scheduledTime: number } | undefined>;
}

/** What enforcement needs of the browser: `browser.declarativeNetRequest` and `browser.alarms`. */
export interface EnforceApi {
  declarativeNetRequest: DnrApi;
  alarms: EnforceAlarms;
}

/** The extension page `/coin` is sent to (web-accessible to www.tiktok.com: a redirect needs it). */
export const BLOCKED_PAGE = 'src/blocked/index.html';
/** Fires when the earliest blocking window ends: the worker re-asserts the rules then. */
export const RESET_ALARM = 'limits-block-reset';
/** One alarm per one-send allowance, `limits-allow:<session rule id>`, at the allowance's end. */
export const ALLOW_ALARM_PREFIX = 'limits-allow:';
export const ALLOWANCE_MS = 60_000;

const GIFT_SEND = '||tiktok.com/webcast/gift/send^';
const API_TYPES = ['xmlhttprequest', 'other'];

/** Fixed ids: the block's dynamic rules are 901–905; one-send allowances are session rules 910–999. */
export const BLOCK_RULE_IDS = { giftSend: 901, wallet: 902, walletBalance: 903, coinPage: 904, coinEndResult: 905 } as const;
const BLOCK_IDS = new Set<number>(Object.values(BLOCK_RULE_IDS));
const ALLOW_IDS = { first: 910, last: 999 };

/** The dynamic rules of a block of everything. */
export function blockRules(): DnrRule[] {
  return [
    { id: BLOCK_RULE_IDS.giftSend, priority: 1, action: { type: 'block' }, condition: { urlFilter: GIFT_SEND, resourceTypes: API_TYPES } },
    // The recharge orders live under wallet_api; the balance reading there is how the ledger sees the balance.
    { id: BLOCK_RULE_IDS.wallet, priority: 1, action: { type: 'block' }, condition: { urlFilter: '||tiktok.com/webcast/wallet_api/', resourceTypes: API_TYPES } },
    { id: BLOCK_RULE_IDS.walletBalance, priority: 2, action: { type: 'allow' }, condition: { urlFilter: '||tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2^', resourceTypes: API_TYPES } },
    { id: BLOCK_RULE_IDS.coinPage, priority: 1, action: { type: 'redirect', redirect: { extensionPath: `/${BLOCKED_PAGE}` } }, condition: { urlFilter: '||www.tiktok.com/coin^', resourceTypes: ['main_frame'] } },
    // A payment started before the block ends on /coin/end-result: the money is gone by then, and that page is
    // how Coinsight records the purchase, so it is never sent away.
    { id: BLOCK_RULE_IDS.coinEndResult, priority: 2, action: { type: 'allow' }, condition: { urlFilter: '||www.tiktok.com/coin/end-result^', resourceTypes: ['main_frame'] } },
  ];
}

/** The rules of `state` that block everything at `now`: scope all, action block, nothing left, window not over. */
export function blockingRules(state: GuardState, now: number): GuardRule[] {
  return state.rules.filter((rule) => rule.scope === 'all' && rule.action === 'block' && rule.left <= 0 && rule.resetsAt > now);
}

export interface Enforcement {
  /** Whether the block is on. */
  blocked: boolean;
  /** When the earliest blocking window ends (epoch ms, worker clock); null when nothing blocks. */
  until: number | null;
}

/**
 * Sets exactly the dynamic rules `state` calls for at `now` (worker clock) and the alarm that lifts them. The alarm
 * runs on the browser's clock (`wallNow`), so it is set at the same distance from it as resetsAt is from `now`.
 */
export async function applyGuardRules(state: GuardState, api: EnforceApi, now: number, wallNow = Date.now()): Promise<Enforcement> {
  const blocking = blockingRules(state, now);
  const wanted = blocking.length > 0 ? blockRules() : [];
  const present = (await api.declarativeNetRequest.getDynamicRules()).filter((rule) => BLOCK_IDS.has(rule.id));
  if (!sameRules(present, wanted)) {
    await api.declarativeNetRequest.updateDynamicRules({ removeRuleIds: present.map((rule) => rule.id), addRules: wanted });
  }
  if (blocking.length === 0) {
    await api.alarms.clear(RESET_ALARM);
    return { blocked: false, until: null };
  }
  const until = Math.min(...blocking.map((rule) => rule.resetsAt));
  await api.alarms.create(RESET_ALARM, { when: wallNow + (until - now) });
  return { blocked: true, until };
}

/** True when `present` holds each wanted rule with the same fields (the browser may add defaults of its own). */
function sameRules(present: DnrRule[], wanted: DnrRule[]): boolean {
  if (present.length !== wanted.length) return false;
  return wanted.every((rule) => {
    const found = present.find((candidate) => candidate.id === rule.id);
    return found !== undefined && contains(found, rule);
  });
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => contains(actual[i], item));
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(expected).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
  }
  return actual === expected;
}

/**
 * Lets gift sends from one tab through the block for ALLOWANCE_MS: a session rule that outranks the block, removed by
 * its alarm (or, if the worker or browser missed it, at the next start-up: liftExpiredAllowances). Called when an
 * override is granted while the block is on. `wallNow` is the browser's clock, which alarms run on.
 */
export async function allowOneSend(tabId: number, api: EnforceApi, wallNow = Date.now()): Promise<number> {
  const present = (await api.declarativeNetRequest.getSessionRules()).filter(isAllowance);
  const same = present.find((rule) => rule.condition.tabIds?.includes(tabId));
  const taken = new Set(present.map((rule) => rule.id));
  let id = same?.id ?? ALLOW_IDS.first;
  while (!same && taken.has(id)) id++;
  if (id > ALLOW_IDS.last) throw new Error('too many one-send allowances at once');
  await api.declarativeNetRequest.updateSessionRules({
    removeRuleIds: same ? [id] : [],
    addRules: [{ id, priority: 3, action: { type: 'allow' }, condition: { urlFilter: GIFT_SEND, resourceTypes: API_TYPES, tabIds: [tabId] } }],
  });
  await api.alarms.create(`${ALLOW_ALARM_PREFIX}${id}`, { when: wallNow + ALLOWANCE_MS });
  return id;
}

/** Removes the allowance an alarm named `limits-allow:<id>` was for. */
export async function endAllowance(alarmName: string, api: EnforceApi): Promise<void> {
  const id = Number(alarmName.slice(ALLOW_ALARM_PREFIX.length));
  if (!Number.isInteger(id) || id < ALLOW_IDS.first || id > ALLOW_IDS.last) return;
  await api.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id] });
  await api.alarms.clear(alarmName);
}

/**
 * The tab's allowance has been used (its override's send was recorded): removes it at once, so the tab sends no
 * second gift past the block in the rest of its minute. Returns how many allowances (of other tabs) remain.
 */
export async function endAllowanceOfTab(tabId: number, api: EnforceApi): Promise<number> {
  const allowances = (await api.declarativeNetRequest.getSessionRules()).filter(isAllowance);
  const rule = allowances.find((held) => held.condition.tabIds?.includes(tabId));
  if (rule) await endAllowance(`${ALLOW_ALARM_PREFIX}${rule.id}`, api);
  return allowances.length - (rule ? 1 : 0);
}

/** At start-up: removes every allowance whose time is up or whose alarm is gone (so it could never be removed). */
export async function liftExpiredAllowances(api: EnforceApi, wallNow = Date.now()): Promise<number[]> {
  const lifted: number[] = [];
  for (const rule of (await api.declarativeNetRequest.getSessionRules()).filter(isAllowance)) {
    const alarm = await api.alarms.get(`${ALLOW_ALARM_PREFIX}${rule.id}`);
    if (!alarm || alarm.scheduledTime <= wallNow) lifted.push(rule.id);
  }
  if (lifted.length > 0) {
    await api.declarativeNetRequest.updateSessionRules({ removeRuleIds: lifted });
    for (const id of lifted) await api.alarms.clear(`${ALLOW_ALARM_PREFIX}${id}`);
  }
  return lifted;
}

function isAllowance(rule: DnrRule): boolean {
  return rule.id >= ALLOW_IDS.first && rule.id <= ALLOW_IDS.last;
}

/**
 * The stored guard state, as far as enforcement needs it; anything damaged reads as no guard (nothing blocked): a
 * block is then still enforced by the tap from the next state the worker writes.
 */
export function guardFromStorage(value: unknown): GuardState {
  if (typeof value !== 'object' || value === null) return NO_GUARD;
  const state = value as Partial<GuardState>;
  if (state.v !== 1 || !Array.isArray(state.rules)) return NO_GUARD;
  const rules = state.rules.filter((rule): rule is GuardRule =>
    typeof rule === 'object' && rule !== null && typeof rule.id === 'string' && typeof rule.left === 'number'
    && typeof rule.resetsAt === 'number' && (rule.scope === 'all' || rule.scope === 'creator' || rule.scope === 'live')
    && (rule.action === 'block' || rule.action === 'confirm'));
  return { v: 1, madeAt: Number(state.madeAt) || 0, spentThrough: Number(state.spentThrough) || 0, rules };
}
