/**
 * The background worker. It may be stopped at any moment (MV3), so: every listener is registered synchronously
 * at top level, every handler first awaits one `ready` promise, and no authoritative state lives in memory.
 */
import { browser, type Runtime } from '../platform/browser';
import { openDb } from '../platform/db';
import { MAX_BATCH } from '../platform/observations';
import { outboxChunksFrom } from '../platform/outbox-keys';
import { LIFECYCLE_KEY, SETTINGS_KEY, settingsFromStorage } from '../platform/settings';
import { now, onTestClockMoved } from '../platform/clock';
import { RateLimiter } from './admission';
import { noteCreatorDaysSince } from './derived/creator-days';
import { LOTS_BUILD_ALARM, resumeLotsBuild } from './derived/lots-build';
import { dataHandlers } from './handlers/data';
import { tiktokImportHandlers } from './handlers/tiktok-import';
import { inPagePrices } from './handlers/in-page';
import { limitHandlers } from './handlers/limits';
import type { SignalApi } from './limits/badge';
import type { EnforceApi } from './limits/enforce';
import { guardWiring } from './limits/worker-guards';
import { applySettingsPatch } from './handlers/settings';
import { forgetTab, onTabUpdated } from './live-visits';
import { REATTACH_ALARM, reattachOpenTabs } from './reattach';
import { purchaseHandlers } from './handlers/purchases';
import { recordUntrusted } from './recorder';
import { route, type Handlers } from './router';

const db = openDb();
/**
 * Limits' enforcement (DNR rules) and signals (badge, notifications). The polyfill's types of these namespaces are
 * wider than what enforce.ts and badge.ts call; the cast is the one place they meet.
 */
const guards = guardWiring(browser as unknown as EnforceApi & SignalApi, browser.storage.local, now);
/** Paces new gifts per tab. In memory on purpose: it paces, it does not account (see admission.ts). */
const limiter = new RateLimiter();

const handlers: Handlers = {
  recordObservations: ({ batch }, { tabId }) => recordUntrusted(db, batch, { limiter, ...(tabId !== undefined ? { tabId } : {}) }),
  inPagePrices: async (request) => inPagePrices(db, await readSettings(), request),
  updateSettings: async ({ patch }) => applySettingsPatch(browser.storage.local, patch),
  clearDiagnostics: async () => {
    const cleared = await db.diagnostics.count();
    await db.diagnostics.clear();
    return { cleared };
  },
  ...purchaseHandlers(db),
  ...dataHandlers(db, browser.storage.local),
  ...tiktokImportHandlers(db),
  ...limitHandlers(db, browser.storage.local),
};

async function readSettings() {
  return settingsFromStorage((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/** When this worker instance started: lets the options page (and tests) see that the worker was restarted. */
const lifecycle = { startedAt: Date.now() };
let ready = start();
/** The start-up promise; if it failed (the database could not open), the next event tries again. */
const whenReady = (): Promise<void> => ready.catch(() => (ready = start()));

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  whenReady().then(() => route(message, sender, { extensionId: browser.runtime.id, extensionBaseUrl: browser.runtime.getURL(''), handlers })),
);
// Its only job is to wake the worker, whose start-up re-attaches to open tabs if that is still to do (reattach.ts).
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REATTACH_ALARM) void whenReady();
  if (alarm.name === LOTS_BUILD_ALARM) void whenReady().then(buildCostBasis);
  guards.onAlarm(alarm.name);
});
// The block follows the stored guard state, whoever wrote it (guards.reassert needs no database: not behind `ready`).
// storage.local's own event, not storage.onChanged: Firefox would hand the background the storage.session write of
// its own onSuspend listener, which cancels the suspension, again and again (firefox.e2e.ts caught it).
browser.storage.local.onChanged.addListener((changes) => guards.onLocalStorageChanged(changes));
// Test builds only (dist-test/): a moved test clock may end a period. The branch is dropped from shipped builds.
if (import.meta.env.MODE === 'e2e') onTestClockMoved(() => void guards.reassert().catch(() => undefined));
// "This LIVE" in the popup: which creator's LIVE each tab shows since when (live-visits.ts). No database, no `ready`.
browser.tabs.onUpdated.addListener(onTabUpdated(browser.storage.session, now));
browser.tabs.onRemoved.addListener((tabId) => void forgetTab(browser.storage.session, tabId));
// Firefox runs the background as an event page that suspends when idle; Chrome's worker has no such event.
browser.runtime.onSuspend?.addListener(() => {
  void browser.storage.session.set({ [LIFECYCLE_KEY]: { ...lifecycle, suspendedAt: Date.now() } });
});

async function start(): Promise<void> {
  // Not awaited: messages need not wait for it. Once per extension instance, it logs its own failures.
  void reattachOpenTabs(browser);
  await browser.storage.session.set({ [LIFECYCLE_KEY]: lifecycle }).catch(() => undefined);
  // Before anything slow: a worker killed while a block was on (or off) picks up where the stored state says.
  await guards.reassert().catch((error: unknown) => console.warn('Coinsight: could not re-assert the block rules', error));
  await db.open();
  await noteCreatorDaysSince(db, now()); // before any write of this instance
  await drainOrphanedOutbox().catch((error: unknown) => console.warn('Coinsight: outbox drain failed; items stay queued', error));
  // Not awaited: a ledger from before the cost basis store is built in chunks while messages are handled (lots-build.ts).
  void buildCostBasis();
}

function buildCostBasis(): Promise<void> {
  return resumeLotsBuild(db, browser.alarms).catch((error: unknown) => console.warn('Coinsight: cost basis build stopped; it resumes at the next start', error));
}

/**
 * Records what relays queued but never saw acknowledged (the tab closed, or the worker died first). Items that do not
 * validate are dropped here, since no retry can make them valid.
 */
async function drainOrphanedOutbox(): Promise<void> {
  const chunks = outboxChunksFrom(await browser.storage.local.get(null));
  for (const { key, chunk } of chunks) {
    for (let i = 0; i < chunk.observations.length; i += MAX_BATCH) await recordUntrusted(db, chunk.observations.slice(i, i + MAX_BATCH));
    await browser.storage.local.remove(key);
  }
}
