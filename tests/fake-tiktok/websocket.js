// @ts-check
/**
 * A minimal WebSocket server end (RFC 6455) over Node's HTTP upgrade, for the stand-in's `/webcast/im/push` socket.
 * Written by hand rather than with the `ws` package: the stand-in only sends binary frames and answers close and
 * ping, which is about sixty lines, and every other part of the stand-in is dependency-free too.
 */
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * @typedef {{ send(data: Buffer): boolean, close(): void, readonly open: boolean, onClose: (() => void) | null }} FakeSocket
 */

/**
 * Answers the upgrade and returns the socket, or null (a bad handshake was refused with 400).
 * @param {import('node:http').IncomingMessage} req @param {import('node:stream').Duplex} socket
 * @returns {FakeSocket | null}
 */
export function acceptWebSocket(req, socket) {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return null;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let open = true;
  /** @type {FakeSocket} */
  const ws = {
    get open() { return open; },
    onClose: null,
    send(data) {
      if (!open) return false;
      socket.write(encodeFrame(0x2, data));
      return true;
    },
    close() {
      if (!open) return;
      open = false;
      socket.end(encodeFrame(0x8, Buffer.from([0x03, 0xe8])));
    },
  };
  const closed = () => {
    if (open) open = false;
    const callback = ws.onClose;
    ws.onClose = null;
    callback?.();
  };
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const frame = decodeFrame(pending);
      if (!frame) break;
      pending = pending.subarray(frame.length);
      if (frame.opcode === 0x8) { ws.close(); closed(); return; }
      if (frame.opcode === 0x9 && open) socket.write(encodeFrame(0xa, frame.payload));
    }
  });
  socket.on('close', closed);
  socket.on('error', closed);
  return ws;
}

/** A server frame: FIN, unmasked. @param {number} opcode @param {Buffer} payload */
export function encodeFrame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff])
    : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(n)]);
  return Buffer.concat([head, payload]);
}

/** @param {number} n */
function bigEndian64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/**
 * One client frame (clients mask), or null when `buf` does not hold a whole frame yet.
 * @param {Buffer} buf @returns {{ opcode: number, payload: Buffer, length: number } | null}
 */
export function decodeFrame(buf) {
  if (buf.length < 2) return null;
  const opcode = /** @type {number} */ (buf[0]) & 0x0f;
  const masked = (/** @type {number} */ (buf[1]) & 0x80) !== 0;
  let n = /** @type {number} */ (buf[1]) & 0x7f;
  let at = 2;
  if (n === 126) { if (buf.length < 4) return null; n = buf.readUInt16BE(2); at = 4; }
  else if (n === 127) { if (buf.length < 10) return null; n = Number(buf.readBigUInt64BE(2)); at = 10; }
  const maskAt = at;
  if (masked) at += 4;
  if (buf.length < at + n) return null;
  const payload = Buffer.from(buf.subarray(at, at + n));
  if (masked) for (let i = 0; i < n; i++) payload[i] = /** @type {number} */ (payload[i]) ^ /** @type {number} */ (buf[maskAt + (i % 4)]);
  return { opcode, payload, length: at + n };
}
