/**
 * The relay runs in the extension's isolated world on TikTok pages. It receives the tap's captures, turns them into
 * observations with the pure parsers, runs the page features (account, cashier, end-result) and hands everything to
 * the outbox, which delivers to the background until acknowledged.
 */
import { contentApi } from '../platform/extension-api';
import { isContextInvalidated, send } from '../platform/messaging';
import type { Observation } from '../platform/observations';
import { accountFeature } from './features/account';
import { cashierFeature } from './features/cashier';
import { endResultFeature } from './features/end-result';
import type { RelayFeature, RelayPage } from './features/feature';
import { interpretTapMessage, parseTapMessage } from './relay/interpret';
import { Outbox } from './relay/outbox';
import { createPageContext } from './relay/page';
import { TAP_EVENT } from './tap-channel';

const FEATURES: readonly RelayFeature[] = [accountFeature, cashierFeature, endResultFeature];

const storage = contentApi().storage.local;
const outbox = new Outbox({
  store: {
    set: (items) => storage.set(items),
    remove: (keys) => storage.remove(keys),
    getAll: () => storage.get(null),
  },
  deliver: (batch) => send('recordObservations', { batch }),
  isFatal: isContextInvalidated,
  // Every gift send reveals the balance left; the worker keeps only each account's newest (background/recorder.ts).
  supersession: (observation) => observation.type === 'balance' && observation.balance.source === 'gift-send'
    ? { slot: `gift-send-balance:${observation.balance.account}`, at: observation.balance.at }
    : null,
  onStoreError: (error) => console.warn('Coinsight: could not queue durably; delivering from memory', error),
});

const page: RelayPage = {
  context: createPageContext(),
  emit: (observations: Observation[]) => outbox.add(observations),
};

let features = new AbortController();
function startFeatures(): void {
  features.abort();
  features = new AbortController();
  for (const feature of FEATURES) {
    try {
      feature.init(features.signal, page);
    } catch (error) {
      console.warn(`Coinsight: feature ${feature.name} failed to start`, error);
    }
  }
}

document.addEventListener(TAP_EVENT, (event) => {
  const message = parseTapMessage((event as CustomEvent<unknown>).detail);
  if (message?.kind === 'navigation') startFeatures();
  else if (message) page.emit(interpretTapMessage(message, page.context, Date.now()));
});

// Reload, navigation away, tab close, a tab sent to the background (which the browser may then discard): what is
// queued must reach storage before the page can be gone.
addEventListener('pagehide', () => outbox.persistNow());
document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && outbox.persistNow());
document.addEventListener('freeze', () => outbox.persistNow());

startFeatures();
outbox.adoptLeftovers().catch(() => undefined);
