/**
 * TikTok's data download → candidate entries of their own kind and source, once the person has answered what the
 * file does not state (the unit of GiftAmount and Price, the time zone of Date). Candidates are never captured
 * entries: kind `imported-gift` / `imported-purchase`, source `tiktok-download`, the original text kept beside the
 * interpreted values. Ids are deterministic (a hash of the row's own text and its rank among identical rows), so
 * importing the same file again yields the same ids and adds nothing. tiktok-entries.ts turns candidates into ledger
 * entries; core/import-plan.ts decides which of them overlap what Coinsight captured.
 */
import { stableHash } from '../ledger';
import { minorDigits, type Money } from '../money';
import { zonedParts } from '../periods';
import type { DownloadAmount, DownloadDate, TikTokDownload, WallClock } from './tiktok-download';
import { isKnownTimeZone } from './timestamps';

export const IMPORT_SOURCE = 'tiktok-download';

export type AmountUnit = { kind: 'coins' } | { kind: 'money'; currency: string };

export interface ImportAnswers {
  /** The zone the file's dates are read in (asked; ignored for a date that states its own offset). */
  timeZone: string;
  giftAmountUnit: AmountUnit;
  priceUnit: AmountUnit;
  /** The TikTok account (user id) this download belongs to; '' when unknown. */
  account: string;
}

interface CandidateBase {
  id: string;
  source: typeof IMPORT_SOURCE;
  at: number;
  account: string;
  /** Coins when the person said the amount is in coins; null when it is money (coins then stay unknown). */
  coins: number | null;
  /** How `at` was read: from the offset the file states, or in the zone the person chose. */
  zone: { source: 'file' } | { source: 'answer'; timeZone: string };
  /** The row as the file wrote it. */
  original: { row: number; date: string; amount: string };
}

export interface ImportedGift extends CandidateBase {
  kind: 'imported-gift';
  recipientHandle: string;
  /** The gift's value in money, when the person said GiftAmount is money. */
  amount: Money | null;
}

export interface ImportedPurchase extends CandidateBase {
  kind: 'imported-purchase';
  price: Money | null;
}

export type ImportCandidate = ImportedGift | ImportedPurchase;

export type ImportResult = { ok: true; gifts: ImportedGift[]; purchases: ImportedPurchase[]; refused: { row: number; section: string; reason: string }[] } | { ok: false; reason: string };

/** The instant a wall-clock reading names in a zone (see below for skipped and repeated local times). */
export function wallClockToInstant(wall: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const offsetAt = (at: number) => {
    const p = zonedParts(at, timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (at - (((at % 1000) + 1000) % 1000));
  };
  // The offsets in force a day before and a day after (one or two distinct values around a transition). A repeated
  // local time reads back under both: the earlier instant is taken. A skipped one (DST gap) reads back under neither:
  // it is read with the offset before the change, as clocks and Temporal's "compatible" do (02:30 → 03:30).
  const before = asUtc - offsetAt(asUtc - 86_400_000);
  const candidates = [before, asUtc - offsetAt(asUtc + 86_400_000)].sort((a, b) => a - b);
  const reads = (at: number) => {
    const p = zonedParts(at, timeZone);
    return p.year === wall.year && p.month === wall.month && p.day === wall.day && p.hour === wall.hour && p.minute === wall.minute;
  };
  return candidates.find(reads) ?? before;
}

function instantOf(date: DownloadDate, timeZone: string): number {
  const w = date.wall;
  if (date.statedOffsetMinutes !== null) {
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - date.statedOffsetMinutes * 60_000;
  }
  return wallClockToInstant(w, timeZone);
}

function interpret(amount: DownloadAmount, unit: AmountUnit, name: string): { coins: number | null; money: Money | null } | string {
  if (unit.kind === 'coins') {
    if (amount.scale > 0 && amount.units % 10 ** amount.scale !== 0) return `${name} "${amount.text}" is not a whole number of coins`;
    const coins = amount.units / 10 ** amount.scale;
    return coins >= 1 && coins <= 1_000_000_000 ? { coins, money: null } : `${name} "${amount.text}" is not a number of coins Coinsight records (1 to 1,000,000,000)`;
  }
  const digits = minorDigits(unit.currency);
  if (amount.scale > digits) return `${name} "${amount.text}" has more decimals than ${unit.currency} has`;
  return { coins: null, money: { minor: amount.units * 10 ** (digits - amount.scale), currency: unit.currency } };
}

/** Rank of each row among rows with the same text, so two identical rows get two ids, the same on every import. */
function ranker() {
  const seen = new Map<string, number>();
  return (key: string) => {
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return rank;
  };
}

export function candidatesFrom(download: TikTokDownload, answers: ImportAnswers): ImportResult {
  if (!isKnownTimeZone(answers.timeZone)) return { ok: false, reason: `unknown time zone "${answers.timeZone}"` };
  for (const unit of [answers.giftAmountUnit, answers.priceUnit]) {
    if (unit.kind === 'money' && !/^[A-Z]{3}$/.test(unit.currency)) return { ok: false, reason: `"${unit.currency}" is not an ISO 4217 currency code` };
  }
  const zoneOf = (date: DownloadDate): CandidateBase['zone'] => (date.statedOffsetMinutes !== null ? { source: 'file' } : { source: 'answer', timeZone: answers.timeZone });
  const refused: { row: number; section: string; reason: string }[] = [];
  const gifts: ImportedGift[] = [];
  const giftRank = ranker();
  for (const row of download.gifts) {
    const value = interpret(row.amount, answers.giftAmountUnit, 'GiftAmount');
    if (typeof value === 'string') {
      refused.push({ row: row.row, section: 'SendGifts', reason: value });
      continue;
    }
    const key = [answers.account, row.date.text, row.amount.text, row.recipient].join('\u001f');
    gifts.push({
      kind: 'imported-gift', source: IMPORT_SOURCE, id: `import:tiktok:gift:${stableHash(key, giftRank(key))}`,
      at: instantOf(row.date, answers.timeZone), account: answers.account, coins: value.coins, amount: value.money,
      recipientHandle: row.recipient, zone: zoneOf(row.date), original: { row: row.row, date: row.date.text, amount: row.amount.text },
    });
  }
  const purchases: ImportedPurchase[] = [];
  const purchaseRank = ranker();
  for (const row of download.purchases) {
    const value = interpret(row.price, answers.priceUnit, 'Price');
    if (typeof value === 'string') {
      refused.push({ row: row.row, section: 'BuyGifts', reason: value });
      continue;
    }
    const key = [answers.account, row.date.text, row.price.text].join('\u001f');
    purchases.push({
      kind: 'imported-purchase', source: IMPORT_SOURCE, id: `import:tiktok:purchase:${stableHash(key, purchaseRank(key))}`,
      at: instantOf(row.date, answers.timeZone), account: answers.account, coins: value.coins, price: value.money,
      zone: zoneOf(row.date), original: { row: row.row, date: row.date.text, amount: row.price.text },
    });
  }
  return { ok: true, gifts, purchases, refused };
}
