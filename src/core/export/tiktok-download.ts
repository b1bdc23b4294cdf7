/**
 * TikTok's own "Download your data" JSON (tiktok/README.md §7): `Your Activity` (older: `Activity`) → `Purchases`
 * (or `Purchase History`) → `SendGifts.SendGifts[]` {Date, GiftAmount, UserName} and `BuyGifts.BuyGifts[]`
 * {Date, Price}. Key names differ between export versions, so keys are matched after folding case, spaces and
 * underscores, and a list may sit directly under its section or one level down.
 *
 * The file states neither the unit of GiftAmount and Price (coins or money) nor the time zone of Date. This module
 * only reads what is there: amounts stay decimal text read exactly, dates stay wall-clock readings, and
 * `unknowns` lists what the person must be asked (tiktok-import.ts turns their answers into entries). Nothing is
 * assumed. Rows it cannot read are listed with the reason, never dropped silently.
 */
import { describeForeignStart, scanJsonText } from './restore-input';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export interface DownloadDate {
  text: string;
  wall: WallClock;
  /** Minutes east of UTC when the text states it (`Z`, `+02:00`, ` UTC`); null when the file does not say. */
  statedOffsetMinutes: number | null;
}

/** An amount as written: an exact decimal (`units / 10^scale`), plus whatever symbol or code surrounded it. */
export interface DownloadAmount {
  text: string;
  units: number;
  scale: number;
  /** Currency symbol or letters written beside the number ("$", "USD", "coins"); a hint to show, never a unit. */
  marker: string | null;
}

export interface SentGiftRow {
  row: number;
  date: DownloadDate;
  amount: DownloadAmount;
  recipient: string;
}

export interface BoughtRow {
  row: number;
  date: DownloadDate;
  price: DownloadAmount;
}

export type UnknownFact = 'gift-amount-unit' | 'price-unit' | 'time-zone';

export interface TikTokDownload {
  /** The key names this file used, as found (e.g. `Activity` / `Purchase History`). */
  variant: { activity: string; purchases: string };
  gifts: SentGiftRow[];
  purchases: BoughtRow[];
  /** Facts the file leaves open, for the import UI to ask: never filled in by a guess. */
  unknowns: UnknownFact[];
  /** Rows that could not be read, with why. */
  skipped: { section: 'SendGifts' | 'BuyGifts'; row: number; reason: string }[];
}

export type DownloadResult = { ok: true; download: TikTokDownload } | { ok: false; reason: string };

const MAX_ROWS = 200_000;
/** The whole download holds comments, messages and more besides purchases: generous, but bounded. */
export const MAX_DOWNLOAD_CHARS = 256 * 1024 ** 2;
const DOWNLOAD_SHAPE_LIMITS = { maxDepth: 32, maxStringChars: 1_000_000 };
const fold = (key: string) => key.toLowerCase().replace(/[\s_-]+/g, '');

function field(object: unknown, ...names: string[]): { key: string; value: unknown } | null {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return null;
  const wanted = names.map(fold);
  for (const key of Object.keys(object)) {
    if (wanted.includes(fold(key))) return { key, value: (object as Record<string, unknown>)[key] };
  }
  return null;
}

/** `SendGifts: { SendGifts: [...] }` or `SendGifts: [...]`; absent = no rows. */
function listOf(section: unknown, name: string): unknown[] | null {
  const outer = field(section, name);
  if (!outer) return [];
  if (Array.isArray(outer.value)) return outer.value;
  const inner = field(outer.value, name);
  if (!inner) return [];
  return Array.isArray(inner.value) ? inner.value : inner.value === null ? [] : null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

export function parseDownloadDate(value: unknown): DownloadDate | string {
  if (typeof value !== 'string') return 'Date is not text';
  const text = value.trim();
  const m = DATE.exec(text);
  if (!m) return `Date "${text.slice(0, 40)}" is not in a format Coinsight reads (YYYY-MM-DD HH:MM[:SS])`;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const wall = { year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +(s ?? 0), millisecond: +(ms ?? '0').padEnd(3, '0') };
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  if (check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    return `Date "${text.slice(0, 40)}" is not a real date and time`;
  }
  let statedOffsetMinutes: number | null = null;
  if (zone) {
    if (/^(Z|UTC|GMT)$/i.test(zone)) statedOffsetMinutes = 0;
    else {
      const digits = zone.replace(':', '');
      statedOffsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    }
  }
  return { text, wall, statedOffsetMinutes };
}

const AMOUNT = /^([^\d\s.,-]{0,8})\s*(\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.(\d{1,6}))?\s*([^\d\s.,-]{0,8})$/u;

export function parseDownloadAmount(value: unknown, name: string): DownloadAmount | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return `${name} ${String(value)} is not a usable amount`;
    value = String(value);
  }
  if (typeof value !== 'string') return `${name} is neither a number nor text`;
  const text = value.trim();
  if (/e/i.test(text) && /^\d/.test(text)) return `${name} "${text.slice(0, 30)}" is not a plain decimal`;
  const m = AMOUNT.exec(text);
  if (!m) return `${name} "${text.slice(0, 30)}" is not an amount Coinsight reads`;
  const [, before, whole, fraction, after] = m;
  const digits = whole!.replaceAll(',', '') + (fraction ?? '');
  const units = Number(digits);
  if (!Number.isSafeInteger(units)) return `${name} "${text.slice(0, 30)}" is too large`;
  const marker = (before || after || '').trim() || null;
  return { text, units, scale: fraction?.length ?? 0, marker };
}

/** Reads the file's text. A file of another shape says so; rows that cannot be read are listed, not guessed. */
export function parseTikTokDownload(text: string): DownloadResult {
  const foreign = describeForeignStart(text);
  if (foreign) return { ok: false, reason: foreign };
  if (text.length > MAX_DOWNLOAD_CHARS) return { ok: false, reason: `the file is larger than ${MAX_DOWNLOAD_CHARS} characters` };
  const shape = scanJsonText(text, DOWNLOAD_SHAPE_LIMITS);
  if (shape) return { ok: false, reason: shape };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the file is not valid JSON (cut short?)' };
  }
  const activity = field(root, 'Your Activity', 'Activity');
  if (!activity) return { ok: false, reason: 'no "Your Activity" (or "Activity") section: this is not TikTok\'s data download JSON, or not its JSON format' };
  const purchases = field(activity.value, 'Purchases', 'Purchase History');
  if (!purchases) return { ok: false, reason: `the "${activity.key}" section has no "Purchases" (or "Purchase History")` };
  const sent = listOf(purchases.value, 'SendGifts');
  const bought = listOf(purchases.value, 'BuyGifts');
  if (sent === null || bought === null) return { ok: false, reason: 'SendGifts or BuyGifts is not a list' };
  if (sent.length + bought.length > MAX_ROWS) return { ok: false, reason: `more than ${MAX_ROWS} rows` };
  const download: TikTokDownload = { variant: { activity: activity.key, purchases: purchases.key }, gifts: [], purchases: [], unknowns: [], skipped: [] };
  sent.forEach((item, row) => {
    const date = parseDownloadDate(field(item, 'Date')?.value);
    const amount = parseDownloadAmount(field(item, 'GiftAmount', 'Gift Amount')?.value, 'GiftAmount');
    const recipient = field(item, 'UserName', 'User Name', 'Username')?.value;
    const reason = typeof date === 'string' ? date : typeof amount === 'string' ? amount
      : typeof recipient !== 'string' || recipient.trim() === '' || recipient.length > 100 ? 'UserName is missing or not a handle' : null;
    if (reason) download.skipped.push({ section: 'SendGifts', row, reason });
    else download.gifts.push({ row, date: date as DownloadDate, amount: amount as DownloadAmount, recipient: (recipient as string).trim() });
  });
  bought.forEach((item, row) => {
    const date = parseDownloadDate(field(item, 'Date')?.value);
    const price = parseDownloadAmount(field(item, 'Price')?.value, 'Price');
    const reason = typeof date === 'string' ? date : typeof price === 'string' ? price : null;
    if (reason) download.skipped.push({ section: 'BuyGifts', row, reason });
    else download.purchases.push({ row, date: date as DownloadDate, price: price as DownloadAmount });
  });
  if (download.gifts.length > 0) download.unknowns.push('gift-amount-unit');
  if (download.purchases.length > 0) download.unknowns.push('price-unit');
  const dates = [...download.gifts.map((g) => g.date), ...download.purchases.map((p) => p.date)];
  if (dates.some((d) => d.statedOffsetMinutes === null)) download.unknowns.push('time-zone');
  return { ok: true, download };
}
