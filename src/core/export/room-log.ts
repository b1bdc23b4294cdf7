/**
 * The room log (research mode, issue 12) as export rows: one flat row per logged streak (platform/research.ts
 * RoomGiftRow), in the codebook's columns (docs/export-schema.md, "Room log"). Pure, like every other writer input.
 *
 * What leaves, and in what form:
 * - `sender` is already a pseudonym (HMAC under the research key, made at capture); it leaves as it is.
 * - The row's id is Coinsight's own (room, sender pseudonym, gift and TikTok's group id of the streak, or TikTok's
 *   message id of a single gift); it leaves as an HMAC pseudonym under the same research key (`row`), so two exports of
 *   one log still name the same rows. One row is one streak, so the streak needs no column of its own.
 * - The participant's own gifts leave flagged (`own`), never with the id of their ledger entry.
 * - The creator (`room_id`, `creator_id`, `creator_handle`) is what the study is about: kept, unless the participant
 *   holds the column back in the review step.
 * The check (`roomRowProblem`) runs on every row as it leaves: a sender that is not a pseudonym, or any cell that holds
 * one of the participant's own TikTok ids or handles, fails the whole export with the reason.
 */
import type { RoomGiftRow } from '../../platform/research';
import { isoInZone } from './timestamps';

export const ROOM_COLUMNS = [
  'row', 'room_id', 'creator_id', 'creator_handle', 'at', 'at_ms', 'ended_at', 'ended_at_ms',
  'gift_id', 'gift_name', 'count', 'unit_coins', 'coins', 'sender', 'final', 'own', 'source',
] as const;
export type RoomColumn = (typeof ROOM_COLUMNS)[number];
export type RoomCell = string | number | boolean | null;
export type RoomExportRow = Record<RoomColumn, RoomCell>;

/** Columns the review step may hold back: what identifies the creator and the room. The rest is the study's data. */
export const OPTIONAL_ROOM_COLUMNS: readonly RoomColumn[] = ['room_id', 'creator_id', 'creator_handle'];

/** Makes the `row` pseudonym: HMAC under the research key (see `roomLogHasher`). */
export type RowHasher = (domain: 'row', value: string) => Promise<string>;

/**
 * A sender pseudonym as capture writes it (core/research/pseudonym.ts): `p_` + 32 lowercase hex; or bare lowercase hex
 * of 16 to 128 digits that is not only digits (a TikTok user id is). Anything else could be a clear id or handle.
 */
export const SENDER_PSEUDONYM_SOURCE = '^(?:p_[0-9a-f]{32}|(?=[0-9a-f]*[a-f])[0-9a-f]{16,128})$';
export const SENDER_PSEUDONYM = new RegExp(SENDER_PSEUDONYM_SOURCE);

/** `row`: the pseudonym of the row's id (made by the caller, a page at a time: WebCrypto answers them in parallel). */
export function roomGiftToRow(gift: RoomGiftRow, timeZone: string, row: string): RoomExportRow {
  return {
    row,
    room_id: gift.roomId,
    creator_id: gift.creatorId,
    creator_handle: gift.creatorHandle,
    at: isoInZone(gift.at, timeZone),
    at_ms: gift.at,
    ended_at: isoInZone(gift.endedAt, timeZone),
    ended_at_ms: gift.endedAt,
    gift_id: gift.giftId,
    gift_name: gift.giftName,
    count: gift.count,
    unit_coins: gift.unitCoins,
    coins: gift.coins,
    sender: gift.sender,
    final: gift.final === 1,
    own: gift.ownLedgerId !== null,
    source: gift.source,
  };
}

/** The participant's own identifiers (their TikTok user ids and handles, from the accounts Coinsight saw). */
export interface KnownIdentities {
  ids: readonly string[];
  handles: readonly string[];
}

/** Why this row may not leave, or null. Creator columns are not searched: the participant is not the creator. */
export function roomRowProblem(row: Partial<RoomExportRow>, known: KnownIdentities): string | null {
  if (row.sender !== undefined && (typeof row.sender !== 'string' || !SENDER_PSEUDONYM.test(row.sender))) {
    return 'its sender is not a pseudonym (p_ and 32 hex digits): it could be a clear TikTok id or handle';
  }
  const ids = known.ids.filter((id) => id.length >= 6);
  const handles = new Set(known.handles.map((h) => h.toLowerCase()));
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== 'string' || column.startsWith('creator_') || column === 'room_id') continue;
    if (ids.some((id) => value.includes(id))) return `its ${column} holds one of your TikTok ids`;
    if (handles.has(value.toLowerCase().replace(/^@/, ''))) return `its ${column} holds one of your TikTok handles`;
  }
  return null;
}

export class RoomLogCheckError extends Error {
  override name = 'RoomLogCheckError';
}

/** HMAC-SHA-256 under the research key's bytes: 32 hex digits, domain-separated, one MAC per distinct value. */
export async function roomLogHasher(keyBytes: Uint8Array): Promise<RowHasher> {
  const api = globalThis.crypto.subtle;
  const key = await api.importKey('raw', new Uint8Array(keyBytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const encoder = new TextEncoder();
  const cache = new Map<string, Promise<string>>();
  return (domain, value) => {
    const input = `coinsight-room-log:${domain}\u001f${value}`;
    let out = cache.get(input);
    if (out === undefined) {
      out = api.sign('HMAC', key, encoder.encode(input)).then((mac) => [...new Uint8Array(mac).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(''));
      if (cache.size >= 50_000) cache.clear();
      cache.set(input, out);
    }
    return out;
  };
}
