/**
 * What Coinsight shows and reads only on some TikTok pages lives in a chunk of its own, `IN_PAGE_MODULE`: the in-page
 * prices and the limits strip (LIVE gift panel, /coin packages), the cashier (/coin), the payment result
 * (/coin/end-result) and the limits dialog (in-page/hold.ts, loaded when the tap first holds a send). The content
 * scripts loaded on every TikTok page must stay within 12 KB gzipped (docs/DESIGN-NOTES.md, "Content scripts stay
 * small"). scripts/build.js builds that chunk and declares it web-accessible to www.tiktok.com. Imported once per page;
 * each feature start hands it the signal.
 */
import type { GuardState } from '../../core/guard-state';
import { contentApi } from '../../platform/extension-api';
import type { HeldSend } from '../tap-channel';
import { diagnostic } from '../relay/interpret';
import type { RelayFeature, RelayPage } from './feature';

/** Where scripts/build.js writes the chunk, relative to the extension's root. Keep the two in step. */
export const IN_PAGE_MODULE = 'assets/in-page.js';

export interface InPageModule {
  start(signal: AbortSignal, page: RelayPage): void;
  /** Asks the user about a send the tap holds (in-page/hold.ts); `verdict` is called once. */
  askHold(send: HeldSend, state: GuardState, page: RelayPage, verdict: (go: boolean) => void): void;
}

/** Both browsers define `chrome` in content scripts (Firefox beside `browser`). */
declare const chrome: { runtime?: { getURL(path: string): string } } | undefined;

let loaded: Promise<InPageModule> | undefined;
/**
 * Written as `import(chrome.runtime.getURL(…))` itself: the stores' linter (addons-linter) accepts a dynamic import of
 * that call and calls any other argument an unsafe import. contentApi() first, so that an orphaned script (the
 * extension was reloaded) gets its clear error, as a rejection.
 */
export const loadInPage = (): Promise<InPageModule> => (loaded ??= Promise.resolve().then(() => {
  contentApi();
  return import(/* @vite-ignore */ chrome!.runtime!.getURL(IN_PAGE_MODULE));
}));

export const inPageFeature: RelayFeature = {
  name: 'in-page',
  init(signal, page) {
    if (!/^\/(@[^/]+\/live|coin|coin\/end-result)\/?$/.test(location.pathname)) return;
    loadInPage().then(
      (module) => signal.aborted || module.start(signal, page),
      () => page.emit([diagnostic('relay', 'in-page prices did not load', Date.now())]),
    );
  },
};
