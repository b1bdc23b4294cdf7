/**
 * Parses `GET /webcast/gift/list/`: the price catalogue the page actually loaded.
 * Gifts come from data.gifts[] and data.pages[].gifts[] (the 2023 capture has gifts that appear only in
 * a page); they are merged in order of appearance and deduplicated by id, first occurrence winning.
 * A malformed gift (no positive integer id, no positive integer price) is skipped on its own; a list
 * with no valid gift at all is 'unrecognised'. Gifts priced 0 are skipped: a catalogue price is used
 * as a debit, and a debit is at least one coin.
 */
import type { CatalogueGift, CapturedExchange, GiftListOutcome } from './contracts';
import { MAX_COINS } from '../ledger';
import { asArray, asObject, readEnvelope, safeInt, text } from './json';

const LABEL = 'gift-list';
/** Real lists are 0.5–0.8 MB; allow growth, refuse absurd sizes. */
const MAX_LIST_CHARS = 8 * 1024 * 1024;
const MAX_GIFTS = 10_000;

const HASH_IN_SEGMENT = /^([0-9a-f]{32})(?:[.~]|$)/i;

/**
 * The 32-hex hash identifying a gift image, from any CDN URL or `uri` of it:
 * `.../webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.png` → 'eba3a9bb85c33e017f3648eaf88d7189',
 * `.../webcast-va/resource/484a44bbe62ce47687d1da31a6602bbd.png~tplv-obj.webp` → '484a44bb…'.
 * The last path segment that starts with 32 hex digits wins; the result is lower case. Never throws.
 */
export function imageHashFromUrl(url: string): string | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  let path = url;
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  const segments = path.split('/');
  for (let i = segments.length - 1; i >= 0; i--) {
    const match = HASH_IN_SEGMENT.exec(segments[i]!);
    if (match) return match[1]!.toLowerCase();
  }
  return null;
}

function imageHashOf(image: unknown): string | null {
  const object = asObject(image);
  if (!object) return null;
  for (const url of asArray(object.url_list)) {
    if (typeof url === 'string') {
      const hash = imageHashFromUrl(url);
      if (hash) return hash;
    }
  }
  return typeof object.uri === 'string' ? imageHashFromUrl(object.uri) : null;
}

function toCatalogueGift(value: unknown): CatalogueGift | null {
  const gift = asObject(value);
  if (!gift) return null;
  const id = safeInt(gift.id, 1);
  const coins = safeInt(gift.diamond_count, 1, MAX_COINS);
  if (id === null || coins === null) return null;
  return {
    id,
    name: text(gift.name, 200) ?? `Gift ${id}`,
    coins,
    type: typeof gift.type === 'number' && Number.isSafeInteger(gift.type) ? gift.type : null,
    combo: typeof gift.combo === 'boolean' ? gift.combo : null,
    imageHash: imageHashOf(gift.image),
  };
}

export function parseGiftList(exchange: CapturedExchange): GiftListOutcome {
  const envelope = readEnvelope(exchange, LABEL, MAX_LIST_CHARS);
  if (envelope.outcome !== 'envelope') return envelope;
  const { data } = envelope;
  if (!data) return { outcome: 'unrecognised', reason: `${LABEL}: no data object` };

  const sources: unknown[][] = [];
  if (Array.isArray(data.gifts)) sources.push(data.gifts);
  for (const page of asArray(data.pages)) {
    const gifts = asObject(page)?.gifts;
    if (Array.isArray(gifts)) sources.push(gifts);
  }

  const byId = new Map<number, CatalogueGift>();
  for (const list of sources) {
    for (const item of list) {
      if (byId.size >= MAX_GIFTS) break;
      const gift = toCatalogueGift(item);
      if (gift && !byId.has(gift.id)) byId.set(gift.id, gift);
    }
  }
  if (byId.size === 0) return { outcome: 'unrecognised', reason: `${LABEL}: no valid gifts` };

  const batchSizes = new Set<number>();
  for (const info of asArray(asObject(data.gifts_info)?.gift_group_infos)) {
    const size = safeInt(asObject(info)?.group_count, 2, 100_000);
    if (size !== null) batchSizes.add(size);
  }
  return { outcome: 'catalogue', gifts: [...byId.values()], batchSizes: [...batchSizes].sort((a, b) => a - b) };
}
