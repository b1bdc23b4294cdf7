/**
 * THE field map of the LIVE room's event stream: the field numbers the decoder reads and the stand-in's encoder
 * (tests/fake-tiktok/webcast-encode.js, which repeats these numbers; frames.test.ts checks the two are equal) writes.
 *
 * Source: /work/shared/tiktok/README.md §3 (message and field NAMES, seen in real captures) and the field NUMBERS of
 * the open-source TikTok LIVE clients' schemas (webcast.proto / data.proto of TikTokLive, cross-checked against
 * TikTok-Live-Connector's tiktokSchema.proto: the numbers of the gift fields agree in both). README §3 warns that
 * numbers drift: the gift decoder checks each field's wire type and plausibility (gift-message.ts) and resolves prices by
 * gift id against the catalogue instead of trusting `gift.diamondCount`.
 *
 * Wire types: 0 varint, 2 length-delimited (bytes, string, sub-message).
 */
export const LAYOUT = {
  /** WebSocket frame of /webcast/im/push. */
  pushFrame: {
    seqId: 1, // varint
    logId: 2, // varint
    service: 3, // varint
    method: 4, // varint
    headers: 5, // repeated {key = 1, value = 2} (a map<string,string>); 'compress_type' = 'gzip' when compressed
    payloadEncoding: 6, // string, 'pb'
    payloadType: 7, // string: 'msg' carries a Response; 'hb' (heartbeat), 'ack' do not
    payload: 8, // bytes: a Response, gzipped when compress_type says so
  },
  header: { key: 1, value: 2 },
  /** The Response inside a 'msg' frame, and the whole body of /webcast/im/fetch. */
  response: {
    messages: 1, // repeated Message
    cursor: 2, // string
    fetchInterval: 3, // varint
    now: 4, // varint, ms
    internalExt: 5, // string
    needsAck: 9, // varint (bool)
  },
  message: {
    method: 1, // string, e.g. 'WebcastGiftMessage'
    payload: 2, // bytes
    msgId: 3, // varint (64-bit)
    msgType: 4, // varint
  },
  giftMessage: {
    common: 1, // Common
    giftId: 2, // varint
    fanTicketCount: 3, // varint
    groupCount: 4, // varint (batch size)
    repeatCount: 5, // varint
    comboCount: 6, // varint
    user: 7, // User (sender)
    toUser: 8, // User (recipient)
    repeatEnd: 9, // varint (0/1)
    groupId: 11, // varint (64-bit: the streak's start, ms)
    gift: 15, // GiftStruct
    logId: 16, // string
  },
  common: {
    method: 1, // string
    msgId: 2, // varint (64-bit)
    roomId: 3, // varint (64-bit)
    createTime: 4, // varint, ms
  },
  user: {
    id: 1, // varint (64-bit)
    nickname: 3, // string
    displayId: 38, // string: the @handle (uniqueId)
  },
  gift: {
    id: 5, // varint
    combo: 10, // varint (bool)
    type: 11, // varint: 1 streakable; 2, 4 not
    diamondCount: 12, // varint: price in coins
    name: 16, // string
  },
} as const;

export const GIFT_METHOD = 'WebcastGiftMessage';
export const GZIP_HEADER = 'compress_type';
