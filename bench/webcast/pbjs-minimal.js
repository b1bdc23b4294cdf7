// @ts-nocheck
/**
 * The protobuf-library side of bench/webcast-decode.js: the same decoding as src/core/webcast/frames.ts, written the way
 * protobufjs's static code generator (pbjs -t static) writes decoders, over protobufjs/minimal's Reader (the only
 * protobufjs build usable in an MV3 extension: the reflection builds compile decoders with Function(), which the
 * extension's Content-Security-Policy forbids). 64-bit ids need long.js (a protobufjs dependency) to stay exact.
 * Only for the benchmark: bundled and measured there, never shipped.
 */
// The same gunzip as ours, so only the decoding differs.
import { gunzip } from '../../src/core/webcast/gunzip.ts';
import protobuf from 'protobufjs/minimal.js';

// protobufjs loads long.js itself (require('long')): importing it here too would bundle it twice.
const Long = protobuf.util.Long;
if (!Long) throw new Error('protobufjs found no long.js: 64-bit ids would lose precision');
const { Reader } = protobuf;

const id = (value) => (typeof value === 'number' ? String(value) : Long.fromValue(value).toUnsigned().toString());

function decodeUser(r, end) {
  const user = {};
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: user.id = id(r.uint64()); break;
      case 38: user.displayId = r.string(); break;
      default: r.skipType(tag & 7);
    }
  }
  return user;
}

function decodeCommon(r, end) {
  const common = {};
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 2: common.msgId = id(r.uint64()); break;
      case 3: common.roomId = id(r.uint64()); break;
      case 4: common.createTime = Long.fromValue(r.uint64()).toNumber(); break;
      default: r.skipType(tag & 7);
    }
  }
  return common;
}

function decodeGift(r, end) {
  const gift = {};
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 5: gift.id = Long.fromValue(r.uint64()).toNumber(); break;
      case 10: gift.combo = r.bool(); break;
      case 11: gift.type = r.int32(); break;
      case 12: gift.diamondCount = r.int32(); break;
      case 16: gift.name = r.string(); break;
      default: r.skipType(tag & 7);
    }
  }
  return gift;
}

const sub = (r, decode) => {
  const length = r.uint32();
  return decode(r, r.pos + length);
};

function decodeGiftMessage(bytes) {
  const r = Reader.create(bytes);
  const m = { groupCount: 1, repeatEnd: 0, groupId: '0' };
  while (r.pos < r.len) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1: m.common = sub(r, decodeCommon); break;
      case 2: m.giftId = Long.fromValue(r.uint64()).toNumber(); break;
      case 4: m.groupCount = r.int32(); break;
      case 5: m.repeatCount = r.int32(); break;
      case 6: m.comboCount = r.int32(); break;
      case 7: m.user = sub(r, decodeUser); break;
      case 8: m.toUser = sub(r, decodeUser); break;
      case 9: m.repeatEnd = r.int32(); break;
      case 11: m.groupId = id(r.uint64()); break;
      case 15: m.gift = sub(r, decodeGift); break;
      default: r.skipType(tag & 7);
    }
  }
  return m;
}

function toEvent(m, ctx, frameMsgId) {
  const listed = ctx.price?.(m.giftId);
  const unitCoins = listed ? listed.coins : m.gift?.diamondCount ?? null;
  return {
    msgId: m.common?.msgId ?? frameMsgId, roomId: m.common?.roomId ?? ctx.roomId, at: m.common?.createTime, giftId: m.giftId,
    repeatCount: m.repeatCount ?? m.comboCount, repeatEnd: m.repeatEnd === 1, groupId: m.groupId, groupCount: m.groupCount,
    senderId: m.user?.id, unitCoins,
  };
}

export function decodeResponse(bytes, ctx = {}) {
  const r = Reader.create(bytes);
  const gifts = [];
  let otherMessages = 0;
  let failures = 0;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 !== 1) {
      r.skipType(tag & 7);
      continue;
    }
    const end = r.uint32() + r.pos;
    let method;
    let payload;
    let msgId;
    while (r.pos < end) {
      const t = r.uint32();
      switch (t >>> 3) {
        case 1: method = r.string(); break;
        case 2: payload = r.bytes(); break;
        case 3: msgId = id(r.uint64()); break;
        default: r.skipType(t & 7);
      }
    }
    if (method !== 'WebcastGiftMessage') otherMessages++;
    else {
      try {
        gifts.push(toEvent(decodeGiftMessage(payload), ctx, msgId));
      } catch {
        failures++;
      }
    }
  }
  return { gifts, failures, otherMessages };
}

export async function decodePushFrame(bytes, ctx = {}) {
  try {
    const r = Reader.create(bytes);
    let payload;
    let payloadType;
    let gzip = false;
    while (r.pos < r.len) {
      const tag = r.uint32();
      switch (tag >>> 3) {
        case 5: {
          const end = r.uint32() + r.pos;
          let key;
          let value;
          while (r.pos < end) {
            const t = r.uint32();
            if (t >>> 3 === 1) key = r.string();
            else if (t >>> 3 === 2) value = r.string();
            else r.skipType(t & 7);
          }
          if (key === 'compress_type' && value === 'gzip') gzip = true;
          break;
        }
        case 7: payloadType = r.string(); break;
        case 8: payload = r.bytes(); break;
        default: r.skipType(tag & 7);
      }
    }
    if (payloadType !== 'msg' || !payload) return { gifts: [], failures: 0, otherMessages: 0 };
    return decodeResponse(gzip ? await gunzip(payload) : payload, ctx);
  } catch {
    return { gifts: [], failures: 1, otherMessages: 0 };
  }
}
