/**
 * A synchronous gzip reader (RFC 1952 around RFC 1951 deflate), after zlib's puff.c: canonical Huffman codes decoded
 * from their counts, no tables beyond them. Why not the platform's DecompressionStream: research mode inflates every
 * other frame of a LIVE room's event stream in the worker, and a stream costs ≈ 0.3 ms of the worker's CPU to set up
 * and drain, for a frame of a few hundred bytes (measured: 240 ms of 905 ms sampled over 1,800 frames were its
 * constructor alone), which a busy page feels on two cores. This reads such a frame in microseconds. It checks what
 * the stream checked: the header, every code, the distances, the CRC-32 and the length in the trailer, and nothing
 * after the member. The output is bounded: a payload inflating past `maxBytes` is refused as soon as it gets there.
 */

/** A frame is a few KB: a payload inflating past this is not one (a corrupt or hostile stream). */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;
/** Deflate's best ratio: no member inflates to more than this many times its size. */
const MAX_RATIO = 1032;

export class GzipCorrupt extends Error {}
export class InflatedTooLarge extends Error {}

const fail = (why: string): never => {
  throw new GzipCorrupt(`gzip: ${why}`);
};

/** A Huffman code: how many codes of each length (1..15), and the symbols in canonical order. */
interface Code {
  count: Uint16Array;
  symbol: Uint16Array;
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists the code lengths of its code-length code. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** The code for `lengths`; returns how many codes are left unused (0 complete, > 0 incomplete, < 0 over-subscribed). */
function build(lengths: ArrayLike<number>, offset: number, n: number): { code: Code; left: number } {
  const count = new Uint16Array(16);
  for (let i = 0; i < n; i++) count[lengths[offset + i]!]!++;
  const code = { count, symbol: new Uint16Array(n) };
  if (count[0] === n) return { code, left: 0 }; // no codes: complete, and any use of it fails in decode
  let left = 1;
  for (let length = 1; length < 16; length++) {
    left = (left << 1) - count[length]!;
    if (left < 0) return { code, left };
  }
  const offsets = new Uint16Array(16);
  for (let length = 1; length < 15; length++) offsets[length + 1] = offsets[length]! + count[length]!;
  for (let i = 0; i < n; i++) {
    const length = lengths[offset + i]!;
    if (length !== 0) code.symbol[offsets[length]!++] = i;
  }
  return { code, left };
}

let fixed: { lengths: Code; distances: Code } | null = null;
function fixedCodes(): { lengths: Code; distances: Code } {
  if (fixed) return fixed;
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  fixed = { lengths: build(lengths, 0, 288).code, distances: build(new Uint8Array(30).fill(5), 0, 30).code };
  return fixed;
}

class Inflater {
  private at: number;
  private bitBuffer = 0;
  private bitCount = 0;
  out: Uint8Array;
  written = 0;

  constructor(private readonly input: Uint8Array, start: number, expected: number, private readonly maxBytes: number) {
    this.at = start;
    // The trailer's length is a hint only (it may lie): bounded by the limit and by what the input can inflate to.
    this.out = new Uint8Array(Math.max(64, Math.min(expected, maxBytes, input.length * MAX_RATIO)));
  }

  /** Where the deflate data ended: the next whole byte. */
  get end(): number {
    return this.at;
  }

  private bits(need: number): number {
    let value = this.bitBuffer;
    while (this.bitCount < need) {
      if (this.at >= this.input.length) fail('the data ends early');
      value |= this.input[this.at++]! << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuffer = value >>> need;
    this.bitCount -= need;
    return value & ((1 << need) - 1);
  }

  private decode(code: Code): number {
    let value = 0; // the bits read so far, first bit highest
    let first = 0; // the first code of the current length
    let index = 0; // where the current length's symbols start
    for (let length = 1; length < 16; length++) {
      value |= this.bits(1);
      const count = code.count[length]!;
      if (value - first < count) return code.symbol[index + value - first]!;
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    return fail('a code that is not in the table');
  }

  private room(more: number): void {
    const need = this.written + more;
    if (need <= this.out.length) return;
    if (need > this.maxBytes) throw new InflatedTooLarge(`a gzip payload inflating past ${this.maxBytes} bytes`);
    const grown = new Uint8Array(Math.min(this.maxBytes, Math.max(need, this.out.length * 2)));
    grown.set(this.out.subarray(0, this.written));
    this.out = grown;
  }

  run(): void {
    for (let last = 0; !last;) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(fixedCodes().lengths, fixedCodes().distances);
      else if (type === 2) this.dynamic();
      else fail('a block of the reserved type 3');
    }
  }

  private stored(): void {
    this.bitBuffer = 0; // a stored block starts at the next byte
    this.bitCount = 0;
    if (this.at + 4 > this.input.length) fail('the data ends early');
    const length = this.input[this.at]! | (this.input[this.at + 1]! << 8);
    const complement = this.input[this.at + 2]! | (this.input[this.at + 3]! << 8);
    if (length !== (~complement & 0xffff)) fail('a stored block whose length does not match its complement');
    this.at += 4;
    if (this.at + length > this.input.length) fail('the data ends early');
    this.room(length);
    this.out.set(this.input.subarray(this.at, this.at + length), this.written);
    this.written += length;
    this.at += length;
  }

  private dynamic(): void {
    const nLengths = this.bits(5) + 257;
    const nDistances = this.bits(5) + 1;
    const nCodeLengths = this.bits(4) + 4;
    if (nLengths > 286 || nDistances > 30) fail('too many codes in a block');
    const lengths = new Uint8Array(nLengths + nDistances);
    const codeLengths = new Uint8Array(19);
    for (let i = 0; i < nCodeLengths; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const lengthCode = build(codeLengths, 0, 19);
    if (lengthCode.left !== 0) fail('an incomplete code-length code');
    for (let index = 0; index < nLengths + nDistances;) {
      const symbol = this.decode(lengthCode.code);
      if (symbol < 16) {
        lengths[index++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (index === 0) fail('a repeat with nothing before it');
        value = lengths[index - 1]!;
        repeat = 3 + this.bits(2);
      } else repeat = symbol === 17 ? 3 + this.bits(3) : 11 + this.bits(7);
      if (index + repeat > nLengths + nDistances) fail('code lengths past the end of the list');
      lengths.fill(value, index, index + repeat);
      index += repeat;
    }
    if (lengths[256] === 0) fail('a block with no end code');
    // Incomplete codes are allowed only when they hold one code of length 1 (as zlib allows).
    const literal = build(lengths, 0, nLengths);
    if (literal.left < 0 || (literal.left > 0 && nLengths !== literal.code.count[0]! + literal.code.count[1]!)) fail('a bad literal/length code');
    const distance = build(lengths, nLengths, nDistances);
    if (distance.left < 0 || (distance.left > 0 && nDistances !== distance.code.count[0]! + distance.code.count[1]!)) fail('a bad distance code');
    this.codes(literal.code, distance.code);
  }

  private codes(literals: Code, distances: Code): void {
    for (;;) {
      let symbol = this.decode(literals);
      if (symbol < 256) {
        this.room(1);
        this.out[this.written++] = symbol;
        continue;
      }
      if (symbol === 256) return;
      symbol -= 257;
      if (symbol >= 29) fail('a length symbol out of range');
      const length = LENGTH_BASE[symbol]! + this.bits(LENGTH_EXTRA[symbol]!);
      const d = this.decode(distances);
      if (d >= 30) fail('a distance symbol out of range');
      const distance = DISTANCE_BASE[d]! + this.bits(DISTANCE_EXTRA[d]!);
      if (distance > this.written) fail('a distance back past the start');
      this.room(length);
      const out = this.out;
      for (let i = 0, from = this.written - distance; i < length; i++) out[this.written++] = out[from + i]!;
    }
  }
}

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array, length: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const u32 = (bytes: Uint8Array, at: number): number => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

/** One gzip member, inflated. Throws GzipCorrupt on anything malformed and InflatedTooLarge past `maxBytes`. */
export function gunzip(bytes: Uint8Array, maxBytes = MAX_INFLATED_BYTES): Uint8Array {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) fail('not gzip');
  if (bytes[2] !== 8) fail('a method other than deflate');
  const flags = bytes[3]!;
  if (flags & 0xe0) fail('reserved header flags set');
  let at = 10;
  if (flags & 4) at += 2 + (bytes[at]! | (bytes[at + 1]! << 8)); // FEXTRA
  const skipText = (): void => { // FNAME, FCOMMENT: zero-terminated
    while (at < bytes.length && bytes[at] !== 0) at++;
    at++;
  };
  if (flags & 8) skipText();
  if (flags & 16) skipText();
  if (flags & 2) at += 2; // FHCRC
  if (at >= bytes.length) fail('the header ends early');
  const inflater = new Inflater(bytes, at, u32(bytes, bytes.length - 4), maxBytes);
  inflater.run();
  const trailer = inflater.end;
  if (trailer + 8 > bytes.length) fail('no trailer');
  if (trailer + 8 < bytes.length) fail('data after the end of the member');
  const out = inflater.out.subarray(0, inflater.written);
  if (u32(bytes, trailer) !== crc32(out, out.length)) fail('the CRC-32 does not match');
  if (u32(bytes, trailer + 4) !== out.length >>> 0) fail('the length does not match');
  return out;
}
