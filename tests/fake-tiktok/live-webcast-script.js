// @ts-check
/// <reference lib="dom" />
/**
 * The LIVE page's event stream (research mode, issue 12), as the real web app opens it: first the backlog from
 * `/webcast/im/fetch`, then a WebSocket to `/webcast/im/push`. Off unless asked: `?webcast=<scenario>` in the page URL
 * (the stand-in then streams that scenario, webcast-room.js) or `window.__fakeWebcast.open({ scenario, binaryType })`.
 * `?webcastBinary=blob` picks the socket's binaryType (default 'arraybuffer').
 *
 * The page's own handling, timed for the benchmark: each frame's bytes are read (a checksum, as a decoder would walk
 * them) and two figures kept: the time from the event's creation to the page's handler (what any earlier listener
 * delays) and the time spent in the handler. `[data-testid="webcast"]` shows `data-state`, `data-frames`,
 * `data-backlog-bytes`.
 * @param {{ webcast: string }} cfg
 */
export function liveWebcastScript(cfg) {
  /** @type {any} */
  const w = window;
  const el = /** @type {HTMLElement} */ (document.querySelector('[data-testid="webcast"]'));
  const stats = { frames: 0, bytes: 0, checksum: 0, backlogBytes: 0, latencyMs: /** @type {number[]} */ ([]), handlerMs: 0 };
  const show = (/** @type {string} */ state) => {
    el.setAttribute('data-state', state);
    el.setAttribute('data-frames', String(stats.frames));
    el.setAttribute('data-backlog-bytes', String(stats.backlogBytes));
  };
  /** @param {Uint8Array} bytes */
  const walk = (bytes) => {
    let sum = 0;
    for (let i = 0; i < bytes.length; i++) sum = (sum * 31 + /** @type {number} */ (bytes[i])) | 0;
    stats.checksum ^= sum;
    stats.bytes += bytes.length;
  };

  /** @param {{ scenario?: string, binaryType?: BinaryType }} [o] */
  async function open(o = {}) {
    const roomEl = /** @type {HTMLElement} */ (document.querySelector('[data-testid="room"]'));
    const roomId = roomEl.getAttribute('data-room-id') ?? '0';
    const q = new URLSearchParams({ aid: '1988', app_name: 'tiktok_web', room_id: roomId });
    if (o.scenario) q.set('scenario', o.scenario);
    show('fetching');
    const backlog = await fetch(`${cfg.webcast}/webcast/im/fetch/?${q}`, { credentials: 'include' });
    const body = new Uint8Array(await backlog.arrayBuffer());
    walk(body);
    stats.backlogBytes = body.length;
    const socket = new WebSocket(`${cfg.webcast.replace(/^https:/, 'wss:')}/webcast/im/push/v2/?${q}`);
    socket.binaryType = o.binaryType ?? 'arraybuffer';
    socket.onopen = () => show('open');
    socket.onclose = () => show('closed');
    socket.onmessage = (event) => {
      const t0 = performance.now();
      stats.latencyMs.push(t0 - event.timeStamp);
      stats.frames++;
      if (event.data instanceof ArrayBuffer) walk(new Uint8Array(event.data));
      else if (event.data instanceof Blob) void event.data.arrayBuffer().then((b) => walk(new Uint8Array(b)));
      stats.handlerMs += performance.now() - t0;
      el.setAttribute('data-frames', String(stats.frames));
    };
    w.__fakeWebcast.socket = socket;
    return socket;
  }

  w.__fakeWebcast = { open, stats, socket: null };
  show('idle');
  const params = new URLSearchParams(location.search);
  const scenario = params.get('webcast');
  const binary = params.get('webcastBinary');
  if (scenario) void open({ scenario, binaryType: binary === 'blob' ? 'blob' : 'arraybuffer' });
}
