/**
 * TikTok's data download, built here from the documented shape (tiktok/README.md §7): the project has no real file.
 * Each key variant imports; what the file does not state is reported unknown; re-importing adds nothing; overlaps
 * with captured gifts are reported, not double-counted.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry, ImportedEntry, RechargeEntry } from '../ledger';
import { importedGiftEntrySchema } from '../ledger';
import { OVERLAP_TOLERANCE_MS, planImport } from '../import-plan';
import { ledgerEntriesFrom } from './tiktok-entries';
import { parseTikTokDownload, type TikTokDownload } from './tiktok-download';
import { candidatesFrom, wallClockToInstant, type ImportAnswers } from './tiktok-import';

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
    const entries = ledgerEntriesFrom(parsed(variants['Your Activity / Purchases / nested lists']), ANSWERS);
    if (!entries.ok) throw new Error(entries.reason);
    expect(entries.keptOut).toHaveLength(2); // Price in USD: no coin count, kept out
    for (const entry of entries.entries.filter((e) => e.kind === 'imported-gift')) expect(importedGiftEntrySchema(entry, '').ok).toBe(true);
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

  const imported = (): ImportedEntry[] => {
    const doc = { 'Your Activity': { Purchases: { SendGifts: { SendGifts: SENT }, BuyGifts: { BuyGifts: [BOUGHT[1]] } } } };
    const result = ledgerEntriesFrom(parsed(doc), { ...ANSWERS, priceUnit: { kind: 'coins' } });
    if (!result.ok) throw new Error(result.reason);
    return result.entries;
  };
  const captured = (id: string, at: number, coins: number, creatorHandle?: string): GiftEntry => ({
    kind: 'gift', id, at, coins, account: '6801', source: 'gift-send', parser: 1, giftId: 5655, giftName: 'Rose', unitCoins: coins, count: 1, roomId: '1', ...(creatorHandle ? { creatorHandle } : {}),
  });

  it('reports the overlap with captured entries (same recipient and coins within the tolerance) and counts it once', () => {
    const rows = imported(); // gifts: two identical 1-coin taps, 99 to bob, 1000 to @Carol; a purchase of 70 coins
    const gifts = rows.filter((e) => e.kind === 'imported-gift');
    const recharge: RechargeEntry = { kind: 'recharge', id: 'recharge:ORD-9', at: Date.UTC(2024, 2, 29, 18, 6), coins: 70, account: '6801', source: 'cashier+end-result', parser: 1, orderId: 'ORD-9' };
    const { add, report } = planImport({
      candidates: rows, capturedFrom: null, stored: new Map(),
      captured: [
        captured('gift:order:1', Date.UTC(2024, 2, 30, 20, 15, 2, 400), 1, 'Alice.Streams'), // explains one of the two identical taps
        captured('gift:order:2', Date.UTC(2024, 3, 2, 8, 0) + OVERLAP_TOLERANCE_MS, 1000, 'carol'), // at the tolerance's edge, handle without @
        captured('gift:order:3', Date.UTC(2024, 2, 31, 1, 30), 98, 'bob'), // other coins: not the same gift
        recharge, // the 70-coin purchase one minute later
      ],
    });
    expect(report.added).toEqual({ history: 2, overlap: 3, 'in-captured-period': 0 });
    expect(report.overlaps.map((o) => [o.kind, o.capturedId])).toEqual([
      ['imported-purchase', 'recharge:ORD-9'], ['imported-gift', 'gift:order:1'], ['imported-gift', 'gift:order:2'],
    ]);
    expect(add.filter((e) => e.status === 'history').map((e) => e.coins).sort((a, b) => a - b)).toEqual([1, 99]);
    expect(gifts).toHaveLength(4);
  });

  it('rows at or after the first capture are in the captured period; a zone answered hours wrong matches nothing by time', () => {
    const rows = imported().filter((e) => e.kind === 'imported-gift');
    const firstCapture = Date.UTC(2024, 2, 31, 0, 0);
    const { report } = planImport({ candidates: rows, capturedFrom: firstCapture, captured: [], stored: new Map() });
    expect(report.added).toEqual({ history: 2, overlap: 0, 'in-captured-period': 2 });
    const late = captured('gift:order:9', rows[3]!.at + 2 * 3_600_000, 1000, 'carol'); // the same gift, read two hours off
    expect(planImport({ candidates: rows, capturedFrom: null, captured: [late], stored: new Map() }).report.added.overlap).toBe(0);
  });

  it('rows already in the ledger (the same file imported before) are skipped, whatever their status then', () => {
    const rows = imported();
    const stored = new Map(rows.map((e) => [e.id, { ...e, status: 'in-captured-period' as const }]));
    const { add, report } = planImport({ candidates: rows, capturedFrom: null, captured: [], stored });
    expect(add).toEqual([]);
    expect(report.alreadyImported).toBe(rows.length);
  });

  it('reads a wall clock in a zone: ordinary, repeated (the earlier) and skipped times', () => {
    const wall = (day: number, hour: number, minute = 0) => ({ year: 2024, month: 10, day, hour, minute, second: 0, millisecond: 0 });
    expect(wallClockToInstant(wall(1, 12), 'Europe/Paris')).toBe(Date.UTC(2024, 9, 1, 10));
    expect(wallClockToInstant(wall(27, 2, 30), 'Europe/Paris')).toBe(Date.UTC(2024, 9, 27, 0, 30)); // 02:30 happens twice
    expect(wallClockToInstant(wall(1, 12), 'Asia/Kathmandu')).toBe(Date.UTC(2024, 9, 1, 6, 15));
  });
});
