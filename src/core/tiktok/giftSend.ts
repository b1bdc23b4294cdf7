/**
 * Interprets one `POST /webcast/gift/send/` exchange: the authoritative record of the user's own spending.
 *
 * Decisions other code relies on:
 * - Only status_code 0 with a 2xx response is a spend. HTTP errors and network failures are 'refused'
 *   without statusCode (that field carries TikTok's status_code only, e.g. 40001 "Insufficient Fund").
 * - One request is one debit. `repeat_count` / `combo_count` (the streak position) are ignored for
 *   counting: a streak of 10 taps is 10 requests, each with its own id.
 * - count (see `debitCount`): the request's `count` (default 1) and the response's `group_count` (batch size).
 *   The web request carries no batch field of its own, so when a batch is chosen TikTok may either echo
 *   the batch in `count` or multiply `count` by `group_count`. Rule:
 *     group ≤ 1               → count
 *     group > 1, count = group → count          (the batch is already in `count`; never group²)
 *     group > 1, otherwise     → count × group  (README: "× group size when a batch is chosen")
 *   and when the balance cross-check is available (previousBalance and left_diamond) and it matches the
 *   other candidate exactly but not the chosen one, the other candidate wins: the wallet is the truth.
 * - Ids: `data.order_id_str` / `data.order_id` (→ giftIdByOrder), else `msg_id_str` / `msg_id`
 *   (→ giftByMsg), else giftByRequest(roomId, giftId, send_gift_req_start_ms, or the exchange time).
 *   64-bit ids survive because the JSON is parsed with unsafe integers turned into digit strings first
 *   (see quoteUnsafeIntegers), not by a regex over the raw text.
 * - entry.at is Math.floor(exchange.at): the schema wants integer milliseconds.
 * - checks.catalogue is 'unknown' (not 'match') when the unit price itself came from the catalogue:
 *   nothing was cross-checked.
 */
import type { CatalogueGift, CapturedExchange, GiftSendContext, GiftSendOutcome, Unrecognised } from './contracts';
import {
  MAX_COINS,
  PARSER_VERSION,
  balanceId,
  giftIdByMsg,
  giftIdByOrder,
  giftIdByRequest,
  type BalanceObservation,
  type CheckOutcome,
  type GiftEntry,
} from '../ledger';
import { asArray, asObject, idString, readEnvelope, safeInt, text, type JsonObject } from './json';

const LABEL = 'gift-send';
const MAX_REQUEST_BODY_CHARS = 64 * 1024;
const MAX_COUNT = 100_000;
/** The latest time a Date can hold, as the ledger schema bounds `at`. */
const MAX_AT = 8_640_000_000_000_000;

const unrecognised = (what: string): Unrecognised => ({ outcome: 'unrecognised', reason: `${LABEL}: ${what}` });

/** Reads a field of the request body: form-urlencoded as TikTok sends it, or a JSON object, tolerated. */
type Fields = (name: string) => string | null;

function requestFields(body: string | null | undefined): Fields | null {
  if (body === null || body === undefined || body.length === 0) return () => null;
  if (body.length > MAX_REQUEST_BODY_CHARS) return null;
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = null;
    }
    const object = asObject(parsed);
    if (object) {
      return (name) => {
        const value = object[name];
        if (typeof value === 'string') return value;
        if (typeof value === 'number' && Number.isFinite(value)) return String(value);
        return null;
      };
    }
  }
  const params = new URLSearchParams(body);
  return (name) => params.get(name);
}

function queryParam(url: string, name: string): string | null {
  try {
    return new URL(url, 'https://webcast.tiktok.com/').searchParams.get(name);
  } catch {
    return null;
  }
}

/** The response's own gift object for this id: data.gifts[].gift (or a bare gift item), else data.gift. */
function responseGift(data: JsonObject, giftId: number): JsonObject | null {
  for (const item of asArray(data.gifts)) {
    const wrapper = asObject(item);
    if (!wrapper) continue;
    const gift = asObject(wrapper.gift) ?? wrapper;
    if (safeInt(gift.id) === giftId) return gift;
  }
  const single = asObject(data.gift);
  return single && safeInt(single.id) === giftId ? single : null;
}

/** Picks the debited count; see the header comment. */
export function debitCount(requestCount: number, groupCount: number, unitCoins: number, balanceDelta: number | null): number {
  if (groupCount <= 1) return requestCount;
  const batched = requestCount * groupCount;
  const primary = requestCount === groupCount ? requestCount : batched;
  const alternate = primary === batched ? requestCount : batched;
  if (balanceDelta !== null && balanceDelta !== unitCoins * primary && balanceDelta === unitCoins * alternate) return alternate;
  return primary;
}

export function interpretGiftSend(exchange: CapturedExchange, context: GiftSendContext): GiftSendOutcome {
  try {
    return interpret(exchange, context);
  } catch {
    // Only reachable through a misbehaving context (e.g. a catalogue whose get() throws): still never throw.
    return unrecognised('internal error');
  }
}

function interpret(exchange: CapturedExchange, context: GiftSendContext): GiftSendOutcome {
  const envelope = readEnvelope(exchange, LABEL);
  if (envelope.outcome !== 'envelope') return envelope;
  const { data } = envelope;
  if (!data) return unrecognised('no data object');
  // A success must look like one: a status_code of 0 around a shape we do not know is a TikTok change to report,
  // never a spend guessed from the request and the catalogue.
  const knownMarkers = ['gift_id', 'gifts', 'order_id', 'order_id_str', 'msg_id', 'msg_id_str', 'left_diamond'];
  if (!knownMarkers.some((key) => data[key] !== undefined && data[key] !== null)) return unrecognised('success response of an unknown shape');

  const field = requestFields(exchange.requestBody);
  if (!field) return unrecognised('request body too large');

  const catalogue: ReadonlyMap<number, CatalogueGift> | null =
    context && typeof context.catalogue?.get === 'function' ? context.catalogue : null;

  // Gift and price.
  const giftId = safeInt(data.gift_id, 1) ?? safeInt(field('gift_id'), 1);
  if (giftId === null) return unrecognised('no gift id');
  const ownGift = responseGift(data, giftId);
  const responsePrice = ownGift ? safeInt(ownGift.diamond_count, 1, MAX_COINS) : null;
  const listed = catalogue?.get(giftId) ?? null;
  const cataloguePrice = listed && Number.isSafeInteger(listed.coins) && listed.coins >= 1 ? listed.coins : null;
  const unitCoins = responsePrice ?? cataloguePrice;
  if (unitCoins === null) return unrecognised('price unknown');

  // Count.
  const countText = field('count');
  const requestCount = countText === null || countText === '' ? 1 : safeInt(countText, 1, MAX_COUNT);
  if (requestCount === null) return unrecognised('request count is not a positive integer');
  const groupCount = safeInt(data.group_count, 1, MAX_COUNT) ?? 1;

  const leftDiamond = safeInt(data.left_diamond, 0, MAX_COINS);
  const previousBalance = context && typeof context.previousBalance === 'number' && Number.isSafeInteger(context.previousBalance)
    ? context.previousBalance
    : null;
  const balanceDelta = leftDiamond !== null && previousBalance !== null ? previousBalance - leftDiamond : null;
  const count = debitCount(requestCount, groupCount, unitCoins, balanceDelta);
  const coins = unitCoins * count;

  // Where and to whom.
  const roomId = idString(field('room_id')) ?? idString(queryParam(exchange.url, 'room_id')) ?? idString(data.room_id) ?? '';
  const creatorId = idString(field('to_user_id'));

  // Identity.
  const orderId = idString(data.order_id_str, 100) ?? idString(data.order_id, 100);
  const msgId = idString(data.msg_id_str, 100) ?? idString(data.msg_id, 100);
  const at = Math.floor(exchange.at);
  const id = orderId
    ? giftIdByOrder(orderId)
    : msgId
      ? giftIdByMsg(msgId)
      : giftIdByRequest(roomId, giftId, idString(field('send_gift_req_start_ms'), 20) ?? at);

  const giftName = text(ownGift?.name, 200) ?? text(listed?.name, 200) ?? `Gift ${giftId}`;

  const catalogueCheck: CheckOutcome =
    responsePrice === null || cataloguePrice === null ? 'unknown' : cataloguePrice === responsePrice ? 'match' : 'mismatch';
  const balanceCheck: CheckOutcome = balanceDelta === null ? 'unknown' : balanceDelta === coins ? 'match' : 'mismatch';

  const account = context?.account;
  const candidate: GiftEntry = {
    kind: 'gift',
    id,
    at,
    coins,
    account,
    source: 'gift-send',
    parser: PARSER_VERSION,
    giftId,
    giftName,
    unitCoins,
    count,
    roomId,
    checks: { catalogue: catalogueCheck, balance: balanceCheck },
  };
  if (creatorId) candidate.creatorId = creatorId;
  const handle = text(context?.creatorHandle, 100);
  if (handle) candidate.creatorHandle = handle;
  if (orderId) candidate.orderId = orderId;
  if (msgId) candidate.msgId = msgId;

  // Every other field is bounded where it is read; these are not. The worker checks the whole entry against the ledger
  // schema again (and counts a refusal as a diagnostic); the schema checker itself stays out of the relay's budget.
  const invalid = count > MAX_COUNT ? 'count' : coins > MAX_COINS ? 'coins' : !(at >= 0 && at <= MAX_AT) ? 'at'
    : typeof account !== 'string' || account.length > 64 ? 'account' : null;
  if (invalid) return unrecognised(`invalid entry (entry.${invalid})`);

  const balance: BalanceObservation | null = leftDiamond === null
    ? null
    : { id: balanceId(account, at, leftDiamond), account, at, coins: leftDiamond, source: 'gift-send' };
  return { outcome: 'spent', entry: candidate, balance };
}
