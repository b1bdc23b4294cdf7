import { describe, expect, it, vi } from 'vitest';
import { WELCOME_PAGE, welcomeOnInstall, type WelcomeApi } from './welcome';

function fakeApi(create: WelcomeApi['tabs']['create'] = async () => ({}), installType = 'normal') {
  const tabs = { create: vi.fn(create) };
  const management = { getSelf: async () => ({ installType }) };
  return { api: { runtime: { getURL: (path: string) => `chrome-extension://abc/${path}` }, tabs, management } satisfies WelcomeApi, tabs };
}

describe('the welcome page on first run', () => {
  it('opens in a tab of its own on a new install', async () => {
    const { api, tabs } = fakeApi();
    await welcomeOnInstall('install', api);
    expect(tabs.create).toHaveBeenCalledExactlyOnceWith({ url: `chrome-extension://abc/${WELCOME_PAGE}`, active: true });
  });

  it.each(['update', 'browser_update', 'chrome_update', 'shared_module_update'])('does not open on %s', async (reason) => {
    const { api, tabs } = fakeApi();
    await welcomeOnInstall(reason, api);
    expect(tabs.create).not.toHaveBeenCalled();
  });

  it.each(['normal', 'development', 'sideload', 'other'])('opens for an install of type %s', async (installType) => {
    const { api, tabs } = fakeApi(undefined, installType);
    await welcomeOnInstall('install', api);
    expect(tabs.create).toHaveBeenCalledOnce();
  });

  it('does not open when an administrator\'s policy installed Coinsight', async () => {
    const { api, tabs } = fakeApi(undefined, 'admin');
    await welcomeOnInstall('install', api);
    expect(tabs.create).not.toHaveBeenCalled();
  });

  it('opens when the browser cannot say how it was installed', async () => {
    const { api, tabs } = fakeApi();
    await welcomeOnInstall('install', { ...api, management: { getSelf: () => Promise.reject(new Error('no management')) } });
    await welcomeOnInstall('install', { runtime: api.runtime, tabs: api.tabs });
    expect(tabs.create).toHaveBeenCalledTimes(2);
  });

  it('a tab the browser refuses is noted, not thrown: the worker\'s start-up goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { api } = fakeApi(async () => { throw new Error('no window'); });
    await expect(welcomeOnInstall('install', api)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('Coinsight: could not open the welcome page', expect.any(Error));
    warn.mockRestore();
  });
});
