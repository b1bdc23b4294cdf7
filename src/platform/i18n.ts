// Every user-facing string goes through browser.i18n (public/_locales/<lang>/messages.json).
import { browser } from './browser';

export type MessageKey = string;

/** message-fallback.ts ALWAYS_THERE (not imported: that module loads only when needed, after the first paint's check). */
const ALWAYS_THERE = 'extName';
/** t() over the extension's own files, when the browser gave the page no messages (see messagesReady). */
let fromFiles: ((key: string, substitutions?: string | string[]) => string) | null = null;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  const text = browser.i18n.getMessage(key, substitutions) || fromFiles?.(key, substitutions);
  // A missing message shows its key, which a test or a translator will notice, rather than an empty space.
  return text || key;
}

export function uiLocale(): string {
  return browser.i18n.getUILanguage();
}

/**
 * Resolves once t() can answer: at once when the browser's messages work (one getMessage), else after reading the
 * extension's own files (platform/message-fallback.ts, loaded only then, so the popup's first paint does not carry it).
 */
export async function messagesReady(): Promise<void> {
  if (browser.i18n.getMessage(ALWAYS_THERE)) return;
  const { translateFromFiles } = await import('./message-fallback');
  fromFiles = await translateFromFiles({
    getMessage: (key) => browser.i18n.getMessage(key),
    getUILanguage: () => browser.i18n.getUILanguage(),
    getURL: (path) => browser.runtime.getURL(path),
  });
}
