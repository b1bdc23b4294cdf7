/**
 * The part of the tap's built-ins (see builtins.ts) that every JavaScript runtime has: the language's own and URL.
 * Kept apart so that the gate, which needs only these, runs in the unit tests' Node as it runs in the page. Taken
 * when the tap starts, at document_start, like the rest.
 */
export type Method<S, A extends unknown[], R> = (this: S, ...args: A) => R;

const call = Function.prototype.call;
/** `uncurry(proto.method)(self, ...args)` is `self.method(...args)` with the method as it was at document_start. */
export const uncurry = <S, A extends unknown[], R>(fn: Method<S, A, R>): ((self: S, ...args: A) => R) =>
  call.bind(fn) as unknown as (self: S, ...args: A) => R;
export const getter = <R>(proto: object, key: string): ((self: unknown) => R) =>
  uncurry(Object.getOwnPropertyDescriptor(proto, key)!.get as Method<unknown, [], R>);

export const apply = Reflect.apply;
export const stringify = JSON.stringify;
export const parseJson = JSON.parse;
export const ownKeys = Object.keys;
export const isArray = Array.isArray;
export const nullObject = Object.create as (proto: null) => Record<string, unknown>;
export const Url = URL;
export const Params = URLSearchParams;
export const href = getter<string>(URL.prototype, 'href');
export const urlSearch = getter<string>(URL.prototype, 'search');
export const paramsGet = uncurry(URLSearchParams.prototype.get as Method<URLSearchParams, [string], string | null>);
export const paramsString = uncurry(URLSearchParams.prototype.toString as Method<URLSearchParams, [], string>);
export const paramsAppend = uncurry(URLSearchParams.prototype.append as Method<URLSearchParams, [string, string], void>);
export const regexExec = uncurry(RegExp.prototype.exec as Method<RegExp, [string], RegExpExecArray | null>);
export const decode = decodeURIComponent;
export const toNumber = Number;
export const NativePromise = Promise;
export const Failure = TypeError;

/**
 * JSON.parse whose objects have no prototype: a field the text does not have reads as undefined, never as a getter
 * the page put on Object.prototype.
 */
export function parseBare(text: string): unknown {
  return parseJson(text, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || isArray(value)) return value;
    const bare = nullObject(null);
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length; i++) bare[keys[i]!] = (value as Record<string, unknown>)[keys[i]!];
    return bare;
  });
}
