/**
 * Pseudonyms: HMAC-SHA-256 (WebCrypto) of an identifier under a key, domain-separated by the kind of identifier.
 * - A random key per export: pseudonyms link rows within that file and nowhere else (unlinkable across exports).
 * - A study key: a passphrase a researcher hands to every participant. The HMAC key is derived from it with
 *   PBKDF2-SHA-256, a fixed, documented salt and STUDY_KEY_ITERATIONS, so every participant derives the same key and one
 *   creator gets the same pseudonym in every participant's file, while nobody without the passphrase can test a guess
 *   cheaply. Neither the key nor the passphrase is ever written to the file; a key check (the pseudonym of a fixed
 *   label) lets the researcher see that participants typed the same passphrase.
 */
import { PSEUDONYM_DOMAINS } from './fields';

export const STUDY_KEY_SALT = 'coinsight-study-key-v1';
export const STUDY_KEY_ITERATIONS = 600_000;
export const MIN_STUDY_KEY_LENGTH = 12;
/** Hex characters kept from the 256-bit MAC: 128 bits, far beyond any collision among a study's identifiers. */
const PSEUDONYM_HEX = 32;
const KEY_CHECK_LABEL = 'coinsight:key-check';

/** 'sender': research mode's room log (src/core/research/pseudonym.ts), pseudonymised at capture. */
export type PseudonymDomain = (typeof PSEUDONYM_DOMAINS)[keyof typeof PSEUDONYM_DOMAINS] | 'balance' | 'key-check' | 'sender';
export type PseudonymMode = 'random' | 'study';

export interface Pseudonymiser {
  mode: PseudonymMode;
  /** `p_` + 32 hex characters; the same value and domain always give the same pseudonym under one key. */
  pseudonym(domain: PseudonymDomain, value: string): Promise<string>;
  /** The pseudonym of a fixed label: equal for two files exactly when they were made under the same key. */
  keyCheck(): Promise<string>;
}

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto (crypto.subtle) is not available in this context');
  return api;
}

function hex(buffer: ArrayBuffer, length: number): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; out.length < length; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out.slice(0, length);
}

/** A fresh, non-extractable key: nothing in or outside the file can recreate it. */
export async function randomPseudonymiser(): Promise<Pseudonymiser> {
  const key = await subtle().generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  return pseudonymiserFor(key, 'random');
}

export class StudyKeyError extends Error {}

/** Derives the study's HMAC key from the passphrase; the same passphrase gives the same key on every device. */
export async function studyPseudonymiser(studyKey: string): Promise<Pseudonymiser> {
  const normalised = studyKey.normalize('NFC').trim();
  if (normalised.length < MIN_STUDY_KEY_LENGTH) {
    throw new StudyKeyError(`a study key has at least ${MIN_STUDY_KEY_LENGTH} characters (this one has ${normalised.length})`);
  }
  const api = subtle();
  const material = await api.importKey('raw', encoder.encode(normalised), 'PBKDF2', false, ['deriveKey']);
  const key = await api.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(STUDY_KEY_SALT), iterations: STUDY_KEY_ITERATIONS },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  return pseudonymiserFor(key, 'study');
}

/** Creators and rooms repeat across thousands of rows: one MAC per distinct value, within a bounded memory. */
const CACHE_LIMIT = 50_000;

/** A pseudonymiser over any HMAC-SHA-256 key (research mode passes its install key here). */
export function pseudonymiserFor(key: CryptoKey, mode: PseudonymMode): Pseudonymiser {
  const cache = new Map<string, Promise<string>>();
  const pseudonym = (domain: PseudonymDomain, value: string): Promise<string> => {
    const input = `${domain}\u001f${value}`;
    let result = cache.get(input);
    if (result === undefined) {
      result = subtle().sign('HMAC', key, encoder.encode(input)).then((mac) => `p_${hex(mac, PSEUDONYM_HEX)}`);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(input, result);
    }
    return result;
  };
  return { mode, pseudonym, keyCheck: () => pseudonym('key-check', KEY_CHECK_LABEL) };
}
