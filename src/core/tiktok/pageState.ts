/**
 * Reads who is signed in and which LIVE room is open from the JSON the page embeds in
 * `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">` and `<script id="SIGI_STATE">`.
 * Both take the script's text, parse it with 64-bit ids kept as digit strings, and never throw.
 */
import type { PageAccount, PageRoom } from './contracts';
import { asObject, idString, parseJson, text, type JsonObject } from './json';

/** Embedded state is large but bounded; anything bigger is not what we are looking for. */
const MAX_STATE_CHARS = 16 * 1024 * 1024;

function parseObject(json: string): JsonObject | null {
  if (typeof json !== 'string' || json.length === 0 || json.length > MAX_STATE_CHARS) return null;
  const parsed = parseJson(json);
  return parsed.ok ? asObject(parsed.value) : null;
}

/** `__DEFAULT_SCOPE__['webapp.app-context'].user{uid, uniqueId, nickName}`; null when signed out or absent. */
export function readAccountFromUniversalData(json: string): PageAccount | null {
  const root = parseObject(json);
  const user = asObject(asObject(asObject(root?.__DEFAULT_SCOPE__)?.['webapp.app-context'])?.user);
  if (!user) return null;
  const uid = idString(user.uid);
  if (!uid) return null;
  return { uid, uniqueId: text(user.uniqueId, 100), nickName: text(user.nickName, 200) };
}

/**
 * `LiveRoom.liveRoomUserInfo.user.{roomId, id, uniqueId}`, with `liveRoomUserInfo.liveRoom.roomId`
 * as a fallback for the room. Null when none of the three is present.
 */
export function readRoomFromSigiState(json: string): PageRoom | null {
  const root = parseObject(json);
  const info = asObject(asObject(root?.LiveRoom)?.liveRoomUserInfo);
  if (!info) return null;
  const user = asObject(info.user);
  const liveRoom = asObject(info.liveRoom);
  const roomId = idString(user?.roomId) ?? idString(liveRoom?.roomId);
  const creatorId = idString(user?.id);
  const creatorHandle = text(user?.uniqueId, 100);
  if (roomId === null && creatorId === null && creatorHandle === null) return null;
  return { roomId, creatorId, creatorHandle };
}
