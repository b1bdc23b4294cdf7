/**
 * Importing TikTok's data download end to end below the browser: a download file (written here from the documented
 * shape, and one built from the real gift catalogue when /work/shared is present), the questions it raises, the
 * options page's sending code, the real router and the worker's handler over a real Dexie database.
 */
import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTikTokDownload, type TikTokDownload } from '../../core/export/tiktok-download';
import { ledgerEntriesFrom, missingAnswers, overviewOf, type PartialAnswers } from '../../core/export/tiktok-entries';
import type { ImportReport } from '../../core/import-plan';
import type { ImportedEntry, LedgerEntry } from '../../core/ledger';
import { spentCoins } from '../../core/rollups';
import type { CoinsightDb } from '../../platform/db';
import { envelope, type MessageName, type PayloadOf, type ReplyOf } from '../../platform/protocol';
import { sendImport } from '../../options/data/tiktok-file';
import { recordBatch } from '../recorder';
import { ME, MIN, NOW, T0, balanceObs, expectRollupsMatchLedger, freshDb, ledgerOf, lifetimeOf } from '../recorder.fixtures';
import { route, type Handlers } from '../router';
import type { SenderFacts } from '../sender';
import { MemoryStorage, expectUnchanged, seedLedger } from './data.fixtures';
import { tiktokImportHandlers } from './tiktok-import';

const EXTENSION_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const BASE = `chrome-extension://${EXTENSION_ID}/`;
const OPTIONS: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 8 } };
const TIKTOK_TAB: SenderFacts = { id: EXTENSION_ID, url: 'https://www.tiktok.com/@sunset.cooking/live', origin: 'https://www.tiktok.com', tab: { id: 9 } };
const CATALOGUE = fileURLToPath(new URL('../../../../shared/tiktok/fixtures/gift_catalog_2024-01-05.min.json', import.meta.url));

function sender(db: CoinsightDb, facts: SenderFacts = OPTIONS) {
  const handlers = tiktokImportHandlers(db) as unknown as Handlers;
  return async <N extends MessageName>(name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> => {
    const reply = await route(envelope(name, payload), facts, { extensionId: EXTENSION_ID, extensionBaseUrl: BASE, handlers });
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as ReplyOf<N>;
  };
}

/** 'YYYY-MM-DD HH:MM:SS' of an instant in UTC: how the download writes a Date (no zone). */
const wall = (at: number) => new Date(at).toISOString().slice(0, 19).replace('T', ' ');

/** The seeded ledger (recorder fixtures) captured Doughnuts ×2 (60 coins) to sunset.cooking at T0 + 2 min. */
const SENT = [
  { Date: wall(T0 - 2 * 24 * 60 * MIN), GiftAmount: '100', UserName: 'sunset.cooking' }, // before install: history
  { Date: wall(T0 - 24 * 60 * MIN), GiftAmount: 30, UserName: '@Sunset.Cooking' }, // history
  { Date: wall(T0 + 2 * MIN + 20_000), GiftAmount: '60', UserName: 'sunset.cooking' }, // the captured Doughnuts: overlap
  { Date: wall(T0 + 4 * 60 * MIN), GiftAmount: '40', UserName: 'someone.else' }, // captured period, no single match
];
const BOUGHT = [{ Date: wall(T0 - 3 * 24 * 60 * MIN), Price: '500' }];
const FILE = JSON.stringify({ 'Your Activity': { Purchases: { SendGifts: { SendGifts: SENT }, BuyGifts: { BuyGifts: BOUGHT } } } });
const OLDER_VARIANT = JSON.stringify({ Activity: { 'Purchase History': { SendGifts: SENT, BuyGifts: BOUGHT } } });
const ANSWERS: PartialAnswers = { giftAmountUnit: { kind: 'coins' }, priceUnit: { kind: 'coins' }, timeZone: 'UTC', account: ME };

function parsed(text: string): TikTokDownload {
  const result = parseTikTokDownload(text);
  if (!result.ok) throw new Error(result.reason);
  return result.download;
}

function entriesOf(text: string, answers = ANSWERS): ImportedEntry[] {
  const result = ledgerEntriesFrom(parsed(text), answers);
  if (!result.ok) throw new Error(result.reason);
  return result.entries;
}

let serial = 0;
const importId = () => `3f2b8c1e-0d4a-4e6b-9a7c-${String(++serial).padStart(12, '0')}`;
const importFile = (db: CoinsightDb, text: string, write = true): Promise<ImportReport> => sendImport(entriesOf(text), sender(db), importId(), write);

describe("importing TikTok's data download", () => {
  it('shows what the file holds and asks what it does not say; nothing can be imported until every question is answered', () => {
    const download = parsed(FILE);
    expect(overviewOf(download)).toMatchObject({ gifts: 4, purchases: 1, firstDate: BOUGHT[0]!.Date, lastDate: SENT[3]!.Date, giftAmountTotal: '230', priceTotal: '500', unreadable: [] });
    const none: PartialAnswers = { giftAmountUnit: null, priceUnit: null, timeZone: null, account: null };
    expect(missingAnswers(download, none)).toEqual(['gift-amount-unit', 'price-unit', 'time-zone', 'account']);
    expect(ledgerEntriesFrom(download, none)).toEqual({ ok: false, reason: 'still unanswered: gift-amount-unit, price-unit, time-zone, account' });
    expect(missingAnswers(download, { ...ANSWERS, timeZone: 'Mars/Olympus' })).toEqual(['time-zone']);
    expect(missingAnswers(download, { ...ANSWERS, priceUnit: { kind: 'money', currency: 'usd' } })).toEqual(['price-unit']);
    expect(missingAnswers(download, ANSWERS)).toEqual([]);
  });

  it('rows the person says are money have no coin count: kept out and listed, never converted by a guess', () => {
    const result = ledgerEntriesFrom(parsed(FILE), { ...ANSWERS, priceUnit: { kind: 'money', currency: 'USD' } });
    if (!result.ok) throw new Error(result.reason);
    expect(result.entries.map((e) => e.kind)).toEqual(['imported-gift', 'imported-gift', 'imported-gift', 'imported-gift']);
    expect(result.keptOut).toEqual([{ section: 'BuyGifts', row: 0, reason: 'Price is money, not coins' }]);
  });

  it('counts history before the first capture once, shows overlaps and rows of the captured period without counting them, and keeps wallet reconciliation exact', async () => {
    const db = freshDb();
    await seedLedger(db);
    const before = (await lifetimeOf(db))!;
    const preview = await importFile(db, FILE, false);
    expect((await ledgerOf(db)).some((e) => e.source === 'tiktok-download')).toBe(false); // a plan writes nothing
    const report = await importFile(db, FILE);
    expect({ ...report, written: false }).toEqual(preview);
    expect(report.added).toEqual({ history: 3, overlap: 1, 'in-captured-period': 1 });
    expect(report.coins).toEqual({ history: 630, overlap: 60, 'in-captured-period': 40 });
    expect(report.capturedFrom).toBe(T0);
    expect(report.overlaps).toEqual([expect.objectContaining({ fileRow: 2, coins: 60, recipient: 'sunset.cooking', capturedId: 'gift:msg:7481000000000000003', capturedAt: T0 + 2 * MIN })]);

    const imported = (await ledgerOf(db)).filter((e): e is ImportedEntry => e.source === 'tiktok-download');
    expect(imported.map((e) => [e.kind, e.coins, e.status])).toEqual([
      ['imported-purchase', 500, 'history'], ['imported-gift', 100, 'history'], ['imported-gift', 30, 'history'],
      ['imported-gift', 60, 'overlap'], ['imported-gift', 40, 'in-captured-period'],
    ]);
    expect(imported[3]!.matchedId).toBe('gift:msg:7481000000000000003');
    expect(imported[1]).toMatchObject({ fileRow: 0, fileDate: SENT[0]!.Date, fileAmount: '100', timeZone: 'UTC', creatorHandle: 'sunset.cooking' });

    const after = (await lifetimeOf(db))!;
    // Captured figures untouched; history in its own fields; spending counts the two history gifts once, nothing else.
    expect(after).toMatchObject({ giftCoins: before.giftCoins, unseenSpendCoins: before.unseenSpendCoins, rechargeCoins: before.rechargeCoins, adjustmentCoins: before.adjustmentCoins });
    expect(after).toMatchObject({ importedGiftCoins: 130, importedGifts: 2, importedPurchaseCoins: 500, importedPurchases: 1 });
    expect(spentCoins(after)).toBe(spentCoins(before) + 130);
    await expectRollupsMatchLedger(db); // rollups = their entries; the cost basis = a replay that leaves imports out
    expect(await db.lots.count()).toBe((await ledgerOf(db)).filter((e) => e.kind === 'recharge' || e.kind === 'adjustment').length);

    // The next wallet reading (no spending since) finds the ledger in agreement: no coins from elsewhere, no unseen spending.
    const entriesBefore = (await ledgerOf(db)).length;
    await recordBatch(db, [balanceObs(T0 + 5 * 60 * MIN, 4000)], { now: NOW });
    expect((await ledgerOf(db)).length).toBe(entriesBefore);
  });

  it('re-importing the same file, in the same or another key variant, adds nothing', async () => {
    const db = freshDb();
    await seedLedger(db);
    await importFile(db, FILE);
    const storage = new MemoryStorage();
    for (const text of [FILE, OLDER_VARIANT]) {
      await expectUnchanged(db, storage, async () => {
        const again = await importFile(db, text);
        expect(again.added).toEqual({ history: 0, overlap: 0, 'in-captured-period': 0 });
        expect(again.alreadyImported).toBe(5);
      });
    }
  });

  it('before anything was captured, every row is history', async () => {
    const db = freshDb();
    const report = await importFile(db, FILE);
    expect(report).toMatchObject({ capturedFrom: null, added: { history: 5, overlap: 0, 'in-captured-period': 0 }, overlaps: [] });
    expect(spentCoins((await lifetimeOf(db))!)).toBe(230);
    await expectRollupsMatchLedger(db);
  });

  it('a file with an unreadable row is refused whole, naming the first bad record and why', () => {
    const bad = JSON.stringify({ Activity: { Purchases: { SendGifts: [SENT[0], { Date: '31/12/2024', GiftAmount: 1, UserName: 'x' }, { Date: wall(T0), GiftAmount: -5, UserName: 'x' }] } } });
    expect(ledgerEntriesFrom(parsed(bad), ANSWERS)).toEqual({
      ok: false, reason: 'SendGifts row 2: Date "31/12/2024" is not in a format Coinsight reads (YYYY-MM-DD HH:MM[:SS]) (2 unreadable rows; nothing was imported)',
    });
    const fractional = JSON.stringify({ Activity: { Purchases: { SendGifts: [SENT[0], { ...SENT[1], GiftAmount: '2.5' }] } } });
    expect(ledgerEntriesFrom(parsed(fractional), ANSWERS)).toEqual({ ok: false, reason: 'SendGifts row 2: GiftAmount "2.5" is not a whole number of coins (nothing was imported)' });
  });

  it('hostile rows sent straight to the worker are refused with the row and the reason, and nothing is written', async () => {
    const db = freshDb();
    await seedLedger(db);
    const storage = new MemoryStorage();
    const good = entriesOf(FILE);
    const hostile: [string, unknown[], RegExp][] = [
      ['negative coins', [good[0], { ...good[1], coins: -5 }], /row 2\.coins/],
      ['a captured kind smuggled in', [{ ...good[0], kind: 'gift' }], /row 1\.kind/],
      ['another source', [{ ...good[0], source: 'gift-send' }], /row 1\.source/],
      ['an unknown status', [{ ...good[0], status: 'counted' }], /row 1\.status/],
      ['a huge amount', [{ ...good[0], coins: 1e15 }], /row 1\.coins/],
      ['a handle of 10,000 characters', [{ ...good[1], creatorHandle: 'x'.repeat(10_000) }], /row 1\.creatorHandle/],
      ['not an object', ['{"kind":"imported-gift"}'], /row 1/],
      ['two accounts in one import', [good[0], { ...good[1], account: '999' }], /another account/],
      ['a date in the future', [good[0], { ...good[1], at: Date.now() + 86_400_000 }], /SendGifts row 2 \(.*\) is dated in the future: check the time zone/],
    ];
    for (const [name, rows, reason] of hostile) {
      await expectUnchanged(db, storage, async () => {
        const send = sender(db);
        const id = importId();
        await expect(send('importStage', { importId: id, entries: rows }), name).rejects.toThrow(reason);
        await expect(send('importCommit', { importId: id, entries: rows.length, write: true }), name).rejects.toThrow(/interrupted|nothing/);
      });
    }
  });

  it('a TikTok page cannot import, and an interrupted import writes nothing', async () => {
    const db = freshDb();
    await seedLedger(db);
    const storage = new MemoryStorage();
    await expectUnchanged(db, storage, async () => {
      await expect(sender(db, TIKTOK_TAB)('importStage', { importId: importId(), entries: entriesOf(FILE) })).rejects.toThrow(/may only be sent by an extension-page/);
      const send = sender(db);
      const id = importId();
      await send('importStage', { importId: id, entries: entriesOf(FILE).slice(0, 2) });
      await expect(send('importCommit', { importId: id, entries: 5, write: true })).rejects.toThrow('the import was interrupted (2 of 5 rows arrived): nothing was written, try again');
    });
  });

  it.skipIf(!existsSync(CATALOGUE))('imports a download of real gifts (the real 2024 catalogue prices as GiftAmount), coins exact', async () => {
    const catalogue = (JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { gifts: { id: number; name: string; diamond_count: number }[] }).gifts;
    const sent = catalogue.map((gift, i) => ({ Date: wall(T0 - (i + 1) * 60 * MIN), GiftAmount: String(gift.diamond_count), UserName: `creator.${i % 7}` }));
    const text = JSON.stringify({ 'Your Activity': { Purchases: { SendGifts: { SendGifts: sent } } } });
    expect(parsed(text).unknowns).toEqual(['gift-amount-unit', 'time-zone']);
    const db = freshDb();
    const report = await importFile(db, text);
    const total = catalogue.reduce((sum, gift) => sum + gift.diamond_count, 0);
    expect(report.added.history).toBe(catalogue.length);
    expect(report.coins.history).toBe(total);
    expect(spentCoins((await lifetimeOf(db))!)).toBe(total);
    const ledger: LedgerEntry[] = await ledgerOf(db);
    expect(new Set(ledger.map((e) => e.id)).size).toBe(catalogue.length);
  });
});
