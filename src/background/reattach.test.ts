import { describe, expect, it } from 'vitest';
import { REATTACHED_KEY, REATTACH_ALARM, reattachOpenTabs, type ReattachApi } from './reattach';

const MANIFEST = {
  content_scripts: [
    { matches: ['https://www.tiktok.com/*'], js: ['src/content/tap.iife-Ab12.js'], run_at: 'document_start', world: 'MAIN' },
    { matches: ['https://www.tiktok.com/*'], js: ['src/content/relay.iife-Cd34.js'], run_at: 'document_start' },
  ],
};

function fakeBrowser(tabs: { id?: number; discarded?: boolean }[], failing: number[] = []) {
  const session = new Map<string, unknown>();
  const injected: string[] = [];
  const queries: string[][] = [];
  const alarms = new Set<string>();
  const api: ReattachApi = {
    alarms: { create: (name) => alarms.add(name), clear: async (name) => alarms.delete(name) },
    storage: {
      session: {
        get: async (key) => (session.has(key) ? { [key]: session.get(key) } : {}),
        set: async (items) => { for (const [key, value] of Object.entries(items)) session.set(key, value); },
      },
    },
    runtime: { getManifest: () => MANIFEST },
    tabs: { query: async ({ url }) => { queries.push(url); return tabs; } },
    scripting: {
      executeScript: async ({ target, files, world }) => {
        if (failing.includes(target.tabId)) throw new Error('Cannot access contents of the page');
        injected.push(`${target.tabId} ${world} ${files.join(',')}`);
      },
    },
  };
  return { api, session, injected, queries, alarms };
}

describe('reattachOpenTabs', () => {
  it('injects the built tap (page world) and then the relay into every open tab, once per extension instance', async () => {
    const browser = fakeBrowser([{ id: 1 }, { id: 2 }, { id: 3, discarded: true }, {}]);
    await reattachOpenTabs(browser.api, () => undefined);
    expect(browser.queries).toEqual([['https://www.tiktok.com/*'], ['https://www.tiktok.com/*']]);
    expect(browser.injected).toEqual([
      '1 MAIN src/content/tap.iife-Ab12.js', '2 MAIN src/content/tap.iife-Ab12.js',
      '1 ISOLATED src/content/relay.iife-Cd34.js', '2 ISOLATED src/content/relay.iife-Cd34.js',
    ]);
    expect(browser.session.get(REATTACHED_KEY)).toBe(true);
    expect(browser.alarms.size).toBe(0);
    // The worker starts again (it was stopped while idle): the same instance, nothing to do.
    await reattachOpenTabs(browser.api, () => undefined);
    expect(browser.injected).toHaveLength(4);
  });

  it('logs a tab that refuses and goes on with the others, never throwing', async () => {
    const logged: unknown[][] = [];
    const browser = fakeBrowser([{ id: 1 }, { id: 2 }], [1]);
    await expect(reattachOpenTabs(browser.api, (...args) => logged.push(args))).resolves.toBeUndefined();
    expect(browser.injected).toEqual(['2 MAIN src/content/tap.iife-Ab12.js', '2 ISOLATED src/content/relay.iife-Cd34.js']);
    expect(logged.map(([message]) => message)).toEqual(['Coinsight: could not re-attach to tab 1', 'Coinsight: could not re-attach to tab 1']);
    expect(browser.session.get(REATTACHED_KEY)).toBe(true);
  });

  it('sweeps again after a worker that died mid-sweep (the mark is set only at the end), and survives a broken API', async () => {
    const browser = fakeBrowser([{ id: 1 }]);
    browser.api.tabs.query = async () => { throw new Error('worker stopped'); };
    const logged: unknown[][] = [];
    await reattachOpenTabs(browser.api, (...args) => logged.push(args));
    expect(browser.session.has(REATTACHED_KEY)).toBe(false);
    expect([...browser.alarms]).toEqual([REATTACH_ALARM]); // the next worker will be woken to try again
    expect(logged).toHaveLength(1);
    browser.api.tabs.query = async () => [{ id: 1 }];
    await reattachOpenTabs(browser.api, () => undefined);
    expect(browser.injected).toEqual(['1 MAIN src/content/tap.iife-Ab12.js', '1 ISOLATED src/content/relay.iife-Cd34.js']);
    expect(browser.alarms.size).toBe(0);
  });
});
