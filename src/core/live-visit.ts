/**
 * "The LIVE being watched now": which creator's LIVE a tab shows and since when. The worker notes it from the tab's
 * URL as the browser reports it (page loads and the web app's client-side moves alike, `/@handle/live`), so the
 * content scripts carry nothing for it; the popup then sums that creator's gifts since the visit began.
 */
import type { GiftEntry, LedgerEntry } from './ledger';

export interface LiveVisit {
  /** The creator's handle as the URL names it, decoded (as the relay names a gift's creator). */
  handle: string;
  /** Epoch ms when the tab entered that LIVE. */
  enteredAt: number;
}

/** storage.session key of a tab's visit: one key per tab, so two tabs' events never overwrite each other. */
export const LIVE_VISIT_PREFIX = 'liveVisit:';
export const liveVisitKey = (tabId: number): string => `${LIVE_VISIT_PREFIX}${tabId}`;

/** The handle of a www.tiktok.com `/@handle/live` URL; null for any other URL (or none). */
export function liveHandleOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname !== 'www.tiktok.com') return null;
    const handle = /^\/@([^/]+)\/live(?:\/|$)/.exec(parsed.pathname)?.[1];
    return handle ? decodeURIComponent(handle) : null;
  } catch {
    // A malformed URL or %-escape names no LIVE.
    return null;
  }
}

/**
 * The visit after the tab's URL became `url`: the same visit while it stays on that creator's LIVE (a reload, a query
 * change), a new one from `now` on another creator's LIVE, none elsewhere.
 */
export function nextLiveVisit(previous: LiveVisit | null, url: string | undefined, now: number): LiveVisit | null {
  const handle = liveHandleOf(url);
  if (!handle) return null;
  if (previous && previous.handle === handle) return previous;
  return { handle, enteredAt: now };
}

/** A stored value read back: anything else (damaged, from another version) is no visit. */
export function asLiveVisit(value: unknown): LiveVisit | null {
  if (typeof value !== 'object' || value === null) return null;
  const { handle, enteredAt } = value as Record<string, unknown>;
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > 200) return null;
  if (typeof enteredAt !== 'number' || !Number.isSafeInteger(enteredAt) || enteredAt < 0) return null;
  return { handle, enteredAt };
}

/** The gifts to the visit's creator since the visit began (entries of any kind and any creator may be passed). */
export function giftsOfVisit(entries: readonly LedgerEntry[], visit: LiveVisit): GiftEntry[] {
  return entries.filter((entry): entry is GiftEntry => entry.kind === 'gift' && entry.creatorHandle === visit.handle && entry.at >= visit.enteredAt);
}

/**
 * Which tab the popup is about: the active tab of its window. When the popup page is itself that tab (opened as a
 * page rather than over a tab), the tab among `otherTabs` used most recently before it.
 */
export function viewedTab<T extends { id?: number; lastAccessed?: number }>(active: T | undefined, self: { id?: number } | undefined, otherTabs: readonly T[]): T | undefined {
  if (!self || active?.id !== self.id) return active;
  let best: T | undefined;
  for (const tab of otherTabs) {
    if (tab.id === self.id) continue;
    if (!best || (tab.lastAccessed ?? 0) > (best.lastAccessed ?? 0)) best = tab;
  }
  return best;
}
