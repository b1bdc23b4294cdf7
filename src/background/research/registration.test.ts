import { describe, expect, it } from 'vitest';
import { RESEARCH_KEY } from '../../platform/research';
import { MemoryStorage } from '../handlers/data.fixtures';
import { HOOK_FILE, HOOK_ID, RELAY_ID, researchRegistration, syncRegistration, type RegistrationApi, type ScriptDefinition } from './registration';

/** The browser's registry of dynamic content scripts, as the worker sees it (ids are unique; js paths as given). */
class FakeScripting implements RegistrationApi {
  scripts: ScriptDefinition[] = [];
  calls: string[] = [];
  async getRegisteredContentScripts(filter?: { ids?: string[] }) {
    return this.scripts.filter((s) => !filter?.ids || filter.ids.includes(s.id));
  }
  async registerContentScripts(scripts: ScriptDefinition[]) {
    this.calls.push('register');
    for (const s of scripts) if (this.scripts.some((t) => t.id === s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
    this.scripts.push(...structuredClone(scripts));
  }
  async unregisterContentScripts(filter?: { ids?: string[] }) {
    this.calls.push('unregister');
    this.scripts = this.scripts.filter((s) => filter?.ids && !filter.ids.includes(s.id));
  }
}

const ON = { enabled: true, consentedAt: 1, studyName: null, studyKeyId: 'k_0123456789abcdef' };

describe('research scripts registration', () => {
  it('registers the MAIN-world hook and the isolated relay at document_start on TikTok only when on, and removes them when off', async () => {
    const api = new FakeScripting();
    expect(await syncRegistration(api, false)).toBe('unchanged');
    expect(await syncRegistration(api, true)).toBe('registered');
    expect(api.scripts.map((s) => [s.id, s.world, s.runAt, s.matches, s.persistAcrossSessions])).toEqual([
      [HOOK_ID, 'MAIN', 'document_start', ['https://www.tiktok.com/*'], true],
      [RELAY_ID, 'ISOLATED', 'document_start', ['https://www.tiktok.com/*'], true],
    ]);
    expect(await syncRegistration(api, true)).toBe('unchanged');
    expect(await syncRegistration(api, false)).toBe('unregistered');
    expect(api.scripts).toEqual([]);
  });

  it('replaces a stale or partial registration (another file name, one script missing)', async () => {
    const api = new FakeScripting();
    await syncRegistration(api, true);
    api.scripts = [{ ...api.scripts[0]!, js: ['assets/old-hook.js'] }];
    expect(await syncRegistration(api, true)).toBe('registered');
    expect(api.scripts.map((s) => s.js[0])).toEqual([HOOK_FILE, 'assets/research-relay.js']);
  });

  it('follows the stored setting through quick on/off/on changes, reads a damaged setting as off, and survives a failing browser call', async () => {
    const api = new FakeScripting();
    const storage = new MemoryStorage({ [RESEARCH_KEY]: ON });
    const logged: unknown[] = [];
    const registration = researchRegistration(api, storage, (...args) => logged.push(args));
    await registration.reassert();
    expect(api.scripts).toHaveLength(2);
    await storage.set({ [RESEARCH_KEY]: { ...ON, enabled: false } });
    registration.onLocalStorageChanged({ [RESEARCH_KEY]: {} });
    await storage.set({ [RESEARCH_KEY]: ON });
    registration.onLocalStorageChanged({ other: {} });
    await registration.reassert();
    expect(api.scripts).toHaveLength(2);
    await storage.set({ [RESEARCH_KEY]: 'garbage' });
    await registration.reassert();
    expect(api.scripts).toHaveLength(0);
    api.getRegisteredContentScripts = async () => { throw new Error('boom'); };
    await registration.reassert();
    expect(logged).toHaveLength(1);
  });
});
