// @ts-check
/**
 * Scenarios of the stand-in's LIVE event stream (webcast-room.js). `mixed`: what the research e2e test streams: a few
 * viewers' gifts, with everything the wire does to them (see webcast-room.js), split between the backlog (a gzipped
 * /webcast/im/fetch body) and the socket (frames of 1–3 messages, every other one gzipped), plus a heartbeat, a chat
 * message and one frame of an unknown layout. Deterministic: the same room always gets the same scenario shape.
 */

const SENDERS = [
  { id: '6900000000000000011', handle: 'research_viewer_a' },
  { id: '6900000000000000022', handle: 'research_viewer_b' },
  { id: '6900000000000000033', handle: 'research_viewer_c' },
  { id: '6900000000000000044', handle: 'research_viewer_d' },
];

/**
 * What was sent, as a viewer would tell it: who, which gift, how many taps (streak) or 1 (non-streak gift).
 * @type {{ sender: number, giftId: number, repeat: number, groupCount?: number }[]}
 */
const MIXED = [
  { sender: 0, giftId: 5655, repeat: 7 }, // Rose streak, 7 taps
  { sender: 1, giftId: 9102, repeat: 1 }, // Finger Heart, a single tap (two messages)
  { sender: 2, giftId: 9106, repeat: 1 }, // Corgi, not a streak
  { sender: 0, giftId: 9103, repeat: 3, groupCount: 10 }, // Perfume ×10, three taps
  { sender: 3, giftId: 9108, repeat: 1 }, // Galaxy, not a streak
  { sender: 1, giftId: 5655, repeat: 12 }, // Rose streak, 12 taps
  { sender: 2, giftId: 9104, repeat: 2 }, // Doughnut streak, 2 taps
];

/** A seeded shuffle of neighbours (messages arrive out of order, but not wildly). @param {any[]} list @param {number} seed */
function jostle(list, seed) {
  let x = seed;
  for (let i = 0; i + 1 < list.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    if (x % 3 === 0) [list[i], list[i + 1]] = [list[i + 1], list[i]];
  }
  return list;
}

/**
 * @param {string} name @param {string} roomId @param {any} encode (webcast-room.js's encoders and counters)
 * @returns {{ backlog: Uint8Array, frames: Uint8Array[] }}
 */
export function scenarioFrames(name, roomId, encode) {
  if (name !== 'mixed') throw new Error(`webcast: unknown scenario ${JSON.stringify(name)}`);
  const base = Date.now() - 60_000;
  /** @type {any[]} */
  const messages = [];
  MIXED.forEach((g, i) => {
    const sender = /** @type {{ id: string, handle: string }} */ (SENDERS[g.sender]);
    const gift = /** @type {any} */ (encode.gift(g.giftId));
    encode.count(roomId, { sender, giftId: g.giftId, repeat: g.repeat, groupCount: g.groupCount });
    const streak = gift.combo;
    const groupId = streak ? encode.nextGroup() : '0';
    const one = (/** @type {number} */ repeat, /** @type {boolean} */ end, /** @type {number} */ k) => encode.giftMessage({
      msgId: encode.nextId(), roomId, createTime: base + i * 5_000 + k * 200, giftId: g.giftId, repeatCount: repeat, repeatEnd: end,
      groupId, groupCount: g.groupCount ?? 1, user: sender,
      gift: { id: gift.id, name: gift.name, diamondCount: gift.diamond_count, type: gift.type, combo: gift.combo },
    });
    if (!streak) messages.push(one(1, false, 0));
    else {
      // Every tap is announced with the running count; the streak's end comes once more with the final count.
      for (let r = 1; r <= g.repeat; r++) messages.push(one(r, false, r));
      messages.push(one(g.repeat, true, g.repeat + 1));
    }
  });
  jostle(messages, Number(roomId.slice(-6)) || 7);
  // The first quarter is the backlog; its last two messages are repeated at the start of the socket.
  const cut = Math.floor(messages.length / 4);
  const backlog = encode.fetchBody({ messages: messages.slice(0, cut), gzip: true });
  const live = [...messages.slice(cut - 2, cut), ...messages.slice(cut)];
  /** @type {Uint8Array[]} */
  const frames = [];
  for (let i = 0, n = 0; i < live.length; n++) {
    const size = 1 + (n % 3);
    const chunk = live.slice(i, i + size);
    i += size;
    // One message repeated in the next frame, as TikTok resends now and then.
    if (n === 3) chunk.push(/** @type {any} */ (live[i - 1]));
    if (n === 2) frames.push(encode.heartbeatFrame(encode.nextSeq()));
    if (n === 4) frames.push(encode.unknownLayoutFrame({ seqId: encode.nextSeq(), gzip: true, msgId: encode.nextId() }));
    if (n === 5) chunk.push(encode.otherMessage('WebcastChatMessage', encode.nextId()));
    frames.push(encode.pushFrame({ seqId: encode.nextSeq(), gzip: n % 2 === 0, messages: chunk }));
  }
  return { backlog, frames };
}
