/**
 * The in-page chunk, imported by the relay (features/in-page.ts) on LIVE and /coin pages only, and when the tap holds
 * a gift send. `start` runs for each feature start (a page load, then every client-side navigation) and stops
 * everything it started, its UI included, when the signal aborts. It carries what only those pages need (prices, the
 * limits strip and the payment result; the cashier runs in the relay: features/cashier.ts): the content scripts loaded on every page must stay small.
 * Nothing here may break the page: every entry point is guarded.
 */
import { endResultFeature } from '../features/end-result';
import type { InPageModule } from '../features/in-page';
import { coinPackagePrices } from './coin-packages';
import { giftPanelPrices } from './gift-panel';
import { removeAll } from './host';
import { limitsStrip } from './limits-strip';
import { createTally } from './tally';

export { askHold } from './hold';

export const start: InPageModule['start'] = (signal, page) => {
  const path = location.pathname;
  const run = (name: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      console.warn(`Coinsight: ${name} failed to start`, error);
    }
  };
  if (/^\/coin\/end-result\/?$/.test(path)) return run('end-result', () => endResultFeature.init(signal, page));
  const tally = createTally(page.emit, signal);
  signal.addEventListener('abort', removeAll, { once: true });
  if (/^\/@[^/]+\/live\/?$/.test(path)) run('in-page prices', () => giftPanelPrices(signal, page, tally));
  else if (/^\/coin\/?$/.test(path)) {
    run('in-page prices', () => coinPackagePrices(signal, page, tally));
  }
  run('limits strip', () => limitsStrip(signal, page));
};
