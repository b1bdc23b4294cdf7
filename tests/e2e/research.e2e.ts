/**
 * Research mode's capture, end to end in Chromium (issue 12): the stand-in's LIVE page streams protobuf gift frames
 * (backlog + WebSocket, gzipped and not, out of order, repeated, one unknown layout); the room log's totals per room
 * and per sender equal the stand-in's ground truth; no sender id or handle is anywhere in the database; with research
 * mode off there is no hook and nothing is logged, and switching it off stops logging at once.
 */
import { describe, expect, it } from 'vitest';
import type { RoomGiftRow } from '../../src/platform/research';
import { openExtensionPage, readStore, stopServiceWorkers, waitFor, withChromium } from './harness';
import { LIVE_URL } from './live-page';
import {
  dumpDatabase, openWebcastLive, pageFrames, pseudonymousTruth, registeredScripts, setResearch, totals, waitForRegistration, webSocketIsHooked,
} from './research-harness';

const suite = withChromium();
const ROOM = '7300000000000000001';
const OTHER_LIVE = 'https://www.tiktok.com/@another_creator/live';

describe('research mode capture (Chromium)', () => {
  it('off: no hook, nothing registered, nothing logged; on: the room log equals the ground truth, pseudonymously; off again: logging stops at once', async () => {
    const { site, session } = suite;
    const store = await openExtensionPage(session, 'src/options/index.html');
    const rows = () => readStore<RoomGiftRow>(store, 'roomGifts');

    // Off (the default): no registered scripts, the page's WebSocket is the browser's own, and nothing is logged.
    expect(await registeredScripts(session.worker)).toEqual([]);
    const off = await session.context.newPage();
    await openWebcastLive(off, LIVE_URL, 'mixed');
    expect(await webSocketIsHooked(off)).toBe(false);
    await waitFor('every frame at the page', async () => ((await pageFrames(off)) >= site.state.webcast.framesPlanned ? true : null));
    expect(await rows()).toEqual([]);
    await off.close();

    // On: registered; a LIVE loaded now is hooked, and its log converges to the truth.
    site.control.reset();
    await setResearch(session.worker, true);
    await waitForRegistration(session.worker, true);
    const live = await session.context.newPage();
    await openWebcastLive(live, LIVE_URL, 'mixed');
    expect(await webSocketIsHooked(live)).toBe(true);
    const truth = site.state.webcast.truth;
    const logged = await waitFor('the room log to reach the truth', async () => {
      const t = totals(await rows());
      return t.rooms[ROOM] === truth.rooms[ROOM] ? t : null;
    });
    expect(logged.rooms).toEqual({ [ROOM]: truth.rooms[ROOM] });
    expect(logged.senders).toEqual(await pseudonymousTruth(truth.senders));
    // Every streak ends in the scenario: all rows are final; the unknown layout is a counted diagnostic.
    expect((await rows()).every((row) => row.final === 1)).toBe(true);
    const diagnostics = await readStore<{ endpoint: string; reason: string; count?: number }>(store, 'diagnostics');
    expect(diagnostics.filter((d) => d.endpoint === 'webcast').map((d) => d.reason)).toContain('gift-layout-unreadable');

    // No clear sender id or handle anywhere: every table, every row.
    const everything = await dumpDatabase(store);
    expect(truth.clear.length).toBeGreaterThan(0);
    for (const clear of truth.clear) expect(everything).not.toContain(clear);

    // Off: unregistered, and frames reaching the still-hooked page are not logged.
    const before = await rows();
    const roomBefore = totals(before).rooms[ROOM];
    await setResearch(session.worker, false);
    await waitForRegistration(session.worker, false);
    const framesBefore = await pageFrames(live);
    await site.control.webcastStream({ frames: 40, perSecond: 200 });
    await waitFor('the streamed frames at the page', async () => ((await pageFrames(live)) >= framesBefore + 40 ? true : null));

    // On again, another LIVE: its log reaches its truth, and by then the first room's log has not moved.
    await setResearch(session.worker, true);
    await waitForRegistration(session.worker, true);
    const other = await session.context.newPage();
    await openWebcastLive(other, OTHER_LIVE, 'mixed');
    const otherRoom = site.creator('another_creator').roomId;
    await waitFor('the other room\'s log to reach its truth', async () => (totals(await rows()).rooms[otherRoom] === site.state.webcast.truth.rooms[otherRoom] ? true : null));
    expect(totals(await rows()).rooms[ROOM]).toBe(roomBefore);
    expect(site.state.webcast.truth.rooms[ROOM]).toBeGreaterThan(roomBefore!);
  });

  it('a Blob socket, and a worker stopped twice mid-stream: every frame the page received is logged, none twice', async () => {
    const { site, session } = suite;
    site.control.reset();
    const store = await openExtensionPage(session, 'src/options/index.html');
    await setResearch(session.worker, true);
    await waitForRegistration(session.worker, true);
    const live = await session.context.newPage();
    await openWebcastLive(live, 'https://www.tiktok.com/@third_creator/live', null, 'blob');
    const room = site.creator('third_creator').roomId;
    const streaming = site.control.webcastStream({ frames: 400, perSecond: 200, senders: 12 });
    await waitFor('a quarter of the stream at the page', async () => ((await pageFrames(live)) >= 100 ? true : null));
    await stopServiceWorkers(live);
    await waitFor('half of the stream at the page', async () => ((await pageFrames(live)) >= 200 ? true : null));
    await stopServiceWorkers(live);
    expect(await streaming).toBe(400);
    const truth = site.state.webcast.truth;
    expect(truth.rooms[room]).toBe(400);
    const logged = await waitFor('the room log to reach the truth', async () => {
      const t = totals((await readStore<RoomGiftRow>(store, 'roomGifts')).filter((row) => row.roomId === room));
      return t.rooms[room] === truth.rooms[room] ? t : null;
    });
    expect(logged.senders).toEqual(await pseudonymousTruth(truth.senders));
  });
});
