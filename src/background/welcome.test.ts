import { describe, expect, it, vi } from 'vitest';
import { WELCOME_PAGE, welcomeOnInstall, type WelcomeApi } from './welcome';

function fakeApi(create: WelcomeApi['tabs']['create'] = async () => ({})) {
  const tabs = { create: vi.fn(create) };
  return { api: { runtime: { getURL: (path: string) => `chrome-extension://abc/${path}` }, tabs } satisfies WelcomeApi, tabs };
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

  it('a tab the browser refuses is noted, not thrown: the worker\'s start-up goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { api } = fakeApi(async () => { throw new Error('no window'); });
    await expect(welcomeOnInstall('install', api)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('Coinsight: could not open the welcome page', expect.any(Error));
    warn.mockRestore();
  });
});
