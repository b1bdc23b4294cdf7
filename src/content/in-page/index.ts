/**
 * The in-page prices chunk, imported by the relay (features/in-page.ts) on LIVE and /coin pages only. `start` runs for
 * each feature start (a page load, then every client-side navigation) and stops everything it started, its UI
 * included, when the signal aborts. Nothing here may break the page: every entry point is guarded.
 */
import type { InPageModule } from '../features/in-page';
import { coinPackagePrices } from './coin-packages';
import { giftPanelPrices } from './gift-panel';
import { removeAll } from './host';
import { createTally } from './tally';

export const start: InPageModule['start'] = (signal, page) => {
  const tally = createTally(page.emit, signal);
  signal.addEventListener('abort', removeAll, { once: true });
  try {
    if (/^\/@[^/]+\/live\/?$/.test(location.pathname)) giftPanelPrices(signal, page, tally);
    else if (/^\/coin\/?$/.test(location.pathname)) coinPackagePrices(signal, page, tally);
  } catch (error) {
    console.warn('Coinsight: in-page prices failed to start', error);
  }
};
