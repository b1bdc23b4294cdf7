import { describe, expect, it } from 'vitest';
import { idString, parseJson, quoteUnsafeIntegers, readEnvelope, safeInt } from './json';
import type { CapturedExchange } from './contracts';

describe('quoteUnsafeIntegers / parseJson', () => {
  it('keeps 64-bit integers exact as digit strings', () => {
    const parsed = parseJson('{"order_id":7312345678901234567,"small":42,"neg":-7312345678901234567}');
    expect(parsed).toEqual({ ok: true, value: { order_id: '7312345678901234567', small: 42, neg: '-7312345678901234567' } });
  });

  it('leaves safe integers, fractions, exponents and strings alone', () => {
    const text = '{"a":9007199254740991,"b":12345678901234567.5,"c":1e25,"d":"7312345678901234567","e":"x\\"7312345678901234567"}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
    const parsed = parseJson(text);
    expect(parsed.ok && (parsed.value as Record<string, unknown>).a).toBe(9007199254740991);
  });

  it('quotes inside arrays and at any depth', () => {
    expect(quoteUnsafeIntegers('[7312345678901234567, {"x":[9007199254740993]}]')).toBe('["7312345678901234567", {"x":["9007199254740993"]}]');
  });

  it('does not throw on garbage and reports failure', () => {
    for (const junk of ['', '{', '{"a":', '"unterminated', '\\', '{"a":12345678901234567890', 'nul']) {
      expect(() => parseJson(junk)).not.toThrow();
    }
    expect(parseJson('{"a":').ok).toBe(false);
    expect(parseJson('null')).toEqual({ ok: true, value: null });
  });
});

describe('field readers', () => {
  it('safeInt accepts numbers and digit strings in range', () => {
    expect(safeInt(5)).toBe(5);
    expect(safeInt('5')).toBe(5);
    expect(safeInt('5.5')).toBe(null);
    expect(safeInt(5.5)).toBe(null);
    expect(safeInt(-1)).toBe(null);
    expect(safeInt(NaN)).toBe(null);
    expect(safeInt(true)).toBe(null);
    expect(safeInt('7312345678901234567')).toBe(null);
    expect(safeInt(3, 5)).toBe(null);
  });

  it('idString keeps long digit strings, rejects zero, signs and junk', () => {
    expect(idString('7312345678901234567')).toBe('7312345678901234567');
    expect(idString(123)).toBe('123');
    expect(idString(0)).toBe(null);
    expect(idString('0')).toBe(null);
    expect(idString('')).toBe(null);
    expect(idString('-5')).toBe(null);
    expect(idString('12a')).toBe(null);
    expect(idString(1.5)).toBe(null);
    expect(idString(null)).toBe(null);
    expect(idString('1'.repeat(65))).toBe(null);
  });
});

describe('readEnvelope', () => {
  const exchange = (over: Partial<CapturedExchange>): CapturedExchange => ({
    endpoint: 'wallet-balance', url: 'https://webcast.tiktok.com/x', method: 'GET', status: 200, requestBody: null, responseText: '{"status_code":0,"data":{}}', at: 1, ...over,
  });

  it('returns the envelope on status_code 0', () => {
    expect(readEnvelope(exchange({}), 't')).toEqual({ outcome: 'envelope', root: { status_code: 0, data: {} }, data: {} });
  });

  it('uses data.message, then data.prompts, then a generic text for refusals', () => {
    expect(readEnvelope(exchange({ responseText: '{"status_code":5,"data":{"prompts":"Try later"}}' }), 't')).toEqual({ outcome: 'refused', reason: 'Try later', statusCode: 5 });
    expect(readEnvelope(exchange({ responseText: '{"status_code":5}' }), 't')).toEqual({ outcome: 'refused', reason: 't: status_code 5', statusCode: 5 });
    expect(readEnvelope(exchange({ responseText: '{"status_code":5,"data":{"message":"a\\nb"}}' }), 't')).toEqual({ outcome: 'refused', reason: 'a b', statusCode: 5 });
  });

  it('rejects a malformed exchange without throwing', () => {
    expect(readEnvelope(null, 't')).toEqual({ outcome: 'unrecognised', reason: 't: malformed exchange' });
    expect(readEnvelope({ status: 200 }, 't').outcome).toBe('unrecognised');
    expect(readEnvelope(exchange({ at: NaN }), 't').outcome).toBe('unrecognised');
  });
});
