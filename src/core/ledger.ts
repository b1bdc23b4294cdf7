/**
 * The ledger contract (see DESIGN.md "The ledger"): the one shape that tests, exports and outside tools rely on.
 * Change these fields only together with a Dexie migration in src/platform/db.ts.
 */
import type { Money } from './money';
import { array, boolean, integer, object, oneOf, optional, string, literal, tagged, type Check, type Infer } from './schema';

/** Bumped whenever a parser changes what it extracts; every entry records the version that produced it. */
export const PARSER_VERSION = 1;

/** Which signal produced a captured (or hand-entered) entry. */
export const ENTRY_SOURCES = [
  'gift-send', // a successful webcast/gift/send response
  'cashier+end-result', // a /coin cashier read before paying, confirmed by a successful /coin/end-result
  'end-result+balance-delta', // a successful /coin/end-result without a cashier; coins from the balance rise
  'initial-balance', // the first balance Coinsight ever saw for an account
  'balance-rise', // coins that appeared without a purchase Coinsight saw ("coins from elsewhere")
  'manual', // typed in by the user
  'balance-fall', // a wallet reading fell more than the spending Coinsight saw explains (unseen-spend)
] as const;
/**
 * The source of imported rows (imported-gift / imported-purchase): a row of TikTok's own "Download your data" file.
 * Not in ENTRY_SOURCES, so no captured kind's schema accepts it (and the relay, which bundles those, carries nothing of it).
 */
export const IMPORT_SOURCE = 'tiktok-download';
export type CapturedSource = (typeof ENTRY_SOURCES)[number];
export type EntrySource = CapturedSource | typeof IMPORT_SOURCE;

export const UNKNOWN_ACCOUNT = '';

interface EntryBase {
  /** Deterministic idempotency key: recording the same event twice is a no-op. */
  id: string;
  /** Epoch milliseconds of the event. */
  at: number;
  /** Positive integer: coins spent by a gift, bought by a recharge, appeared for an adjustment. */
  coins: number;
  /** TikTok user id of the account the coins belong to; '' when the page did not reveal it. */
  account: string;
  source: CapturedSource;
  /** PARSER_VERSION of the code that produced the entry. */
  parser: number;
}

export interface GiftEntry extends EntryBase {
  kind: 'gift';
  giftId: number;
  giftName: string;
  /** Price of one gift in coins, from the send response (or the catalogue when the response lacks it). */
  unitCoins: number;
  /** Gifts debited by this one send (the request's count × the batch size). */
  count: number;
  roomId: string;
  creatorId?: string;
  creatorHandle?: string;
  /** TikTok's own ids, when the response carried them. */
  orderId?: string;
  msgId?: string;
  /**
   * Epoch ms when the request left the page (the tap's clock); `at` is when its answer was read. A wallet reading
   * taken between the two may or may not show this gift's debit. Absent on entries recorded before it existed.
   */
  sentAt?: number;
  /** How the debit was cross-checked: 'match' | 'mismatch' | 'unknown' per signal. */
  checks?: { catalogue: CheckOutcome; balance: CheckOutcome };
}

export type CheckOutcome = 'match' | 'mismatch' | 'unknown';

export interface RechargeEntry extends EntryBase {
  kind: 'recharge';
  /** What the user paid, when Coinsight saw it; absent means unknown, never zero. */
  price?: Money;
  orderId: string;
  /** 'match' once a later balance showed the coins arrived (the balance rose at least by this recharge). */
  checks?: { balance: CheckOutcome };
  /** A purchase typed in by hand (source 'manual'): where the coins were bought. */
  where?: PurchasePlace;
  /**
   * A purchase typed in by hand: the coins of unknown price it took over from adjustments (balance rises, the balance
   * held at install), which were reduced by as much; editing or deleting the purchase gives them back.
   */
  explains?: ExplainedCoins[];
}

/** Where a purchase Coinsight could not see was made. */
export const PURCHASE_PLACES = ['app', 'gift-card', 'other'] as const;
export type PurchasePlace = (typeof PURCHASE_PLACES)[number];

/** Coins a hand-entered purchase took from one adjustment (its id, date and source when taken). */
export interface ExplainedCoins {
  id: string;
  at: number;
  source: 'balance-rise' | 'initial-balance';
  coins: number;
}

export interface AdjustmentEntry extends EntryBase {
  kind: 'adjustment';
  note?: string;
}

/**
 * Coins that left without a gift Coinsight saw: spent in the phone app, on another device, or a capture lost to a
 * reload or an update. Inferred from a wallet reading that fell more than recorded spending explains; withdrawn
 * (reduced or deleted) when a gift that explains it arrives late. Never proposed by a content script.
 */
export interface UnseenSpendEntry extends EntryBase {
  kind: 'unseen-spend';
  source: 'balance-fall';
  note?: string;
}

/**
 * What an imported row counts as, decided by the worker when it is imported (background/handlers/tiktok-import.ts,
 * core/import-plan.ts) and never changed by a later write:
 * - `history`: before anything Coinsight captured for the account, and matching no captured entry: counted (once);
 * - `overlap`: matches a captured entry (`matchedId`): shown, never counted (the captured one counts);
 * - `in-captured-period`: at or after the account's first captured entry: the captured ledger (with the unseen
 *   spending that wallet readings infer) already accounts for every coin there, so it is shown, never counted.
 */
export const IMPORT_STATUSES = ['history', 'overlap', 'in-captured-period'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

interface ImportedBase extends Omit<EntryBase, 'source'> {
  source: typeof IMPORT_SOURCE;
  status: ImportStatus;
  /** The captured entry this row matched (status `overlap`). */
  matchedId?: string;
  /** The row as the file wrote it: its index in its list, its Date and its amount (GiftAmount or Price) as text. */
  fileRow: number;
  fileDate: string;
  fileAmount: string;
  /** The zone the person said the file's Date is in; absent when the Date stated its own offset. */
  timeZone?: string;
}

/** A gift from TikTok's data download (SendGifts): coins as the person said GiftAmount is counted, the recipient's name. */
export interface ImportedGiftEntry extends ImportedBase {
  kind: 'imported-gift';
  /** The recipient as the file names them (UserName). */
  creatorHandle: string;
}

/** A purchase from TikTok's data download (BuyGifts): coins as the person said Price is counted. */
export interface ImportedPurchaseEntry extends ImportedBase {
  kind: 'imported-purchase';
}

export type ImportedEntry = ImportedGiftEntry | ImportedPurchaseEntry;
export type CapturedEntry = GiftEntry | RechargeEntry | AdjustmentEntry | UnseenSpendEntry;
export type LedgerEntry = CapturedEntry | ImportedEntry;
export type EntryKind = LedgerEntry['kind'];

/** The last coin balance the page showed for an account. Stored beside the ledger, not in it. */
export interface BalanceObservation {
  id: string;
  account: string;
  at: number;
  coins: number;
  /** Which response revealed it: the wallet endpoint or a gift send's left_diamond. */
  source: 'wallet' | 'gift-send';
  /**
   * A wallet reading taken while a gift send of the same page was in flight: it may or may not show that send's
   * debit, so it is shown but never reconciled against the ledger.
   */
  raced?: boolean;
}

export const MAX_COINS = 1_000_000_000;
const id = string(200);
const account = string(64);
const at = integer(0, 8_640_000_000_000_000);
const coins = integer(1, MAX_COINS);
const source = oneOf(ENTRY_SOURCES);
const parser = integer(1, 1000);
const money = object({ minor: integer(0, Number.MAX_SAFE_INTEGER), currency: (value: unknown, path: string) =>
  typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? { ok: true as const, value } : { ok: false as const, reason: `${path}: expected an ISO 4217 code` } });
const outcome = oneOf(['match', 'mismatch', 'unknown'] as const);

export const giftEntrySchema = object({
  kind: literal('gift'), id, at, coins, account, source, parser,
  giftId: integer(0), giftName: string(200), unitCoins: integer(1, MAX_COINS), count: integer(1, 100_000), roomId: string(64),
  creatorId: optional(string(64)), creatorHandle: optional(string(100)), orderId: optional(string(100)), msgId: optional(string(100)),
  sentAt: optional(at),
  checks: optional(object({ catalogue: outcome, balance: outcome })),
});
/** A purchase takes at most this many adjustments' coins (each wallet reading's rise is one). */
export const MAX_EXPLAINS = 1000;
const explainedCoins = object({ id, at, source: oneOf(['balance-rise', 'initial-balance'] as const), coins });
export const rechargeEntrySchema = object({
  kind: literal('recharge'), id, at, coins, account, source, parser, price: optional(money), orderId: string(200),
  checks: optional(object({ balance: outcome })),
  where: optional(oneOf(PURCHASE_PLACES)), explains: optional(array(explainedCoins, MAX_EXPLAINS)),
});
export const adjustmentEntrySchema = object({
  kind: literal('adjustment'), id, at, coins, account, source, parser, note: optional(string(500)),
});
export const unseenSpendEntrySchema = object({
  kind: literal('unseen-spend'), id, at, coins, account, source: literal('balance-fall'), parser, note: optional(string(500)),
});
// Annotated pure, spelled out without a shared spread: the relay bundles this module for its ids and gift schema, and
// the content scripts are at their size budget; otherwise these would ride along though the relay never imports.
export const importedGiftEntrySchema = /* @__PURE__ */ object({
  kind: literal('imported-gift'), id, at, coins, account, source: literal(IMPORT_SOURCE), parser, status: oneOf(IMPORT_STATUSES), matchedId: optional(id),
  fileRow: integer(0, 10_000_000), fileDate: string(64), fileAmount: string(64), timeZone: optional(string(64)), creatorHandle: string(100),
});
export const importedPurchaseEntrySchema = /* @__PURE__ */ object({
  kind: literal('imported-purchase'), id, at, coins, account, source: literal(IMPORT_SOURCE), parser, status: oneOf(IMPORT_STATUSES), matchedId: optional(id),
  fileRow: integer(0, 10_000_000), fileDate: string(64), fileAmount: string(64), timeZone: optional(string(64)),
});
export const ledgerEntrySchema: Check<LedgerEntry> = /* @__PURE__ */ tagged('kind', {
  gift: giftEntrySchema,
  recharge: rechargeEntrySchema,
  adjustment: adjustmentEntrySchema,
  'unseen-spend': unseenSpendEntrySchema,
  'imported-gift': importedGiftEntrySchema,
  'imported-purchase': importedPurchaseEntrySchema,
}) as Check<LedgerEntry>;

export const isImported = (entry: LedgerEntry): entry is ImportedEntry => entry.kind === 'imported-gift' || entry.kind === 'imported-purchase';

export const balanceObservationSchema = object({
  id, account, at, coins: integer(0, MAX_COINS), source: oneOf(['wallet', 'gift-send'] as const), raced: optional(boolean),
});

// Compile-time proof that the schemas and the interfaces describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameBalance: Same<Infer<typeof balanceObservationSchema>, BalanceObservation> = true;
void _sameBalance;
const _sameRecharge: Same<Infer<typeof rechargeEntrySchema>, RechargeEntry> = true;
void _sameRecharge;
const _sameImportedGift: Same<Infer<typeof importedGiftEntrySchema>, ImportedGiftEntry> = true;
void _sameImportedGift;

/** FNV-1a, 64-bit, as 16 hex characters: a stable id for events TikTok gave no id of its own. Synchronous, tiny. */
export function stableHash(...parts: readonly (string | number)[]): string {
  let hash = 0xcbf29ce484222325n;
  const text = parts.join('\u001f');
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Ids are namespaced by kind so that TikTok's order ids for gifts and recharges can never collide. */
/**
 * The ids the relay makes, as functions of their own: the relay bundles only what it imports, and the content scripts
 * have a 12 KB budget (the worker's ids below are of no use there).
 */
export const giftIdByOrder = (orderId: string): string => `gift:order:${orderId}`;
export const giftIdByMsg = (msgId: string): string => `gift:msg:${msgId}`;
export const giftIdByRequest = (roomId: string, giftId: number, requestStartMs: string | number): string =>
  `gift:req:${stableHash(roomId, giftId, requestStartMs)}`;
export const balanceId = (account: string, at: number, coins: number): string => `balance:${stableHash(account, at, coins)}`;

export const entryIds = {
  giftByOrder: giftIdByOrder,
  giftByMsg: giftIdByMsg,
  giftByRequest: giftIdByRequest,
  recharge: (orderId: string) => `recharge:${orderId}`,
  initialBalance: (account: string) => `adjustment:initial:${account}`,
  balanceRise: (balanceId: string) => `adjustment:rise:${balanceId}`,
  /** The unexplained fall a wallet reading showed (kind 'unseen-spend'). */
  unseenSpend: (balanceId: string) => `unseen:${balanceId}`,
  balance: balanceId,
  /** The one row per account that holds the newest balance a gift send revealed. */
  giftSendBalance: (account: string) => `balance:gift-send:${account}`,
};
