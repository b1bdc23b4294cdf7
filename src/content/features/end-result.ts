// On /coin/end-result: TikTok's own verdict on a payment, keyed by its order id.
import { stableHash } from '../../core/ledger';
import { parseEndResult } from '../../core/tiktok/coinPage';
import { whenParsed, type RelayFeature } from './feature';

export const endResultFeature: RelayFeature = {
  name: 'end-result',
  init(signal, page) {
    const result = parseEndResult(location.href);
    if (!result) return;
    const at = Date.now();
    const id = result.status === 'succeeded' ? `payment:${result.orderId}` : `payment:failed:${stableHash(location.href)}`;
    // Wait for the page state: the payment belongs to the signed-in account, which the parsed document names.
    whenParsed(signal, () => page.emit([{ type: 'payment', id, at, account: page.context.account(), result }]));
  },
};
