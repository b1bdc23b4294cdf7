/**
 * On /coin: when the user presses the cashier's "Pay now", keep what the cashier shows (coins and price, as text).
 * The sighting becomes a recharge only when the end-result page confirms the payment (see background/payments.ts).
 * This runs in the relay itself, not in the in-page chunk: "Pay now" can come before the chunk has loaded, and the
 * page leaves right after it, so the texts are read and queued within the click. The worker parses them.
 */
import { stableHash } from '../../core/ledger';
import type { RelayFeature } from './feature';

export const cashierFeature: RelayFeature = {
  name: 'cashier',
  init(signal, page) {
    if (!location.pathname.startsWith('/coin')) return;
    document.addEventListener('click', (event) => {
      if (!(event.target instanceof Element && event.target.closest('[data-e2e="cashier-footer-button"]'))) return;
      const at = Date.now();
      const account = page.context.account();
      const text = (name: string) => document.querySelector(`[data-e2e="cashier-order-${name}"]`)?.textContent?.slice(0, 200);
      const coinText = text('coin-num');
      page.emit([{
        type: 'cashier', id: `cashier:${stableHash(account, at, coinText ?? '')}`, at, account, coinText, priceText: text('coin-total-price'),
        locale: document.documentElement.lang || navigator.language,
      }]);
    }, { capture: true, signal });
  },
};
