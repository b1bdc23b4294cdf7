/**
 * Notes which creator's LIVE each tab shows, and since when (core/live-visit.ts), in storage.session: one key per tab,
 * cleared when the tab leaves the LIVE or closes, and by the browser when the session ends. The popup reads it for
 * "this LIVE". The URL comes from the browser's tab events, which report the web app's client-side moves too, so the
 * content scripts (at their size budget) carry nothing for it.
 */
import { asLiveVisit, liveVisitKey, nextLiveVisit } from '../core/live-visit';

/** The slice of storage.session used here (a fake in tests). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** One read-then-write at a time per tab: a page load's events arrive in a burst, and the last URL must win. */
const queues = new Map<number, Promise<void>>();

function serialized(tabId: number, step: () => Promise<void>): Promise<void> {
  const next = (queues.get(tabId) ?? Promise.resolve()).then(step, step);
  const settled = next.catch((error: unknown) => console.warn('Coinsight: could not note the LIVE a tab shows', error));
  queues.set(tabId, settled);
  void settled.then(() => {
    if (queues.get(tabId) === settled) queues.delete(tabId);
  });
  return settled;
}

/** The tab now shows `url` (undefined: a page the extension may not read, so not a TikTok LIVE). */
export function noteTabUrl(storage: SessionArea, tabId: number, url: string | undefined, now: () => number): Promise<void> {
  return serialized(tabId, async () => {
    const key = liveVisitKey(tabId);
    const previous = asLiveVisit((await storage.get(key))[key]);
    const next = nextLiveVisit(previous, url, now());
    if (next === previous) return;
    if (next) await storage.set({ [key]: next });
    else await storage.remove(key);
  });
}

export function forgetTab(storage: SessionArea, tabId: number): Promise<void> {
  return serialized(tabId, () => storage.remove(liveVisitKey(tabId)));
}

/**
 * tabs.onUpdated: acts on a new URL (page loads and history moves) and on the start of a load (a move to a page the
 * extension cannot read reports no URL at all, only `status`). Title, favicon and sound changes are ignored at once.
 */
export function onTabUpdated(storage: SessionArea, now: () => number) {
  return (tabId: number, change: { url?: string; status?: string }, tab: { url?: string }): Promise<void> | undefined => {
    if (change.url === undefined && change.status !== 'loading') return undefined;
    return noteTabUrl(storage, tabId, tab.url ?? change.url, now);
  };
}
