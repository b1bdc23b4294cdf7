/**
 * Firefox: research mode's capture as in Chromium (research.e2e.ts). Firefox ≥ 128 runs `world: 'MAIN'` scripts
 * registered with scripting.registerContentScripts (checked here on Firefox ESR): with research mode on, the stand-in's
 * LIVE page's frames (backlog + socket, gzipped and not, out of order, repeated, one unknown layout) are logged with the
 * stand-in's totals per room and per pseudonymous sender, and no clear sender id or handle is stored.
 */
import { describe, expect, it } from 'vitest';
import type { RoomGiftRow } from '../../src/platform/research';
import { waitFor } from './harness';
import { openExtensionPage, readStore, withFirefox } from './firefox';
import { LIVE_URL } from './live-page';
import { pseudonymousTruth, researchArgs, totals, writeResearch } from './research-harness';

const suite = withFirefox();
const ROOM = '7300000000000000001';

describe('research mode capture (Firefox)', () => {
  it('registers the MAIN-world hook, and the room log equals the ground truth, pseudonymously', async () => {
    const { site, session } = suite;
    const store = await openExtensionPage(session, 'src/options/index.html', '[data-testid="settings-form"]');
    const registered = () => store.evaluate(async () => (await (globalThis as unknown as { browser: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; world?: string }[]> } } })
      .browser.scripting.getRegisteredContentScripts()).map((s) => `${s.id}:${s.world ?? 'ISOLATED'}`).sort());
    expect(await registered()).toEqual([]);
    await store.evaluate(writeResearch, researchArgs(true));
    await waitFor('the research scripts registered', async () => ((await registered()).length === 2 ? true : null));
    expect(await registered()).toEqual(['coinsight-research-hook:MAIN', 'coinsight-research-relay:ISOLATED']);

    const live = await session.browser.newPage();
    await live.goto(`${LIVE_URL}?webcast=mixed`);
    await waitFor('every frame at the page', async () => (site.state.webcast.framesPlanned > 0
      && Number(await live.$eval('[data-testid="webcast"]', (el) => el.getAttribute('data-frames'))) >= site.state.webcast.framesPlanned ? true : null));
    const truth = site.state.webcast.truth;
    const logged = await waitFor('the room log to reach the truth', async () => {
      const t = totals(await readStore<RoomGiftRow>(store, 'roomGifts'));
      return t.rooms[ROOM] === truth.rooms[ROOM] ? t : null;
    });
    expect(logged.senders).toEqual(await pseudonymousTruth(truth.senders));
    const everything = JSON.stringify(await Promise.all(['roomGifts', 'diagnostics', 'accounts', 'ledger'].map((name) => readStore(store, name))));
    for (const clear of truth.clear) expect(everything).not.toContain(clear);
  });
});
