/**
 * The pure parts of the prices Coinsight shows inside TikTok's pages (issue 8, "before the spend"): which gift an image
 * in the LIVE gift panel is, what a coin package costs per 100 coins, and how that compares with what the user paid
 * before and with the in-app price. Everything here is a function of data, tested in Node; the content-script chunk
 * (src/content/in-page/) only reads the DOM and writes these results into a shadow root.
 */
import type { RateBasis } from './conversion';
import { formatMoney, type Money } from './money';
import { parseCoinCount } from './tiktok/coinPage';
import { imageHashFromUrl } from './tiktok/giftList';

/**
 * The gift an image shows, from its URL: the 32-hex hash TikTok's gift images carry on every CDN host
 * (shared/tiktok/README.md §2), e.g. `https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/<hash>~tplv-obj.webp` or
 * `…/webcast-va/resource/<hash>.png~tplv-obj.webp`. Only images of TikTok's LIVE ("webcast") CDN paths count: an avatar
 * or a video cover that happens to carry 32 hex digits is not a gift. null for anything else; never throws.
 */
export function giftImageHash(url: string): string | null {
  if (typeof url !== 'string' || !/^https:\/\/[^/?#]*\.tiktokcdn\.com\/img\/[^?#]*\/webcast-[a-z0-9]+\//i.test(url)) return null;
  return imageHashFromUrl(url);
}

/**
 * The coin price a gift tile shows: one whole number, optionally followed by "coin(s)" ("1", "44,999", "1.000",
 * "5 coins"). A multiplier ("x5", "×5"), a fraction or anything else is not a price: null.
 */
export function tileCoins(text: string): number | null {
  if (typeof text !== 'string' || text.length > 40) return null;
  const start = text.trim();
  const first = start.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return null; // most texts of a tile (names) fail here, before any regular expression
  const trimmed = start.replace(/\s*coins?$/i, '');
  if (!/^\d[\d.,\u00a0\u202f ]*$/.test(trimmed)) return null;
  const coins = parseCoinCount(trimmed);
  return coins !== null && coins >= 1 ? coins : null;
}

/** `price` for `coins` coins, per 100 coins, rounded half up to a whole minor unit. null for a non-positive count. */
export function per100(price: Money, coins: number): Money | null {
  if (!Number.isSafeInteger(coins) || coins <= 0 || !Number.isSafeInteger(price.minor) || price.minor < 0) return null;
  const numerator = BigInt(price.minor) * 100n;
  const denominator = BigInt(coins);
  return { minor: Number((2n * numerator + denominator) / (2n * denominator)), currency: price.currency };
}

/** A basis's price per 100 coins (its exact ratio, rounded once). */
export function basisPer100(basis: RateBasis): Money {
  return per100({ minor: basis.rate.minor, currency: basis.rate.currency }, basis.rate.coins)!;
}

/**
 * How a package price per 100 coins compares with a reference rate: "12 % cheaper than", "3 % dearer than", or "the
 * same as". Compared on the exact ratios (package minor/coins against reference minor/coins), not on rounded figures.
 */
export function comparison(price: Money, coins: number, reference: RateBasis): { percent: number; word: 'cheaper' | 'dearer' | 'same' } | null {
  if (price.currency !== reference.rate.currency || coins <= 0 || reference.rate.minor <= 0) return null;
  // package per coin ÷ reference per coin − 1, in whole percent rounded half away from zero.
  const packageScaled = BigInt(price.minor) * BigInt(reference.rate.coins);
  const referenceScaled = BigInt(reference.rate.minor) * BigInt(coins);
  const difference = packageScaled - referenceScaled;
  const magnitude = difference < 0n ? -difference : difference;
  const percent = Number((200n * magnitude + referenceScaled) / (2n * referenceScaled));
  if (percent === 0) return { percent: 0, word: 'same' };
  return { percent, word: difference < 0n ? 'cheaper' : 'dearer' };
}

/** The line shown under a package for one reference: what it is per 100 coins and how this package compares. */
export function comparisonLine(what: string, price: Money, coins: number, reference: RateBasis | null, locale?: string): string {
  if (!reference) return `${what}: none in ${price.currency}`;
  const compared = comparison(price, coins, reference);
  if (!compared) return `${what}: none in ${price.currency}`;
  const theirs = `${formatMoney(basisPer100(reference), locale)}/100`;
  if (compared.word === 'same') return `${what} ${theirs}: the same`;
  return `${what} ${theirs}: ${compared.percent} % ${compared.word}`;
}

/** "≈ $0.01": the sign says estimate, wherever the figure is shown. */
export function estimateText(money: Money, locale?: string): string {
  return `≈ ${formatMoney(money, locale)}`;
}

