/**
 * The tap runs in the page's own world at document_start. It wraps fetch and XMLHttpRequest; for the few tracked
 * TikTok endpoints it reads a clone of the response after the page has it and forwards a JSON string to the relay.
 * For every other request it does one URL check and nothing else. It never throws into the page, never delays a
 * response and never changes what the page receives.
 */
import { classifyUrl } from '../core/tiktok/endpoints';
import type { CapturedExchange, TrackedEndpoint } from '../core/tiktok/contracts';
import { MAX_CAPTURE_CHARS, TAP_EVENT, type TapMessage } from './tap-channel';

((): void => {
  const marker = Symbol.for('coinsight.tap');
  const pageWindow = window as typeof window & { [marker]?: true };
  if (pageWindow[marker]) return; // injected twice (e.g. a reloaded extension): hook once
  pageWindow[marker] = true;

  const pageUrl = (): string => location.href;
  const now = (): number => Math.round(performance.timeOrigin + performance.now());

  function post(message: TapMessage): void {
    try {
      document.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(message) }));
    } catch {
      // The relay is gone or the document is unloading: the page must not notice.
    }
  }

  // Readings (the wallet balance, the gift list) wait for the page to be idle: they are not spends, a later reading
  // supersedes them, and the relay's parsing then stays off the path of the page's own work (measured: forwarding and
  // parsing at once made a page that polls the wallet ~10 % slower). A gift send is forwarded at once, after any
  // reading still held, so the relay sees them in the order they happened. Leaving the page releases what is held.
  const held: TapMessage[] = [];
  let releaseScheduled = false;
  // Taken at document_start, before the page's own scripts could replace them.
  const idleCallback = typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback : null;
  const delay = window.setTimeout;
  const whenIdle = (fn: () => void): void => {
    if (idleCallback) idleCallback.call(window, fn, { timeout: 1_000 });
    else delay.call(window, fn, 50);
  };
  function release(): void {
    releaseScheduled = false;
    for (const message of held.splice(0)) post(message);
  }
  function hold(message: TapMessage): void {
    held.push(message);
    if (releaseScheduled) return;
    releaseScheduled = true;
    whenIdle(release);
  }
  window.addEventListener('pagehide', release);

  function forward(endpoint: TrackedEndpoint, url: string, method: string, status: number, requestBody: string | null, responseText: string | null): void {
    const exchange: CapturedExchange = {
      endpoint, url, method, status, requestBody,
      responseText: responseText !== null && responseText.length > MAX_CAPTURE_CHARS ? null : responseText,
      at: now(),
    };
    if (endpoint !== 'gift-send') {
      hold({ v: 1, kind: 'exchange', exchange });
      return;
    }
    release();
    post({ v: 1, kind: 'exchange', exchange });
  }

  function bodyText(body: unknown): string | null {
    if (typeof body === 'string') return body;
    if (body instanceof URLSearchParams) return body.toString();
    if (typeof FormData !== 'undefined' && body instanceof FormData) {
      const params = new URLSearchParams();
      body.forEach((value, key) => typeof value === 'string' && params.append(key, value));
      return params.toString();
    }
    return null;
  }

  // fetch
  const originalFetch = window.fetch;
  function tappedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let tracked: { endpoint: TrackedEndpoint; url: string; method: string; requestBody: Promise<string | null> } | null = null;
    try {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const endpoint = classifyUrl(url, pageUrl);
      if (endpoint) {
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        // A Request's body must be cloned before fetch consumes it.
        const requestBody = input instanceof Request && init?.body === undefined
          ? input.clone().text().catch(() => null)
          : Promise.resolve(bodyText(init?.body));
        tracked = { endpoint, url, method, requestBody };
      }
    } catch {
      tracked = null; // never let observation break the page's request
    }
    const response = originalFetch.call(this, input, init);
    if (tracked) {
      const { endpoint, url, method, requestBody } = tracked;
      response.then(
        (res) => {
          Promise.all([requestBody, res.clone().text()]).then(
            ([body, text]) => forward(endpoint, url, method, res.status, body, text),
            () => requestBody.then((body) => forward(endpoint, url, method, res.status, body, null)),
          );
        },
        () => requestBody.then((body) => forward(endpoint, url, method, 0, body, null)),
      ).catch(() => undefined);
    }
    return response;
  }
  window.fetch = tappedFetch as typeof window.fetch;

  // XMLHttpRequest
  const requests = new WeakMap<XMLHttpRequest, { endpoint: TrackedEndpoint; url: string; method: string }>();
  const xhr = XMLHttpRequest.prototype;
  const originalOpen = xhr.open;
  const originalSend = xhr.send;
  xhr.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    try {
      const href = String(url);
      const endpoint = classifyUrl(href, pageUrl);
      if (endpoint) requests.set(this, { endpoint, url: href, method: String(method).toUpperCase() });
      else requests.delete(this);
    } catch {
      // ignore
    }
    return (originalOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof xhr.open;
  xhr.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    try {
      const request = requests.get(this);
      if (request) {
        const requestBody = bodyText(body);
        this.addEventListener('loadend', () => {
          try {
            forward(request.endpoint, request.url, request.method, this.status, requestBody, responseTextOf(this));
          } catch {
            // ignore
          }
        }, { once: true });
      }
    } catch {
      // ignore
    }
    return originalSend.call(this, body as XMLHttpRequestBodyInit | null | undefined);
  };

  function responseTextOf(request: XMLHttpRequest): string | null {
    if (request.status === 0) return null;
    if (request.responseType === '' || request.responseType === 'text') return request.responseText;
    if (request.responseType === 'json') return request.response === null ? null : JSON.stringify(request.response);
    return null; // blobs and buffers: TikTok sends JSON as text; anything else is not ours to decode here
  }

  // Client-side navigation: TikTok changes pages with the History API; the relay restarts its page features.
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      post({ v: 1, kind: 'navigation', url: location.href });
      return result;
    };
  }
  window.addEventListener('popstate', () => post({ v: 1, kind: 'navigation', url: location.href }));
})();
