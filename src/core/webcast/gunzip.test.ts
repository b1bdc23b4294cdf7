/**
 * The gzip reader against node:zlib (the reference): every block type and strategy zlib writes, every header field,
 * every kind of damage, and random damage, which must end in one of the reader's two errors and nothing else.
 */
import { constants, deflateRawSync, gunzipSync as zlibGunzip, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GzipCorrupt, InflatedTooLarge, gunzip } from './gunzip';

const text = (n: number) => new TextEncoder().encode(Array.from({ length: n }, (_, i) => `gift ${i % 97} to room ${i % 13}; `).join('').slice(0, n));
const noise = (n: number, seed = 1) => {
  const out = new Uint8Array(n);
  for (let i = 0, x = seed; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};
/** Byte-equal (toEqual walks a large typed array element by element, seconds at 200 KB). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
const gz = (data: Uint8Array, options: Parameters<typeof gzipSync>[1] = {}) => new Uint8Array(gzipSync(data, options));

/** A gzip member written by hand: header flags and fields around zlib's raw deflate, then the CRC and length. */
function member(data: Uint8Array, header: { name?: string; comment?: string; extra?: Uint8Array; headerCrc?: boolean }): Uint8Array {
  const reference = gz(data);
  const flags = (header.headerCrc ? 2 : 0) | (header.extra ? 4 : 0) | (header.name !== undefined ? 8 : 0) | (header.comment !== undefined ? 16 : 0);
  const parts: number[] = [0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255];
  if (header.extra) parts.push(header.extra.length & 0xff, header.extra.length >> 8, ...header.extra);
  if (header.name !== undefined) parts.push(...new TextEncoder().encode(header.name), 0);
  if (header.comment !== undefined) parts.push(...new TextEncoder().encode(header.comment), 0);
  if (header.headerCrc) parts.push(0, 0); // not checked, as zlib does not by default
  return Uint8Array.from([...parts, ...deflateRawSync(data), ...reference.subarray(reference.length - 8)]);
}

describe('gunzip', () => {
  it('inflates what node:zlib wrote, at every level and strategy (stored, fixed and dynamic blocks)', () => {
    const inputs = [new Uint8Array(0), Uint8Array.of(42), text(100), text(5_000), noise(3_000), text(200_000), noise(70_000)];
    const options = [
      { level: 0 }, { level: 1 }, { level: 6 }, { level: 9 },
      { strategy: constants.Z_FIXED }, { strategy: constants.Z_HUFFMAN_ONLY }, { strategy: constants.Z_RLE }, { strategy: constants.Z_FILTERED },
    ];
    for (const input of inputs) for (const option of options) expect(same(gunzip(gz(input, option)), input), `${input.length} B, ${JSON.stringify(option)}`).toBe(true);
  });

  it('skips the optional header fields: name, comment, extra field, header CRC', () => {
    const data = text(1_000);
    expect(gunzip(member(data, { name: 'frame.bin' }))).toEqual(data);
    expect(gunzip(member(data, { comment: 'a comment', name: '' }))).toEqual(data);
    expect(gunzip(member(data, { extra: noise(300), headerCrc: true }))).toEqual(data);
    expect(gunzip(member(data, { name: 'n', comment: 'c', extra: Uint8Array.of(1, 2), headerCrc: true }))).toEqual(data);
  });

  it('refuses each kind of damage with GzipCorrupt', () => {
    const whole = gz(text(2_000));
    const changed = (at: number, value: number) => Uint8Array.from(whole, (byte, i) => (i === at ? value : byte));
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['not gzip', changed(0, 0x1e)],
      ['another method', changed(2, 7)],
      ['reserved flags', changed(3, 0x20)],
      ['cut in the data', whole.subarray(0, 40)],
      ['cut in the trailer', whole.subarray(0, whole.length - 3)],
      ['a wrong CRC-32', changed(whole.length - 8, whole[whole.length - 8]! ^ 1)],
      ['a wrong length', changed(whole.length - 4, whole[whole.length - 4]! ^ 1)],
      ['data after the member', Uint8Array.from([...whole, 0])],
      ['block type 3', Uint8Array.from([...whole.subarray(0, 10), 0b111, ...whole.subarray(11)])],
      ['a stored length that does not match its complement', Uint8Array.from([...whole.subarray(0, 10), 1, 5, 0, 0, 0, ...whole.subarray(15)])],
      // A fixed block whose first code is a length-distance pair: a distance back before the start of the output.
      ['a distance before the start', Uint8Array.from([...whole.subarray(0, 10), ...deflateDistanceFirst(), ...whole.subarray(whole.length - 8)])],
    ];
    for (const [why, bytes] of cases) expect(() => gunzip(bytes), why).toThrow(GzipCorrupt);
    // Refused for its own reason, not for a cut or a checksum further on.
    const bytesOf = (why: string) => cases.find(([name]) => name === why)![1];
    expect(() => gunzip(bytesOf('a distance before the start'))).toThrow('a distance back past the start');
    expect(() => gunzip(bytesOf('block type 3'))).toThrow('the reserved type 3');
  });

  it('stops a payload that inflates past its bound, however its trailer states its length', () => {
    const bomb = gz(new Uint8Array(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => gunzip(bomb, 1024 * 1024)).toThrow(InflatedTooLarge);
    expect(gunzip(bomb)).toHaveLength(4 * 1024 * 1024);
    const lying = Uint8Array.from(bomb);
    lying.set([0, 0, 0, 0], lying.length - 4); // the trailer says 0 bytes (read mod 2^32): the output still grows to its bound
    expect(() => gunzip(lying, 1024 * 1024)).toThrow(InflatedTooLarge);
    expect(() => gunzip(lying)).toThrow(GzipCorrupt);
  });

  it('random damage ends in a GzipCorrupt or InflatedTooLarge, never another error, and what it does inflate is zlib\'s answer', () => {
    const originals = [gz(text(3_000)), gz(noise(500)), gz(text(800), { strategy: constants.Z_FIXED }), gz(text(300), { level: 0 })];
    fc.assert(fc.property(
      fc.integer({ min: 0, max: originals.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.option(fc.nat(), { nil: undefined }),
      (which, edits, cut) => {
        const bytes = Uint8Array.from(originals[which]!);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        const input = cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length);
        let ours: Uint8Array | null = null;
        try {
          ours = gunzip(input, 64 * 1024);
        } catch (error) {
          expect(error instanceof GzipCorrupt || error instanceof InflatedTooLarge, String(error)).toBe(true);
        }
        if (ours) expect(same(ours, new Uint8Array(zlibGunzip(input)))).toBe(true);
      },
    ), { numRuns: 3_000 });
  });
});

/** Raw deflate, one final fixed block: length code 257 (3 bytes) at distance code 0 (1 back), with nothing written yet. */
function deflateDistanceFirst(): number[] {
  // Bits, first first: BFINAL 1, BTYPE 01 (fixed), then 257 = 7-bit code 0000001, then distance code 00000 (5 bits).
  const bits = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];
  const out: number[] = [];
  bits.forEach((bit, i) => {
    if (i % 8 === 0) out.push(0);
    out[out.length - 1]! |= bit << (i % 8);
  });
  return out;
}
