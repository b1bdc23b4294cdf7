// Every user-facing string goes through browser.i18n (public/_locales/<lang>/messages.json).
import { browser } from './browser';

export type MessageKey = string;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  const text = browser.i18n.getMessage(key, substitutions);
  // A missing message shows its key, which a test or a translator will notice, rather than an empty space.
  return text || key;
}

export function uiLocale(): string {
  return browser.i18n.getUILanguage();
}
