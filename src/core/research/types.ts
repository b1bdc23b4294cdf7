/**
 * Research mode's stored shapes (issue 12). A RoomGift row is one streak (or one non-streak gift) of one sender in one
 * room, with its count already corrected (max repeat count, not a sum of messages). Senders are pseudonyms: no clear
 * TikTok id or handle is ever in a row.
 */
import type { GiftEvent } from '../webcast/types';

/**
 * A gift event after pseudonymisation: what the streak accounting sees (src/core/research/pseudonym.ts makes it).
 * The GiftEvent's fields that describe the gift, without any clear identifier of a person.
 */
export type CapturedGift = Pick<GiftEvent, 'msgId' | 'roomId' | 'at' | 'giftId' | 'repeatCount' | 'repeatEnd' | 'groupId' | 'groupCount' | 'unitCoins'> & {
  /** HMAC pseudonym of the sender (fixed length). */
  sender: string;
  /** Sent by the participant's own account: the worker links it to the ledger; totals must not add it twice. */
  own: boolean;
};

export interface RoomGift {
  /** Deterministic: the same streak always gets the same id (streakRowId), so writes are idempotent upserts. */
  id: string;
  roomId: string;
  /** The earliest message's time (ms, TikTok's clock). */
  at: number;
  /** The latest message's time. */
  endedAt: number;
  giftId: number;
  /** Gifts in this row: max(repeatCount) × groupCount. */
  count: number;
  /** Price of one gift in coins, or null when neither the catalogue nor the message gave one. */
  unitCoins: number | null;
  /** count × unitCoins, or null when the price is unknown. */
  coins: number | null;
  sender: string;
  /** TikTok's group id of the streak (decimal string); null for a non-streak gift. */
  streakId: string | null;
  /** The streak's end message was seen, or it has been quiet for QUIET_MS; a non-streak gift is final at once. */
  final: boolean;
  /** The participant's own gift (see CapturedGift.own). */
  own: boolean;
}
