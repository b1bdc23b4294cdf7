/**
 * What the relay knows about the page it runs in: the signed-in account and the LIVE room, read from the state
 * TikTok embeds in the document (never from cookies), plus the catalogue and balance seen on this page.
 */
import type { CatalogueGift, PageAccount } from '../../core/tiktok/contracts';
import { readAccountFromUniversalData, readRoomFromSigiState } from '../../core/tiktok/pageState';
import type { PageContext } from './interpret';

const MAX_STATE_CHARS = 2 * 1024 * 1024;

export function scriptText(id: string): string | null {
  const text = document.getElementById(id)?.textContent ?? null;
  return text !== null && text.length <= MAX_STATE_CHARS ? text : null;
}

/** Reads the account lazily: at document_start the state script may not be parsed yet. */
export function readPageAccount(): PageAccount | null {
  const universal = scriptText('__UNIVERSAL_DATA_FOR_REHYDRATION__');
  return universal ? readAccountFromUniversalData(universal) : null;
}

export function createPageContext(): PageContext {
  let account: PageAccount | null = null;
  return {
    account() {
      account ??= readPageAccount();
      return account?.uid ?? '';
    },
    creatorHandle() {
      // The URL is right after client-side navigation; the embedded state describes the first page loaded.
      const fromPath = /^\/@([^/?#]+)\/live/.exec(location.pathname)?.[1];
      if (fromPath) return decodeURIComponent(fromPath);
      const sigi = scriptText('SIGI_STATE');
      return (sigi ? readRoomFromSigiState(sigi)?.creatorHandle : null) ?? undefined;
    },
    catalogue: new Map<number, CatalogueGift>(),
    lastBalance: null,
    lastWalletReport: null,
  };
}
