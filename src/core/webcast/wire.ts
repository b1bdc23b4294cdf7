/**
 * A minimal reader of the protobuf wire format, for the LIVE room's event stream (README §3). It knows no schema: it
 * splits a message into its fields, and the decoders above it (frames.ts, gift-message.ts) pick the fields they need by
 * number AND wire type, so a field TikTok moved or retyped is seen as missing, never misread.
 *
 * - Varints are kept as two unsigned 32-bit halves: ids are 64-bit and exceed 2^53, so they are turned into decimal
 *   STRINGS (`varintDecimal`), and small counts into numbers (`varintNumber`, undefined above 2^53).
 * - Fixed 32/64-bit fields are skipped (nothing we read uses them); groups (wire types 3/4, deprecated) are refused.
 * - Malformed input (truncated, a varint over 10 bytes, a bad wire type, field number 0) is a typed failure:
 *   `readFields` never throws.
 */

export type WireFailureReason = 'truncated' | 'varint-too-long' | 'group-refused' | 'bad-wire-type' | 'bad-field-number' | 'too-many-fields';
export interface WireFailure { reason: WireFailureReason; at: number }

/**
 * One field, in one shape for every wire type (a single hidden class keeps V8's property access monomorphic), and
 * zero-copy: a length-delimited field is its offsets in `buf`, read as a sub-message with `readFields(f.buf, f.start,
 * f.end)` or as bytes with `bytesOf(f)`.
 */
export interface WireField {
  no: number;
  wt: 0 | 1 | 2 | 5;
  /** Varint value, low and high unsigned 32-bit halves (0 for other wire types). */
  lo: number;
  hi: number;
  buf: Uint8Array;
  /** The value's bytes in `buf`: [start, end) (for a varint, where it was read). */
  start: number;
  end: number;
}

export type WireResult<T> = { ok: true; value: T } | { ok: false; failure: WireFailure };

/** A bound on the fields of one message: a hostile frame cannot make us build an unbounded array. */
export const MAX_FIELDS = 100_000;

class Malformed {
  constructor(readonly reason: WireFailureReason, readonly at: number) {}
}

/** Reads a varint at `pos`; returns the position after it. Writes the halves into `out`. */
function readVarint(buf: Uint8Array, pos: number, end: number, out: { lo: number; hi: number }): number {
  let lo = 0;
  let hi = 0;
  let shift = 0;
  // Bytes 0–3 fill 28 bits of lo; byte 4 gives lo 4 bits and hi 3; bytes 5–9 fill hi by 7 bits each.
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new Malformed('truncated', pos);
    const byte = buf[pos++]!;
    if (i < 4) lo |= (byte & 0x7f) << shift;
    else if (i === 4) {
      lo |= (byte & 0x0f) << 28;
      hi = (byte & 0x7f) >> 4;
    } else hi |= (byte & 0x7f) << (3 + 7 * (i - 5));
    shift += 7;
    if ((byte & 0x80) === 0) {
      out.lo = lo >>> 0;
      out.hi = hi >>> 0;
      return pos;
    }
  }
  throw new Malformed('varint-too-long', pos);
}

const scratch = { lo: 0, hi: 0 };

/** Splits `buf[start, end)` into its fields, in wire order (repeated fields appear once per occurrence). */
export function readFields(buf: Uint8Array, start = 0, end = buf.length): WireResult<WireField[]> {
  const fields: WireField[] = [];
  let pos = start;
  try {
    while (pos < end) {
      const tagAt = pos;
      pos = readVarint(buf, pos, end, scratch);
      if (scratch.hi !== 0) throw new Malformed('bad-field-number', tagAt);
      const no = scratch.lo >>> 3;
      const wt = scratch.lo & 7;
      if (no === 0) throw new Malformed('bad-field-number', tagAt);
      if (fields.length >= MAX_FIELDS) throw new Malformed('too-many-fields', tagAt);
      switch (wt) {
        case 0:
        {
          const at = pos;
          pos = readVarint(buf, pos, end, scratch);
          fields.push({ no, wt: 0, lo: scratch.lo, hi: scratch.hi, buf, start: at, end: pos });
          break;
        }
        case 1:
          if (end - pos < 8) throw new Malformed('truncated', pos);
          fields.push({ no, wt: 1, lo: 0, hi: 0, buf, start: pos, end: pos + 8 });
          pos += 8;
          break;
        case 2: {
          pos = readVarint(buf, pos, end, scratch);
          // A length over 2^32 or past the end is a truncated (or hostile) message either way.
          if (scratch.hi !== 0 || scratch.lo > end - pos) throw new Malformed('truncated', pos);
          fields.push({ no, wt: 2, lo: 0, hi: 0, buf, start: pos, end: pos + scratch.lo });
          pos += scratch.lo;
          break;
        }
        case 5:
          if (end - pos < 4) throw new Malformed('truncated', pos);
          fields.push({ no, wt: 5, lo: 0, hi: 0, buf, start: pos, end: pos + 4 });
          pos += 4;
          break;
        case 3:
        case 4:
          throw new Malformed('group-refused', tagAt);
        default:
          throw new Malformed('bad-wire-type', tagAt);
      }
    }
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, failure: { reason: error.reason, at: error.at } };
    return { ok: false, failure: { reason: 'truncated', at: pos } };
  }
  return { ok: true, value: fields };
}

/** The last occurrence of field `no` with wire type `wt` (proto3: the last value of a singular field wins). */
export function field(fields: readonly WireField[], no: number, wt: WireField['wt']): WireField | undefined {
  for (let i = fields.length - 1; i >= 0; i--) {
    const f = fields[i]!;
    if (f.no === no && f.wt === wt) return f;
  }
  return undefined;
}

/** Every occurrence of field `no` with wire type 2 (a repeated message or string). */
export function repeated(fields: readonly WireField[], no: number): WireField[] {
  const out: WireField[] = [];
  for (const f of fields) if (f.no === no && f.wt === 2) out.push(f);
  return out;
}

/** A length-delimited field's bytes (a view, not a copy). */
export const bytesOf = (f: WireField): Uint8Array => f.buf.subarray(f.start, f.end);

/** A length-delimited field read as a message. */
export const subFields = (f: WireField): WireResult<WireField[]> => readFields(f.buf, f.start, f.end);

/** True when field `no` is present with a wire type other than `wt`: the sign of a moved or retyped field. */
export function hasOtherType(fields: readonly WireField[], no: number, wt: WireField['wt']): boolean {
  return fields.some((f) => f.no === no && f.wt !== wt);
}

const TWO_32 = 2 ** 32;

/** An unsigned varint as a number, or undefined when it exceeds 2^53 (use `varintDecimal` for ids). */
export function varintNumber(f: { lo: number; hi: number }): number | undefined {
  if (f.hi >= 0x200000) return undefined;
  return f.hi * TWO_32 + f.lo;
}

/** An unsigned 64-bit varint as an exact decimal string (ids: 19 digits, beyond 2^53). */
export function varintDecimal(f: { lo: number; hi: number }): string {
  if (f.hi < 0x200000) return String(f.hi * TWO_32 + f.lo);
  return ((BigInt(f.hi) << 32n) | BigInt(f.lo)).toString();
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * A string field. Short ASCII strings (method names, handles) are built directly: TextDecoder's call costs more than
 * the decoding for them. Invalid UTF-8 becomes U+FFFD rather than a failure (a name is not worth dropping a gift for).
 */
export function utf8(f: WireField): string {
  const { buf, start, end } = f;
  if (end - start <= 64) {
    let out = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return decoder.decode(buf.subarray(start, end));
      out += String.fromCharCode(c);
    }
    return out;
  }
  return decoder.decode(buf.subarray(start, end));
}

/** True when a length-delimited field holds exactly these ASCII bytes (compares without making a string). */
export function equalsAscii(f: WireField, ascii: Uint8Array): boolean {
  if (f.end - f.start !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (f.buf[f.start + i] !== ascii[i]) return false;
  return true;
}

/** The decoded string of a wire-type-2 field, or undefined. */
export function stringField(fields: readonly WireField[], no: number): string | undefined {
  const f = field(fields, no, 2);
  return f ? utf8(f) : undefined;
}

/** A small unsigned varint field as a number (undefined when absent or beyond 2^53). */
export function numberField(fields: readonly WireField[], no: number): number | undefined {
  const f = field(fields, no, 0);
  return f ? varintNumber(f) : undefined;
}

/** A 64-bit id field as a decimal string (undefined when absent). */
export function idField(fields: readonly WireField[], no: number): string | undefined {
  const f = field(fields, no, 0);
  return f ? varintDecimal(f) : undefined;
}
