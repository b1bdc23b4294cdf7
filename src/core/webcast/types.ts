/**
 * What the decoder of the LIVE room's event stream hands to the worker (research mode, issue 12). The shapes are the
 * contract between the decoder (src/core/webcast), the capture pipeline (src/background) and the views.
 *
 * A GiftEvent still holds the sender's CLEAR id and handle: the worker turns it into a `CapturedGift`
 * (src/core/research/pseudonym.ts, `pseudonymiseGift`) at once, and nothing clear is ever stored.
 */

/** One WebcastGiftMessage, as read from a frame. */
export interface GiftEvent {
  /** `common.msgId` (64-bit, decimal string); the frame's message id when `common` lacks it. Dedupe key. */
  msgId: string;
  /** `common.roomId` (decimal string), or the room the worker says the socket belongs to. */
  roomId: string;
  /** `common.createTime` (ms since epoch, TikTok's server clock). */
  at: number;
  giftId: number;
  /** The running count within a streak (grows 1, 2, 3 …; the same value repeats). ≥ 1. */
  repeatCount: number;
  /** True on a streak's final message (`repeatEnd` = 1). Absent on the wire means false (proto3). */
  repeatEnd: boolean;
  /** The streak's group id (its start time in ms, as a decimal string); '0' for non-streak gifts. */
  groupId: string;
  /** The batch size (1, or 10/99/365/999 when a batch was chosen); 1 when absent. */
  groupCount: number;
  comboCount?: number;
  /** CLEAR sender id (`user.id`). Pseudonymise immediately. */
  senderId: string;
  /** CLEAR sender handle (`user.displayId`, the @uniqueId). Never stored. */
  senderHandle?: string;
  /** The recipient (`toUser.id`) when present: the creator, or a guest in a multi-guest room. */
  toUserId?: string;
  /** From the gift struct inside the message, when it was readable and agreed with giftId. */
  giftType?: number;
  giftName?: string;
  /** Streakable: from the catalogue when it knows the gift, else the message's gift struct (`combo` / type 1). */
  streakable?: boolean;
  /** `gift.diamondCount` as the message states it (TikTok's name for the price in coins). */
  diamondCount?: number;
  /** The unit price in coins used for totals: the catalogue's, else the message's; null when neither is known. */
  unitCoins: number | null;
  priceFrom: 'catalogue' | 'message' | null;
}

/** Why something in a frame was not turned into a gift. Counted, never guessed at. */
export type DiagnosticReason =
  | 'frame-unreadable' // the PushFrame envelope itself is not protobuf
  | 'gzip-failed' // the payload said (or looked) gzip and did not inflate
  | 'inflated-too-large' // it inflated past MAX_INFLATED_BYTES (gunzip.ts): not a frame
  | 'unknown-encoding' // a compress_type we do not know
  | 'response-unreadable' // the payload is not a Response
  | 'message-unreadable' // a Response item is not a {method, payload} message
  | 'gift-layout-unreadable' // a WebcastGiftMessage whose fields are not where (or what) we expect
  | 'gift-id-conflict' // field 2 and the gift struct's id disagree: something moved, we do not guess which
  | 'gift-sender-missing' // no readable user.id
  | 'gift-ids-missing' // no msgId or no roomId (and the worker gave none), or no plausible createTime
  | 'gift-streak-unkeyed' // a streakable gift without its group id: its messages could not be told from new streaks
  | 'gift-price-unknown'; // decoded, but neither the catalogue nor the message gives a price (event still emitted)

export interface Diagnostic { reason: DiagnosticReason; count: number }

export interface FrameResult {
  gifts: GiftEvent[];
  diagnostics: Diagnostic[];
  /** Messages of other kinds (chat, likes, members …) seen and ignored. */
  otherMessages: number;
  /** The PushFrame's payload type ('msg', 'hb', 'ack' …); undefined for a fetch body. */
  payloadType?: string;
}

/** The worker's view of the price catalogue (the last gift list the page loaded). */
export type PriceLookup = (giftId: number) => { coins: number; streakable: boolean } | undefined;

export interface DecodeContext {
  price?: PriceLookup;
  /** The room the socket or fetch belongs to (from its URL), used when a message's `common.roomId` is missing. */
  roomId?: string;
}
