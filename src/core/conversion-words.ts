/**
 * Which message says where a rate comes from, and why a chosen basis could not apply: the keys, not the words, so the
 * popup and options page (platform/i18n) and TikTok's page (the content scripts' own i18n, content/in-page/limit-text)
 * word them alike. Pure; no extension API.
 */
import type { RateBasis } from './conversion';

/** A basis kind or id as a message key's part: message keys take no hyphens. */
export const keyOf = (choice: string) => choice.replaceAll('-', '_');

/** The message naming a basis's source: one per reported default (by id), one for your purchases, one for your rate. */
export function basisSourceKey(basis: RateBasis): string {
  return basis.kind === 'your-purchases' || basis.kind === 'custom' ? `basisSource_${keyOf(basis.kind)}` : `basisSourceOf_${keyOf(basis.id)}`;
}

/** resolveBasis's reasons (English, from core) → message keys; an unknown reason is shown as it is. */
const FALLBACK_KEYS: Readonly<Record<string, string>> = {
  'no priced purchases in one currency yet': 'fallbackNoPurchases',
  'no rate entered yet': 'fallbackNoCustomRate',
  'the price must be a positive amount': 'fallbackBadCustomRate',
  'the coins must be a positive whole number': 'fallbackBadCustomRate',
};
export function fallbackKey(reason: string): string | null {
  return FALLBACK_KEYS[reason] ?? null;
}

/** `say(key)`, or `fallback` where the message is missing (say returns the key itself then). */
export function sayOr(say: (key: string) => string, key: string | null, fallback: string): string {
  if (!key) return fallback;
  const text = say(key);
  return text && text !== key ? text : fallback;
}
