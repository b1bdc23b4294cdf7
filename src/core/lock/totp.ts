/**
 * Approval by an authenticator app: TOTP (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA-1, 30-second steps, 6 digits,
 * the defaults every authenticator app understands. Computed locally with WebCrypto; nothing leaves the device.
 * A code is accepted once: the caller persists the time step of the last accepted code, and only later steps pass.
 */
import { constantTimeEqual, randomBytes } from './bytes';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now a code may come from: a phone's clock a little off still works. */
export const TOTP_DRIFT_STEPS = 1;
/** 160 bits, the size RFC 4226 recommends for HMAC-SHA-1. */
export const TOTP_SECRET_BYTES = 20;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, unpadded (as otpauth URIs carry it). */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Lenient on case, spaces and padding (people type secrets by hand); null for anything else. */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** HOTP (RFC 4226): the code for one counter value. */
export async function hotp(secret: Uint8Array<ArrayBuffer>, counter: number, digits = TOTP_DIGITS): Promise<string> {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const stepAt = (atMs: number): number => Math.floor(atMs / 1000 / TOTP_STEP_SECONDS);

export async function totpAt(secret: Uint8Array<ArrayBuffer>, atMs: number, digits = TOTP_DIGITS): Promise<string> {
  return hotp(secret, stepAt(atMs), digits);
}

/**
 * The time step `code` belongs to, when it is a current code (within the drift either side of now) of a step later
 * than `lastStep`, the last one accepted; null otherwise, so a code seen once can never be used again.
 */
export async function acceptedStep(secretBase32: string, code: string, nowMs: number, lastStep: number): Promise<number | null> {
  const secret = base32Decode(secretBase32);
  if (!secret || !/^\d{6}$/.test(code)) return null;
  const typed = new TextEncoder().encode(code);
  const current = stepAt(nowMs);
  let found: number | null = null;
  // Every candidate is computed and compared, so the time taken does not say which step matched.
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    const expected = new TextEncoder().encode(await hotp(secret, step));
    if (constantTimeEqual(expected, typed) && step > lastStep && found === null) found = step;
  }
  return found;
}

/** The otpauth:// URI an authenticator app reads from the QR code (Google's Key Uri Format). */
export function otpauthUri(secretBase32: string, account: string, issuer = 'Coinsight'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${query.toString()}`;
}
