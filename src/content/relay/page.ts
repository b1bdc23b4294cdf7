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

/**
 * The URL this document was really loaded at (its navigation entry), which the History API cannot move: TikTok's
 * client-side navigation, or a page script, changes `location` but not this. Null where the browser keeps no entry.
 */
export function loadedUrl(): string | null {
  const entry = performance.getEntriesByType('navigation')[0];
  return entry ? entry.name : null;
}

/** The same document address, fragments aside (a fragment is not a load). */
export function sameAddress(a: string, b: string | null): boolean {
  return b !== null && a.split('#')[0] === b.split('#')[0];
}

/** `/@handle/live` in a page URL, decoded; null for any other page. */
export function liveHandle(pageUrl: string): string | null {
  try {
    const handle = /^\/@([^/]+)\/live/.exec(new URL(pageUrl).pathname)?.[1];
    return handle ? decodeURIComponent(handle) : null;
  } catch {
    return null;
  }
}

export function createPageContext(): PageContext {
  let account: PageAccount | null = null;
  return {
    account() {
      account ??= readPageAccount();
      return account?.uid ?? '';
    },
    creatorHandle(pageUrl = location.href) {
      const fromPath = liveHandle(pageUrl);
      if (fromPath) return fromPath;
      // The embedded state describes the page the document was loaded at, and no page reached by client-side
      // navigation since.
      if (!sameAddress(pageUrl, loadedUrl())) return undefined;
      const sigi = scriptText('SIGI_STATE');
      return (sigi ? readRoomFromSigiState(sigi)?.creatorHandle : null) ?? undefined;
    },
    catalogue: new Map<number, CatalogueGift>(),
    lastBalance: null,
    lastWalletReport: null,
  };
}
