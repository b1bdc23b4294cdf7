// @ts-nocheck
/**
 * The reflection side of bench/webcast-decode.js: the schema as a JSON descriptor, decoded by protobufjs/light (the
 * usual way to use protobufjs without a build step). Measured for size and speed in Node only: in the extension it
 * cannot run, because protobufjs compiles each type's decoder with Function(), which MV3's Content-Security-Policy
 * forbids. Never shipped.
 */
// The same gunzip as ours, so only the decoding differs.
import { gunzip } from '../../src/core/webcast/gunzip.ts';
import protobuf from 'protobufjs/light.js';

// protobufjs loads long.js itself (require('long')): importing it here too would bundle it twice.
const Long = protobuf.util.Long;
if (!Long) throw new Error('protobufjs found no long.js: 64-bit ids would lose precision');

const f = (type, id, rule) => (rule ? { type, id, rule } : { type, id });
const root = protobuf.Root.fromJSON({
  nested: {
    PushFrame: { fields: { seqId: f('uint64', 1), headers: f('Header', 5, 'repeated'), payloadType: f('string', 7), payload: f('bytes', 8) } },
    Header: { fields: { key: f('string', 1), value: f('string', 2) } },
    Response: { fields: { messages: f('Message', 1, 'repeated'), cursor: f('string', 2) } },
    Message: { fields: { method: f('string', 1), payload: f('bytes', 2), msgId: f('uint64', 3) } },
    GiftMessage: {
      fields: {
        common: f('Common', 1), giftId: f('uint64', 2), groupCount: f('int32', 4), repeatCount: f('int32', 5),
        comboCount: f('int32', 6), user: f('User', 7), toUser: f('User', 8), repeatEnd: f('int32', 9), groupId: f('uint64', 11),
        gift: f('Gift', 15),
      },
    },
    Common: { fields: { msgId: f('uint64', 2), roomId: f('uint64', 3), createTime: f('uint64', 4) } },
    User: { fields: { id: f('uint64', 1), displayId: f('string', 38) } },
    Gift: { fields: { id: f('uint64', 5), combo: f('bool', 10), type: f('int32', 11), diamondCount: f('int32', 12), name: f('string', 16) } },
  },
});
const PushFrame = root.lookupType('PushFrame');
const Response_ = root.lookupType('Response');
const GiftMessage = root.lookupType('GiftMessage');

const str = (value) => Long.fromValue(value).toUnsigned().toString();
const num = (value) => Long.fromValue(value).toNumber();

export function decodeResponse(bytes, ctx = {}) {
  const gifts = [];
  let otherMessages = 0;
  let failures = 0;
  for (const message of Response_.decode(bytes).messages) {
    if (message.method !== 'WebcastGiftMessage') {
      otherMessages++;
      continue;
    }
    try {
      const m = GiftMessage.decode(message.payload);
      const giftId = num(m.giftId);
      const listed = ctx.price?.(giftId);
      gifts.push({
        msgId: m.common ? str(m.common.msgId) : str(message.msgId), roomId: m.common ? str(m.common.roomId) : ctx.roomId,
        at: m.common ? num(m.common.createTime) : undefined, giftId, repeatCount: m.repeatCount || m.comboCount,
        repeatEnd: m.repeatEnd === 1, groupId: str(m.groupId), groupCount: m.groupCount || 1, senderId: m.user ? str(m.user.id) : undefined,
        unitCoins: listed ? listed.coins : m.gift?.diamondCount ?? null,
      });
    } catch {
      failures++;
    }
  }
  return { gifts, failures, otherMessages };
}

export async function decodePushFrame(bytes, ctx = {}) {
  try {
    const frame = PushFrame.decode(bytes);
    if (frame.payloadType !== 'msg' || !frame.payload?.length) return { gifts: [], failures: 0, otherMessages: 0 };
    const gzip = frame.headers.some((h) => h.key === 'compress_type' && h.value === 'gzip');
    return decodeResponse(gzip ? await gunzip(frame.payload) : frame.payload, ctx);
  } catch {
    return { gifts: [], failures: 1, otherMessages: 0 };
  }
}
