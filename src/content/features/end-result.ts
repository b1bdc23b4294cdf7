// On /coin/end-result: TikTok's own verdict on a payment, keyed by its order id.
import { stableHash } from '../../core/ledger';
import type { PaymentResult } from '../../core/tiktok/contracts';
import { parseEndResult } from '../../core/tiktok/coinPage';
import { diagnostic } from '../relay/interpret';
import { loadedUrl } from '../relay/page';
import { whenParsed, type RelayFeature } from './feature';

export const MOVED_REASON = 'end-result URL without a page load';

/**
 * The payment result this page shows, only if the document was really loaded at that end-result URL: TikTok's cashier
 * navigates there for real, while a `pushState` (any page script can call it) only changes the address bar, and would
 * otherwise create a pending payment that claims the next balance rise as a web recharge. 'moved': the URL reads as a
 * result, but the document was loaded elsewhere. null: not an end-result page.
 */
export function pageResult(href: string, loaded: string | null): PaymentResult | 'moved' | null {
  const result = parseEndResult(href);
  if (!result) return null;
  const real = loaded === null ? null : parseEndResult(loaded);
  return real !== null && JSON.stringify(real) === JSON.stringify(result) ? result : 'moved';
}

export const endResultFeature: RelayFeature = {
  name: 'end-result',
  init(signal, page) {
    const result = pageResult(location.href, loadedUrl());
    if (!result) return;
    // Dated when this page began to load: the payment had succeeded by then, and every wallet reading this page makes
    // comes after. Dated when the relay got here instead (later in Firefox than the page's own balance fetch), the
    // recharge fell after the reading that already showed its coins, and the package was counted twice.
    const at = Math.floor(performance.timeOrigin);
    if (result === 'moved') {
      page.emit([diagnostic('coin-page', MOVED_REASON, at)]);
      return;
    }
    const id = result.status === 'succeeded' ? `payment:${result.orderId}` : `payment:failed:${stableHash(location.href)}`;
    // Wait for the page state: the payment belongs to the signed-in account, which the parsed document names.
    whenParsed(signal, () => page.emit([{ type: 'payment', id, at, account: page.context.account(), result }]));
  },
};
