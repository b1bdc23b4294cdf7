/**
 * TikTok's data download, built here from the documented shape (tiktok/README.md §7): the project has no real file.
 * Each key variant imports; what the file does not state is reported unknown; re-importing adds nothing; overlaps
 * with captured gifts are reported, not double-counted.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry } from '../ledger';
import { parseTikTokDownload, type TikTokDownload } from './tiktok-download';
import { candidatesFrom, findOverlaps, importedGiftSchema, wallClockToInstant, type ImportAnswers } from './tiktok-import';

const SENT = [
  { Date: '2024-03-30 21:15:02', GiftAmount: '1', UserName: 'alice.streams' },
  { Date: '2024-03-30 21:15:02', GiftAmount: '1', UserName: 'alice.streams' }, // a second, identical tap
  { Date: '2024-03-31 02:30:00', GiftAmount: 99, UserName: 'bob' }, // inside the Paris DST gap
  { Date: '2024-04-02 10:00:00', GiftAmount: '1,000', UserName: '@Carol' },
];
const BOUGHT = [
  { Date: '2024-03-29 18:00:00', Price: '$0.74' },
  { Date: '2024-03-29T18:05:00Z', Price: '70' },
];

const variants: Record<string, unknown> = {
  'Your Activity / Purchases / nested lists': { 'Your Activity': { Purchases: { SendGifts: { SendGifts: SENT }, BuyGifts: { BuyGifts: BOUGHT } } } },
  'Activity / Purchase History (older)': { Activity: { 'Purchase History': { SendGifts: { SendGifts: SENT }, BuyGifts: { BuyGifts: BOUGHT } } } },
  'lists directly under their section': { Activity: { Purchases: { SendGifts: SENT, BuyGifts: BOUGHT } } },
  'other casing and spacing': { your_activity: { 'purchase history': { 'Send Gifts': { sendgifts: SENT }, buy_gifts: { BuyGifts: BOUGHT } } } },
};

const ANSWERS: ImportAnswers = { timeZone: 'Europe/Paris', giftAmountUnit: { kind: 'coins' }, priceUnit: { kind: 'money', currency: 'USD' }, account: '6801' };

function parsed(doc: unknown): TikTokDownload {
  const result = parseTikTokDownload(JSON.stringify(doc));
  if (!result.ok) throw new Error(result.reason);
  return result.download;
}

describe("TikTok's data download", () => {
  for (const [name, doc] of Object.entries(variants)) {
    it(`reads the ${name} variant`, () => {
      const download = parsed(doc);
      expect(download.gifts).toHaveLength(SENT.length);
      expect(download.purchases).toHaveLength(BOUGHT.length);
      expect(download.skipped).toEqual([]);
      expect(download.gifts[3]).toMatchObject({ recipient: '@Carol', amount: { units: 1000, scale: 0, marker: null } });
      expect(download.purchases[0]!.price).toEqual({ text: '$0.74', units: 74, scale: 2, marker: '$' });
    });
  }

  it('reports the units and the time zone as unknown, never assumed', () => {
    const download = parsed(variants['Activity / Purchase History (older)']);
    expect(download.unknowns).toEqual(['gift-amount-unit', 'price-unit', 'time-zone']);
    expect(download.gifts[0]!.date.statedOffsetMinutes).toBeNull();
    expect(download.purchases[1]!.date.statedOffsetMinutes).toBe(0);
    const allStated = parsed({ Activity: { Purchases: { BuyGifts: { BuyGifts: [BOUGHT[1]] } } } });
    expect(allStated.unknowns).toEqual(['price-unit']);
  });

  it('lists the rows it cannot read, with why, and keeps the rest', () => {
    const download = parsed({ Activity: { Purchases: { SendGifts: { SendGifts: [SENT[0], { Date: '30/03/2024', GiftAmount: 1, UserName: 'x' }, { Date: '2024-02-30 10:00:00', GiftAmount: 1, UserName: 'x' }, { Date: '2024-03-30 10:00:00', GiftAmount: '1e9', UserName: 'x' }, { Date: '2024-03-30 10:00:00', GiftAmount: 1 }] } } } });
    expect(download.gifts).toHaveLength(1);
    expect(download.skipped.map((s) => s.reason)).toEqual([
      'Date "30/03/2024" is not in a format Coinsight reads (YYYY-MM-DD HH:MM[:SS])',
      'Date "2024-02-30 10:00:00" is not a real date and time',
      'GiftAmount "1e9" is not a plain decimal',
      'UserName is missing or not a handle',
    ]);
  });

  it('refuses files of another shape with a reason', () => {
    expect(parseTikTokDownload('{"Profile":{}}')).toEqual({ ok: false, reason: expect.stringContaining('no "Your Activity"') });
    expect(parseTikTokDownload('Date,GiftAmount\n1,2')).toMatchObject({ ok: false, reason: expect.stringContaining('CSV') });
    expect(parseTikTokDownload('{"Activity":')).toMatchObject({ ok: false, reason: expect.stringContaining('not valid JSON') });
    expect(parseTikTokDownload(`{"a":${'['.repeat(1000)}`)).toMatchObject({ ok: false, reason: expect.stringContaining('nesting') });
  });

  it('turns rows into imported candidates of their own kind and source, read with the answers', () => {
    const result = candidatesFrom(parsed(variants['Your Activity / Purchases / nested lists']), ANSWERS);
    if (!result.ok) throw new Error(result.reason);
    const [first, second, gap, carol] = result.gifts;
    expect(first).toMatchObject({ kind: 'imported-gift', source: 'tiktok-download', coins: 1, at: Date.UTC(2024, 2, 30, 20, 15, 2), zone: { source: 'answer', timeZone: 'Europe/Paris' } });
    expect(first!.id).not.toBe(second!.id); // two identical rows are two gifts
    expect(gap!.at).toBe(Date.UTC(2024, 2, 31, 1, 30)); // 02:30 does not exist in Paris that night: read as 03:30 CEST
    expect(carol!.coins).toBe(1000);
    expect(result.purchases[0]).toMatchObject({ kind: 'imported-purchase', coins: null, price: { minor: 74, currency: 'USD' } });
    expect(result.purchases[1]).toMatchObject({ at: Date.UTC(2024, 2, 29, 18, 5), zone: { source: 'file' } });
    for (const gift of result.gifts) expect(importedGiftSchema(gift, '').ok).toBe(true);
  });

  it('refuses answers that do not fit a row instead of rounding', () => {
    const download = parsed({ Activity: { Purchases: { SendGifts: [{ Date: '2024-03-30 21:15:02', GiftAmount: '0.5', UserName: 'a' }], BuyGifts: [{ Date: '2024-03-30 21:15:02', Price: '0.745' }] } } });
    const result = candidatesFrom(download, ANSWERS);
    if (!result.ok) throw new Error(result.reason);
    expect(result.refused.map((r) => r.reason)).toEqual(['GiftAmount "0.5" is not a whole number of coins', 'Price "0.745" has more decimals than USD has']);
    expect(candidatesFrom(download, { ...ANSWERS, timeZone: 'Nowhere/Land' })).toEqual({ ok: false, reason: 'unknown time zone "Nowhere/Land"' });
  });

  it('re-importing the same file (in any variant, with any zone answer) gives the same ids: nothing is added', () => {
    const ids = (doc: unknown, answers: ImportAnswers) => {
      const result = candidatesFrom(parsed(doc), answers);
      if (!result.ok) throw new Error(result.reason);
      return [...result.gifts, ...result.purchases].map((c) => c.id);
    };
    const first = ids(variants['Your Activity / Purchases / nested lists'], ANSWERS);
    expect(new Set(first).size).toBe(first.length);
    expect(ids(variants['Activity / Purchase History (older)'], { ...ANSWERS, timeZone: 'Asia/Tokyo' })).toEqual(first);
  });

  it('reports the overlap with captured gifts (same recipient, same local day, same coins) and counts it once', () => {
    const result = candidatesFrom(parsed(variants['Your Activity / Purchases / nested lists']), ANSWERS);
    if (!result.ok) throw new Error(result.reason);
    const captured = (id: string, at: number, coins: number, creatorHandle?: string): GiftEntry => ({
      kind: 'gift', id, at, coins, account: '6801', source: 'gift-send', parser: 1, giftId: 5655, giftName: 'Rose', unitCoins: coins, count: 1, roomId: '1', ...(creatorHandle ? { creatorHandle } : {}),
    });
    const overlaps = findOverlaps(result.gifts, [
      captured('gift:order:1', Date.UTC(2024, 2, 30, 20, 15, 2, 400), 1, 'Alice.Streams'), // explains one of the two identical taps
      captured('gift:order:2', Date.UTC(2024, 3, 2, 8, 0), 1000, 'carol'), // same Paris day, handle without @
      captured('gift:order:3', Date.UTC(2024, 2, 31, 1, 30), 98, 'bob'), // other amount: not the same gift
    ], 'Europe/Paris');
    expect(overlaps.overlapping).toEqual([
      { importedId: result.gifts[0]!.id, capturedId: 'gift:order:1' },
      { importedId: result.gifts[3]!.id, capturedId: 'gift:order:2' },
    ]);
    expect(overlaps.fresh.map((g) => g.id)).toEqual([result.gifts[1]!.id, result.gifts[2]!.id]);
    const coinsCounted = 1 + 1000 + 98 + overlaps.fresh.reduce((sum, g) => sum + g.coins!, 0);
    expect(coinsCounted).toBe(1 + 1000 + 98 + 1 + 99);
  });

  it('a day boundary in the asked zone decides the overlap, and money-valued gifts are never matched by guess', () => {
    const result = candidatesFrom(parsed({ Activity: { Purchases: { SendGifts: [{ Date: '2024-03-30 23:30:00', GiftAmount: '5', UserName: 'dee' }] } } }), ANSWERS);
    if (!result.ok) throw new Error(result.reason);
    const late: GiftEntry = { kind: 'gift', id: 'gift:order:9', at: Date.UTC(2024, 2, 30, 23, 0), coins: 5, account: '', source: 'gift-send', parser: 1, giftId: 1, giftName: 'x', unitCoins: 5, count: 1, roomId: '1', creatorHandle: 'dee' };
    // 23:00 UTC is 00:00 on the 31st in Paris: another day than the imported 23:30 on the 30th.
    expect(findOverlaps(result.gifts, [late], 'Europe/Paris').overlapping).toEqual([]);
    expect(findOverlaps(result.gifts, [late], 'UTC').overlapping).toHaveLength(1); // both on the 30th in UTC
    const money = candidatesFrom(parsed({ Activity: { Purchases: { SendGifts: [{ Date: '2024-03-30 23:30:00', GiftAmount: '5', UserName: 'dee' }] } } }), { ...ANSWERS, giftAmountUnit: { kind: 'money', currency: 'EUR' } });
    if (!money.ok) throw new Error(money.reason);
    expect(findOverlaps(money.gifts, [late], 'Europe/Paris').incomparable).toHaveLength(1);
  });

  it('reads a wall clock in a zone: ordinary, repeated (the earlier) and skipped times', () => {
    const wall = (day: number, hour: number, minute = 0) => ({ year: 2024, month: 10, day, hour, minute, second: 0, millisecond: 0 });
    expect(wallClockToInstant(wall(1, 12), 'Europe/Paris')).toBe(Date.UTC(2024, 9, 1, 10));
    expect(wallClockToInstant(wall(27, 2, 30), 'Europe/Paris')).toBe(Date.UTC(2024, 9, 27, 0, 30)); // 02:30 happens twice
    expect(wallClockToInstant(wall(1, 12), 'Asia/Kathmandu')).toBe(Date.UTC(2024, 9, 1, 6, 15));
  });
});
