import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, equalsAscii, field, idField, numberField, readFields, repeated, stringField, subFields, utf8, varintDecimal, varintNumber } from './wire';

/** Reference varint encoder (BigInt) for the tests. */
function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const tag = (no: number, wt: number) => varint(BigInt((no << 3) | wt));
const bytes = (...parts: number[][]) => Uint8Array.from(parts.flat());
const ld = (no: number, data: number[]) => [...tag(no, 2), ...varint(BigInt(data.length)), ...data];

describe('readFields', () => {
  it('reads varints, strings, sub-messages and skips fixed32/64', () => {
    const buf = bytes(tag(1, 0), varint(150n), tag(2, 1), [1, 2, 3, 4, 5, 6, 7, 8], ld(3, [0x68, 0x69]), tag(4, 5), [9, 9, 9, 9], tag(5, 0), [0]);
    const result = readFields(buf);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((f) => [f.no, f.wt])).toEqual([[1, 0], [2, 1], [3, 2], [4, 5], [5, 0]]);
    expect(numberField(result.value, 1)).toBe(150);
    expect(stringField(result.value, 3)).toBe('hi');
    expect(numberField(result.value, 5)).toBe(0);
  });

  it('keeps 64-bit ids exact as decimal strings (beyond 2^53)', () => {
    for (const id of ['7301054133304412934', '18446744073709551615', '9007199254740993', '6912345678901234567', '0', '4294967296']) {
      const result = readFields(bytes(tag(1, 0), varint(BigInt(id))));
      expect(result.ok && idField(result.value, 1)).toBe(id);
    }
  });

  it('round-trips any 64-bit value (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (value) => {
      const result = readFields(bytes(tag(7, 0), varint(value)));
      if (!result.ok) return false;
      const f = field(result.value, 7, 0)!;
      expect(varintDecimal(f)).toBe(value.toString());
      expect(varintNumber(f)).toBe(value <= 2n ** 53n - 1n ? Number(value) : undefined);
      return true;
    }));
  });

  it('takes the last value of a repeated singular field and lists repeated ones', () => {
    const result = readFields(bytes(tag(1, 0), [1], tag(1, 0), [2], ld(2, [1]), ld(2, [2, 3])));
    expect(result.ok && numberField(result.value, 1)).toBe(2);
    expect(result.ok && repeated(result.value, 2).map((f) => [...bytesOf(f)])).toEqual([[1], [2, 3]]);
  });

  it('sees a field with another wire type as missing, not misread', () => {
    const result = readFields(bytes(ld(2, [0x35])));
    expect(result.ok && numberField(result.value, 2)).toBeUndefined();
  });

  it('returns a typed failure for malformed input, never throws', () => {
    expect(readFields(bytes(tag(1, 0), [0x80, 0x80]))).toEqual({ ok: false, failure: { reason: 'truncated', at: 3 } });
    expect(readFields(bytes(tag(1, 0), Array(11).fill(0xff)))).toMatchObject({ ok: false, failure: { reason: 'varint-too-long' } });
    expect(readFields(bytes(tag(1, 2), [5, 1, 2]))).toMatchObject({ ok: false, failure: { reason: 'truncated' } });
    expect(readFields(bytes(tag(1, 1), [1, 2, 3]))).toMatchObject({ ok: false, failure: { reason: 'truncated' } });
    expect(readFields(bytes(tag(1, 5), [1]))).toMatchObject({ ok: false, failure: { reason: 'truncated' } });
    expect(readFields(bytes(tag(1, 3)))).toMatchObject({ ok: false, failure: { reason: 'group-refused' } });
    expect(readFields(bytes(tag(1, 4)))).toMatchObject({ ok: false, failure: { reason: 'group-refused' } });
    expect(readFields(bytes(tag(1, 6)))).toMatchObject({ ok: false, failure: { reason: 'bad-wire-type' } });
    expect(readFields(bytes([0x00]))).toMatchObject({ ok: false, failure: { reason: 'bad-field-number' } });
    // A length of 2^32 + 1: beyond any buffer.
    expect(readFields(bytes(tag(1, 2), varint(2n ** 32n + 1n)))).toMatchObject({ ok: false, failure: { reason: 'truncated' } });
  });

  it('never throws on random bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
      const result = readFields(data);
      return typeof result.ok === 'boolean';
    }));
  });

  it('reads within [start, end) only', () => {
    const buf = bytes(tag(1, 0), [5], tag(2, 0), [6]);
    const result = readFields(buf, 0, 2);
    expect(result.ok && result.value.map((f) => f.no)).toEqual([1]);
  });

  it('reads sub-messages in place (no copy) and strings, ASCII or not', () => {
    const inner = [...tag(1, 0), 42, ...ld(2, [...new TextEncoder().encode('Café ☕')])];
    const long = 'x'.repeat(100);
    const result = readFields(bytes(ld(5, inner), ld(6, [...new TextEncoder().encode(long)])));
    if (!result.ok) throw new Error('unreadable');
    const sub = subFields(field(result.value, 5, 2)!);
    expect(sub.ok && numberField(sub.value, 1)).toBe(42);
    expect(sub.ok && stringField(sub.value, 2)).toBe('Café ☕');
    expect(utf8(field(result.value, 6, 2)!)).toBe(long);
    expect(equalsAscii(field(result.value, 6, 2)!, new TextEncoder().encode(long))).toBe(true);
    expect(equalsAscii(field(result.value, 6, 2)!, new TextEncoder().encode('x'))).toBe(false);
  });

  it('reads an empty message as no fields', () => {
    expect(readFields(new Uint8Array())).toEqual({ ok: true, value: [] });
  });
});
