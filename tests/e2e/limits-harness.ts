/**
 * Limits in the real browsers (Chromium and Firefox alike): run from an extension page of the *test* build
 * (`withChromium(…, { build: 'test' })`), these put a limit in place, move the test clock and read what the browser
 * enforces and shows. A limit is put in place as a user puts it: through the worker's door (`saveLimit`, the message the
 * options editor sends), and the worker computes the guard state, the block rules and the badge from it.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { GUARD_KEY, type GuardState } from '../../src/core/guard-state';
import type { LimitRule } from '../../src/core/limits';
import type { LimitsView } from '../../src/platform/protocol';
import { TEST_CLOCK_KEY } from '../../src/platform/test-clock';
import { waitFor, type FakeTikTok } from './harness';

/** An extension page in either browser (Playwright's or Puppeteer's page: both evaluate a function with one argument). */
export type ExtensionPage = PlaywrightPage | PuppeteerPage;
interface Evaluating { evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> }
const inPage = <R, A>(page: ExtensionPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => (page as unknown as Evaluating).evaluate(fn, arg);

interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> };
  storage: { local: { set(items: Record<string, unknown>): Promise<void>; get(key: string): Promise<Record<string, unknown>> } };
  declarativeNetRequest: { getDynamicRules(): Promise<{ id: number }[]> };
  action: { getBadgeText(details: object): Promise<string>; getBadgeBackgroundColor(details: object): Promise<number[]> };
}
/** In the page: Firefox's `browser`, else Chrome's `chrome` (both return promises in MV3). */
declare const browser: ExtensionApi | undefined;
declare const chrome: ExtensionApi;

export const BLOCK_RULE_COUNT = 5;

/** A limit as the editor would make it: weekly, all spending, 100 coins, block, unless `fields` say otherwise. */
export function limitRule(fields: Partial<LimitRule> = {}): LimitRule {
  return {
    id: crypto.randomUUID(), scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 100 }, action: 'block',
    carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0, ...fields,
  };
}

/** Sends one protocol message from an extension page (either browser) and returns its reply. */
export function sendFromPage(page: ExtensionPage, type: string, payload: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  return inPage(page, ([t, p]) => (typeof browser === 'undefined' ? chrome : browser).runtime.sendMessage({ type: t, payload: p }), [type, payload] as const);
}

/**
 * Saves `rule` through the worker's door (what the options editor does) and waits until the guard state the worker
 * computes holds it (confirm and block rules) or, for a warn rule, until the worker lists it. Returns the worker's view.
 */
export async function saveLimit(page: ExtensionPage, rule: LimitRule): Promise<LimitsView> {
  const reply = await sendFromPage(page, 'limits/save', { rule });
  if (!reply.ok) throw new Error(`the worker refused the limit: ${reply.error}`);
  if (rule.action !== 'warn') {
    await waitFor('the guard state holds the limit', async () => {
      const state = (await inPage(page, (key) => (typeof browser === 'undefined' ? chrome : browser).storage.local.get(key), GUARD_KEY))[GUARD_KEY] as GuardState | undefined;
      return state?.rules.some((held) => held.id === rule.id) ? true : null;
    });
  }
  return reply.value as LimitsView;
}

/** What the worker's guard state says `ruleId` has left (coins), or null while the state does not hold it. */
export async function guardLeft(page: ExtensionPage, ruleId: string): Promise<number | null> {
  const state = (await inPage(page, (key) => (typeof browser === 'undefined' ? chrome : browser).storage.local.get(key), GUARD_KEY))[GUARD_KEY] as GuardState | undefined;
  return state?.rules.find((rule) => rule.id === ruleId)?.left ?? null;
}

/** Moves the test build's clock `offsetMs` ahead of the real one (every context follows it through storage). */
export async function setTestClock(page: ExtensionPage, offsetMs: number): Promise<void> {
  await inPage(page, ([key, value]) => (typeof browser === 'undefined' ? chrome : browser).storage.local.set({ [key]: value }), [TEST_CLOCK_KEY, offsetMs] as const);
}

/** The ids of the extension's dynamic declarativeNetRequest rules. */
export function dynamicRuleIds(page: ExtensionPage): Promise<number[]> {
  return inPage(page, async () => (await (typeof browser === 'undefined' ? chrome : browser).declarativeNetRequest.getDynamicRules()).map((rule) => rule.id).sort(), null);
}

/** The toolbar badge as the browser shows it: text and background colour as [r, g, b, a]. */
export function readBadge(page: ExtensionPage): Promise<{ text: string; colour: number[] }> {
  return inPage(page, async () => {
    const api = typeof browser === 'undefined' ? chrome : browser;
    return { text: await api.action.getBadgeText({}), colour: await api.action.getBadgeBackgroundColor({}) };
  }, null);
}

/** The guard state the worker last wrote (storage.local), or undefined before its first. */
export async function readGuard(page: ExtensionPage): Promise<GuardState | undefined> {
  return (await inPage(page, (key) => (typeof browser === 'undefined' ? chrome : browser).storage.local.get(key), GUARD_KEY))[GUARD_KEY] as GuardState | undefined;
}

/** Waits until the worker's guard state satisfies `ok` (it recomputes after each recorded send); returns that state. */
export function waitForGuard(page: ExtensionPage, what: string, ok: (state: GuardState) => boolean): Promise<GuardState> {
  return waitFor(`the guard state: ${what}`, async () => {
    const state = await readGuard(page);
    return state && ok(state) ? state : null;
  });
}

/** Waits until the browser's block of everything (the DNR rules) is on or off. */
export async function waitForBlock(page: ExtensionPage, on: boolean): Promise<void> {
  await waitFor(`the block rules ${on ? 'on' : 'off'}`, async () => ((await dynamicRuleIds(page)).length === (on ? BLOCK_RULE_COUNT : 0)));
}

/** The ids of the extension's session declarativeNetRequest rules (an override's one-send allowance is one). */
export function sessionRuleIds(page: ExtensionPage): Promise<number[]> {
  return inPage(page, async () => {
    const dnr = (typeof browser === 'undefined' ? chrome : browser).declarativeNetRequest as unknown as { getSessionRules(): Promise<{ id: number }[]> };
    return (await dnr.getSessionRules()).map((rule) => rule.id).sort();
  }, null);
}

/** How many gift-send requests reached the stand-in's server, whatever their answer (it logs every request). */
export function giftSendRequests(site: FakeTikTok): number {
  return (site.state as unknown as { requests: { path: string }[] }).requests.filter((request) => request.path.startsWith('/webcast/gift/send')).length;
}

/**
 * What a page script can do that Coinsight's tap never sees: a gift send by the fetch of a fresh about:blank frame
 * (content scripts run in the top frame only), so only the browser's own rules stand in its way. 'sent' when the
 * request got any answer, 'network-error' when the browser stopped it.
 */
export function sendPastTheTap(page: ExtensionPage, roomId: string): Promise<'sent' | 'network-error'> {
  return inPage(page, async (room) => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const unhooked = (frame.contentWindow as unknown as { fetch: typeof fetch }).fetch;
      await unhooked(`https://webcast.tiktok.com/webcast/gift/send/?aid=1988&room_id=${room}`, {
        method: 'POST', body: new URLSearchParams({ gift_id: '5655', room_id: room, count: '1' }),
      });
      return 'sent' as const;
    } catch {
      return 'network-error' as const;
    } finally {
      frame.remove();
    }
  }, roomId);
}

/** The in-page limits strip's words on a TikTok page (LIVE or /coin), or null while it shows none. */
export function limitStripText(page: ExtensionPage): Promise<string | null> {
  return inPage(page, () => document.querySelector('coinsight-limits')?.shadowRoot?.textContent ?? null, null);
}
