// @ts-check
/**
 * The stand-in's LIVE event stream (research mode, issue 12): a `/webcast/im/push` WebSocket and a `/webcast/im/fetch`
 * backlog, in TikTok's wire layout (webcast-encode.js). Silent unless a test asks: the LIVE page opens the socket only
 * with `?webcast=<scenario>` in its URL (or `window.__fakeWebcast.open()`), and frames flow only from a scenario or
 * `control.webcastStream()`, so every other test sees the stand-in as before.
 *
 * Ground truth: every gift the stream stands for is added once to `state.truth` (coins per room and per sender id,
 * the clear ids the extension must never store), whatever the wire does with it: streak messages repeated with a
 * growing count, a single tap as two messages, out of order, a message repeated, messages in both the backlog and on
 * the socket, gzipped or not, and one frame of an unknown layout (never part of the truth).
 */
import { findGift } from './catalogue.js';
import { fetchBody, giftMessage, heartbeatFrame, otherMessage, pushFrame, unknownLayoutFrame } from './webcast-encode.js';
import { acceptWebSocket } from './websocket.js';
import { scenarioFrames } from './webcast-scenario.js';

/** @typedef {import('./websocket.js').FakeSocket} FakeSocket */
/** @typedef {{ sender: { id: string, handle: string }, giftId: number, repeat: number, groupCount?: number }} SentGift */

export const PUSH_PATH = '/webcast/im/push';
export const FETCH_PATH = '/webcast/im/fetch';

export function createWebcastRoom() {
  const state = {
    /** Sockets open right now. */
    connections: 0,
    framesSent: 0,
    /** Socket frames of the scenarios built so far (a test waits for this many). */
    framesPlanned: 0,
    backlogsServed: 0,
    truth: {
      /** coins per room id */
      rooms: /** @type {Record<string, number>} */ ({}),
      /** coins per clear sender id */
      senders: /** @type {Record<string, number>} */ ({}),
      /** every clear sender id and handle the stream carried (none may be stored) */
      clear: /** @type {string[]} */ ([]),
      gifts: 0,
    },
  };
  /** @type {Map<FakeSocket, { roomId: string }>} */
  const sockets = new Map();
  /** Each scenario is built once per room, for its backlog and its socket alike (its truth is counted once). */
  /** @type {Map<string, { backlog: Uint8Array, frames: Uint8Array[] }>} */
  const scenarios = new Map();
  /** @param {string} name @param {string} roomId */
  const scenarioFor = (name, roomId) => {
    const key = `${name}:${roomId}`;
    let built = scenarios.get(key);
    if (!built) {
      scenarios.set(key, (built = scenarioFrames(name, roomId, encode)));
      state.framesPlanned += built.frames.length;
    }
    return built;
  };
  let seq = 0;
  let ids = 0n;
  const nextId = () => (7_400_000_000_000_000_000n + (ids += 1n)).toString();

  /** Adds one gift to the truth, once. @param {string} roomId @param {SentGift} g */
  function count(roomId, g) {
    const gift = findGift(g.giftId);
    if (!gift) throw new Error(`webcast: unknown gift ${g.giftId}`);
    const coins = gift.diamond_count * g.repeat * (g.groupCount ?? 1);
    state.truth.rooms[roomId] = (state.truth.rooms[roomId] ?? 0) + coins;
    state.truth.senders[g.sender.id] = (state.truth.senders[g.sender.id] ?? 0) + coins;
    for (const clear of [g.sender.id, g.sender.handle]) if (!state.truth.clear.includes(clear)) state.truth.clear.push(clear);
    state.truth.gifts++;
  }

  /** @param {FakeSocket} ws @param {Uint8Array} bytes */
  function send(ws, bytes) {
    if (ws.send(Buffer.from(bytes))) state.framesSent++;
  }

  /** Encoders bound to this room's ids, for scenarios. */
  const encode = {
    fetchBody, giftMessage, heartbeatFrame, otherMessage, pushFrame, unknownLayoutFrame, nextId, count, gift: findGift,
    nextSeq: () => String(++seq), nextGroup: () => String(1_700_000_000_000 + ++seq),
  };

  return {
    state,
    /**
     * Answers an upgrade of `/webcast/im/push…`; false for any other path (the caller refuses it).
     * @param {import('node:http').IncomingMessage} req @param {import('node:stream').Duplex} socket @param {URL} url
     */
    upgrade(req, socket, url) {
      if (!url.pathname.startsWith(PUSH_PATH)) return false;
      const ws = acceptWebSocket(req, socket);
      if (!ws) return true;
      const roomId = url.searchParams.get('room_id') ?? '0';
      sockets.set(ws, { roomId });
      state.connections++;
      ws.onClose = () => { sockets.delete(ws); state.connections--; };
      const scenario = url.searchParams.get('scenario');
      if (scenario) {
        const { frames } = scenarioFor(scenario, roomId);
        // One frame per tick: the page's and the extension's handling interleave as with a real socket.
        let i = 0;
        const timer = setInterval(() => {
          if (!ws.open || i >= frames.length) { clearInterval(timer); return; }
          send(ws, /** @type {Uint8Array} */ (frames[i++]));
        }, 20);
      }
      return true;
    },
    /**
     * GET /webcast/im/fetch…: the backlog of the scenario named in the query (empty Response otherwise).
     * @param {URL} url @returns {Buffer}
     */
    backlog(url) {
      const roomId = url.searchParams.get('room_id') ?? '0';
      const scenario = url.searchParams.get('scenario');
      state.backlogsServed++;
      if (!scenario) return Buffer.from(fetchBody({ messages: [] }));
      return Buffer.from(scenarioFor(scenario, roomId).backlog);
    },
    /**
     * Streams `frames` frames (one gift message each: Rose streaks of 1–6 taps from `senders` senders, or with
     * `single` one non-streak gift per frame, each its own row) to every open socket (of `roomId` when given),
     * `perSecond` a second; resolves when the last was written. Gzips every `gzipEvery`-th frame.
     * @param {{ frames: number, perSecond: number, senders?: number, gzipEvery?: number, roomId?: string, single?: boolean }} o
     */
    stream({ frames, perSecond, senders = 20, gzipEvery = 2, roomId, single = false }) {
      const targets = [...sockets].filter(([, s]) => roomId === undefined || s.roomId === roomId);
      const plan = targets.map(([ws, { roomId }]) => ({ ws, roomId, open: /** @type {Map<number, { left: number, repeat: number, groupId: string, sender: { id: string, handle: string } }>} */ (new Map()) }));
      let sent = 0;
      const start = Date.now();
      return new Promise((resolve) => {
        const tick = () => {
          const due = Math.min(frames, Math.floor(((Date.now() - start) * perSecond) / 1000) + 1);
          for (; sent < due; sent++) {
            for (const target of plan) send(target.ws, (single ? singleFrame : streamFrame)(target, sent, senders, gzipEvery, encode));
          }
          if (sent >= frames) resolve(sent);
          else setTimeout(tick, Math.max(1, Math.floor(1000 / perSecond)));
        };
        tick();
      });
    },
    reset() {
      for (const ws of sockets.keys()) ws.close();
      scenarios.clear();
      state.framesSent = 0;
      state.framesPlanned = 0;
      state.backlogsServed = 0;
      state.truth = { rooms: {}, senders: {}, clear: [], gifts: 0 };
    },
    close() {
      for (const ws of sockets.keys()) ws.close();
    },
  };
}

/**
 * The n-th frame of a stream: one Rose streak message per frame, per sender slot; a slot's streak lasts 1–6 taps
 * and its last message says repeatEnd.
 * @param {{ roomId: string, open: Map<number, { left: number, repeat: number, groupId: string, sender: { id: string, handle: string } }> }} target
 * @param {number} n @param {number} senders @param {number} gzipEvery @param {any} encode
 */
function streamFrame(target, n, senders, gzipEvery, encode) {
  const slot = n % senders;
  let streak = target.open.get(slot);
  if (!streak) {
    const taps = 1 + ((n * 7 + slot) % 6);
    const sender = { id: `69${String(1_000_000_000_000_000 + slot * 7919 + (n % 3)).padStart(17, '0')}`, handle: `stream_viewer_${slot}_${n % 3}` };
    streak = { left: taps, repeat: 0, groupId: encode.nextGroup(), sender };
    target.open.set(slot, streak);
  }
  // Each frame is one more tap of its streak: the truth grows by one gift, so it holds, at any moment, exactly the
  // gifts streamed so far (a stream may stop in the middle of a streak).
  encode.count(target.roomId, { sender: streak.sender, giftId: 5655, repeat: 1 });
  streak.repeat++;
  streak.left--;
  const end = streak.left === 0;
  if (end) target.open.delete(slot);
  const message = encode.giftMessage({
    msgId: encode.nextId(), roomId: target.roomId, createTime: Date.now(), giftId: 5655, repeatCount: streak.repeat, repeatEnd: end,
    groupId: streak.groupId, user: streak.sender, gift: { id: 5655, name: 'Rose', diamondCount: 1, type: 1, combo: true },
  });
  return encode.pushFrame({ seqId: encode.nextSeq(), gzip: gzipEvery > 0 && n % gzipEvery === 0, messages: [message] });
}

/**
 * The n-th frame of a `single` stream: one Corgi (a non-streak gift, 299 coins) with its own message id, so every frame
 * is one row of the room log whose `at` is when the frame was made (the benchmark's frame-to-row delay).
 * @param {{ roomId: string }} target @param {number} n @param {number} senders @param {number} gzipEvery @param {any} encode
 */
function singleFrame(target, n, senders, gzipEvery, encode) {
  const slot = n % senders;
  const sender = { id: `68${String(1_000_000_000_000_000 + slot).padStart(17, '0')}`, handle: `single_viewer_${slot}` };
  encode.count(target.roomId, { sender, giftId: 9106, repeat: 1 });
  const message = encode.giftMessage({
    msgId: encode.nextId(), roomId: target.roomId, createTime: Date.now(), giftId: 9106, repeatCount: 1, user: sender,
    gift: { id: 9106, name: 'Corgi', diamondCount: 299, type: 2, combo: false },
  });
  return encode.pushFrame({ seqId: encode.nextSeq(), gzip: gzipEvery > 0 && n % gzipEvery === 0, messages: [message] });
}
