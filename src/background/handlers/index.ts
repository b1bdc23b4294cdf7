/**
 * Every message handler of the worker, in one map the router dispatches to (router.ts; adding a message to
 * platform/protocol.ts without a handler here fails to compile). background/index.ts only wires the browser to it.
 * Handlers whose writes may change spending, its cost or the limits' windows refresh the limits after the write commits.
 */
import type { CoinsightDb } from '../../platform/db';
import { SETTINGS_KEY, settingsFromStorage, type SettingsPatch } from '../../platform/settings';
import type { RateLimiter } from '../admission';
import type { LimitClock } from '../limits/rules';
import type { GuardWiring } from '../limits/worker-guards';
import { recordUntrusted } from '../recorder';
import type { Handlers } from '../router';
import { dataHandlers } from './data';
import { inPagePrices } from './in-page';
import { limitHandlers } from './limits';
import { lockHandlers } from './lock';
import type { LockStore } from '../lock/store';
import { parentHandlers } from './parent';
import { purchaseHandlers } from './purchases';
import { researchHandlers } from './research-settings';
import { managedResearch } from '../managed/policy';
import { researchCaptureHandlers } from './research-capture';
import { applySettingsPatch, type LocalStorageArea } from './settings';
import { tiktokImportHandlers } from './tiktok-import';

export interface WorkerParts {
  db: CoinsightDb;
  storage: LocalStorageArea;
  clock: LimitClock;
  /** Paces new gifts per tab (admission.ts). */
  limiter: RateLimiter;
  guards: Pick<GuardWiring, 'giftRecorded' | 'allowOverride'>;
  /** Recomputes the limits' standing (coalesced; never awaited by a write). */
  refreshLimits: () => Promise<void>;
  /** The parental lock (lock/store.ts); its gate is the router's (lock/gate.ts). */
  lock: LockStore;
}

export function workerHandlers({ db, storage, clock, limiter, guards, refreshLimits, lock }: WorkerParts): Handlers {
  /** After a write that may change spending or its cost: refresh the limits once the write has committed, not awaited. */
  function thenRefresh<T extends Record<string, (...args: never[]) => Promise<unknown>>>(group: T): T {
    const wrapped: Record<string, unknown> = {};
    for (const [name, handler] of Object.entries(group)) {
      wrapped[name] = async (...args: never[]) => {
        const reply = await handler(...args);
        void refreshLimits();
        return reply;
      };
    }
    return wrapped as T;
  }

  return {
    recordObservations: async ({ batch }, { tabId }) => {
      const reply = await recordUntrusted(db, batch, { limiter, ...(tabId !== undefined ? { tabId } : {}) });
      // After the transaction, never inside it; coalesced, so a streak of sends is not slowed by one refresh each.
      if (reply.recorded.length > 0) void refreshLimits();
      // An override's one send through the block, once recorded, closes the tab's allowance (worker-guards.ts).
      if (tabId !== undefined && recordedAGift(batch, reply.recorded)) {
        void guards.giftRecorded(tabId).catch((error: unknown) => console.warn('Coinsight: could not end a one-send allowance', error));
      }
      return reply;
    },
    inPagePrices: async (request) => inPagePrices(db, settingsFromStorage((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]), request),
    // The week start, the rate basis and the exchange rates move limit windows and money caps.
    ...thenRefresh({ updateSettings: async ({ patch }: { patch: SettingsPatch }) => applySettingsPatch(storage, patch) }),
    clearDiagnostics: async () => {
      const cleared = await db.diagnostics.count();
      await db.diagnostics.clear();
      return { cleared };
    },
    ...thenRefresh(purchaseHandlers(db)),
    ...thenRefresh(dataHandlers(db, storage, clock)),
    ...thenRefresh(tiktokImportHandlers(db)),
    ...limitHandlers(db, storage, { clock, refresh: refreshLimits, allowOverride: (tabId) => guards.allowOverride(tabId) }),
    ...lockHandlers(lock),
    ...parentHandlers(db, storage, clock),
    // An administrator's study (managed policy) wins over what the page asks; it never consents for the participant.
    ...researchHandlers(db, storage, () => clock.now(), () => managedResearch(storage)),
    ...researchCaptureHandlers(db, storage, () => clock.now()),
  };
}

/** Whether one of the recorded ids (the recorder validated those items) was a gift. */
function recordedAGift(batch: readonly unknown[], recorded: readonly string[]): boolean {
  const ids = new Set(recorded);
  return batch.some((item) => {
    const { type, id } = (typeof item === 'object' && item !== null ? item : {}) as { type?: unknown; id?: unknown };
    return type === 'gift' && typeof id === 'string' && ids.has(id);
  });
}
