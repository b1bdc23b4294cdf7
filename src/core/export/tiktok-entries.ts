/**
 * From TikTok's parsed download and the person's answers to ledger entries of kinds `imported-gift` /
 * `imported-purchase`. What the file does not state is asked, never assumed: `missingAnswers` lists the questions
 * still open, and `ledgerEntriesFrom` refuses while one is. Coinsight's ledger counts coins, so a row the person
 * says is money has no coin count: it is kept out (listed with why), never converted by a guess. A row the parser
 * could not read refuses the whole import, naming the first one: an import is all or nothing.
 */
import { PARSER_VERSION, type ImportedEntry } from '../ledger';
import type { DownloadAmount, TikTokDownload } from './tiktok-download';
import { candidatesFrom, type AmountUnit, type ImportAnswers } from './tiktok-import';
import { isKnownTimeZone } from './timestamps';

/** The person's answers as the form holds them: null = not answered yet. */
export interface PartialAnswers {
  giftAmountUnit: AmountUnit | null;
  priceUnit: AmountUnit | null;
  timeZone: string | null;
  /** The TikTok account the download belongs to ('' = an account Coinsight has not seen); null = not chosen. */
  account: string | null;
}

export type Question = 'gift-amount-unit' | 'price-unit' | 'time-zone' | 'account';

/** The questions this file leaves open and the form has not answered (the account is always asked). */
export function missingAnswers(download: TikTokDownload, answers: PartialAnswers): Question[] {
  const missing: Question[] = [];
  if (download.unknowns.includes('gift-amount-unit') && !validUnit(answers.giftAmountUnit)) missing.push('gift-amount-unit');
  if (download.unknowns.includes('price-unit') && !validUnit(answers.priceUnit)) missing.push('price-unit');
  if (download.unknowns.includes('time-zone') && !(answers.timeZone && isKnownTimeZone(answers.timeZone))) missing.push('time-zone');
  if (answers.account === null) missing.push('account');
  return missing;
}

const validUnit = (unit: AmountUnit | null) => unit !== null && (unit.kind === 'coins' || /^[A-Z]{3}$/.test(unit.currency));

export interface DownloadOverview {
  gifts: number;
  purchases: number;
  /** The first and last Date as the file wrote them (wall clocks: their zone is one of the questions). */
  firstDate: string | null;
  lastDate: string | null;
  /** Sums of the amounts exactly as written (decimal text), before any unit is known. */
  giftAmountTotal: string;
  priceTotal: string;
  /** Rows that could not be read: the import is refused while there are any. */
  unreadable: TikTokDownload['skipped'];
}

export function overviewOf(download: TikTokDownload): DownloadOverview {
  const dates = [...download.gifts.map((g) => g.date), ...download.purchases.map((p) => p.date)]
    .sort((a, b) => wallKey(a.wall) - wallKey(b.wall));
  return {
    gifts: download.gifts.length, purchases: download.purchases.length,
    firstDate: dates[0]?.text ?? null, lastDate: dates[dates.length - 1]?.text ?? null,
    giftAmountTotal: decimalSum(download.gifts.map((g) => g.amount)), priceTotal: decimalSum(download.purchases.map((p) => p.price)),
    unreadable: download.skipped,
  };
}

const wallKey = (w: TikTokDownload['gifts'][number]['date']['wall']) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Exact decimal sum (BigInt), so "0.74" + "0.25" is "0.99", never 0.9899999. */
export function decimalSum(amounts: readonly DownloadAmount[]): string {
  const scale = Math.max(0, ...amounts.map((a) => a.scale));
  let total = 0n;
  for (const a of amounts) total += BigInt(a.units) * 10n ** BigInt(scale - a.scale);
  if (scale === 0) return total.toString();
  const digits = total.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export interface KeptOut {
  section: 'SendGifts' | 'BuyGifts';
  row: number;
  reason: string;
}

export type EntriesResult = { ok: true; entries: ImportedEntry[]; keptOut: KeptOut[] } | { ok: false; reason: string };

/** The ledger entries of a download, once every question is answered. Their status is provisional: the worker decides it. */
export function ledgerEntriesFrom(download: TikTokDownload, partial: PartialAnswers): EntriesResult {
  const first = download.skipped[0];
  if (first) return { ok: false, reason: `${first.section} row ${first.row + 1}: ${first.reason} (${download.skipped.length} unreadable row${download.skipped.length === 1 ? '' : 's'}; nothing was imported)` };
  const missing = missingAnswers(download, partial);
  if (missing.length > 0) return { ok: false, reason: `still unanswered: ${missing.join(', ')}` };
  // A question the file does not raise (no gifts, or every Date states its offset) needs no answer: any stands in.
  const answers: ImportAnswers = {
    timeZone: partial.timeZone ?? 'UTC', giftAmountUnit: partial.giftAmountUnit ?? { kind: 'coins' }, priceUnit: partial.priceUnit ?? { kind: 'coins' },
    account: partial.account!,
  };
  const result = candidatesFrom(download, answers);
  if (!result.ok) return result;
  const refused = result.refused[0];
  if (refused) return { ok: false, reason: `${refused.section} row ${refused.row + 1}: ${refused.reason} (nothing was imported)` };
  const keptOut: KeptOut[] = [];
  const entries: ImportedEntry[] = [];
  const common = (c: (typeof result.gifts)[number] | (typeof result.purchases)[number]) => ({
    id: c.id, at: c.at, account: c.account, source: 'tiktok-download' as const, parser: PARSER_VERSION, status: 'history' as const,
    fileRow: c.original.row, fileDate: c.original.date, fileAmount: c.original.amount,
    ...(c.zone.source === 'answer' ? { timeZone: c.zone.timeZone } : {}),
  });
  for (const gift of result.gifts) {
    if (gift.coins === null) keptOut.push({ section: 'SendGifts', row: gift.original.row, reason: 'GiftAmount is money, not coins' });
    else entries.push({ kind: 'imported-gift', ...common(gift), coins: gift.coins, creatorHandle: gift.recipientHandle });
  }
  for (const purchase of result.purchases) {
    if (purchase.coins === null) keptOut.push({ section: 'BuyGifts', row: purchase.original.row, reason: 'Price is money, not coins' });
    else entries.push({ kind: 'imported-purchase', ...common(purchase), coins: purchase.coins });
  }
  return { ok: true, entries, keptOut };
}
