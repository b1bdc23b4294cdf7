/**
 * Senders are pseudonymised AT CAPTURE: HMAC-SHA-256 (WebCrypto) of the sender's TikTok id under the research key,
 * giving `p_` + 32 hex characters (the export's format: src/core/export/pseudonyms.ts, whose HMAC code this reuses, in a
 * domain of its own, 'sender'). After `pseudonymiseGift` the clear id and handle are gone: nothing downstream needs them.
 *
 * The key is the install's (random, made when research mode is first switched on: pseudonyms link within this
 * browser's log only) or the study's (every participant of a study gives one sender the same pseudonym, so logs can be
 * pooled). Making and reading key material (random bytes, a study's key text or passphrase, the key id) is
 * src/core/research-key.ts's (the consent screen's side); here a key is only imported (`importResearchKey`) and used.
 * Switching keys changes pseudonyms: rows made under different keys do not link.
 */
import { pseudonymiserFor, type Pseudonymiser } from '../export/pseudonyms';
import type { GiftEvent } from '../webcast/types';
import type { CapturedGift } from './types';

/** `p_` + 32 hex characters. */
export const PSEUDONYM_LENGTH = 34;
export const PSEUDONYM_PATTERN = /^p_[0-9a-f]{32}$/;
/** HMAC keys shorter than 16 bytes are too weak to hide a 19-digit id space; longer than 64 gain nothing (SHA-256 block). */
export const MIN_KEY_BYTES = 16;
export const MAX_KEY_BYTES = 64;

export class ResearchKeyError extends Error {}

/** Key bytes as a non-extractable HMAC-SHA-256 key (a wrong length is an error, never a weaker key). */
export async function importResearchKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length < MIN_KEY_BYTES || raw.length > MAX_KEY_BYTES) {
    throw new ResearchKeyError(`a research key is ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes (this one is ${raw.length})`);
  }
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto (crypto.subtle) is not available in this context');
  return api.importKey('raw', new Uint8Array(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

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
