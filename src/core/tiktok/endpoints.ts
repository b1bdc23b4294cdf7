/**
 * Which hooked request is one of ours. Runs on every fetch/XHR the page makes, so the common case
 * (not a webcast URL at all) costs two `includes` calls and allocates nothing; only candidates are parsed.
 */
import type { TrackedEndpoint } from './contracts';
import { isTikTokHost } from './json';

const DEFAULT_BASE = 'https://www.tiktok.com/';

/** Exact paths, with and without the trailing slash. */
const PATHS: ReadonlyMap<string, TrackedEndpoint> = new Map<string, TrackedEndpoint>([
  ['/webcast/gift/send/', 'gift-send'],
  ['/webcast/gift/send', 'gift-send'],
  ['/webcast/gift/list/', 'gift-list'],
  ['/webcast/gift/list', 'gift-list'],
  ['/webcast/wallet_api/fs/diamond_buy/permission_v2', 'wallet-balance'],
  ['/webcast/wallet_api/fs/diamond_buy/permission_v2/', 'wallet-balance'],
]);

/**
 * Classifies a request URL. Absolute URLs must be http(s) on tiktok.com or a subdomain
 * (webcast.tiktok.com, www.tiktok.com, webcast16-normal-c-useast1a.tiktok.com…); relative URLs are
 * resolved against `base` (the page's URL; default https://www.tiktok.com/). Never throws.
 * `base` may be a function: the tap passes one, because reading `location.href` costs more than the substring checks
 * that settle almost every request, so it is read only for the rare candidate.
 */
export function classifyUrl(url: string, base: string | (() => string) = DEFAULT_BASE): TrackedEndpoint | null {
  // Cheap pre-checks first: most page requests stop here without any allocation.
  if (typeof url !== 'string' || !url.includes('/webcast/')) return null;
  if (!url.includes('/webcast/gift/') && !url.includes('/webcast/wallet_api/')) return null;
  let parsed: URL;
  try {
    parsed = new URL(url, typeof base === 'function' ? base() : base);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (!isTikTokHost(parsed.hostname)) return null;
  return PATHS.get(parsed.pathname) ?? null;
}
