/**
 * XMLHttpRequest: tracked requests are noted when they leave and read when they end (the `loadend` the page gets
 * too). A gift send the gate holds (gate.ts) leaves only on the relay's go; a no-go ends it as a network failure
 * ends a request (held.ts).
 */
import type { TrackedEndpoint } from '../../core/tiktok/contracts';
import { Plain, Progress, apply, define, dispatch, listen, mapDelete, mapGet, mapSet, xhrOpen, xhrSend, xhrStatus, xhrText, xhrType } from './builtins';
import { answered, begin, bodyText, forward, track, type Tracked } from './capture';
import type { Gate } from './gate';
import { failAsNetworkError } from './held';

interface Opened { endpoint: TrackedEndpoint; url: string; method: string }

export function hookXhr(gate: Gate): void {
  const requests = new WeakMap<XMLHttpRequest, Opened>();
  const xhr = XMLHttpRequest.prototype;
  xhr.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
    // `arguments` goes to the original as it is (no spread: the array iterator is the page's), with the URL as resolved.
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    try {
      delete (this as { readyState?: number }).readyState; // a failed held send's (failAsNetworkError), if any
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

  function sendNow(self: XMLHttpRequest, request: Opened | undefined, text: string | null, body?: Document | XMLHttpRequestBodyInit | null): void {
    let t: Tracked | null = null;
    try {
      if (request) {
        const x = t = begin(request.endpoint, request.url, request.method, text);
        listen(self, 'loadend', () => answered(x) && forward(x, xhrStatus(self), responseTextOf(self)), { __proto__: null, once: true } as AddEventListenerOptions);
      }
    } catch {
      // ignore
    }
    try {
      xhrSend(self, body);
    } catch (error) {
      if (t) answered(t); // it never left
      throw error;
    }
  }

  xhr.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    let request: Opened | undefined;
    let text: string | null = null;
    try {
      request = mapGet(requests, this) as Opened | undefined;
      if (request) {
        text = bodyText(body);
        if (request.endpoint === 'gift-send' && gate.active()) {
          const self = this;
          const opened = request;
          const later = (): void => {
            try {
              sendNow(self, opened, text, body);
            } catch {
              // the page aborted or reopened it while it was held
            }
          };
          if (!gate.admit(request.url, text, later, () => failAsNetworkError(self, { Plain, Progress, dispatch, define }))) return; // held
        }
      }
    } catch {
      // ignore
    }
    sendNow(this, request, text, body);
  };
}

function responseTextOf(request: XMLHttpRequest): string | null {
  const type = xhrType(request);
  // Only text: a body the browser parsed ('json') has lost the digits of TikTok's 64-bit ids (bare numbers above
  // 2^53), and serialising it again would go through any toJSON the page put on the prototypes. The relay reports
  // such a capture as unrecognised rather than record wrong ids.
  return xhrStatus(request) !== 0 && (type === '' || type === 'text') ? xhrText(request) : null;
}
