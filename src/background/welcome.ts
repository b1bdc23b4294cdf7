/**
 * First run (issue 13): a new install opens the welcome page (src/welcome/) in a tab of its own. An update, a browser
 * update or a re-enable never does: the person has seen it, and the options page links to it for later. Nor does an
 * install by an administrator's policy (installType 'admin'): the person at that browser did not choose Coinsight, and
 * its set-up is the administrator's (managed policy, docs/MANAGED.md).
 */
export const WELCOME_PAGE = 'src/welcome/index.html';

export interface WelcomeApi {
  runtime: { getURL(path: string): string };
  tabs: { create(properties: { url: string; active?: boolean }): Promise<unknown> };
  /** management.getSelf needs no permission; optional, as some browsers' builds may lack the namespace. */
  management?: { getSelf(): Promise<{ installType?: string }> };
}

/** runtime.onInstalled's handler for the welcome page; resolves once the tab was asked for (or was not needed). */
export async function welcomeOnInstall(reason: string, api: WelcomeApi): Promise<void> {
  if (reason !== 'install') return;
  const self = await api.management?.getSelf().catch(() => null);
  if (self?.installType === 'admin') return;
  // A failure here loses nothing (the page is one click away in the options); it is only worth a line in the console.
  await api.tabs.create({ url: api.runtime.getURL(WELCOME_PAGE), active: true })
    .then(() => undefined, (error: unknown) => console.warn('Coinsight: could not open the welcome page', error));
}
