// Research mode's worker pipeline on a real (fake-indexeddb) database, fed frames in TikTok's wire layout made by the
// stand-in's encoder: refusal while off, pseudonyms only, streak joins across batches and sources, catalogue prices,
// diagnostics, own gifts linked to the ledger, quiet streaks finalised.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchBody, giftMessage, pushFrame, unknownLayoutFrame } from '../../../tests/fake-tiktok/webcast-encode.js';
import { openDb, type CoinsightDb } from '../../platform/db';
import { RESEARCH_KEY } from '../../platform/research';
import type { WireFrame } from '../../platform/research-wire';
import { MemoryStorage } from '../handlers/data.fixtures';
import { RefusedError } from '../router';
import { captureFrames, creatorHandleOf, roomIdOf } from './capture';
import { finaliseQuiet } from './finalise';

const ROOM = '7300000000000000001';
const KEY_ID = 'k_0123456789abcdef';
const ALICE = { id: '6900000000000000011', handle: 'alice_clear' };
const BOB = { id: '6900000000000000022', handle: 'bob_clear' };
const OWN = { id: '6912345678901234567', handle: 'me' };
const T0 = Date.UTC(2026, 11, 2, 12);
let db: CoinsightDb;
let storage: MemoryStorage;
let clock = T0;
let ids = 0;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const push = (messages: ReturnType<typeof giftMessage>[], gzip = false): WireFrame =>
  ({ source: 'push', at: clock, url: `wss://webcast.tiktok.com/webcast/im/push/v2/?room_id=${ROOM}`, data: b64(pushFrame({ messages, gzip })) });
const rose = (user: { id: string; handle: string }, repeatCount: number, repeatEnd: boolean, groupId = '1700000000001') =>
  giftMessage({ msgId: String(7_000_000_000_000_000_000n + BigInt(++ids)), roomId: ROOM, createTime: T0 + ids, giftId: 5655, repeatCount, repeatEnd, groupId, user, gift: { id: 5655, name: 'Rose', diamondCount: 1, type: 1, combo: true } });
const corgi = (user: { id: string; handle: string }, msgId: string) =>
  giftMessage({ msgId, roomId: ROOM, createTime: T0, giftId: 9106, repeatCount: 1, user, gift: { id: 9106, name: 'Corgi', diamondCount: 299, type: 2, combo: false } });
const deps = () => ({ db, storage, now: () => clock });
const capture = (frames: WireFrame[], dropped = 0) => captureFrames(deps(), { pageUrl: 'https://www.tiktok.com/@coinsight_creator/live?x=1', frames, dropped });

beforeEach(async () => {
  db = openDb(`research-${Math.random()}`);
  await db.open();
  await db.researchKeys.put({ id: KEY_ID, kind: 'install', from: 'generated', bytes: new Uint8Array(32).fill(7), createdAt: T0 });
  storage = new MemoryStorage({ [RESEARCH_KEY]: { enabled: true, consentedAt: T0, studyName: null, studyKeyId: KEY_ID } });
  clock = T0;
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('captureFrames', () => {
  it('refuses for good and stores nothing while research mode is off', async () => {
    await storage.set({ [RESEARCH_KEY]: { enabled: false, consentedAt: T0, studyName: null, studyKeyId: KEY_ID } });
    await expect(capture([push([rose(ALICE, 1, true)])])).rejects.toBeInstanceOf(RefusedError);
    expect(await db.roomGifts.count()).toBe(0);
    expect(await db.diagnostics.count()).toBe(0);
  });

  it('refuses when the key named by the setting is not stored', async () => {
    await db.researchKeys.clear();
    await expect(capture([push([rose(ALICE, 1, true)])])).rejects.toThrow(/no key/);
  });

  it('counts a streak once at its maximum across batches, sources, repeats and disorder, with pseudonymous senders only', async () => {
    const end = rose(ALICE, 5, true);
    await capture([push([rose(ALICE, 3, false), rose(ALICE, 1, false)], true)]);
    await capture([{ source: 'fetch', at: clock, url: `https://webcast.tiktok.com/webcast/im/fetch/?room_id=${ROOM}`, data: b64(fetchBody({ messages: [rose(ALICE, 2, false), end], gzip: true })) }]);
    await capture([push([end, rose(ALICE, 4, false)])]);
    const rows = await db.roomGifts.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ roomId: ROOM, giftId: 5655, giftName: 'Rose', count: 5, unitCoins: 1, coins: 5, final: 1, source: 'push', creatorHandle: 'coinsight_creator', streakId: '1700000000001' });
    expect(rows[0]!.sender).toMatch(/^p_[0-9a-f]{32}$/);
    const text = JSON.stringify(rows);
    for (const clear of [ALICE.id, ALICE.handle]) expect(text).not.toContain(clear);
  });

  it('prices by the catalogue over the message; a non-streak gift counts once by message id', async () => {
    await db.catalogue.put({ giftId: 9106, name: 'Corgi', coins: 300, type: 2, combo: false, imageHash: null, seenAt: T0 });
    await capture([push([corgi(BOB, '7100000000000000001'), corgi(BOB, '7100000000000000001')]), push([corgi(BOB, '7100000000000000002')])]);
    const rows = await db.roomGifts.toArray();
    expect(rows.map((row) => row.coins)).toEqual([300, 300]);
    expect(rows.every((row) => row.streakId === '0' && row.final === 1)).toBe(true);
  });

  it('counts unknown layouts and dropped frames as webcast diagnostics, and still logs the rest', async () => {
    const reply = await capture([{ source: 'push', at: clock, url: '', data: b64(unknownLayoutFrame({})) }, push([rose(BOB, 1, true, '1700000000002')])], 3);
    expect(reply).toEqual({ frames: 2, gifts: 1, undecodable: 1 });
    const diagnostics = await db.diagnostics.toArray();
    expect(diagnostics.map((d) => [d.endpoint, d.reason, d.count])).toEqual(expect.arrayContaining([
      ['webcast', 'gift-layout-unreadable', 1], ['webcast', 'frames-dropped-by-capture-caps', 3],
    ]));
    await capture([{ source: 'push', at: clock, url: '', data: b64(unknownLayoutFrame({})) }]);
    expect((await db.diagnostics.get('diagnostic:webcast:gift-layout-unreadable'))?.count).toBe(2);
    expect(await db.roomGifts.count()).toBe(1);
  });

  it("links the participant's own gift to its ledger entry, even when the entry comes after the streak", async () => {
    await db.accounts.put({ uid: OWN.id, uniqueId: OWN.handle, nickName: null, lastSeenAt: T0 });
    await capture([push([rose(OWN, 2, false, '1700000000003'), rose(ALICE, 1, false, '1700000000004')])]);
    expect((await db.roomGifts.toArray()).every((row) => row.ownLedgerId === null)).toBe(true);
    await db.ledger.put({ id: 'gift:own-1', kind: 'gift', at: T0 + 100, coins: 2, account: OWN.id, source: 'gift-send', giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: ROOM } as never);
    // Quiet long enough: the sweep finalises both streaks and links the own one.
    const own = new Set<string>();
    for (const row of await db.roomGifts.toArray()) if (row.streakId === '1700000000003') own.add(row.sender);
    await db.transaction('rw', [db.roomGifts, db.ledger], () => finaliseQuiet(db, T0 + 1, own, true));
    await db.transaction('rw', [db.roomGifts, db.ledger], () => finaliseQuiet(db, T0 + 10_000, own, true));
    const rows = await db.roomGifts.toArray();
    expect(rows.every((row) => row.final === 1)).toBe(true);
    expect(rows.find((row) => row.streakId === '1700000000003')?.ownLedgerId).toBe('gift:own-1');
    expect(rows.find((row) => row.streakId === '1700000000004')?.ownLedgerId).toBeNull();
    expect(JSON.stringify(rows)).not.toContain(OWN.id);
  });
});

describe('page facts', () => {
  it('reads the room from the socket URL and the creator from the LIVE page URL', () => {
    expect(roomIdOf(`wss://webcast16-ws-useast1a.tiktok.com/webcast/im/push/v2/?aid=1988&room_id=${ROOM}`)).toBe(ROOM);
    expect(roomIdOf('wss://x/webcast/im/push/?room_id=abc')).toBeUndefined();
    expect(creatorHandleOf('https://www.tiktok.com/@some.one_1/live?enter=x')).toBe('some.one_1');
    expect(creatorHandleOf('https://www.tiktok.com/foryou')).toBeNull();
  });
});
