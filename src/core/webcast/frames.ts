/**
 * The two carriers of a LIVE room's events (README §3), decoded into gifts plus counted diagnostics:
 * - a `/webcast/im/push` WebSocket frame: a PushFrame whose headers say whether its payload is gzip-compressed and whose
 *   payload (type 'msg') is a Response;
 * - a `/webcast/im/fetch` body (the backlog): a Response (gzipped bodies are recognised by their magic bytes).
 * A Response holds a list of {method, payload} messages; only 'WebcastGiftMessage' is decoded, others are counted.
 * Nothing here throws: every failure becomes a diagnostic.
 */
import { decodeGiftAt } from './gift-message';
import { gunzip, InflatedTooLarge } from './gunzip';
import { GIFT_METHOD, GZIP_HEADER, LAYOUT } from './layout';
import type { DecodeContext, Diagnostic, DiagnosticReason, FrameResult, GiftEvent } from './types';
import { bytesOf, equalsAscii, field, idField, readFields, repeated, stringField, subFields, utf8 } from './wire';

export { gunzip };

const GIFT_METHOD_BYTES = new TextEncoder().encode(GIFT_METHOD);

/** A WebSocket's binary message arrives as an ArrayBuffer; a fetch body as either. */
const asBytes = (bytes: Uint8Array | ArrayBuffer): Uint8Array => (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

class Tally {
  private readonly counts = new Map<DiagnosticReason, number>();
  add(reason: DiagnosticReason, n = 1): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
  }
  list(): Diagnostic[] {
    return [...this.counts].map(([reason, count]) => ({ reason, count }));
  }
}

/** Decodes a Response's messages into gifts (synchronous: the Response is already inflated). */
export function decodeResponse(bytes: Uint8Array, ctx: DecodeContext = {}): FrameResult {
  const tally = new Tally();
  const gifts: GiftEvent[] = [];
  let otherMessages = 0;
  const parsed = readFields(bytes);
  if (!parsed.ok) {
    tally.add('response-unreadable');
    return { gifts, diagnostics: tally.list(), otherMessages };
  }
  for (const item of repeated(parsed.value, LAYOUT.response.messages)) {
    const message = subFields(item);
    const method = message.ok ? field(message.value, LAYOUT.message.method, 2) : undefined;
    const payload = message.ok ? field(message.value, LAYOUT.message.payload, 2) : undefined;
    if (!message.ok || method === undefined || !payload) {
      tally.add('message-unreadable');
      continue;
    }
    if (!equalsAscii(method, GIFT_METHOD_BYTES)) {
      otherMessages++;
      continue;
    }
    const decoded = decodeGiftAt(payload.buf, payload.start, payload.end, ctx, idField(message.value, LAYOUT.message.msgId));
    if (!decoded.ok) tally.add(decoded.reason);
    else {
      gifts.push(decoded.event);
      if (decoded.note) tally.add(decoded.note);
    }
  }
  return { gifts, diagnostics: tally.list(), otherMessages };
}

function failed(reason: DiagnosticReason, payloadType?: string): FrameResult {
  const result: FrameResult = { gifts: [], diagnostics: [{ reason, count: 1 }], otherMessages: 0 };
  if (payloadType !== undefined) result.payloadType = payloadType;
  return result;
}

/** The PushFrame's headers as a plain object (a map<string,string> on the wire). */
function headersOf(fields: ReturnType<typeof readFields> & { ok: true }): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of repeated(fields.value, LAYOUT.pushFrame.headers)) {
    const kv = subFields(entry);
    if (!kv.ok) continue;
    const key = stringField(kv.value, LAYOUT.header.key);
    if (key !== undefined) headers[key] = stringField(kv.value, LAYOUT.header.value) ?? '';
  }
  return headers;
}

/** Decodes one binary WebSocket frame of /webcast/im/push. Frames other than 'msg' (heartbeats, acks) give nothing. */
export async function decodePushFrame(bytes: Uint8Array | ArrayBuffer, ctx: DecodeContext = {}): Promise<FrameResult> {
  const frame = readFields(asBytes(bytes));
  if (!frame.ok) return failed('frame-unreadable');
  const payloadTypeBytes = field(frame.value, LAYOUT.pushFrame.payloadType, 2);
  const payloadType = payloadTypeBytes ? utf8(payloadTypeBytes) : undefined;
  const payload = field(frame.value, LAYOUT.pushFrame.payload, 2);
  if (payloadType !== undefined && payloadType !== 'msg') {
    return { gifts: [], diagnostics: [], otherMessages: 0, payloadType };
  }
  if (!payload) return failed('frame-unreadable', payloadType);
  const compress = headersOf(frame)[GZIP_HEADER];
  let body = bytesOf(payload);
  if (compress !== undefined && compress !== '' && compress !== 'gzip' && compress !== 'none') {
    return failed('unknown-encoding', payloadType);
  }
  // The header is the documented signal; the magic bytes catch a frame whose header went missing.
  if (compress === 'gzip' || isGzip(body)) {
    try {
      body = gunzip(body);
    } catch (error) {
      return failed(error instanceof InflatedTooLarge ? 'inflated-too-large' : 'gzip-failed', payloadType);
    }
  }
  const result = decodeResponse(body, ctx);
  if (payloadType !== undefined) result.payloadType = payloadType;
  return result;
}

/** Decodes the body of a /webcast/im/fetch response (the backlog): a Response, gzipped or not. */
export async function decodeFetchBody(bytes: Uint8Array | ArrayBuffer, ctx: DecodeContext = {}): Promise<FrameResult> {
  let body = asBytes(bytes);
  if (isGzip(body)) {
    try {
      body = gunzip(body);
    } catch (error) {
      return failed(error instanceof InflatedTooLarge ? 'inflated-too-large' : 'gzip-failed');
    }
  }
  return decodeResponse(body, ctx);
}

/** The seqId of a push frame (decimal string), for acks and logs; undefined when unreadable. */
export function pushFrameSeqId(bytes: Uint8Array | ArrayBuffer): string | undefined {
  const frame = readFields(asBytes(bytes));
  return frame.ok ? idField(frame.value, LAYOUT.pushFrame.seqId) : undefined;
}
