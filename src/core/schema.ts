/**
 * A deliberately small schema checker for data crossing a trust boundary (page → relay → worker,
 * extension page → worker). It returns a typed value or a path-qualified reason; it never throws.
 * Small on purpose: it ships inside the content scripts, whose size budget is tight.
 */
export type Check<T> = (value: unknown, path: string) => Result<T>;
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
export type Infer<C> = C extends Check<infer T> ? T : never;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (path: string, expected: string): Result<never> => ({ ok: false, reason: `${path || 'value'}: expected ${expected}` });

export const string = (maxLength = 1024): Check<string> => (value, path) =>
  typeof value === 'string' && value.length <= maxLength ? ok(value) : fail(path, `a string of at most ${maxLength} characters`);

export const literal = <const L extends string | number | boolean>(expected: L): Check<L> => (value, path) =>
  value === expected ? ok(expected) : fail(path, JSON.stringify(expected));

export const oneOf = <const L extends string>(options: readonly L[]): Check<L> => (value, path) =>
  typeof value === 'string' && (options as readonly string[]).includes(value) ? ok(value as L) : fail(path, `one of ${options.join(', ')}`);

/** A safe integer within [min, max]. */
export const integer = (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check<number> => (value, path) =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? ok(value as number) : fail(path, `an integer in [${min}, ${max}]`);

export const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? ok(value) : fail(path, 'a boolean'));

export const optional = <T>(check: Check<T>): Check<T | undefined> => (value, path) =>
  value === undefined ? ok(undefined) : check(value, path);

export const array = <T>(item: Check<T>, maxItems: number): Check<T[]> => (value, path) => {
  if (!Array.isArray(value) || value.length > maxItems) return fail(path, `an array of at most ${maxItems} items`);
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const result = item(value[i], `${path}[${i}]`);
    if (!result.ok) return result;
    out.push(result.value);
  }
  return ok(out);
};

type Shape = Record<string, Check<unknown>>;
type ObjectOf<S extends Shape> = { [K in keyof S as undefined extends Infer<S[K]> ? never : K]: Infer<S[K]> } & {
  [K in keyof S as undefined extends Infer<S[K]> ? K : never]?: Infer<S[K]>;
};

/** An object with exactly the known keys kept: unknown keys are dropped, not trusted. */
export const object = <S extends Shape>(shape: S): Check<ObjectOf<S>> => (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object');
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const result = shape[key]!(source[key], path ? `${path}.${key}` : key);
    if (!result.ok) return result;
    if (result.value !== undefined) out[key] = result.value;
  }
  return ok(out as ObjectOf<S>);
};

/** A discriminated union: picks the branch by the value of `tag`. */
export const tagged = <K extends string, B extends Record<string, Check<unknown>>>(tag: K, branches: B): Check<Infer<B[keyof B]>> =>
  (value, path) => {
    const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[tag] : undefined;
    const branch = typeof kind === 'string' && Object.hasOwn(branches, kind) ? branches[kind] : undefined;
    if (!branch) return fail(path ? `${path}.${tag}` : tag, `one of ${Object.keys(branches).join(', ')}`);
    return branch(value, path) as Result<Infer<B[keyof B]>>;
  };

export const nullable = <T>(check: Check<T>): Check<T | null> => (value, path) => (value === null ? ok(null) : check(value, path));
