/**
 * Research mode's capture scripts exist only while research mode is on (issue 12): the worker registers the page-world
 * hook and its isolated relay with `scripting.registerContentScripts` when the setting turns on, unregisters them when
 * it turns off, and re-asserts the registration at every start-up (a worker killed between the setting's write and
 * the registration, or a browser that dropped them, is corrected then). Users who never switch it on run none of it.
 * Registration only affects pages loaded afterwards: a LIVE open when research mode is switched on is captured from
 * its next load. Switching off stops logging at once anyway: the worker refuses every batch while it is off.
 */
import { RESEARCH_KEY } from '../../platform/research';
import { researchFromStorage } from '../../platform/research-settings';

/** The built files (scripts/build.js RESEARCH_SCRIPTS). */
export const HOOK_FILE = 'assets/research-hook.js';
export const RELAY_FILE = 'assets/research-relay.js';
export const HOOK_ID = 'coinsight-research-hook';
export const RELAY_ID = 'coinsight-research-relay';
const MATCHES = ['https://www.tiktok.com/*'];

export interface ScriptDefinition {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_start';
  world: 'MAIN' | 'ISOLATED';
  allFrames: false;
  persistAcrossSessions: true;
}

/** The part of `browser.scripting` this needs (the worker hands in its own; tests, a fake). */
export interface RegistrationApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; js?: string[]; world?: string }[]>;
  registerContentScripts(scripts: ScriptDefinition[]): Promise<unknown>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
}

/** The hook first: at document_start both run before any page script, in this order where the browser keeps it. */
export const RESEARCH_SCRIPTS: readonly ScriptDefinition[] = [
  { id: HOOK_ID, js: [HOOK_FILE], matches: MATCHES, runAt: 'document_start', world: 'MAIN', allFrames: false, persistAcrossSessions: true },
  { id: RELAY_ID, js: [RELAY_FILE], matches: MATCHES, runAt: 'document_start', world: 'ISOLATED', allFrames: false, persistAcrossSessions: true },
];
const IDS = RESEARCH_SCRIPTS.map((script) => script.id);

/** Makes the registration match `enabled`; registers afresh when what is there is not exactly ours. */
export async function syncRegistration(api: RegistrationApi, enabled: boolean): Promise<'registered' | 'unregistered' | 'unchanged'> {
  const present = await api.getRegisteredContentScripts({ ids: IDS });
  if (!enabled) {
    if (present.length === 0) return 'unchanged';
    await api.unregisterContentScripts({ ids: present.map((script) => script.id) });
    return 'unregistered';
  }
  const exact = RESEARCH_SCRIPTS.every((want) => present.some((got) => got.id === want.id && got.js?.length === 1 && got.js[0]?.endsWith(want.js[0]!)));
  if (exact && present.length === IDS.length) return 'unchanged';
  if (present.length > 0) await api.unregisterContentScripts({ ids: present.map((script) => script.id) });
  await api.registerContentScripts([...RESEARCH_SCRIPTS]);
  return 'registered';
}

/**
 * Keeps the registration in step with the stored setting. Calls are chained, so that on, off, on in quick succession
 * ends registered (each sync reads the setting afresh: the last one always sees the last value written).
 */
export function researchRegistration(api: RegistrationApi, storage: { get(key: string): Promise<Record<string, unknown>> }, log: (...args: unknown[]) => void = console.warn) {
  let chain: Promise<unknown> = Promise.resolve();
  const sync = (): Promise<unknown> => {
    chain = chain.then(async () => {
      const { enabled } = researchFromStorage((await storage.get(RESEARCH_KEY))[RESEARCH_KEY]);
      return syncRegistration(api, enabled);
    }).catch((error: unknown) => log('Coinsight: could not (un)register the research scripts', error));
    return chain;
  };
  return {
    /** At worker start-up. */
    reassert: sync,
    /** storage.local's onChanged: only a change of the research setting matters. */
    onLocalStorageChanged(changes: Record<string, unknown>): void {
      if (RESEARCH_KEY in changes) void sync();
    },
  };
}
