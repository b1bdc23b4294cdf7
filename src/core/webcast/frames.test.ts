import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LAYOUT as ENCODER_LAYOUT, fetchBody, giftMessage, giftMessagePayload, heartbeatFrame, otherMessage, pushFrame, responseBytes,
  unknownLayoutFrame,
} from '../../../tests/fake-tiktok/webcast-encode.js';
import { decodeFetchBody, decodePushFrame, decodeResponse, pushFrameSeqId } from './frames';
import { decodeGiftMessage } from './gift-message';
import { LAYOUT } from './layout';
import type { PriceLookup } from './types';

const ROOM = '7300000000000000001';
const SENDER = '6912345678901234567'; // > 2^53: must survive exactly
const T0 = 1_764_676_800_000;

const rose = (over: Partial<Parameters<typeof giftMessage>[0]> = {}) => giftMessage({
  msgId: '7301054133304412934', roomId: ROOM, createTime: T0, giftId: 5655, repeatCount: 3, repeatEnd: false,
  groupId: '1764676799000', user: { id: SENDER, handle: 'someone', nickname: 'Some One' },
  toUser: { id: '6800000000000000042' }, gift: { id: 5655, name: 'Rose', diamondCount: 1, type: 1, combo: true }, ...over,
});

const catalogue: PriceLookup = (id) => (id === 5655 ? { coins: 1, streakable: true } : id === 9106 ? { coins: 299, streakable: false } : undefined);

describe('the field map', () => {
  it('is the same in the decoder and in the stand-in encoder', () => {
    expect(ENCODER_LAYOUT).toEqual(LAYOUT);
  });
});

describe('gzip in frames', () => {
  it('a payload that inflates past its bound is a diagnostic, not a frame (gunzip.test.ts tests the reader itself)', async () => {
    const frame = pushFrame({ payload: new Uint8Array(gzipSync(new Uint8Array(9 * 1024 * 1024))) });
    expect((await decodePushFrame(frame)).diagnostics).toEqual([{ reason: 'inflated-too-large', count: 1 }]);
  });
  it('corrupt gzip is a diagnostic', async () => {
    const whole = new Uint8Array(gzipSync(responseBytes({ messages: [] })));
    whole[whole.length - 5] = whole[whole.length - 5]! ^ 0xff; // the CRC-32
    expect((await decodePushFrame(pushFrame({ payload: whole }))).diagnostics).toEqual([{ reason: 'gzip-failed', count: 1 }]);
  });
});

describe('decodePushFrame', () => {
  for (const gzip of [false, true]) {
    it(`reads a gift from a ${gzip ? 'gzipped' : 'plain'} frame, with 64-bit ids exact`, async () => {
      const result = await decodePushFrame(pushFrame({ seqId: '12', gzip, messages: [rose(), otherMessage()] }), { price: catalogue });
      expect(result.diagnostics).toEqual([]);
      expect(result.otherMessages).toBe(1);
      expect(result.payloadType).toBe('msg');
      expect(result.gifts).toEqual([{
        msgId: '7301054133304412934', roomId: ROOM, at: T0, giftId: 5655, repeatCount: 3, repeatEnd: false,
        groupId: '1764676799000', groupCount: 1, comboCount: 3, senderId: SENDER, senderHandle: 'someone',
        toUserId: '6800000000000000042', giftType: 1, giftName: 'Rose', streakable: true, diamondCount: 1,
        unitCoins: 1, priceFrom: 'catalogue',
      }]);
    });
  }

  it('takes the ArrayBuffer a WebSocket hands over', async () => {
    const bytes = pushFrame({ gzip: true, messages: [rose()] });
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect((await decodePushFrame(buffer, { price: catalogue })).gifts).toHaveLength(1);
    const body = fetchBody({ gzip: true, messages: [rose()] });
    expect((await decodeFetchBody(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength), { price: catalogue })).gifts).toHaveLength(1);
  });

  it('never rejects, whatever the bytes: random, or a real frame with bytes flipped or cut (property)', async () => {
    const good = pushFrame({ messages: [rose(), otherMessage(), rose({ msgId: '7301054133304412935', repeatEnd: true })] });
    await fc.assert(fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
          const bytes = Uint8Array.from(good);
          for (const [at, value] of flips) bytes[at] = value;
          return bytes;
        }),
        fc.nat(good.length).map((cut) => good.subarray(0, cut)),
      ),
      async (bytes) => {
        const result = await decodePushFrame(bytes, { price: catalogue });
        for (const gift of result.gifts) {
          expect(gift.repeatCount).toBeGreaterThanOrEqual(1);
          expect(gift.senderId).toMatch(/^[1-9][0-9]*$/);
          expect(gift.msgId).toMatch(/^[1-9][0-9]*$/);
        }
        expect(result.gifts.length).toBeLessThanOrEqual(2);
      },
    ), { numRuns: 300 });
  });

  it('gives nothing for a heartbeat, and no diagnostic', async () => {
    expect(await decodePushFrame(heartbeatFrame('5'))).toEqual({ gifts: [], diagnostics: [], otherMessages: 0, payloadType: 'hb' });
  });

  it('counts a frame of an unknown layout, and decodes the good frames beside it', async () => {
    const bad = await decodePushFrame(unknownLayoutFrame({ gzip: true }));
    expect(bad.gifts).toEqual([]);
    expect(bad.diagnostics).toEqual([{ reason: 'gift-layout-unreadable', count: 1 }]);
  });

  it('counts a gzip header over bytes that do not inflate', async () => {
    const frame = pushFrame({ gzip: false, payload: Uint8Array.of(0x1f, 0x8b, 8, 0, 9, 9, 9) });
    expect((await decodePushFrame(frame)).diagnostics).toEqual([{ reason: 'gzip-failed', count: 1 }]);
  });

  it('counts a frame that is not protobuf at all, and one cut short', async () => {
    expect((await decodePushFrame(Uint8Array.of(0xff, 0xff, 0xff))).diagnostics).toEqual([{ reason: 'frame-unreadable', count: 1 }]);
    const whole = pushFrame({ messages: [rose()] });
    expect((await decodePushFrame(whole.subarray(0, whole.length - 5))).diagnostics).toEqual([{ reason: 'frame-unreadable', count: 1 }]);
  });

  it('counts an unknown compression', async () => {
    const P = LAYOUT.pushFrame;
    const header = Uint8Array.of((LAYOUT.header.key << 3) | 2, 13, ...new TextEncoder().encode('compress_type'), (LAYOUT.header.value << 3) | 2, 4, ...new TextEncoder().encode('zstd'));
    const frame = Uint8Array.of((P.headers << 3) | 2, header.length, ...header, (P.payload << 3) | 2, 1, 0);
    expect((await decodePushFrame(frame)).diagnostics).toEqual([{ reason: 'unknown-encoding', count: 1 }]);
  });

  it('tells the seqId', () => {
    expect(pushFrameSeqId(pushFrame({ seqId: '7300000000000000999', messages: [] }))).toBe('7300000000000000999');
  });
});

describe('decodeFetchBody (the backlog)', () => {
  it('reads a plain and a gzipped body', async () => {
    for (const gzip of [false, true]) {
      const result = await decodeFetchBody(fetchBody({ gzip, messages: [rose(), rose({ msgId: '2', repeatCount: 4, repeatEnd: true })] }), { price: catalogue });
      expect(result.gifts.map((g) => [g.msgId, g.repeatCount, g.repeatEnd])).toEqual([['7301054133304412934', 3, false], ['2', 4, true]]);
    }
  });
  it('counts a body that is not a Response', async () => {
    expect((await decodeFetchBody(Uint8Array.of(0x0a, 0x05, 1))).diagnostics).toEqual([{ reason: 'response-unreadable', count: 1 }]);
  });
  it('counts a Response item without method or payload', () => {
    const body = Uint8Array.of((LAYOUT.response.messages << 3) | 2, 2, (LAYOUT.message.msgId << 3), 1);
    expect(decodeResponse(body).diagnostics).toEqual([{ reason: 'message-unreadable', count: 1 }]);
  });
});

describe('decodeGiftMessage: drift and plausibility', () => {
  const payload = (over: Partial<Parameters<typeof giftMessagePayload>[0]> = {}) => giftMessagePayload({
    msgId: '11', roomId: ROOM, createTime: T0, giftId: 9106, repeatCount: 1, user: { id: SENDER }, ...over,
  });

  it('prices by the catalogue; falls back to the message only from a gift struct that agrees', () => {
    const listed = decodeGiftMessage(payload({ gift: { id: 9106, diamondCount: 250 } }), { price: catalogue });
    expect(listed).toMatchObject({ ok: true, event: { unitCoins: 299, priceFrom: 'catalogue', diamondCount: 250 } });
    const unlisted = decodeGiftMessage(payload({ giftId: 777, gift: { id: 777, diamondCount: 15, name: 'New' } }), { price: catalogue });
    expect(unlisted).toMatchObject({ ok: true, event: { unitCoins: 15, priceFrom: 'message' } });
    const unknown = decodeGiftMessage(payload({ giftId: 777 }), { price: catalogue });
    expect(unknown).toMatchObject({ ok: true, note: 'gift-price-unknown', event: { unitCoins: null, priceFrom: null } });
  });

  it('refuses a gift id that disagrees with its gift struct', () => {
    expect(decodeGiftMessage(payload({ gift: { id: 5655, name: 'Rose' } }))).toEqual({ ok: false, reason: 'gift-id-conflict' });
  });

  it('takes the gift id from the gift struct when field 2 is absent', () => {
    const noId = decodeGiftMessage(payload({ giftId: 0, gift: { id: 9106, name: 'Corgi' } }), { price: catalogue });
    expect(noId).toMatchObject({ ok: true, event: { giftId: 9106, unitCoins: 299 } });
  });

  it('uses the room the worker gives when common has none, and the frame msgId when common has none', () => {
    const bare = decodeGiftMessage(payload({ roomId: '0', msgId: '0' }), { roomId: '7399999999999999999' }, '7399999999999999998');
    expect(bare).toMatchObject({ ok: true, event: { roomId: '7399999999999999999', msgId: '7399999999999999998' } });
    expect(decodeGiftMessage(payload({ roomId: '0' }))).toEqual({ ok: false, reason: 'gift-ids-missing' });
  });

  it('counts a message without a sender', () => {
    expect(decodeGiftMessage(payload({ user: { id: '0' } }))).toEqual({ ok: false, reason: 'gift-sender-missing' });
  });

  it('refuses implausible values rather than guessing', () => {
    expect(decodeGiftMessage(payload({ repeatCount: 0, comboCount: 0 }))).toEqual({ ok: false, reason: 'gift-layout-unreadable' });
    expect(decodeGiftMessage(payload({ repeatCount: 5_000_000 }))).toEqual({ ok: false, reason: 'gift-layout-unreadable' });
    expect(decodeGiftMessage(payload({ createTime: 1_699_909_161 }))).toEqual({ ok: false, reason: 'gift-ids-missing' }); // seconds, not ms
  });

  it('refuses a streakable gift without its group id (each message would count as a streak: the naive sum)', () => {
    expect(decodeGiftMessage(payload({ giftId: 5655 }), { price: catalogue })).toEqual({ ok: false, reason: 'gift-streak-unkeyed' });
    expect(decodeGiftMessage(payload({ giftId: 777, gift: { id: 777, combo: true, type: 1 } }))).toEqual({ ok: false, reason: 'gift-streak-unkeyed' });
    expect(decodeGiftMessage(payload({ giftId: 777 }))).toMatchObject({ ok: true, event: { groupId: '0' } }); // nothing says it streaks
  });

  it('reads a batch size and a non-streak gift (group id 0)', () => {
    expect(decodeGiftMessage(payload({ groupCount: 10 }))).toMatchObject({ ok: true, event: { groupCount: 10, groupId: '0', repeatEnd: false } });
  });

  it('decodes a Response with many messages', () => {
    const body = responseBytes({ messages: Array.from({ length: 50 }, (_, i) => rose({ msgId: String(1000 + i), repeatCount: i + 1 })) });
    const result = decodeResponse(body, { price: catalogue });
    expect(result.gifts.map((g) => g.repeatCount)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
