/**
 * The research key's pseudonymiser (issue 12). The key bytes live in IndexedDB (`researchKeys`, written by the
 * research settings handler), never in storage.local, which content scripts can read. The imported, non-extractable
 * CryptoKey is cached by key id (an id names one key for good: it is an HMAC of a label under the key).
 */
import { senderPseudonymiser } from '../../core/research/pseudonym';
import type { CoinsightDb } from '../../platform/db';

const cache = new Map<string, (senderId: string) => Promise<string>>();

/** The pseudonymiser of key `keyId`, or null when no such key is stored. */
export async function pseudonymsFor(db: CoinsightDb, keyId: string): Promise<((senderId: string) => Promise<string>) | null> {
  const cached = cache.get(keyId);
  if (cached) return cached;
  const row = await db.researchKeys.get(keyId);
  if (!row) return null;
  const key = await crypto.subtle.importKey('raw', new Uint8Array(row.bytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const memo = new Map<string, Promise<string>>();
  const inner = senderPseudonymiser(key, row.kind);
  const pseudonym = (senderId: string): Promise<string> => {
    let made = memo.get(senderId);
    if (!made) {
      if (memo.size > 50_000) memo.clear();
      made = inner(senderId);
      memo.set(senderId, made);
    }
    return made;
  };
  cache.set(keyId, pseudonym);
  return pseudonym;
}
