// @ts-check
/**
 * The stand-in's LIVE event stream in TikTok's real wire layout (README §3): a minimal protobuf ENCODER building
 * /webcast/im/push WebSocket frames (PushFrame → Response → WebcastGiftMessage) and /webcast/im/fetch bodies (a
 * Response) from plain objects, gzipped with node:zlib when asked.
 *
 * The field numbers are those of src/core/webcast/layout.ts (the one documented field map, with its sources);
 * `LAYOUT` below repeats them because the stand-in is plain JavaScript run by node, and
 * src/core/webcast/frames.test.ts fails if the two ever differ.
 *
 * Usage (ids are decimal strings, they exceed 2^53):
 *   pushFrame({ seqId: '1', gzip: true, messages: [giftMessage({ msgId, roomId, createTime, giftId: 5655,
 *     repeatCount: 3, repeatEnd: false, groupId: '1699909158189', user: { id: '69…', handle: 'x' } })] })
 *   fetchBody({ messages: [...] })           the backlog body
 *   unknownLayoutFrame({ ... })              a frame whose gift message has moved fields (a counted diagnostic)
 */
import { gzipSync } from 'node:zlib';

export const LAYOUT = Object.freeze({
  pushFrame: { seqId: 1, logId: 2, service: 3, method: 4, headers: 5, payloadEncoding: 6, payloadType: 7, payload: 8 },
  header: { key: 1, value: 2 },
  response: { messages: 1, cursor: 2, fetchInterval: 3, now: 4, internalExt: 5, needsAck: 9 },
  message: { method: 1, payload: 2, msgId: 3, msgType: 4 },
  giftMessage: {
    common: 1, giftId: 2, fanTicketCount: 3, groupCount: 4, repeatCount: 5, comboCount: 6, user: 7, toUser: 8,
    repeatEnd: 9, groupId: 11, gift: 15, logId: 16,
  },
  common: { method: 1, msgId: 2, roomId: 3, createTime: 4 },
  user: { id: 1, nickname: 3, displayId: 38 },
  gift: { id: 5, combo: 10, type: 11, diamondCount: 12, name: 16 },
});

const text = new TextEncoder();

/** @param {number[]} out @param {bigint} value */
function varint(out, value) {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

/** A message under construction: fields appended in order. */
class Writer {
  /** @type {number[]} */
  bytes = [];
  /** @param {number} no @param {number | string | bigint | boolean | undefined | null} value  a varint (0 and absent are omitted, as proto3 does) */
  uint(no, value) {
    if (value === undefined || value === null || value === false) return this;
    const big = typeof value === 'boolean' ? 1n : BigInt(value);
    if (big === 0n) return this;
    varint(this.bytes, BigInt((no << 3) | 0));
    varint(this.bytes, big);
    return this;
  }
  /** @param {number} no @param {Uint8Array | string | undefined | null} value  length-delimited */
  bytesField(no, value) {
    if (value === undefined || value === null) return this;
    const data = typeof value === 'string' ? text.encode(value) : value;
    varint(this.bytes, BigInt((no << 3) | 2));
    varint(this.bytes, BigInt(data.length));
    for (const b of data) this.bytes.push(b);
    return this;
  }
  finish() {
    return Uint8Array.from(this.bytes);
  }
}

/**
 * @typedef {{ id: string, handle?: string, nickname?: string }} FakeUser
 * @typedef {object} GiftMessageInput
 * @property {string} msgId
 * @property {string} roomId
 * @property {number} createTime        ms
 * @property {number} giftId
 * @property {number} repeatCount
 * @property {boolean} [repeatEnd]
 * @property {string} [groupId]         '0' or absent for a non-streak gift
 * @property {number} [groupCount]      batch size (1 when absent)
 * @property {number} [comboCount]      defaults to repeatCount
 * @property {FakeUser} user
 * @property {FakeUser} [toUser]
 * @property {{ id: number, name?: string, diamondCount?: number, type?: number, combo?: boolean }} [gift]
 */

/** @param {FakeUser} user */
function userBytes(user) {
  const L = LAYOUT.user;
  return new Writer().uint(L.id, user.id).bytesField(L.nickname, user.nickname).bytesField(L.displayId, user.handle).finish();
}

/**
 * The payload of one WebcastGiftMessage.
 * @param {GiftMessageInput} m
 */
export function giftMessagePayload(m) {
  const G = LAYOUT.giftMessage;
  const common = new Writer().bytesField(LAYOUT.common.method, 'WebcastGiftMessage').uint(LAYOUT.common.msgId, m.msgId)
    .uint(LAYOUT.common.roomId, m.roomId).uint(LAYOUT.common.createTime, m.createTime).finish();
  const w = new Writer().bytesField(G.common, common).uint(G.giftId, m.giftId).uint(G.groupCount, m.groupCount ?? 1)
    .uint(G.repeatCount, m.repeatCount).uint(G.comboCount, m.comboCount ?? m.repeatCount).bytesField(G.user, userBytes(m.user));
  if (m.toUser) w.bytesField(G.toUser, userBytes(m.toUser));
  w.uint(G.repeatEnd, m.repeatEnd ? 1 : 0).uint(G.groupId, m.groupId ?? '0');
  if (m.gift) {
    const g = LAYOUT.gift;
    w.bytesField(G.gift, new Writer().uint(g.id, m.gift.id).uint(g.combo, m.gift.combo).uint(g.type, m.gift.type)
      .uint(g.diamondCount, m.gift.diamondCount).bytesField(g.name, m.gift.name).finish());
  }
  return w.finish();
}

/**
 * A Response item: {method, payload, msgId}.
 * @typedef {{ method: string, payload: Uint8Array, msgId?: string }} ResponseMessage
 */

/** @param {GiftMessageInput} m @returns {ResponseMessage} */
export function giftMessage(m) {
  return { method: 'WebcastGiftMessage', payload: giftMessagePayload(m), msgId: m.msgId };
}

/** Another kind of room message (chat, likes …), which the decoder must count and skip. @param {string} method */
export function otherMessage(method = 'WebcastChatMessage', msgId = '1') {
  return { method, payload: new Writer().bytesField(3, 'hello').finish(), msgId };
}

/** @param {{ messages: ResponseMessage[], cursor?: string, now?: number }} r */
export function responseBytes(r) {
  const R = LAYOUT.response;
  const w = new Writer();
  for (const m of r.messages) {
    w.bytesField(R.messages, new Writer().bytesField(LAYOUT.message.method, m.method).bytesField(LAYOUT.message.payload, m.payload)
      .uint(LAYOUT.message.msgId, m.msgId).finish());
  }
  return w.bytesField(R.cursor, r.cursor ?? '1').uint(R.fetchInterval, 1000).uint(R.now, r.now ?? Date.now()).finish();
}

/**
 * One binary WebSocket frame of /webcast/im/push.
 * @param {{ messages?: ResponseMessage[], seqId?: string, gzip?: boolean, payloadType?: string, payload?: Uint8Array, now?: number }} f
 */
export function pushFrame(f) {
  const P = LAYOUT.pushFrame;
  const type = f.payloadType ?? 'msg';
  let payload = f.payload ?? (type === 'msg' ? responseBytes({ messages: f.messages ?? [], ...(f.now ? { now: f.now } : {}) }) : new Uint8Array());
  const w = new Writer().uint(P.seqId, f.seqId ?? '1').uint(P.logId, f.seqId ?? '1');
  if (f.gzip) {
    payload = new Uint8Array(gzipSync(payload));
    w.bytesField(P.headers, new Writer().bytesField(LAYOUT.header.key, 'compress_type').bytesField(LAYOUT.header.value, 'gzip').finish());
  }
  w.bytesField(P.headers, new Writer().bytesField(LAYOUT.header.key, 'im-cursor').bytesField(LAYOUT.header.value, f.seqId ?? '1').finish());
  return w.bytesField(P.payloadEncoding, 'pb').bytesField(P.payloadType, type).bytesField(P.payload, payload).finish();
}

/** A heartbeat frame (no messages). @param {string} [seqId] */
export function heartbeatFrame(seqId = '1') {
  return pushFrame({ seqId, payloadType: 'hb' });
}

/**
 * The body of a /webcast/im/fetch response (the backlog), gzipped when asked.
 * @param {{ messages: ResponseMessage[], gzip?: boolean, cursor?: string, now?: number }} r
 */
export function fetchBody(r) {
  const body = responseBytes(r);
  return r.gzip ? new Uint8Array(gzipSync(body)) : body;
}

/**
 * A frame of a layout the decoder cannot read: a WebcastGiftMessage whose gift id, repeat count and sender moved to
 * other wire types (as a future TikTok release might). The decoder must count it ('gift-layout-unreadable') and log
 * nothing from it. The gift in it is NOT part of any ground truth.
 * @param {{ seqId?: string, gzip?: boolean, msgId?: string }} [f]
 */
export function unknownLayoutFrame(f = {}) {
  const G = LAYOUT.giftMessage;
  const payload = new Writer().bytesField(G.giftId, 'five-six-five-five').bytesField(G.repeatCount, 'x')
    .uint(G.user, 42).finish();
  return pushFrame({ ...f, messages: [{ method: 'WebcastGiftMessage', payload, msgId: f.msgId ?? '9' }] });
}
