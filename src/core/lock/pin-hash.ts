/**
 * The PIN is never stored: only a salted PBKDF2-SHA-256 hash of it (WebCrypto), in a record that names its own
 * parameters, so a later version can raise the iteration count and still check PINs hashed before.
 */
import { constantTimeEqual, fromBase64, randomBytes, toBase64 } from './bytes';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const PIN_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
const HASH_BITS = 256;
export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 64;

export interface PinRecord {
  v: 1;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** Base64 of a random 16-byte salt, new for every PIN set. */
  salt: string;
  /** Base64 of the 32-byte derived key. */
  hash: string;
}

/** Why a PIN may not be used, as an i18n key; null when it may. Six characters at least: the backoff's years assume it. */
export function pinProblem(pin: string): 'lockPinTooShort' | 'lockPinTooLong' | null {
  if ([...pin].length < PIN_MIN_LENGTH) return 'lockPinTooShort';
  if (pin.length > PIN_MAX_LENGTH) return 'lockPinTooLong';
  return null;
}

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinRecord> {
  const salt = randomBytes(SALT_BYTES);
  return { v: 1, kdf: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt), hash: toBase64(await derive(pin, salt, iterations)) };
}

export async function verifyPin(pin: string, record: PinRecord): Promise<boolean> {
  const derived = await derive(pin, fromBase64(record.salt), record.iterations);
  return constantTimeEqual(derived, fromBase64(record.hash));
}
