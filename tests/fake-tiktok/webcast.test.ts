// The stand-in's LIVE event stream: its backlog and socket frames, decoded by the product's own decoder and counted
// by its streak rules, give exactly the stand-in's ground truth (so the e2e test can compare the extension to it).
import https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mergeRoomGift, rowOf } from '../../src/core/research/streaks';
import type { RoomGift } from '../../src/core/research/types';
import { decodeFetchBody, decodePushFrame } from '../../src/core/webcast/frames';
import type { FrameResult } from '../../src/core/webcast/types';
import { startFakeTikTok, type FakeTikTok } from './server.js';
import { decodeFrame } from './websocket.js';

const ROOM = '7300000000000000001';
let fake: FakeTikTok;

beforeAll(async () => {
  fake = await startFakeTikTok();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.control.reset());

function get(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: fake.port, path, headers: { host: 'webcast.tiktok.com' }, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject);
  });
}

/** A bare client socket: collects binary frames until `until` says enough. */
function socket(path: string, until: (frames: Buffer[]) => boolean): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port: fake.port, path, rejectUnauthorized: false,
      headers: { host: 'webcast.tiktok.com', Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (res, sock, head) => {
      expect(res.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
      const frames: Buffer[] = [];
      let pending = Buffer.from(head);
      const check = () => {
        for (let f = decodeFrame(pending); f; f = decodeFrame(pending)) {
          pending = pending.subarray(f.length);
          if (f.opcode === 2) frames.push(f.payload);
        }
        if (until(frames)) {
          sock.destroy();
          resolve(frames);
        }
      };
      sock.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        check();
      });
      check();
    });
    req.on('error', reject);
    req.end();
  });
}

function totals(results: FrameResult[]): { room: number; senders: Map<string, number>; unreadable: number } {
  const rows = new Map<string, RoomGift>();
  let unreadable = 0;
  for (const result of results) {
    for (const d of result.diagnostics) unreadable += d.count;
    for (const e of result.gifts) {
      const row = rowOf({ ...e, sender: e.senderId, own: false });
      rows.set(row.id, mergeRoomGift(rows.get(row.id), row));
    }
  }
  const senders = new Map<string, number>();
  let room = 0;
  for (const row of rows.values()) {
    room += row.coins ?? 0;
    senders.set(row.sender, (senders.get(row.sender) ?? 0) + (row.coins ?? 0));
  }
  return { room, senders, unreadable };
}

describe('webcast stream', () => {
  it('serves an empty backlog and a silent socket unless a scenario is asked for', async () => {
    const body = await get(`/webcast/im/fetch/?room_id=${ROOM}`);
    expect((await decodeFetchBody(new Uint8Array(body))).gifts).toEqual([]);
    expect(fake.state.webcast.truth.gifts).toBe(0);
  });

  it("'mixed': backlog + socket decode to the ground truth (duplicates, disorder, gzip, one unknown layout)", async () => {
    const query = `?room_id=${ROOM}&scenario=mixed`;
    const backlog = await decodeFetchBody(new Uint8Array(await get(`/webcast/im/fetch/${query}`)));
    expect(backlog.gifts.length).toBeGreaterThan(0);
    const frames = await socket(`/webcast/im/push/v2/${query}`, (f) => f.length >= fake.state.webcast.framesPlanned);
    const results = [backlog, ...(await Promise.all(frames.map((f) => decodePushFrame(new Uint8Array(f)))))];
    const got = totals(results);
    const truth = fake.state.webcast.truth;
    expect(got.room).toBe(truth.rooms[ROOM]);
    expect(Object.fromEntries(got.senders)).toEqual(truth.senders);
    expect(got.unreadable).toBe(1); // the one frame of an unknown layout
    // A naive sum of every message would not match: the truth really needs the streak rules.
    const naive = results.flatMap((r) => r.gifts).reduce((sum, e) => sum + (e.unitCoins ?? 0) * e.repeatCount * e.groupCount, 0);
    expect(naive).toBeGreaterThan(truth.rooms[ROOM]!);
    // The stand-in has seen this socket close before the next test counts its own.
    await expect.poll(() => fake.state.webcast.connections).toBe(0);
  });

  it('streams N frames at a rate to open sockets, each streak counted once', async () => {
    const collected = socket(`/webcast/im/push/v2/?room_id=${ROOM}`, (f) => f.length >= 60);
    await expect.poll(() => fake.state.webcast.connections).toBe(1);
    await fake.control.webcastStream({ frames: 60, perSecond: 600, senders: 5 });
    const frames = await collected;
    const got = totals(await Promise.all(frames.map((f) => decodePushFrame(new Uint8Array(f)))));
    // The truth holds exactly what was streamed, streaks cut short included.
    expect(Object.fromEntries(got.senders)).toEqual(fake.state.webcast.truth.senders);
    expect(got.room).toBe(60);
    expect(got.unreadable).toBe(0);
  });
});
