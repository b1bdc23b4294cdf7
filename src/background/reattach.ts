/**
 * Brings open TikTok tabs back under observation when this extension instance starts. After an update, a reload, or a
 * disable and enable, Chrome leaves the relays of open tabs orphaned ("Extension context invalidated") and injects
 * nothing new, so sends made in such a tab would go unseen until it reloads. (Firefox re-injects manifest content
 * scripts by itself, measured on 153 ESR; injecting again there is harmless.)
 *
 * Once per instance, the worker injects the manifest's content scripts into every open tab they match, in manifest
 * order (the tap first, so the relay's hello finds it). The tap hooks a page once: a second one returns at once, and the
 * tap already there answers the new relay with a channel and a replay of what it kept (content/tap/channel.ts). A relay
 * runs once per instance per tab (content/relay/instance.ts). What the orphaned relay had queued in storage.local is
 * adopted by the new relay and drained by the worker at start-up.
 */
/** In storage.session, which the browser clears when this instance ends: set once the sweep has finished. */
export const REATTACHED_KEY = 'contentScriptsReattached';
/**
 * A worker stopped before its sweep got the injections out leaves the tabs unobserved, and nothing else may wake the
 * next worker soon (an orphaned relay cannot send). This alarm, set before anything else and cleared once the sweep is
 * done, wakes it: the sweep runs at every start-up until it has finished once. The tap keeps 10 minutes of sends.
 */
export const REATTACH_ALARM = 'reattach-content-scripts';
const RETRY_MINUTES = 0.5; // Chrome's shortest alarm

interface ContentScriptGroup {
  matches?: string[];
  js?: string[];
  world?: string;
}

/** The few browser APIs the sweep needs (the worker hands in its `browser`; tests, fakes). */
export interface ReattachApi {
  storage: { session: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  runtime: { getManifest(): { content_scripts?: ContentScriptGroup[] } };
  tabs: { query(query: { url: string[] }): Promise<{ id?: number; discarded?: boolean }[]> };
  alarms: { create(name: string, info: { delayInMinutes: number }): unknown; clear(name: string): Promise<unknown> };
  scripting: {
    executeScript(injection: { target: { tabId: number }; files: string[]; world: 'MAIN' | 'ISOLATED'; injectImmediately: boolean }): Promise<unknown>;
  };
}

/**
 * Injects the content scripts into the open tabs they match, once per extension instance. Never throws: a tab that
 * refuses (an error page, a tab closing meanwhile) is logged and left to its next load.
 */
export async function reattachOpenTabs(api: ReattachApi, log: (...args: unknown[]) => void = console.warn): Promise<void> {
  try {
    // Synchronously, before the first await: the earliest this worker can ask for a retry.
    void Promise.resolve(api.alarms.create(REATTACH_ALARM, { delayInMinutes: RETRY_MINUTES })).catch((error: unknown) => log('Coinsight: no retry alarm', error));
    if ((await api.storage.session.get(REATTACHED_KEY))[REATTACHED_KEY]) {
      await api.alarms.clear(REATTACH_ALARM);
      return;
    }
    // The built file names (hashed or not) come from the built manifest, never from here.
    for (const group of api.runtime.getManifest().content_scripts ?? []) {
      if (!group.js?.length || !group.matches?.length) continue;
      const files = group.js;
      const world = group.world === 'MAIN' ? 'MAIN' : 'ISOLATED';
      const tabs = await api.tabs.query({ url: group.matches });
      await Promise.all(tabs.map(async (tab) => {
        // A discarded tab has no page to inject into; it loads again, with the manifest's scripts, when shown.
        if (tab.id === undefined || tab.discarded) return;
        try {
          await api.scripting.executeScript({ target: { tabId: tab.id }, files, world, injectImmediately: true });
        } catch (error) {
          log(`Coinsight: could not re-attach to tab ${tab.id}`, error);
        }
      }));
    }
    // Only now: a worker stopped mid-sweep sweeps again when it restarts (injecting twice is harmless, see above).
    await api.storage.session.set({ [REATTACHED_KEY]: true });
    await api.alarms.clear(REATTACH_ALARM);
  } catch (error) {
    log('Coinsight: could not re-attach to open tabs', error);
  }
}
