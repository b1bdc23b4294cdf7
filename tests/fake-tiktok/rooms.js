// @ts-check
/**
 * Creators and their LIVE rooms: ids derived from the handle (stable across runs), unless the `rooms` option gives them.
 * The default creator keeps the `roomId` option (DEFAULT_ROOM_ID unless set); every other handle gets its own
 * derived 19-digit room id, so a client-side move between LIVEs changes the room id as it does on the real site.
 */
import { createHash } from 'node:crypto';

export const DEFAULT_CREATOR = 'coinsight_creator';
export const DEFAULT_SUGGESTED = Object.freeze(['another_creator', 'third_creator']);

/**
 * @typedef {{ id?: string, nickname?: string, roomId?: string }} RoomOptions
 * @typedef {{ id: string, uniqueId: string, nickname: string, roomId: string }} Creator
 */

/** @param {string} salt @param {string} handle */
const hash64 = (salt, handle) => createHash('sha256').update(`${salt}${handle}`).digest().readBigUInt64BE(0);

/**
 * @param {{ rooms: Record<string, RoomOptions>, roomId: string, suggested: readonly string[] }} o
 */
export function createCreators({ rooms, roomId, suggested }) {
  /** @param {string} handle @returns {Creator} */
  const creatorFor = (handle) => {
    const o = rooms[handle] ?? {};
    const derivedId = (6n * 10n ** 18n + (hash64('', handle) % 10n ** 18n)).toString();
    let derivedRoom = (73n * 10n ** 17n + (hash64('room:', handle) % 10n ** 17n)).toString();
    if (derivedRoom === roomId) derivedRoom = (BigInt(derivedRoom) + 1n).toString();
    const room = o.roomId ?? (handle === DEFAULT_CREATOR ? roomId : derivedRoom);
    return { id: o.id ?? derivedId, uniqueId: handle, nickname: o.nickname ?? handle, roomId: room };
  };

  /**
   * The suggested LIVEs a page of `handle` lists: the `suggested` handles, with the default creator as a stand-by, never
   * `handle` itself; as many as `suggested` has.
   * @param {string} handle
   */
  const suggestionsFor = (handle) =>
    [...new Set([...suggested, DEFAULT_CREATOR])].filter((h) => h !== handle).slice(0, suggested.length);

  /**
   * Every creator a LIVE page of `handle` may move to without a page load (itself, its suggestions, and theirs),
   * keyed by handle.
   * @param {string} handle
   * @returns {Record<string, Creator>}
   */
  const creatorsFor = (handle) => {
    const handles = new Set([handle, ...suggested, DEFAULT_CREATOR]);
    return Object.fromEntries([...handles].map((h) => [h, creatorFor(h)]));
  };

  return { creatorFor, suggestionsFor, creatorsFor };
}
