/**
 * Which request is one of ours, from its absolute URL as the URL parser writes it (`new URL(url, base).href`). The tap
 * (content/tap/capture.ts) resolves every candidate once and asks this; the relay asks it again, in its own world, of
 * the URL the tap reported, and believes nothing else. One regular expression for both: small in the content scripts,
 * and the two can never disagree.
 *
 * Tracked: gift/send, gift/list and the wallet balance (permission_v2), with or without the trailing slash, over
 * http(s) on tiktok.com or any subdomain (webcast., www., webcast16-normal-c-useast1a.…), any port, any query.
 */
import type { TrackedEndpoint } from './contracts';

const TRACKED = /^https?:\/\/(?:[^/?#@]*\.)?tiktok\.com(?::\d+)?\/webcast\/(?:gift\/(send|list)|wallet_api\/fs\/diamond_buy\/permission_v2)\/?(?:[?#]|$)/;

export function trackedEndpoint(absoluteUrl: string): TrackedEndpoint | null {
  const match = typeof absoluteUrl === 'string' ? TRACKED.exec(absoluteUrl) : null;
  return match ? (match[1] === 'send' ? 'gift-send' : match[1] ? 'gift-list' : 'wallet-balance') : null;
}
