import { describe, expect, it } from 'vitest';
import { readAccountFromUniversalData, readRoomFromSigiState } from './pageState';

const universal = (user: unknown) =>
  JSON.stringify({ __DEFAULT_SCOPE__: { 'webapp.app-context': { language: 'en', region: 'US', user }, 'webapp.user-detail': {} } });

describe('readAccountFromUniversalData', () => {
  it('reads uid, uniqueId and nickName', () => {
    expect(readAccountFromUniversalData(universal({ uid: '6999999999999999999', uniqueId: 'viewer_one', nickName: 'Viewer One', secUid: 'MS4w' }))).toEqual({
      uid: '6999999999999999999', uniqueId: 'viewer_one', nickName: 'Viewer One',
    });
  });

  it('keeps a 64-bit numeric uid exact', () => {
    const json = '{"__DEFAULT_SCOPE__":{"webapp.app-context":{"user":{"uid":6999999999999999999,"uniqueId":"v"}}}}';
    expect(readAccountFromUniversalData(json)).toEqual({ uid: '6999999999999999999', uniqueId: 'v', nickName: null });
    expect(readAccountFromUniversalData(universal({ uid: 42 }))).toEqual({ uid: '42', uniqueId: null, nickName: null });
  });

  it('is null when signed out or the uid is not a digit string', () => {
    for (const user of [undefined, null, {}, { uid: '' }, { uid: '0' }, { uid: 'abc' }, { uid: -5 }, { uid: 1.5 }, { uid: true }, { uniqueId: 'x' }, 'user', []]) {
      expect(readAccountFromUniversalData(universal(user)), JSON.stringify(user)).toBe(null);
    }
  });

  it('never throws on garbage', () => {
    for (const json of ['', 'null', '[]', '{', '{"__DEFAULT_SCOPE__":5}', '{"__DEFAULT_SCOPE__":{"webapp.app-context":"x"}}', '<script>', 'x'.repeat(17 * 1024 * 1024)]) {
      expect(readAccountFromUniversalData(json)).toBe(null);
    }
    expect(readAccountFromUniversalData(undefined as unknown as string)).toBe(null);
  });
});

const sigi = (liveRoomUserInfo: unknown) => JSON.stringify({ AppContext: {}, LiveRoom: { liveRoomUserInfo, loadingState: {} } });

describe('readRoomFromSigiState', () => {
  it('reads the room id, creator id and handle', () => {
    expect(readRoomFromSigiState(sigi({ user: { roomId: '7312345678901234567', id: '6812345678901234567', uniqueId: 'creator_one', nickname: 'C' } }))).toEqual({
      roomId: '7312345678901234567', creatorId: '6812345678901234567', creatorHandle: 'creator_one',
    });
  });

  it('falls back to liveRoom.roomId, and keeps 64-bit numbers exact', () => {
    const json = '{"LiveRoom":{"liveRoomUserInfo":{"user":{"id":6812345678901234567,"uniqueId":"c"},"liveRoom":{"roomId":7312345678901234567}}}}';
    expect(readRoomFromSigiState(json)).toEqual({ roomId: '7312345678901234567', creatorId: '6812345678901234567', creatorHandle: 'c' });
  });

  it('returns partial information as nulls', () => {
    expect(readRoomFromSigiState(sigi({ user: { uniqueId: 'c', roomId: '' } }))).toEqual({ roomId: null, creatorId: null, creatorHandle: 'c' });
  });

  it('is null when nothing useful is there, and never throws', () => {
    for (const json of ['', 'null', '[]', '{', sigi(null), sigi({}), sigi({ user: {} }), sigi({ user: { roomId: 'abc', id: [], uniqueId: 5 } }), '{"LiveRoom":7}']) {
      expect(readRoomFromSigiState(json), json).toBe(null);
    }
    expect(readRoomFromSigiState(42 as unknown as string)).toBe(null);
  });
});
