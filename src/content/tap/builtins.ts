/**
 * The built-ins the tap uses after document_start, taken at document_start, before any page script exists. A page
 * that later replaces JSON.stringify, Response.prototype.text, EventTarget.prototype.dispatchEvent,
 * Function.prototype.call or Promise.prototype.then cannot put words in the tap's mouth: the tap never looks them up
 * again. Methods are "uncurried" (`fn(self, ...args)`) through a bound Function.prototype.call, so calling them
 * involves no property lookup the page could intercept.
 *
 * Not covered, deliberately: what only decides *whether* a request is tracked (String.prototype.includes in the cheap
 * URL check). A page that patches those can hide its own requests from Coinsight, which it could also do by keeping
 * a fetch of its own; it cannot make the tap report something the network did not say.
 */
import { getter, uncurry, type Method } from './builtins-core';

export {
  Failure, NativePromise, Params, Url, apply, decode, href, paramsAppend, paramsGet, paramsString, parseBare, regexExec, stringify, toNumber, urlSearch,
} from './builtins-core';
export const Custom = CustomEvent;
export const Mouse = MouseEvent;

export const dispatch = uncurry(EventTarget.prototype.dispatchEvent as Method<EventTarget, [Event], boolean>);
export const listen = uncurry(EventTarget.prototype.addEventListener as Method<EventTarget, [string, (event: Event) => void, AddEventListenerOptions | boolean | undefined], void>);
export const relatedTarget = getter<EventTarget | null>(MouseEvent.prototype, 'relatedTarget');
export const createElement = uncurry(Document.prototype.createElement as Method<Document, [string], HTMLElement>);
export const baseUri = getter<string>(Node.prototype, 'baseURI');

export const then = uncurry(Promise.prototype.then as Method<Promise<unknown>, [((value: never) => unknown)?, ((reason: unknown) => unknown)?], Promise<unknown>>) as
  <T>(promise: Promise<T>, fulfilled: (value: T) => unknown, rejected?: (reason: unknown) => unknown) => Promise<unknown>;

export const nativeFetch = uncurry(fetch as Method<unknown, [RequestInfo | URL, RequestInit | undefined], Promise<Response>>);
export const responseClone = uncurry(Response.prototype.clone as Method<Response, [], Response>);
export const responseText = uncurry(Response.prototype.text as Method<Response, [], Promise<string>>);
export const responseStatus = getter<number>(Response.prototype, 'status');
export const requestClone = uncurry(Request.prototype.clone as Method<Request, [], Request>);
export const requestText = uncurry(Request.prototype.text as Method<Request, [], Promise<string>>);
export const requestUrl = getter<string>(Request.prototype, 'url');
export const formForEach = uncurry(FormData.prototype.forEach as Method<FormData, [(value: FormDataEntryValue, key: string) => void], void>);

const xhr = XMLHttpRequest.prototype;
export const xhrOpen = xhr.open as (...args: unknown[]) => void;
export const xhrSend = uncurry(xhr.send as Method<XMLHttpRequest, [Document | XMLHttpRequestBodyInit | null | undefined], void>);
export const xhrStatus = getter<number>(xhr, 'status');
export const xhrText = getter<string>(xhr, 'responseText');
export const xhrType = getter<XMLHttpRequestResponseType>(xhr, 'responseType');

const weakMap = WeakMap.prototype;
export const mapGet = uncurry(weakMap.get as Method<WeakMap<object, unknown>, [object], unknown>);
export const mapSet = uncurry(weakMap.set as Method<WeakMap<object, unknown>, [object, unknown], unknown>);
export const mapDelete = uncurry(weakMap.delete as Method<WeakMap<object, unknown>, [object], boolean>);

const perf = performance;
const perfNow = uncurry(Performance.prototype.now as Method<Performance, [], number>);
const origin = perf.timeOrigin;
/** performance.timeOrigin + performance.now(), as whole epoch ms (floored without Math, which the page can replace). */
export const now = (): number => {
  const t = origin + perfNow(perf);
  return t - (t % 1);
};

const idleCallback = uncurry(window.requestIdleCallback as Method<Window, [() => void, IdleRequestOptions], number>);
/** Runs `fn` when the page is idle, at most a second later (both browsers have requestIdleCallback). */
export const whenIdle = (fn: () => void): void => {
  idleCallback(window, fn, { __proto__: null, timeout: 1_000 } as IdleRequestOptions);
};

export const Plain = Event;
export const Progress = ProgressEvent;
export const define = Object.defineProperty;
export const detail = getter<unknown>(CustomEvent.prototype, 'detail');
