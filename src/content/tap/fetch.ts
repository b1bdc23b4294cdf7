/**
 * fetch: tracked requests are noted when they leave and their answer is read from a clone after the page has it; a
 * gift send the gate holds (gate.ts) leaves only on the relay's go, and otherwise fails as a network failure does in
 * this browser (a rejected promise with a TypeError). Every other request costs one URL check.
 */
import { Failure, NativePromise, nativeFetch, requestClone, requestText, requestUrl, responseClone, responseStatus, responseText, then } from './builtins';
import { answered, begin, bodyText, forward, track, type Tracked } from './capture';
import type { Gate } from './gate';
import { holdFetch, networkFailureMessage, type HeldFetch } from './held';

export function hookFetch(gate: Gate): void {
  const failure = networkFailureMessage(navigator.userAgent);

  function observe(t: Tracked | null, response: Promise<Response>): Promise<Response> {
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

  function tappedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let t: Tracked | null = null;
    let gated: (() => Tracked) | null = null;
    let gatedBody: Tracked['body'] = null;
    let gatedUrl = '';
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
        if (tracked.endpoint === 'gift-send' && gate.active()) {
          gated = () => begin(tracked.endpoint, tracked.url, method, body);
          gatedBody = body;
          gatedUrl = tracked.url;
        } else t = begin(tracked.endpoint, tracked.url, method, body);
      }
    } catch {
      t = null; // never let observation break the page's request
      gated = null;
    }
    if (!gated) return observe(t, nativeFetch(this, input, init));

    const self = this;
    const start = gated;
    const leave = (): Promise<Response> => {
      let x: Tracked | null = null;
      try {
        x = start();
      } catch {
        // sent unobserved rather than not at all
      }
      return observe(x, nativeFetch(self, input, init));
    };
    // The held promise is made only for a send that is held: a send that may leave costs no promise of ours. A verdict
    // never comes within admit() (the relay answers asynchronously), so `held` is set before go or fail can run.
    let held: HeldFetch | null = null;
    const go = (): void => held?.go();
    const fail = (): void => held?.fail();
    const decide = (text: string | null): Promise<Response> =>
      gate.admit(gatedUrl, text, go, fail) ? leave() : (held = holdFetch(leave, failure, NativePromise, Failure)).promise;
    const body = gatedBody;
    if (body !== null && typeof body === 'object') {
      // A Request's body is read first (asynchronously): the page's promise follows the decision made then.
      return then(body as Promise<string | null>, decide, () => decide(null)) as Promise<Response>;
    }
    // Decided at once: a send that may leave leaves now, as the page's own fetch, with no promise in between.
    return decide(body);
  }
  window.fetch = tappedFetch as typeof window.fetch;
}
