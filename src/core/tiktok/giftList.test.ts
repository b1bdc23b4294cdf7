import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { imageHashFromUrl, parseGiftList } from './giftList';
import type { CapturedExchange, CatalogueGift, GiftListOutcome } from './contracts';

// Real captures are read in place from the shared folder beside the project (never copied in).
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.resolve(projectRoot, '../shared/tiktok/fixtures');
const LIST_2024 = path.join(fixtures, 'gift_list__official_05_01_2024.json');
const LIST_2023 = path.join(fixtures, 'gift_list__official_02_09_2023.json');
const CATALOG_2024 = path.join(fixtures, 'gift_catalog_2024-01-05.min.json');
const hasFixtures = [LIST_2024, LIST_2023, CATALOG_2024].every((file) => existsSync(file));
if (!hasFixtures) console.warn(`[giftList.test] SKIPPING real-capture tests: fixtures not found in ${fixtures}`);

function exchange(responseText: string | null, over: Partial<CapturedExchange> = {}): CapturedExchange {
  return {
    endpoint: 'gift-list', url: 'https://webcast.tiktok.com/webcast/gift/list/?aid=1988&room_id=7312345678901234567', method: 'GET',
    status: 200, requestBody: null, responseText, at: 1_704_470_094_792, ...over,
  };
}

function catalogue(outcome: GiftListOutcome): { gifts: CatalogueGift[]; batchSizes: number[] } {
  if (outcome.outcome !== 'catalogue') throw new Error(`expected a catalogue, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const gift = (over: Record<string, unknown> = {}) => ({
  id: 5655, name: 'Rose', diamond_count: 1, type: 1, combo: true, describe: 'sent Rose',
  image: { uri: 'webcast-va/eba3a9bb85c33e017f3648eaf88d7189', url_list: ['https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp'] },
  ...over,
});
const list = (data: Record<string, unknown>) => JSON.stringify({ data, extra: { now: 1 }, status_code: 0 });

describe('imageHashFromUrl', () => {
  it('finds the 32-hex hash in CDN URLs and uris of both generations', () => {
    expect(imageHashFromUrl('https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.png')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
    expect(imageHashFromUrl('https://p19-webcast.tiktokcdn.com/img/alisg/webcast-sg/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp?x=1#y')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
    expect(imageHashFromUrl('https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/resource/484a44bbe62ce47687d1da31a6602bbd.png~tplv-obj.webp')).toBe('484a44bbe62ce47687d1da31a6602bbd');
    expect(imageHashFromUrl('webcast-va/eba3a9bb85c33e017f3648eaf88d7189')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
    expect(imageHashFromUrl('https://cdn.example/EBA3A9BB85C33E017F3648EAF88D7189.png')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
  });

  it('returns null without a hash, on near misses, and on garbage', () => {
    expect(imageHashFromUrl('https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/rose.png')).toBe(null);
    expect(imageHashFromUrl('https://cdn.example/eba3a9bb85c33e017f3648eaf88d718.png')).toBe(null); // 31 hex
    expect(imageHashFromUrl('https://cdn.example/eba3a9bb85c33e017f3648eaf88d71890.png')).toBe(null); // 33 hex
    expect(imageHashFromUrl('https://cdn.example/x?h=eba3a9bb85c33e017f3648eaf88d7189')).toBe(null); // only in the query
    expect(imageHashFromUrl('')).toBe(null);
    expect(imageHashFromUrl(null as unknown as string)).toBe(null);
  });
});

describe('parseGiftList: built payloads', () => {
  it('merges data.gifts and data.pages[].gifts, deduplicated by id, first occurrence wins', () => {
    const outcome = catalogue(parseGiftList(exchange(list({
      gifts: [gift(), gift({ id: 5879, name: 'Doughnut', diamond_count: 30 })],
      pages: [{ page_name: 'Gifts', gifts: [gift({ name: 'Rose (page copy)' }), gift({ id: 7060, name: 'Victory', diamond_count: 10, type: 2, combo: false })] }],
      gifts_info: { gift_group_infos: [{ group_count: 10, group_text: '' }, { group_count: 999 }, { group_count: 99 }, { group_count: 10 }, { group_count: 1 }, { group_count: 'x' }] },
    }))));
    expect(outcome.gifts.map((g) => [g.id, g.name, g.coins])).toEqual([[5655, 'Rose', 1], [5879, 'Doughnut', 30], [7060, 'Victory', 10]]);
    expect(outcome.gifts[0]).toEqual({ id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' });
    expect(outcome.batchSizes).toEqual([10, 99, 999]);
  });

  it('reads gifts that exist only in pages, and tolerates missing optional fields', () => {
    const outcome = catalogue(parseGiftList(exchange(list({ pages: [{ gifts: [{ id: 1, diamond_count: 5 }] }] }))));
    expect(outcome).toEqual({ outcome: 'catalogue', gifts: [{ id: 1, name: 'Gift 1', coins: 5, type: null, combo: null, imageHash: null }], batchSizes: [] });
  });

  it('falls back to image.uri for the hash', () => {
    const outcome = catalogue(parseGiftList(exchange(list({ gifts: [gift({ image: { uri: 'webcast-va/eba3a9bb85c33e017f3648eaf88d7189', url_list: ['https://x/none.png'] } })] }))));
    expect(outcome.gifts[0]!.imageHash).toBe('eba3a9bb85c33e017f3648eaf88d7189');
  });

  it('skips malformed gifts one by one', () => {
    const outcome = catalogue(parseGiftList(exchange(list({
      gifts: [
        gift(), null, 7, 'rose', [], gift({ id: 'x' }), gift({ id: 0 }), gift({ id: 2, diamond_count: 0 }), gift({ id: 3, diamond_count: -1 }),
        gift({ id: 4, diamond_count: 1.5 }), gift({ id: 5, diamond_count: '9' }), gift({ id: 6, type: 'one', combo: 'yes', name: 7, image: 'x' }),
      ],
      pages: 'not an array',
    }))));
    expect(outcome.gifts.map((g) => g.id)).toEqual([5655, 5, 6]);
    expect(outcome.gifts[2]).toEqual({ id: 6, name: 'Gift 6', coins: 1, type: null, combo: null, imageHash: null });
  });

  it('is unrecognised when no gift is valid', () => {
    for (const data of [{}, { gifts: [] }, { gifts: [{ id: 1 }] }, { gifts: 'x', pages: [{ gifts: [null] }] }]) {
      expect(parseGiftList(exchange(list(data)))).toEqual({ outcome: 'unrecognised', reason: 'gift-list: no valid gifts' });
    }
  });

  it('refuses HTTP errors, network failures and non-zero status codes', () => {
    expect(parseGiftList(exchange('x', { status: 500 }))).toEqual({ outcome: 'refused', reason: 'gift-list: HTTP 500' });
    expect(parseGiftList(exchange(null, { status: 0 }))).toEqual({ outcome: 'refused', reason: 'gift-list: network error or aborted' });
    expect(parseGiftList(exchange('{"status_code":20003,"data":{"message":"Login expired"}}'))).toEqual({ outcome: 'refused', reason: 'Login expired', statusCode: 20003 });
  });

  it('reports garbage as unrecognised without throwing', () => {
    const cases: Array<[string | null, string]> = [
      ['', 'gift-list: response is empty'],
      [null, 'gift-list: no response body'],
      ['null', 'gift-list: response is not an object'],
      ['[]', 'gift-list: response is not an object'],
      ['{"status_code":0,"data":{"gifts":[', 'gift-list: response is not JSON'],
      ['{"data":{"gifts":[]}}', 'gift-list: response has no numeric status_code'],
      ['{"status_code":0,"data":null}', 'gift-list: no data object'],
    ];
    for (const [text, reason] of cases) expect(parseGiftList(exchange(text))).toEqual({ outcome: 'unrecognised', reason });
    expect(parseGiftList(exchange('x'.repeat(8 * 1024 * 1024 + 1)))).toEqual({ outcome: 'unrecognised', reason: 'gift-list: response too large' });
    expect(() => parseGiftList(undefined as unknown as CapturedExchange)).not.toThrow();
  });
});

describe.skipIf(!hasFixtures)('parseGiftList: real captures (../shared/tiktok/fixtures)', () => {
  const read = (file: string) => readFileSync(file, 'utf8');
  const parsed2024 = () => catalogue(parseGiftList(exchange(read(LIST_2024))));
  const parsed2023 = () => catalogue(parseGiftList(exchange(read(LIST_2023))));
  const byName = (gifts: CatalogueGift[], name: string) => gifts.find((g) => g.name === name);

  it('2024-01-05: 116 gifts, Rose costs 1 with its image hash, TikTok Universe 44999', () => {
    const { gifts, batchSizes } = parsed2024();
    expect(gifts).toHaveLength(116);
    expect(byName(gifts, 'Rose')).toEqual({ id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' });
    expect(byName(gifts, 'TikTok Universe')).toMatchObject({ id: 9072, coins: 44999, type: 2, combo: false });
    expect(batchSizes).toEqual([10, 99, 365, 999]);
  });

  it('2023-08-04: 133 gifts in data.gifts plus 3 only in pages (136), Universe 34999', () => {
    const raw = JSON.parse(read(LIST_2023)) as { data: { gifts: unknown[] } };
    expect(raw.data.gifts).toHaveLength(133); // as PROVENANCE.md says
    const { gifts, batchSizes } = parsed2023();
    expect(gifts).toHaveLength(136);
    expect(gifts.slice(133).map((g) => g.name).sort()).toEqual(['Game Controller', 'Victory', 'Wand']);
    expect(byName(gifts, 'Rose')).toEqual({ id: 5655, name: 'Rose', coins: 1, type: 1, combo: true, imageHash: 'eba3a9bb85c33e017f3648eaf88d7189' });
    expect(byName(gifts, 'TikTok Universe')).toMatchObject({ id: 6038, coins: 34999 });
    expect(batchSizes).toEqual([10, 99, 365, 999]);
  });

  it('type 1 ⇔ combo, and every gift has a price, a type, a combo flag and an image hash', () => {
    for (const { gifts } of [parsed2024(), parsed2023()]) {
      for (const g of gifts) {
        expect(g.type === 1, `${g.id} ${g.name}`).toBe(g.combo === true);
        expect([1, 2, 4]).toContain(g.type);
        expect(typeof g.combo).toBe('boolean');
        expect(g.imageHash).toMatch(/^[0-9a-f]{32}$/);
        expect(Number.isSafeInteger(g.coins) && g.coins >= 1).toBe(true);
      }
    }
  });

  it('agrees with gift_catalog_2024-01-05.min.json gift for gift (names trimmed: the capture has "Garland ")', () => {
    const reference = JSON.parse(read(CATALOG_2024)) as { gifts: Array<{ id: number; name: string; diamond_count: number; type: number; combo: boolean }> };
    const { gifts } = parsed2024();
    expect(reference.gifts).toHaveLength(gifts.length);
    const mine = new Map(gifts.map((g) => [g.id, g]));
    for (const ref of reference.gifts) {
      expect(mine.get(ref.id), `gift ${ref.id}`).toMatchObject({ id: ref.id, name: ref.name.trim(), coins: ref.diamond_count, type: ref.type, combo: ref.combo });
    }
  });

  it('prices changed between the captures: the same name came back under a new id and price', () => {
    const old = parsed2023().gifts;
    const now = parsed2024().gifts;
    const oldById = new Map(old.map((g) => [g.id, g]));
    const shared = now.filter((g) => oldById.has(g.id));
    expect(shared).toHaveLength(91);
    // In these two captures a gift id keeps its price; TikTok re-issued Universe under a new id instead.
    for (const g of shared) expect(g.coins, `${g.id}`).toBe(oldById.get(g.id)!.coins);
    expect(byName(old, 'TikTok Universe')!.id).not.toBe(byName(now, 'TikTok Universe')!.id);
  });

  it('tolerates truncation of a real capture: unrecognised, never a throw', () => {
    const text = read(LIST_2024);
    for (const cut of [1, 100, 1000, 50_000, text.length - 1]) {
      expect(parseGiftList(exchange(text.slice(0, cut)))).toEqual({ outcome: 'unrecognised', reason: 'gift-list: response is not JSON' });
    }
  });
});
