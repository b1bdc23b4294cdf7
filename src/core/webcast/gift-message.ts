/**
 * One WebcastGiftMessage → a GiftEvent, or the reason it could not be read (counted by the caller, never guessed).
 *
 * Tolerance to TikTok moving fields (README §3: "field numbers have drifted"):
 * - every field is taken by number AND wire type (wire.ts), so a field moved onto another's number with another type
 *   reads as missing, and a required field present with the wrong wire type makes the message unreadable;
 * - values are checked for plausibility (a gift id is a positive 32-bit number, a repeat count 1…1,000,000, a
 *   create time a millisecond time between 2016 and 2100, a user id non-zero);
 * - the gift struct is found at its number (15) or, when that is not a gift struct, as the one sub-message whose id
 *   field equals the gift id; its id must agree with field 2 when both exist ('gift-id-conflict' otherwise);
 * - the price comes from the catalogue by gift id; the message's own diamondCount is only a fallback, taken from a
 *   gift struct whose id agreed;
 * - a gift known to be streakable (catalogue, else the message's gift struct) must carry its group id.
 */
import { GIFT_METHOD, LAYOUT } from './layout';
import type { DecodeContext, DiagnosticReason, GiftEvent } from './types';
import { field, hasOtherType, idField, numberField, readFields, stringField, subFields as readSub, type WireField } from './wire';

export { GIFT_METHOD };

export type GiftDecode =
  | { ok: true; event: GiftEvent; note?: DiagnosticReason }
  | { ok: false; reason: DiagnosticReason };

const G = LAYOUT.giftMessage;
const MAX_GIFT_ID = 2 ** 31 - 1;
const MAX_REPEAT = 1_000_000;
const MIN_TIME = Date.UTC(2016, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

const plausibleGiftId = (n: number | undefined): n is number => n !== undefined && n > 0 && n <= MAX_GIFT_ID;
const plausibleRepeat = (n: number | undefined): n is number => n !== undefined && n >= 1 && n <= MAX_REPEAT;
const plausibleTime = (n: number | undefined): n is number => n !== undefined && n >= MIN_TIME && n < MAX_TIME;

function subFields(fields: readonly WireField[], no: number): WireField[] | undefined {
  const f = field(fields, no, 2);
  if (!f) return undefined;
  const parsed = readSub(f);
  return parsed.ok ? parsed.value : undefined;
}

interface GiftStruct { id: number; type?: number; combo?: boolean; diamondCount?: number; name?: string }

function giftStructOf(fields: readonly WireField[] | undefined): GiftStruct | undefined {
  if (!fields) return undefined;
  const id = numberField(fields, LAYOUT.gift.id);
  if (!plausibleGiftId(id)) return undefined;
  const combo = numberField(fields, LAYOUT.gift.combo);
  const struct: GiftStruct = { id };
  const type = numberField(fields, LAYOUT.gift.type);
  if (type !== undefined) struct.type = type;
  if (combo !== undefined) struct.combo = combo !== 0;
  const diamonds = numberField(fields, LAYOUT.gift.diamondCount);
  if (diamonds !== undefined && diamonds <= MAX_GIFT_ID) struct.diamondCount = diamonds;
  const name = stringField(fields, LAYOUT.gift.name);
  if (name !== undefined) struct.name = name;
  return struct;
}

/** The gift struct at its number, else the one sub-message (not common/user/toUser) whose id is the gift id. */
function findGiftStruct(fields: readonly WireField[], giftId: number | undefined): GiftStruct | undefined {
  const atNumber = giftStructOf(subFields(fields, G.gift));
  if (atNumber || giftId === undefined) return atNumber;
  const skip: number[] = [G.common, G.user, G.toUser, G.gift];
  const found: GiftStruct[] = [];
  for (const f of fields) {
    if (f.wt !== 2 || skip.includes(f.no)) continue;
    const inner = readSub(f);
    if (!inner.ok) continue;
    const struct = giftStructOf(inner.value);
    if (struct?.id === giftId && (struct.name !== undefined || struct.diamondCount !== undefined)) found.push(struct);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Decodes the payload of a Response message whose method is WebcastGiftMessage. Never throws. */
export function decodeGiftMessage(payload: Uint8Array, ctx: DecodeContext = {}, frameMsgId?: string): GiftDecode {
  return decodeGiftAt(payload, 0, payload.length, ctx, frameMsgId);
}

/** The same, over `buf[start, end)` (no copy of the payload). */
export function decodeGiftAt(buf: Uint8Array, start: number, end: number, ctx: DecodeContext, frameMsgId?: string): GiftDecode {
  const parsed = readFields(buf, start, end);
  if (!parsed.ok) return { ok: false, reason: 'gift-layout-unreadable' };
  const fields = parsed.value;

  // Required fields present with a wire type we do not expect: the layout moved; do not read further.
  for (const [no, wt] of [[G.giftId, 0], [G.repeatCount, 0], [G.user, 2], [G.common, 2], [G.groupId, 0]] as const) {
    if (hasOtherType(fields, no, wt) && !field(fields, no, wt)) return { ok: false, reason: 'gift-layout-unreadable' };
  }

  const rawGiftId = numberField(fields, G.giftId);
  if (rawGiftId !== undefined && !plausibleGiftId(rawGiftId)) return { ok: false, reason: 'gift-layout-unreadable' };
  const struct = findGiftStruct(fields, rawGiftId);
  if (rawGiftId !== undefined && struct && struct.id !== rawGiftId) return { ok: false, reason: 'gift-id-conflict' };
  const giftId = rawGiftId ?? struct?.id;
  if (giftId === undefined) return { ok: false, reason: 'gift-layout-unreadable' };

  // repeatCount, else comboCount (equal in every real message we have); a gift message always carries one of them.
  const comboCount = numberField(fields, G.comboCount);
  const rawRepeat = numberField(fields, G.repeatCount);
  const repeatCount = rawRepeat ?? comboCount;
  if (!plausibleRepeat(repeatCount)) return { ok: false, reason: 'gift-layout-unreadable' };
  const groupCount = numberField(fields, G.groupCount) ?? 1;
  if (!plausibleRepeat(groupCount)) return { ok: false, reason: 'gift-layout-unreadable' };
  const repeatEndRaw = numberField(fields, G.repeatEnd) ?? 0;
  if (repeatEndRaw > 1) return { ok: false, reason: 'gift-layout-unreadable' };

  const user = subFields(fields, G.user);
  const senderId = user ? idField(user, LAYOUT.user.id) : undefined;
  if (!senderId || senderId === '0') return { ok: false, reason: 'gift-sender-missing' };

  const common = subFields(fields, G.common);
  const commonMsgId = common ? idField(common, LAYOUT.common.msgId) : undefined;
  const msgId = commonMsgId && commonMsgId !== '0' ? commonMsgId : frameMsgId && frameMsgId !== '0' ? frameMsgId : undefined;
  const commonRoom = common ? idField(common, LAYOUT.common.roomId) : undefined;
  const roomId = commonRoom && commonRoom !== '0' ? commonRoom : ctx.roomId;
  const createTime = common ? numberField(common, LAYOUT.common.createTime) : undefined;
  if (!msgId || !roomId || !plausibleTime(createTime)) return { ok: false, reason: 'gift-ids-missing' };

  const event: GiftEvent = {
    msgId, roomId, at: createTime, giftId, repeatCount, repeatEnd: repeatEndRaw === 1,
    groupId: idField(fields, G.groupId) ?? '0', groupCount, senderId, unitCoins: null, priceFrom: null,
  };
  if (comboCount !== undefined) event.comboCount = comboCount;
  const handle = user ? stringField(user, LAYOUT.user.displayId) : undefined;
  if (handle) event.senderHandle = handle;
  const toUser = subFields(fields, G.toUser);
  const toUserId = toUser ? idField(toUser, LAYOUT.user.id) : undefined;
  if (toUserId && toUserId !== '0') event.toUserId = toUserId;

  const listed = ctx.price?.(giftId);
  if (struct) {
    if (struct.type !== undefined) event.giftType = struct.type;
    if (struct.name !== undefined) event.giftName = struct.name;
    if (struct.diamondCount !== undefined) event.diamondCount = struct.diamondCount;
  }
  const messageStreakable = struct?.combo ?? (struct?.type !== undefined ? struct.type === 1 : undefined);
  const streakable = listed?.streakable ?? messageStreakable;
  if (streakable !== undefined) event.streakable = streakable;
  // A streakable gift is announced again at every tap with its running count: without its group id its messages
  // cannot be told apart from new streaks, and counting each would be the naive sum. Not guessed: counted.
  if (streakable === true && event.groupId === '0') return { ok: false, reason: 'gift-streak-unkeyed' };
  if (listed) {
    event.unitCoins = listed.coins;
    event.priceFrom = 'catalogue';
  } else if (struct?.diamondCount !== undefined) {
    event.unitCoins = struct.diamondCount;
    event.priceFrom = 'message';
  }
  return event.unitCoins === null ? { ok: true, event, note: 'gift-price-unknown' } : { ok: true, event };
}
