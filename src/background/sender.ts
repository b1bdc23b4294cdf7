/**
 * The single place that decides who sent a message, from fields the browser fills in (sender.id, sender.url,
 * sender.origin, sender.tab), never from the payload. Anything unrecognised is refused.
 */
import type { SenderKind } from '../platform/protocol';

export interface SenderFacts {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
}

/** Pages where the content scripts run (manifest content_scripts.matches). */
const CONTENT_ORIGINS = new Set(['https://www.tiktok.com']);

export type Classification = { kind: SenderKind } | { kind: 'refused'; reason: string };

export function classifySender(sender: SenderFacts, extensionId: string, extensionBaseUrl: string): Classification {
  if (sender.id !== extensionId) return { kind: 'refused', reason: 'sender is not this extension' };
  const url = safeUrl(sender.url);
  if (!url) return { kind: 'refused', reason: 'sender has no URL' };
  const base = safeUrl(extensionBaseUrl);
  if (base && url.origin === base.origin) {
    // Chrome fills sender.origin too; when present it must agree (an extension frame inside a page would not).
    if (sender.origin !== undefined && sender.origin !== base.origin && sender.origin !== 'null') {
      return { kind: 'refused', reason: 'extension page with a foreign origin' };
    }
    return { kind: 'extension-page' };
  }
  if (sender.tab && CONTENT_ORIGINS.has(url.origin) && (sender.origin === undefined || CONTENT_ORIGINS.has(sender.origin))) {
    return { kind: 'content-script' };
  }
  return { kind: 'refused', reason: `messages from ${url.protocol}//${url.host} are not accepted` };
}

function safeUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
