/**
 * How a held gift send ends when the user (or the limit) says no: exactly as a network failure ends it in this
 * browser, so TikTok's page takes its usual path for a failed send and neither hangs nor breaks. The built-ins are
 * passed in (the tap's, taken at document_start; Node's in the unit tests).
 */

/** What each browser's own fetch says when the network fails; pages (and TikTok's error reporting) may read it. */
export const networkFailureMessage = (userAgent: string): string =>
  userAgent.includes('Firefox') ? 'NetworkError when attempting to fetch resource.' : 'Failed to fetch';

export interface HeldFetch {
  /** What the page's fetch() returned: settles when the verdict comes. */
  promise: Promise<Response>;
  /** Sends it now; the page gets the real response (or the real failure). */
  go(): void;
  /** Rejects as the browser's fetch does when the network fails: a TypeError. */
  fail(): void;
}

export function holdFetch(leave: () => Promise<Response>, message: string, NativePromise: PromiseConstructor, Failure: TypeErrorConstructor): HeldFetch {
  let go: () => void = () => undefined;
  let fail: () => void = () => undefined;
  const promise = new NativePromise<Response>((resolve, reject) => {
    go = () => resolve(leave());
    fail = () => reject(new Failure(message));
  });
  return { promise, go: () => go(), fail: () => fail() };
}

export interface XhrEvents {
  Plain: typeof Event;
  Progress: typeof ProgressEvent;
  dispatch(target: EventTarget, event: Event): boolean;
  define(target: object, key: string, descriptor: PropertyDescriptor): object;
}

/**
 * What the page sees of an XMLHttpRequest when the network fails: readyState 4 (DONE), status 0, then
 * `readystatechange`, `error` and `loadend` (the `on…` handlers run as listeners of those events).
 */
export function failAsNetworkError(request: XMLHttpRequest, events: XhrEvents): void {
  // readyState is the prototype's getter: an own property answers DONE until the page opens the request again (xhr.ts
  // removes it then). status is already 0: the request was opened and never sent.
  events.define(request, 'readyState', { __proto__: null, configurable: true, get: () => 4 } as PropertyDescriptor);
  events.dispatch(request, new events.Plain('readystatechange'));
  events.dispatch(request, new events.Progress('error'));
  events.dispatch(request, new events.Progress('loadend'));
}
