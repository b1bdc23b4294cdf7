/**
 * The tap runs in the page's own world at document_start. It wraps fetch and XMLHttpRequest; for the few tracked
 * TikTok endpoints it notes when the request leaves (time, page URL), reads a clone of the response after the page has
 * it, and forwards a JSON string to the relay over the private channel (tap/channel.ts). For every other request it
 * does one URL check and nothing else. It never throws into the page, never delays a response and never changes what
 * the page receives. Every built-in it uses later was taken at document_start (tap/builtins.ts).
 */
import type { TrackedEndpoint } from '../core/tiktok/contracts';
import { MAX_CAPTURE_CHARS } from './tap-channel';
import {
  Params, Url, apply, baseUri, formForEach, href, listen, mapDelete, mapGet, mapSet, nativeFetch, now, paramsAppend, paramsString,
  requestClone, requestText, requestUrl, responseClone, responseStatus, responseText, then, whenIdle, xhrOpen, xhrSend, xhrStatus,
  xhrText, xhrType,
} from './tap/builtins';
import { openChannels, post } from './tap/channel';
import { trackedEndpoint } from './tap/tracked';

interface Tracked {
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

((): void => {
  const marker = Symbol.for('coinsight.tap');
  const pageWindow = window as typeof window & { [marker]?: true };
  if (pageWindow[marker]) return; // injected again (after an update) or by an older version: hook once
  pageWindow[marker] = true;
  openChannels();

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
  window.addEventListener('pagehide', release);

  // Gift sends in flight, for wallet readings that race them (see Tracked.raced).
  let sendsInFlight = 0;
  let sendsStarted = 0;

  /** The request leaves the page now. */
  function begin(endpoint: TrackedEndpoint, url: string, method: string, body: Tracked['body']): Tracked {
    const tracked: Tracked = { endpoint, url, method, body, sentAt: now(), pageUrl: location.href, raced: sendsInFlight > 0, seen: sendsStarted };
    if (endpoint === 'gift-send') {
      sendsInFlight++;
      sendsStarted++;
    }
    return tracked;
  }
  /** The answer (or the failure) arrived; false if it was already counted. */
  function answered(t: Tracked): boolean {
    if (t.done) return false;
    t.done = true;
    if (t.endpoint === 'gift-send') sendsInFlight--;
    else t.raced ||= sendsStarted > t.seen;
    return true;
  }

  function forward(t: Tracked, status: number, responseText: string | null): void {
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

  function bodyText(body: unknown): string | null {
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
  function track(url: string): { endpoint: TrackedEndpoint; url: string } | null {
    // The cheap check (classifyUrl's own): almost every request stops here, before any parsing.
    if (!url.includes('/webcast/') || (!url.includes('/webcast/gift/') && !url.includes('/webcast/wallet_api/'))) return null;
    const absolute = href(new Url(url, baseUri(document)));
    const endpoint = trackedEndpoint(absolute);
    return endpoint ? { endpoint, url: absolute } : null;
  }

  // fetch
  function tappedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let t: Tracked | null = null;
    try {
      let url: string;
      let request: Request | null = null;
      if (typeof input === 'string') url = input;
      else {
        try {
          url = requestUrl(input); // throws unless a Request
          request = input as Request;
        } catch {
          input = url = `${input as URL}`; // converted once, here, for both the check and the browser
        }
      }
      const tracked = track(url);
      if (tracked) {
        if (!request) input = tracked.url;
        const method = `${init?.method ?? (request ? request.method : 'GET')}`.toUpperCase();
        // A Request's body must be cloned before fetch consumes it.
        const body = request && init?.body === undefined ? then(requestText(requestClone(request)), (text) => text, () => null) : bodyText(init?.body);
        t = begin(tracked.endpoint, tracked.url, method, body);
      }
    } catch {
      t = null; // never let observation break the page's request
    }
    const response = nativeFetch(this, input, init);
    if (t) {
      const x = t;
      then(response, (res) => {
        answered(x);
        const status = responseStatus(res);
        try {
          then(responseText(responseClone(res)), (text) => forward(x, status, text), () => forward(x, status, null));
        } catch {
          forward(x, status, null);
        }
      }, () => answered(x) && forward(x, 0, null));
    }
    return response;
  }
  window.fetch = tappedFetch as typeof window.fetch;

  // XMLHttpRequest
  const requests = new WeakMap<XMLHttpRequest, { endpoint: TrackedEndpoint; url: string; method: string }>();
  const xhr = XMLHttpRequest.prototype;
  xhr.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
    // `arguments` goes to the original as it is (no spread: the array iterator is the page's), with the URL as resolved.
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    try {
      // A URL object is converted once, here, and the browser gets the same string.
      const tracked = track(typeof url === 'string' ? url : (args[1] = `${url}`));
      if (tracked) {
        args[1] = tracked.url;
        mapSet(requests, this, { endpoint: tracked.endpoint, url: tracked.url, method: `${method}`.toUpperCase() });
      } else mapDelete(requests, this);
    } catch {
      // ignore
    }
    return apply(xhrOpen, this, args);
  } as typeof xhr.open;
  xhr.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    let t: Tracked | null = null;
    try {
      const request = mapGet(requests, this) as { endpoint: TrackedEndpoint; url: string; method: string } | undefined;
      if (request) {
        const x = t = begin(request.endpoint, request.url, request.method, bodyText(body));
        listen(this, 'loadend', () => answered(x) && forward(x, xhrStatus(this), responseTextOf(this)), { __proto__: null, once: true } as AddEventListenerOptions);
      }
    } catch {
      // ignore
    }
    try {
      return xhrSend(this, body);
    } catch (error) {
      if (t) answered(t); // it never left
      throw error;
    }
  };

  function responseTextOf(request: XMLHttpRequest): string | null {
    const type = xhrType(request);
    // Only text: a body the browser parsed ('json') has lost the digits of TikTok's 64-bit ids (bare numbers above
    // 2^53), and serialising it again would go through any toJSON the page put on the prototypes. The relay reports
    // such a capture as unrecognised rather than record wrong ids.
    return xhrStatus(request) !== 0 && (type === '' || type === 'text') ? xhrText(request) : null;
  }

  // Client-side navigation: TikTok changes pages with the History API; the relay restarts its page features.
  const navigated = (): void => post({ __proto__: null, v: 1, kind: 'navigation', url: location.href });
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      // eslint-disable-next-line prefer-rest-params
      const result = apply(original, this, arguments);
      navigated();
      return result;
    };
  }
  window.addEventListener('popstate', navigated);
})();
