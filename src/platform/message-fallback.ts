/**
 * The messages of the UI's language read from the extension's own _locales files, for a page the browser gave none.
 * Chromium sometimes gives every extension page of a session no messages at all (getMessage answers '' for every
 * key): measured when the first extension page of a new install, the welcome tab, is closed while it loads. No
 * extension API beyond the two passed in, so the blocked page (built without the polyfill) uses it too.
 */
import { fillMessage, localeFolders, type MessageBundle } from '../core/message-format';

/** The manifest's default_locale: the messages every other locale falls back to. */
const DEFAULT_LOCALE = 'en';
/** A message every locale has: '' for it means the browser gave this page no messages at all (i18n.ts checks it too). */
export const ALWAYS_THERE = 'extName';

export interface MessageSource {
  getMessage(key: string): string;
  getUILanguage(): string;
  getURL(path: string): string;
}

/** null when the browser's own messages work (one getMessage: the usual case costs nothing more); else the files' messages. */
export async function messageFallback(source: MessageSource, load: typeof fetch = fetch): Promise<MessageBundle | null> {
  if (source.getMessage(ALWAYS_THERE)) return null;
  const read = async (folder: string): Promise<MessageBundle> => {
    const response = await load(source.getURL(`_locales/${folder}/messages.json`)).catch(() => null);
    return response?.ok ? ((await response.json().catch(() => ({}))) as MessageBundle) : {};
  };
  const bundles = await Promise.all(localeFolders(source.getUILanguage(), DEFAULT_LOCALE).map(read));
  // Best first: the first folder that has a key wins, as the browser's lookup does.
  return Object.assign({}, ...bundles.reverse()) as MessageBundle;
}

/** t() over the files' messages: '' for a key they lack. */
export async function translateFromFiles(source: MessageSource, load: typeof fetch = fetch): Promise<(key: string, substitutions?: string | string[]) => string> {
  const bundle = (await messageFallback(source, load)) ?? {};
  return (key, substitutions) => {
    const entry = bundle[key];
    return entry ? fillMessage(entry, substitutions) : '';
  };
}
