import { describe, expect, test } from 'vitest';
import { acceptedStep, base32Decode, base32Encode, hotp, newTotpSecret, otpauthUri, stepAt, totpAt } from './totp';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", codes of 8 digits.
const RFC_SEED = new TextEncoder().encode('12345678901234567890');
const RFC_SHA1_VECTORS: [number, string][] = [
  [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
  [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
];

describe('TOTP', () => {
  test.each(RFC_SHA1_VECTORS)('RFC 6238 SHA-1 vector at %i s', async (seconds, code) => {
    expect(await totpAt(RFC_SEED, seconds * 1000, 8)).toBe(code);
  });

  test('RFC 4226 HOTP vectors (6 digits)', async () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    for (const [counter, code] of expected.entries()) expect(await hotp(RFC_SEED, counter)).toBe(code);
  });

  test('base32 round trip, and the RFC 4648 vectors', () => {
    expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======')!)).toBe('foobar');
    expect(base32Decode('not base32!')).toBeNull();
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret)!)).toBe(secret);
    expect(newTotpSecret()).not.toBe(secret);
  });

  test('a current code is accepted once; replaying it (or an older one) is refused', async () => {
    const secret = base32Encode(RFC_SEED);
    const now = 1_111_111_111_000;
    const code = (await totpAt(RFC_SEED, now)).slice(-6);
    const step = await acceptedStep(secret, code, now, -1);
    expect(step).toBe(stepAt(now));
    // The same code again, within its window, after it was accepted (the caller stored `step`).
    expect(await acceptedStep(secret, code, now + 5_000, step!)).toBeNull();
    // The previous step's code is still within the drift, but older than the one accepted.
    const previous = await hotp(RFC_SEED, stepAt(now) - 1);
    expect(await acceptedStep(secret, previous, now, step!)).toBeNull();
    // The next window's code is new.
    const next = await totpAt(RFC_SEED, now + 30_000);
    expect(await acceptedStep(secret, next, now + 30_000, step!)).toBe(step! + 1);
  });

  test('one step of clock drift either way is allowed, two are not; junk is refused', async () => {
    const secret = base32Encode(RFC_SEED);
    const now = 2_000_000_000_000;
    expect(await acceptedStep(secret, await totpAt(RFC_SEED, now - 30_000), now, -1)).toBe(stepAt(now) - 1);
    expect(await acceptedStep(secret, await totpAt(RFC_SEED, now + 30_000), now, -1)).toBe(stepAt(now) + 1);
    expect(await acceptedStep(secret, await totpAt(RFC_SEED, now - 60_000), now, -1)).toBeNull();
    expect(await acceptedStep(secret, '12345', now, -1)).toBeNull();
    expect(await acceptedStep(secret, 'abcdef', now, -1)).toBeNull();
  });

  test('otpauth URI in the Key Uri Format', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'Family laptop')).toBe(
      'otpauth://totp/Coinsight:Family%20laptop?secret=JBSWY3DPEHPK3PXP&issuer=Coinsight&algorithm=SHA1&digits=6&period=30',
    );
  });
});
