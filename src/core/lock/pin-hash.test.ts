import { describe, expect, test } from 'vitest';
import { fromBase64 } from './bytes';
import { PIN_ITERATIONS, hashPin, pinProblem, verifyPin } from './pin-hash';

describe('PIN hash', () => {
  test('PBKDF2-SHA-256 with at least 600,000 iterations; the right PIN verifies, others do not', async () => {
    const record = await hashPin('482913');
    expect(record).toMatchObject({ v: 1, kdf: 'PBKDF2-SHA-256', iterations: 600_000 });
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(fromBase64(record.salt)).toHaveLength(16);
    expect(fromBase64(record.hash)).toHaveLength(32);
    expect(JSON.stringify(record)).not.toContain('482913');
    expect(await verifyPin('482913', record)).toBe(true);
    expect(await verifyPin('482914', record)).toBe(false);
  });

  test('a known PBKDF2-HMAC-SHA-256 vector (RFC 7914 §11)', async () => {
    const record = { v: 1 as const, kdf: 'PBKDF2-SHA-256' as const, iterations: 1, salt: btoa('salt'), hash: '' };
    const expected = '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc';
    const bytes = Uint8Array.from(expected.match(/../g)!.map((hex) => parseInt(hex, 16)));
    record.hash = btoa(String.fromCharCode(...bytes.slice(0, 32)));
    expect(await verifyPin('passwd', record)).toBe(true);
  });

  test('six characters at least', () => {
    expect(pinProblem('12345')).toBe('lockPinTooShort');
    expect(pinProblem('123456')).toBeNull();
    expect(pinProblem('x'.repeat(65))).toBe('lockPinTooLong');
  });
});
