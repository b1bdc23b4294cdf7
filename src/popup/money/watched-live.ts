/**
 * The LIVE the popup opened over: the tab it is about (core/live-visit.ts viewedTab), that tab's creator from its URL
 * (readable for www.tiktok.com tabs through the host permission), and the visit the worker noted for that tab.
 */
import { asLiveVisit, liveHandleOf, liveVisitKey, viewedTab, type LiveVisit } from '../../core/live-visit';
import { browser } from '../../platform/browser';

export interface WatchedLive {
  handle: string;
  /** null when the worker did not see the tab enter (open since before Coinsight started, or a stale note). */
  visit: LiveVisit | null;
}

export async function watchedLive(): Promise<WatchedLive | null> {
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  // undefined in the toolbar popup; the popup's own tab when it was opened as a page (as the end-to-end tests do): then
  // the tab used just before it, in any window (a test driver may give each page a window of its own).
  const self = await browser.tabs.getCurrent();
  const tab = self && active?.id === self.id ? viewedTab(active, self, await browser.tabs.query({})) : active;
  const handle = liveHandleOf(tab?.url);
  if (!handle || tab?.id === undefined) return null;
  const key = liveVisitKey(tab.id);
  const visit = asLiveVisit((await browser.storage.session.get(key))[key]);
  return { handle, visit: visit?.handle === handle ? visit : null };
}
