/**
 * What fetch.ts and xhr.ts share: which requests are tracked, when a tracked request left and how it ended, and the
 * forwarding of each exchange to the relay as a JSON string (channel.ts).
 */
import type { TrackedEndpoint } from '../../core/tiktok/contracts';
import { MAX_CAPTURE_CHARS } from '../tap-channel';
import { Params, Url, baseUri, formForEach, href, now, paramsAppend, paramsString, then, whenIdle } from './builtins';
import { post } from './channel';
import { trackedEndpoint } from '../../core/tiktok/endpoints';

export interface Tracked {
  endpoint: TrackedEndpoint;
  url: string;
  method: string;
  body: string | null | Promise<unknown>;
  sentAt: number;
  pageUrl: string;
  /** Wallet readings: a gift send was in flight at the start, or started before the answer. */
  raced: boolean;
  /** sendsStarted when this request left. */
  seen: number;
  done?: true;
}

// Readings (the wallet balance, the gift list) wait for the page to be idle: they are not spends, a later reading
// supersedes them, and the relay's parsing then stays off the path of the page's own work (measured: forwarding and
// parsing at once made a page that polls the wallet ~10 % slower). A gift send is forwarded at once, after any
// reading still held, so the relay sees them in the order they happened. Leaving the page releases what is held.
let held: object[] = [];
function release(): void {
  const messages = held;
  held = [];
  for (let i = 0; i < messages.length; i++) post(messages[i]!);
}

export function startCapture(): void {
  window.addEventListener('pagehide', release);
}

// Gift sends in flight, for wallet readings that race them (see Tracked.raced).
let sendsInFlight = 0;
let sendsStarted = 0;

/** The request leaves the page now. */
export function begin(endpoint: TrackedEndpoint, url: string, method: string, body: Tracked['body']): Tracked {
  const tracked: Tracked = { endpoint, url, method, body, sentAt: now(), pageUrl: location.href, raced: sendsInFlight > 0, seen: sendsStarted };
  if (endpoint === 'gift-send') {
    sendsInFlight++;
    sendsStarted++;
  }
  return tracked;
}
/** The answer (or the failure) arrived; false if it was already counted. */
export function answered(t: Tracked): boolean {
  if (t.done) return false;
  t.done = true;
  if (t.endpoint === 'gift-send') sendsInFlight--;
  else t.raced ||= sendsStarted > t.seen;
  return true;
}

export function forward(t: Tracked, status: number, responseText: string | null): void {
  const send = (requestBody: unknown): void => {
    const exchange = {
      __proto__: null, endpoint: t.endpoint, url: t.url, method: t.method, status,
      requestBody: typeof requestBody === 'string' ? requestBody : null,
      responseText: responseText !== null && responseText.length > MAX_CAPTURE_CHARS ? null : responseText,
      at: now(), sentAt: t.sentAt, pageUrl: t.pageUrl,
      raced: t.endpoint === 'wallet-balance' && t.raced ? true : undefined,
    };
    const message = { __proto__: null, v: 1, kind: 'exchange', exchange };
    if (t.endpoint !== 'gift-send') {
      held[held.length] = message;
      if (held.length === 1) whenIdle(release);
      return;
    }
    release();
    post(message);
  };
  const body = t.body;
  if (body !== null && typeof body === 'object') then(body, send, () => send(null));
  else send(body);
}

export function bodyText(body: unknown): string | null {
  if (typeof body === 'string') return body;
  try {
    return paramsString(body as URLSearchParams); // throws unless a URLSearchParams
  } catch {
    // not one
  }
  try {
    const params = new Params();
    formForEach(body as FormData, (value, key) => typeof value === 'string' && paramsAppend(params, key, value));
    return paramsString(params);
  } catch {
    return null;
  }
}

/**
 * The absolute URL of a tracked request, resolved as the browser will resolve it, or null. The tap then hands this
 * same string to the browser, so what it reports is what was fetched (a `<base>` or a URL object's toString cannot
 * make the two differ).
 */
export function track(url: string): { endpoint: TrackedEndpoint; url: string } | null {
  // The cheap check first: almost every request stops here, before any parsing.
  if (!url.includes('/webcast/') || (!url.includes('/webcast/gift/') && !url.includes('/webcast/wallet_api/'))) return null;
  const absolute = href(new Url(url, baseUri(document)));
  const endpoint = trackedEndpoint(absolute);
  return endpoint ? { endpoint, url: absolute } : null;
}
