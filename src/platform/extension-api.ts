/**
 * The few extension APIs the content scripts need, taken straight from the browser rather than through
 * webextension-polyfill: its ~3 KB gzipped would break the content scripts' size budget, and in Manifest V3 both
 * browsers already return promises for these calls (Firefox as `browser`, Chrome as `chrome`).
 * Extension pages and the worker keep using the polyfill (src/platform/browser.ts).
 */
export interface ContentApi {
  runtime: { sendMessage(message: unknown): Promise<unknown>; getURL(path: string): string };
  storage: {
    local: {
      get(keys: null | string | string[]): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    };
    onChanged: {
      addListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
      removeListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
    };
  };
}

export function contentApi(): ContentApi {
  const scope = globalThis as { browser?: ContentApi; chrome?: ContentApi };
  const api = scope.browser ?? scope.chrome;
  if (!api?.runtime) throw new Error('no extension API');
  return api;
}

/** True when this content script belongs to an extension that was reloaded or removed: nothing will ever answer. */
export function isContextInvalidated(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /context invalidated|Extension context|message manager disconnected|can't access dead object/i.test(text);
}
