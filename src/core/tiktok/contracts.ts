/**
 * What the TikTok parsers return. Three outcomes, always:
 * - a recognised value;
 * - 'refused': TikTok answered and said no (non-zero status_code, HTTP error). Normal, never a spend, not a diagnostic;
 * - 'unrecognised': the payload was malformed, truncated or of a shape we do not know. Counted as a diagnostic.
 * Parsers never throw: every path returns one of these.
 */
import type { BalanceObservation, GiftEntry } from '../ledger';

export type Refused = { outcome: 'refused'; reason: string; statusCode?: number };
export type Unrecognised = { outcome: 'unrecognised'; reason: string };

/** The hooked endpoints. The tap forwards only these; everything else passes through untouched. */
export type TrackedEndpoint = 'gift-send' | 'gift-list' | 'wallet-balance';

/** One hooked HTTP exchange, as the tap forwards it (strings only: Firefox cannot pass objects across worlds). */
export interface CapturedExchange {
  endpoint: TrackedEndpoint;
  url: string;
  method: string;
  /** HTTP status; 0 when the request failed at the network level or was aborted. */
  status: number;
  /** The request body as text (form-urlencoded for gift/send), or null. */
  requestBody: string | null;
  /** The response body as text, or null when it could not be read (network error, too large). */
  responseText: string | null;
  /** performance.timeOrigin + performance.now() when the response was read, as epoch ms. */
  at: number;
  /** Same clock, when the request left the page. */
  sentAt?: number;
  /** location.href when the request left: the page (LIVE room, creator) the user was on when sending. */
  pageUrl?: string;
  /** Wallet readings only: a gift send of this page was in flight at some point while this reading was. */
  raced?: boolean;
}

export interface CatalogueGift {
  id: number;
  name: string;
  /** Price of one gift in coins (TikTok's `diamond_count`). */
  coins: number;
  /** 1 = streakable (combo); 2 and 4 are non-streak gifts. null when absent. */
  type: number | null;
  combo: boolean | null;
  /** The 32-hex hash in the gift image URL, stable across CDN hosts; null when absent. */
  imageHash: string | null;
}

export type GiftListOutcome = { outcome: 'catalogue'; gifts: CatalogueGift[]; batchSizes: number[] } | Refused | Unrecognised;

export interface WalletBalance {
  coins: number;
  frozenCoins: number | null;
  /** last_web_order.finish_time converted to epoch ms, when present. */
  lastWebOrderAt: number | null;
}
export type WalletOutcome = { outcome: 'balance'; balance: WalletBalance } | Refused | Unrecognised;

/** Context the relay knows when a gift/send response arrives. */
export interface GiftSendContext {
  account: string;
  /** Prices by gift id from the last catalogue seen, for the cross-check and as a fallback price. */
  catalogue: ReadonlyMap<number, CatalogueGift>;
  /** The last balance seen for this account, for the left_diamond cross-check; null when unknown. */
  previousBalance: number | null;
  creatorHandle?: string;
}
export type GiftSendOutcome =
  | { outcome: 'spent'; entry: GiftEntry; balance: BalanceObservation | null }
  | Refused
  | Unrecognised;

/** /coin/end-result?payment_status=… */
export type PaymentResult =
  | { status: 'succeeded'; orderId: string; chargeId: string | null; payMethod: string | null }
  | { status: 'failed'; orderId: string | null; errorCode: string | null };

/** The signed-in user, from the page's embedded state. */
export interface PageAccount {
  uid: string;
  uniqueId: string | null;
  nickName: string | null;
}

/** The LIVE room being watched, from SIGI_STATE. */
export interface PageRoom {
  roomId: string | null;
  creatorId: string | null;
  creatorHandle: string | null;
}
