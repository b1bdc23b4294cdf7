/**
 * Senders are pseudonymised AT CAPTURE: HMAC-SHA-256 (WebCrypto) of the sender's TikTok id under a key, giving
 * `p_` + 32 hex characters (the export's format, src/core/export/pseudonyms.ts, whose HMAC code this reuses, in a domain
 * of its own: 'sender'). After `pseudonymiseGift` the clear id and handle are gone: nothing downstream needs them.
 *
 * Keys:
 * - the install's key: 32 random bytes made once when research mode is first switched on (`newInstallKey`), kept by
 *   the worker (as hex, `keyToHex`) and turned into a non-extractable CryptoKey with `importInstallKey`. A sender keeps
 *   one pseudonym across this install's rooms and sessions, and nowhere else;
 * - the study's key: derived from the study passphrase exactly as the export derives it (`deriveStudyKey`), so every
 *   participant of a study gives one sender the same pseudonym and their logs can be pooled.
 * Switching keys (e.g. joining a study later) changes pseudonyms: rows made under different keys do not link.
 */
import { deriveStudyKey, pseudonymiserFor, type Pseudonymiser } from '../export/pseudonyms';
import type { GiftEvent } from '../webcast/types';
import type { CapturedGift } from './types';

export const INSTALL_KEY_BYTES = 32;
/** `p_` + 32 hex characters. */
export const PSEUDONYM_LENGTH = 34;
export const PSEUDONYM_PATTERN = /^p_[0-9a-f]{32}$/;

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto (crypto.subtle) is not available in this context');
  return api;
}

/** 32 fresh random bytes for an install key (made with WebCrypto's key generator). */
export async function newInstallKey(): Promise<Uint8Array> {
  const key = await subtle().generateKey({ name: 'HMAC', hash: 'SHA-256', length: INSTALL_KEY_BYTES * 8 }, true, ['sign']);
  return new Uint8Array(await subtle().exportKey('raw', key));
}

export function keyToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

export class InstallKeyError extends Error {}

/** Parses a stored key; a wrong length or a non-hex character is an error, never a weaker key. */
export function keyFromHex(hex: string): Uint8Array {
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length !== INSTALL_KEY_BYTES * 2) {
    throw new InstallKeyError(`an install key is ${INSTALL_KEY_BYTES * 2} hex characters`);
  }
  const bytes = new Uint8Array(INSTALL_KEY_BYTES);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The install key as a non-extractable HMAC key. */
export async function importInstallKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== INSTALL_KEY_BYTES) throw new InstallKeyError(`an install key is ${INSTALL_KEY_BYTES} bytes`);
  return subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** The study's key from its passphrase (the export's derivation; throws StudyKeyError when too short). */
export const studyKey = deriveStudyKey;

/** A sender pseudonymiser over a key (caches one MAC per distinct sender). */
export function senderPseudonymiser(key: CryptoKey, source: 'install' | 'study'): (senderId: string) => Promise<string> {
  const inner: Pseudonymiser = pseudonymiserFor(key, source === 'study' ? 'study' : 'random');
  return (senderId) => inner.pseudonym('sender', senderId);
}

/**
 * The event without its clear identifiers. `ownAccountId` is the participant's TikTok id (page state, README §5):
 * compared in the clear here, before the id is dropped, so the row can be marked as the participant's own.
 */
export async function pseudonymiseGift(
  event: GiftEvent,
  pseudonym: (senderId: string) => Promise<string>,
  ownAccountId?: string,
): Promise<CapturedGift> {
  return {
    msgId: event.msgId, roomId: event.roomId, at: event.at, giftId: event.giftId, repeatCount: event.repeatCount,
    repeatEnd: event.repeatEnd, groupId: event.groupId, groupCount: event.groupCount,
    sender: await pseudonym(event.senderId), own: ownAccountId !== undefined && event.senderId === ownAccountId,
    unitCoins: event.unitCoins,
  };
}
