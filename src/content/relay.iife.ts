/**
 * The relay runs in the extension's isolated world on TikTok pages. It receives the tap's captures over the private
 * channel, turns them into observations with the pure parsers, runs the page features (account, cashier, end-result)
 * and hands everything to the outbox, which delivers to the background until acknowledged.
 *
 * It is injected by the manifest at document_start, and by the worker into tabs that were open when the extension
 * was updated, reloaded or enabled (background/reattach.ts): one relay per tab per extension instance (relay/instance.ts).
 * A relay whose extension went away stops listening, quietly: its successor receives the tap's replay.
 */
import { contentApi, isContextInvalidated } from '../platform/extension-api';
import type { Observation } from '../platform/observations';
import { accountFeature } from './features/account';
import { cashierFeature } from './features/cashier';
import { inPageFeature } from './features/in-page';
import type { RelayFeature, RelayPage } from './features/feature';
import { connectToTap } from './relay/channel';
import { deliverBatch } from './relay/deliver';
import { relayGuard, type RelayGuard } from './relay/guard';
import { forgeryCounter } from './relay/forgeries';
import { claimTab, extensionAlive } from './relay/instance';
import { interpretTapMessage, parseTapMessage } from './relay/interpret';
import { Outbox } from './relay/outbox';
import { createPageContext } from './relay/page';

// The payment result (/coin/end-result) runs from the in-page chunk, loaded on those pages only; the cashier cannot
// wait for it (features/cashier.ts).
const FEATURES: readonly RelayFeature[] = [accountFeature, cashierFeature, inPageFeature];

const api = contentApi();
const life = new AbortController();
const signal = life.signal;
if (claimTab(() => !signal.aborted && extensionAlive(api))) start();

function start(): void {
  const storage = api.storage.local;
  const outbox = new Outbox({
    // Async, so that an orphaned relay's storage call that throws at once becomes a rejection the outbox handles.
    store: {
      set: async (items) => storage.set(items),
      remove: async (keys) => storage.remove(keys),
      getAll: async () => storage.get(null),
    },
    deliver: (batch) => deliverBatch(api, batch),
    // The extension is gone: what is queued stays in storage for the next worker, the tap replays the rest.
    isFatal: (error) => isContextInvalidated(error) && (stop(), true),
    // Every gift send reveals the balance left; the worker keeps only each account's newest (background/recorder.ts).
    supersession: (observation) => observation.type === 'balance' && observation.balance.source === 'gift-send'
      ? { slot: `gift-send-balance:${observation.balance.account}`, at: observation.balance.at }
      : null,
    onStoreError: (error) => extensionAlive(api) && console.warn('Coinsight: could not queue durably; delivering from memory', error),
  });

  const page: RelayPage = {
    context: createPageContext(),
    emit: (observations: Observation[]) => outbox.add(observations),
  };
  const forged = forgeryCounter(page.emit);

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

  function stop(): void {
    life.abort();
    features.abort();
    outbox.stop();
  }

  let guard: RelayGuard | undefined;
  const toTap = connectToTap({
    signal,
    onForged: forged.count,
    onMessage(raw) {
      if (!extensionAlive(api)) return stop(); // orphaned: the extension was updated, reloaded or disabled
      const message = parseTapMessage(raw);
      if (message?.kind === 'navigation') startFeatures();
      else if (message?.kind === 'hold') guard?.hold(message.id, message.send);
      else if (message) {
        page.emit(interpretTapMessage(message, page.context, Date.now()));
        if ((message.exchange as { endpoint?: unknown } | undefined)?.endpoint === 'gift-list') guard?.push();
      }
    },
  });
  guard = relayGuard(api, page, toTap, signal);

  // Reload, navigation away, tab close, a tab sent to the background (which the browser may then discard): what is
  // queued must reach storage before the page can be gone.
  const persist = (): void => {
    if (!extensionAlive(api)) return stop();
    forged.flush();
    outbox.persistNow();
  };
  addEventListener('pagehide', persist, { signal });
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && persist(), { signal });
  document.addEventListener('freeze', persist, { signal });

  startFeatures();
  outbox.adoptLeftovers().catch(() => undefined);
}
