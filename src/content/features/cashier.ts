/**
 * On /coin: when the user presses the cashier's "Pay now", read the coins and the price the cashier shows. The
 * sighting becomes a recharge only when the end-result page confirms the payment (see background/recorder.ts).
 */
import { stableHash } from '../../core/ledger';
import { readCashier } from '../../core/tiktok/coinPage';
import { diagnostic } from '../relay/interpret';
import type { RelayFeature } from './feature';

export const cashierFeature: RelayFeature = {
  name: 'cashier',
  init(signal, page) {
    if (!location.pathname.startsWith('/coin')) return;
    document.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target?.closest('[data-e2e="cashier-footer-button"]')) return;
      const at = Date.now();
      const cashier = readCashier(document);
      if (!cashier) {
        page.emit([diagnostic('coin-page', 'cashier coins not readable', at)]);
        return;
      }
      // The worker parses the price (background/payments.ts): the parser would not fit the content scripts' budget.
      const locale = document.documentElement.lang || navigator.language;
      const account = page.context.account();
      const { coins, priceText } = cashier;
      page.emit([{ type: 'cashier', id: `cashier:${stableHash(account, at, coins)}`, at, account, coins, price: null, priceText, locale }]);
    }, { capture: true, signal });
  },
};
