import type { TrackedEndpoint } from '../../core/tiktok/contracts';

/**
 * The tracked endpoints of core/tiktok/endpoints.ts, in an absolute URL as the URL parser writes it. A regular
 * expression rather than classifyUrl keeps the tap small (tracked.test.ts holds the two to the same answers); the
 * relay classifies every URL again with classifyUrl, in its own world, and believes nothing else.
 */
const TRACKED = /^https?:\/\/(?:[^/?#@]*\.)?tiktok\.com(?::\d+)?\/webcast\/(?:gift\/(send|list)|wallet_api\/fs\/diamond_buy\/permission_v2)\/?(?:[?#]|$)/;

export function trackedEndpoint(absoluteUrl: string): TrackedEndpoint | null {
  const match = TRACKED.exec(absoluteUrl);
  return match ? (match[1] === 'send' ? 'gift-send' : match[1] ? 'gift-list' : 'wallet-balance') : null;
}
