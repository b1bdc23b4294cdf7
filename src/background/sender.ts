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
  const extensionOrigin = base ? hostOrigin(base) : null;
  if (extensionOrigin && hostOrigin(url) === extensionOrigin) {
    // Chrome fills sender.origin too; when present it must agree (an extension frame inside a page would not).
    if (sender.origin !== undefined && sender.origin !== extensionOrigin && sender.origin !== 'null') {
      return { kind: 'refused', reason: 'extension page with a foreign origin' };
    }
    return { kind: 'extension-page' };
  }
  if (sender.tab && CONTENT_ORIGINS.has(url.origin) && (sender.origin === undefined || CONTENT_ORIGINS.has(sender.origin))) {
    return { kind: 'content-script' };
  }
  return { kind: 'refused', reason: `messages from ${url.protocol}//${url.host} are not accepted` };
}

/**
 * scheme://host, or null for URLs without a host (about:blank, data:). Not URL.origin: by the URL standard,
 * chrome-extension: and moz-extension: URLs have an opaque origin, "null", the same as about:blank's, so comparing
 * origins would confuse every extension page with every frame that has no origin of its own.
 */
function hostOrigin(url: URL): string | null {
  return url.host ? `${url.protocol}//${url.host}` : null;
}

function safeUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
