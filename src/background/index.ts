/**
 * The background worker. It may be stopped at any moment (MV3), so: every listener is registered synchronously
 * at top level, every handler first awaits one `ready` promise, and no authoritative state lives in memory.
 */
import { browser, type Runtime } from '../platform/browser';
import { openDb } from '../platform/db';
import { MAX_BATCH } from '../platform/observations';
import { outboxChunksFrom } from '../platform/outbox-keys';
import { LIFECYCLE_KEY } from '../platform/settings';
import { now, onTestClockMoved, timeZone } from '../platform/clock';
import { messages } from '../platform/protocol';
import { HEARTBEAT_ALARM, StartEvents, beat, checkAtStart, type HeartbeatApi } from './activity/heartbeat';
import { RateLimiter } from './admission';
import { noteCreatorDaysSince } from './derived/creator-days';
import { LOTS_BUILD_ALARM, resumeLotsBuild } from './derived/lots-build';
import type { SignalApi } from './limits/badge';
import type { EnforceApi } from './limits/enforce';
import { LIMITS_EDGE_ALARM, coalesced, refreshGuards } from './limits/guard';
import { guardWiring } from './limits/worker-guards';
import { forgetTab, onTabUpdated } from './live-visits';
import { REATTACH_ALARM, reattachOpenTabs } from './reattach';
import { recordUntrusted } from './recorder';
import { managedPin, refreshManagedPolicy } from './managed/policy';
import { route } from './router';
import { researchWiring } from './research/wiring';
import { workerHandlers } from './handlers';
import { welcomeOnInstall } from './welcome';
import { lockGate, storedFrom } from './lock/gate';
import { LOCK_RESET_ALARM, LockStore } from './lock/store';

const db = openDb();
/** Whether the browser started or Coinsight was installed or updated: the heartbeat's start check tells gaps apart by it. */
const startEvents = new StartEvents();
const heartbeatApi: HeartbeatApi = { local: browser.storage.local, session: browser.storage.session, alarms: browser.alarms };
/** Paces new gifts per tab. In memory on purpose: it paces, it does not account (see admission.ts). */
const limiter = new RateLimiter();

/**
 * Limits' enforcement (DNR rules) and signals (badge, notifications). The polyfill's types of these namespaces are
 * wider than what enforce.ts and badge.ts call; the cast is the one place they meet.
 */
const guards = guardWiring(browser as unknown as EnforceApi & SignalApi, browser.storage.local, now);
const clock = { now, timeZone };
/** Coalesced: a burst of writes costs at most one refresh running and one queued, never one per write. */
const refreshLimits = coalesced(() => refreshGuards(db, browser.storage.local, clock, {
  alarms: browser.alarms,
  onRefreshed: guards.refreshed,
}));
/** The parental lock: its secrets in the database, its unlock in storage.session, its reset alarm on the same clock. */
// An administrator's PIN (managed policy, the same PBKDF2 record the lock stores) is the lock when there is one.
const lock = new LockStore({ db, session: browser.storage.session, clock, alarms: browser.alarms, managedPin: () => managedPin(browser.storage.managed) });
const lockDoor = lockGate(lock, storedFrom(browser.storage.local));
/** Research mode's capture scripts and quiet-streak alarm follow its setting (research/wiring.ts). */
const research = researchWiring(db, { scripting: browser.scripting as never, alarms: browser.alarms, storage: browser.storage.local }, now);
const handlers = lockDoor.logged(workerHandlers({ db, storage: browser.storage.local, clock, limiter, guards, refreshLimits, lock }));

/** When this worker instance started: lets the options page (and tests) see that the worker was restarted. */
const lifecycle = { startedAt: Date.now() };
/** The database open (set by start() before its first await); limit messages wait for this, not for the drain. */
let opening: Promise<void> = Promise.resolve();
let ready = start();
/** The start-up promise; if it failed (the database could not open), the next event tries again. */
const whenReady = (): Promise<void> => ready.catch(() => (ready = start()));

/**
 * Limit messages (the in-page strip, an override, the views) need only the open database: they must never wait behind
 * the start-up outbox drain, which may be long after the worker was killed mid-stream.
 */
const NOT_BEHIND_DRAIN = new Set<string>([
  messages.inPageLimits.type, messages.overrideLimit.type, messages.limitsView.type, messages.limitOverrides.type,
]);
const typeOf = (message: unknown): unknown => (typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined);

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  (NOT_BEHIND_DRAIN.has(typeOf(message) as string) ? opening.catch(whenReady) : whenReady()).then(() => route(message, sender, { extensionId: browser.runtime.id, extensionBaseUrl: browser.runtime.getURL(''), handlers, gate: lockDoor.gate })),
);
browser.runtime.onStartup.addListener(() => startEvents.onStartup());
browser.runtime.onInstalled.addListener(({ reason }) => {
  startEvents.onInstalled(reason);
  void welcomeOnInstall(reason, browser);
});
// Its only job is to wake the worker, whose start-up re-attaches to open tabs if that is still to do (reattach.ts).
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REATTACH_ALARM) void whenReady();
  if (alarm.name === LOTS_BUILD_ALARM) void whenReady().then(buildCostBasis);
  // A window ended: the statuses start again (and a block lifts) without any write to trigger it.
  if (alarm.name === LIMITS_EDGE_ALARM) void opening.catch(whenReady).then(refreshLimits);
  // A forgotten-PIN reset's waiting period is over: reading the lock applies it (lock/store.ts).
  if (alarm.name === LOCK_RESET_ALARM) void opening.catch(whenReady).then(reassertLock);
  if (alarm.name === HEARTBEAT_ALARM) void opening.catch(whenReady).then(() => beat(db, heartbeatApi, now)).catch(logHeartbeatFailure);
  guards.onAlarm(alarm.name);
  void opening.catch(whenReady).then(() => research.onAlarm(alarm.name));
});
// The block follows the stored guard state, whoever wrote it (guards.reassert needs no database: not behind `ready`).
// storage.local's own event, not storage.onChanged: Firefox would hand the background the storage.session write of
// its own onSuspend listener, which cancels the suspension, again and again (firefox.e2e.ts caught it).
browser.storage.local.onChanged.addListener((changes) => {
  guards.onLocalStorageChanged(changes);
  research.onLocalStorageChanged(changes);
});
// Test builds only (dist-test/): a moved test clock may end a period. The branch is dropped from shipped builds.
if (import.meta.env.MODE === 'e2e') {
  onTestClockMoved(() => {
    void guards.reassert().catch(() => undefined);
    void opening.catch(whenReady).then(refreshLimits);
    void opening.catch(whenReady).then(reassertLock);
  });
}
// A policy changed by the administrator (Chrome reads policy again while running; Firefox only at its start, and its
// managed area may have no onChanged: optional).
browser.storage.managed?.onChanged?.addListener(() => void opening.catch(whenReady).then(() => applyManagedPolicy()));
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
  research.start();
  const opened = openDatabase();
  opening = opened;
  await browser.storage.session.set({ [LIFECYCLE_KEY]: lifecycle }).catch(() => undefined);
  // Before anything slow: a worker killed while a block was on (or off) picks up where the stored state says.
  await guards.reassert().catch((error: unknown) => console.warn('Coinsight: could not re-assert the block rules', error));
  // Not awaited: Chromium answers the first storage.managed read only once its policy service is up, 2 to 6 s after
  // the worker starts (measured), and every message would wait for it. Until then the limits use the copy of the
  // policy the last run kept (managed/policy.ts); a changed policy refreshes them when it has been read.
  void applyManagedPolicy();
  await opened;
  void reassertLock();
  // Not awaited: it may wait a moment for runtime.onStartup, which nothing else needs (activity/heartbeat.ts).
  void checkAtStart(db, heartbeatApi, now, startEvents).catch(logHeartbeatFailure);
  // Recomputes the guard state, the edge alarm, the badge and the DNR rules at every start, and again after the drain.
  void refreshLimits();
  await drainOrphanedOutbox().catch((error: unknown) => console.warn('Coinsight: outbox drain failed; items stay queued', error));
  void refreshLimits();
  // Not awaited: a ledger from before the cost basis store is built in chunks while messages are handled (lots-build.ts).
  void buildCostBasis();
}

function logHeartbeatFailure(error: unknown): void {
  console.warn('Coinsight: the heartbeat could not be noted', error);
}

/** Reads the policy (managed/policy.ts); a change refreshes the limits (a no-op when nothing changed). */
async function applyManagedPolicy(refresh = true): Promise<void> {
  const { changed } = await refreshManagedPolicy(browser.storage.managed, browser.storage.local)
    .catch((error: unknown) => (console.warn('Coinsight: could not read the managed policy', error), { changed: false }));
  if (changed && refresh) void refreshLimits();
}

async function openDatabase(): Promise<void> {
  await db.open();
  await noteCreatorDaysSince(db, now()); // before any write of this instance
}

/** Applies a reset whose wait is over, and keeps a pending reset's alarm set (at start-up, on its alarm, on a clock move). */
function reassertLock(): Promise<void> {
  return lock.reassert().catch((error: unknown) => console.warn('Coinsight: could not check the parental lock', error));
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
