/**
 * Research mode's key: senders are pseudonymised at capture with HMAC under it (issue 12). It is either generated per
 * install (random, 32 bytes: pseudonyms link within this browser's log only) or entered from the study's key text, so
 * that every participant of one study makes the same pseudonym for the same sender. The text is read, in this order:
 * - `hex`: 32 to 128 hex digits (16 to 64 bytes), taken as the key itself (e.g. `openssl rand -hex 32`);
 * - `base64:` followed by standard or URL-safe base64 of 16 to 64 bytes, taken as the key itself
 *   (e.g. `base64:` + `openssl rand -base64 32`); the prefix is required so a passphrase is never misread as base64;
 * - anything else of at least 12 characters: a passphrase, from which a 32-byte key is derived with PBKDF2-SHA-256
 *   (salt `coinsight-research-key-v1`, 600,000 iterations), as the export's study key is (another salt: the two keys differ).
 * The key id (`k_` + 16 hex) is an HMAC of a fixed label under the key: two participants see the same id exactly when they
 * entered the same key, and it tells nothing about the key. Pure but for WebCrypto (available in the worker and in Node).
 */
export const RESEARCH_KEY_SALT = 'coinsight-research-key-v1';
export const RESEARCH_KEY_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_KEY_BYTES = 16;
export const MAX_KEY_BYTES = 64;
export const MAX_KEY_TEXT = 1000;
const KEY_ID_LABEL = 'coinsight:research-key-id';

export type KeyTextForm = 'hex' | 'base64' | 'passphrase';
export type KeyText = { ok: true; form: KeyTextForm; bytes?: Uint8Array; passphrase?: string } | { ok: false; reason: string };

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** What the text is, or why it is refused (no key material is derived here: see `keyFromText`). */
export function readKeyText(input: string): KeyText {
  const text = input.normalize('NFC').trim();
  if (text.length === 0) return { ok: false, reason: 'the study key is empty' };
  if (text.length > MAX_KEY_TEXT) return { ok: false, reason: `the study key is longer than ${MAX_KEY_TEXT} characters` };
  if (/^base64:/i.test(text)) return readBase64(text.slice('base64:'.length).trim());
  if (HEX.test(text) && text.length >= MIN_KEY_BYTES * 2) {
    if (text.length % 2 !== 0) return { ok: false, reason: `a hex study key has an even number of digits (this one has ${text.length})` };
    if (text.length > MAX_KEY_BYTES * 2) return { ok: false, reason: `a hex study key has at most ${MAX_KEY_BYTES * 2} digits (${MAX_KEY_BYTES} bytes)` };
    const bytes = new Uint8Array(text.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return { ok: true, form: 'hex', bytes };
  }
  if (text.length < MIN_PASSPHRASE_LENGTH) {
    return { ok: false, reason: `a study passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters (this one has ${text.length}); a key is 32+ hex digits or base64: followed by 16+ bytes` };
  }
  return { ok: true, form: 'passphrase', passphrase: text };
}

function readBase64(body: string): KeyText {
  if (!BASE64.test(body) || body.replace(/=+$/, '').length % 4 === 1) return { ok: false, reason: 'the text after "base64:" is not base64' };
  let binary: string;
  try {
    binary = atob(body.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, ''));
  } catch {
    return { ok: false, reason: 'the text after "base64:" is not base64' };
  }
  if (binary.length < MIN_KEY_BYTES) return { ok: false, reason: `a base64 study key holds at least ${MIN_KEY_BYTES} bytes (this one holds ${binary.length})` };
  if (binary.length > MAX_KEY_BYTES) return { ok: false, reason: `a base64 study key holds at most ${MAX_KEY_BYTES} bytes (this one holds ${binary.length})` };
  return { ok: true, form: 'base64', bytes: Uint8Array.from(binary, (c) => c.charCodeAt(0)) };
}

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto (crypto.subtle) is not available in this context');
  return api;
}

/** The key bytes for a text `readKeyText` accepted (a passphrase is stretched with PBKDF2). */
export async function keyFromText(read: Extract<KeyText, { ok: true }>): Promise<Uint8Array> {
  if (read.bytes) return read.bytes;
  const api = subtle();
  const encoder = new TextEncoder();
  const material = await api.importKey('raw', encoder.encode(read.passphrase ?? ''), 'PBKDF2', false, ['deriveBits']);
  const bits = await api.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(RESEARCH_KEY_SALT), iterations: RESEARCH_KEY_ITERATIONS }, material, 256);
  return new Uint8Array(bits);
}

/** A fresh install key: 32 random bytes. */
export function generatedKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** `k_` + 16 hex of HMAC-SHA-256(key, label): equal for equal keys, and no help to anyone guessing the key. */
export async function keyIdOf(bytes: Uint8Array): Promise<string> {
  const api = subtle();
  const key = await api.importKey('raw', new Uint8Array(bytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await api.sign('HMAC', key, new TextEncoder().encode(KEY_ID_LABEL)));
  return `k_${[...mac.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
