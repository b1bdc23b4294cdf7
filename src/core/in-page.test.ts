import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASES, yourPurchasesBasis, type RateBasis } from './conversion';
import { basisPer100, comparison, comparisonLine, estimateText, giftImageHash, per100, tileCoins } from './in-page';
import { emptyTotals } from './rollups';

const REAL_LIST = '../shared/tiktok/fixtures/gift_list__official_05_01_2024.json';
const appUsd = DEFAULT_BASES.find((basis) => basis.kind === 'app-package')!;
const webUsd = DEFAULT_BASES.find((basis) => basis.kind === 'web-package')!;
const basis = (minor: number, coins: number, currency: string): RateBasis => ({ id: 'x', kind: 'custom', rate: { minor, coins, currency }, source: 'A rate you entered', asOf: '2026-01-01' });

describe('giftImageHash: the gift an image in the LIVE panel shows', () => {
  // The real captures are read in place from ../shared (third-party data, never copied here); absent in a bare clone.
  it.skipIf(!existsSync(REAL_LIST))('reads every image URL form of a real gift list (2024-01-05), the same hash on every CDN host', () => {
    const list = JSON.parse(readFileSync(REAL_LIST, 'utf8')) as { data: { gifts: { image: { url_list: string[]; uri: string } }[] } };
    let seen = 0;
    for (const gift of list.data.gifts) {
      const hashes = new Set(gift.image.url_list.map(giftImageHash));
      expect(hashes.size).toBe(1);
      const [hash] = hashes;
      expect(hash).toMatch(/^[0-9a-f]{32}$/);
      expect(gift.image.uri).toContain(hash);
      seen++;
    }
    expect(seen).toBe(116);
  });

  it('knows Rose in the forms TikTok serves it', () => {
    expect(giftImageHash('https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
    expect(giftImageHash('https://p19-webcast.tiktokcdn.com/img/alisg/webcast-sg/eba3a9bb85c33e017f3648eaf88d7189.png~tplv-obj.webp?x=1')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
    expect(giftImageHash('https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/resource/EBA3A9BB85C33E017F3648EAF88D7189.png~tplv-obj.webp')).toBe('eba3a9bb85c33e017f3648eaf88d7189');
  });

  it('is not fooled by images that are not gifts', () => {
    expect(giftImageHash('https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/eba3a9bb85c33e017f3648eaf88d7189~c5_100x100.jpeg')).toBeNull(); // an avatar
    expect(giftImageHash('https://evil.example/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp')).toBeNull();
    expect(giftImageHash('http://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/eba3a9bb85c33e017f3648eaf88d7189~tplv-obj.webp')).toBeNull();
    expect(giftImageHash('https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/rose.png')).toBeNull();
    expect(giftImageHash('')).toBeNull();
    expect(giftImageHash(undefined as unknown as string)).toBeNull();
  });
});

describe('tileCoins: the coin price a gift tile shows', () => {
  it('reads whole numbers, grouped or not, with or without "coins"', () => {
    expect(tileCoins('1')).toBe(1);
    expect(tileCoins(' 44,999 ')).toBe(44_999);
    expect(tileCoins('1.000')).toBe(1000);
    expect(tileCoins('5 coins')).toBe(5);
    expect(tileCoins('1 Coin')).toBe(1);
  });

  it('refuses what is not a price', () => {
    for (const text of ['x5', '×5', 'Rose', '1.5', '2K', '', '0', '-1', 'sent Rose', '12:30']) expect(tileCoins(text), text).toBeNull();
  });
});

describe('per100 and comparisons on /coin', () => {
  it('gives the price of 100 coins, rounded half up once', () => {
    expect(per100({ minor: 74, currency: 'USD' }, 70)).toEqual({ minor: 106, currency: 'USD' }); // 105.71…
    expect(per100({ minor: 9800, currency: 'VND' }, 30)).toEqual({ minor: 32_667, currency: 'VND' });
    expect(per100({ minor: 12_000, currency: 'IDR' }, 70)).toEqual({ minor: 17_143, currency: 'IDR' });
    expect(per100({ minor: 5, currency: 'USD' }, 1000)).toEqual({ minor: 1, currency: 'USD' }); // 0.5 → 1
    expect(per100({ minor: 74, currency: 'USD' }, 0)).toBeNull();
    expect(basisPer100(appUsd)).toEqual({ minor: 151, currency: 'USD' });
  });

  it('compares exact ratios: cheaper, dearer, the same', () => {
    // 70 coins for $0.74 against the in-app 330 for $4.99: (74×330)/(499×70) − 1 = −30.1 %.
    expect(comparison({ minor: 74, currency: 'USD' }, 70, appUsd)).toEqual({ percent: 30, word: 'cheaper' });
    expect(comparison({ minor: 370, currency: 'USD' }, 350, webUsd)).toEqual({ percent: 0, word: 'same' });
    expect(comparison({ minor: 80, currency: 'USD' }, 70, webUsd)).toEqual({ percent: 8, word: 'dearer' });
    expect(comparison({ minor: 9800, currency: 'VND' }, 30, appUsd)).toBeNull(); // another currency: no comparison
  });

  it('words each line, and says when there is nothing to compare with', () => {
    expect(comparisonLine('In-app', { minor: 74, currency: 'USD' }, 70, appUsd, 'en-US')).toBe('In-app $1.51/100: 30 % cheaper');
    const yours = yourPurchasesBasis({ ...emptyTotals(), rechargeCoins: 700, money: { USD: 740 } })!;
    expect(comparisonLine('Your average', { minor: 370, currency: 'USD' }, 350, yours, 'en-US')).toBe('Your average $1.06/100: the same');
    expect(comparisonLine('In-app', { minor: 9800, currency: 'VND' }, 30, null)).toBe('In-app: none in VND');
    expect(comparisonLine('Your average', { minor: 9800, currency: 'VND' }, 30, basis(100, 100, 'USD'))).toBe('Your average: none in VND');
  });
});

describe('estimate wording', () => {
  it('marks the figure as an estimate', () => {
    expect(estimateText({ minor: 1, currency: 'USD' }, 'en-US')).toBe('≈ $0.01');
  });
});
