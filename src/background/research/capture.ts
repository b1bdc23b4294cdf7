/**
 * Research mode's worker pipeline (issue 12): one `research/frames` message from the research relay becomes rows of
 * the room log. In order:
 * 1. The setting is read afresh: off (or no key) refuses the batch for good and stores nothing.
 * 2. Every frame is decoded (gunzip + core/webcast) and every sender pseudonymised at once with HMAC under the research
 *    key (keys.ts); the clear id and handle go no further than this function.
 * 3. One transaction: the streak rows are read, joined with what arrived (rows.ts) and written; undecodable layouts
 *    and dropped frames are counted in `diagnostics`; the participant's own gifts are linked to their ledger entries
 *    (own-gifts.ts); quiet streaks are finalised (finalise.ts). Only then does the relay get its answer, so a worker
 *    stopped before it loses nothing acknowledged (the relay sends the batch again; rows are idempotent joins).
 * All crypto and decoding happen before the transaction: IndexedDB commits a transaction that waits on anything else.
 */
import { pseudonymiseGift } from '../../core/research/pseudonym';
import { rowOf } from '../../core/research/streaks';
import type { RoomGift } from '../../core/research/types';
import { decodeFetchBody, decodePushFrame } from '../../core/webcast/frames';
import type { FrameResult, GiftEvent } from '../../core/webcast/types';
import type { CoinsightDb, DiagnosticRow } from '../../platform/db';
import { RESEARCH_KEY, type RoomGiftRow } from '../../platform/research';
import { researchFromStorage } from '../../platform/research-settings';
import type { FramesPayload, FramesReply, WireFrame } from '../../platform/research-wire';
import { RefusedError } from '../router';
import { finaliseQuiet, noteSeen } from './finalise';
import { pseudonymsFor } from './keys';
import { linkOwnGifts } from './own-gifts';
import { changed, mergeRow, type RowExtras } from './rows';

export interface CaptureDeps {
  db: CoinsightDb;
  storage: { get(key: string): Promise<Record<string, unknown>> };
  now: () => number;
}

const MAX_DIAGNOSTIC_REASON = 200;

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The creator's handle from a LIVE page's URL (https://www.tiktok.com/@handle/live), else null. */
export function creatorHandleOf(pageUrl: string): string | null {
  return /^https:\/\/www\.tiktok\.com\/@([A-Za-z0-9._]{1,24})\/live(?:[/?#]|$)/.exec(pageUrl)?.[1] ?? null;
}

/** The room a socket or backlog request belongs to, from its URL's `room_id`. */
export function roomIdOf(url: string): string | undefined {
  try {
    const id = new URL(url).searchParams.get('room_id');
    return id && /^\d{1,20}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

async function decode(frame: WireFrame): Promise<FrameResult> {
  const roomId = roomIdOf(frame.url);
  const context = roomId ? { roomId } : {};
  return frame.source === 'push' ? decodePushFrame(bytesOf(frame.data), context) : decodeFetchBody(bytesOf(frame.data), context);
}

export async function captureFrames({ db, storage, now }: CaptureDeps, payload: FramesPayload): Promise<FramesReply> {
  const settings = researchFromStorage((await storage.get(RESEARCH_KEY))[RESEARCH_KEY]);
  if (!settings.enabled || settings.studyKeyId === null) throw new RefusedError('research mode is off: nothing is logged');
  const pseudonym = await pseudonymsFor(db, settings.studyKeyId);
  if (!pseudonym) throw new RefusedError('research mode has no key to pseudonymise senders under: nothing is logged');

  const at = now();
  const events: { event: GiftEvent; source: RoomGiftRow['source'] }[] = [];
  const problems = new Map<string, number>();
  const note = (reason: string, count = 1): void => void problems.set(reason, (problems.get(reason) ?? 0) + count);
  if (payload.dropped > 0) note('frames-dropped-by-capture-caps', payload.dropped);
  let undecodable = 0;
  const results = await Promise.all(payload.frames.map(decode));
  for (const [i, result] of results.entries()) {
    const frame = payload.frames[i]!;
    for (const event of result.gifts) events.push({ event, source: frame.source });
    for (const { reason, count } of result.diagnostics) {
      note(reason, count);
      if (reason !== 'gift-price-unknown') undecodable += count;
    }
  }

  // Pseudonyms at once, before anything is kept; own gifts are told from others' here, in the clear, and only here.
  const ownIds = new Set((await db.accounts.toArray()).map((account) => account.uid));
  const ownPseudonyms = new Set(await Promise.all([...ownIds].map((uid) => pseudonym(uid))));
  const creatorHandle = creatorHandleOf(payload.pageUrl);
  const gifts: { gift: RoomGift; extras: RowExtras }[] = [];
  for (const { event, source } of events) {
    const captured = await pseudonymiseGift(event, pseudonym, ownIds.has(event.senderId) ? event.senderId : undefined);
    gifts.push({ gift: rowOf(captured), extras: { giftName: event.giftName ?? null, creatorId: event.toUserId ?? null, creatorHandle, source } });
  }

  const written = await db.transaction('rw', [db.roomGifts, db.diagnostics, db.ledger, db.catalogue], async () => {
    // The catalogue's price wins over the message's (field numbers drift; the gift list is the reference).
    const catalogue = await db.catalogue.bulkGet([...new Set(gifts.map(({ gift }) => gift.giftId))]);
    const prices = new Map(catalogue.flatMap((row) => (row ? [[row.giftId, row.coins] as const] : [])));
    const ids = [...new Set(gifts.map(({ gift }) => gift.id))];
    const before = new Map((await db.roomGifts.bulkGet(ids)).flatMap((row) => (row ? [[row.id, row] as const] : [])));
    const rows = new Map(before);
    for (const { gift, extras } of gifts) {
      const unit = prices.get(gift.giftId) ?? gift.unitCoins;
      const priced = unit === gift.unitCoins ? gift : { ...gift, unitCoins: unit, coins: unit === null ? null : unit * gift.count };
      rows.set(gift.id, mergeRow(rows.get(gift.id), priced, extras));
    }
    const writes = [...rows.values()].filter((row) => changed(before.get(row.id), row));
    if (writes.length > 0) await db.roomGifts.bulkPut(writes);
    for (const [reason, count] of problems) await bumpDiagnostic(db, reason, count, at);
    await linkOwnGifts(db, writes.filter((row) => ownPseudonyms.has(row.sender)));
    await finaliseQuiet(db, at, ownPseudonyms);
    return writes;
  });
  noteSeen(written, at);
  return { frames: payload.frames.length, gifts: events.length, undecodable };
}

async function bumpDiagnostic(db: CoinsightDb, reason: string, count: number, at: number): Promise<void> {
  const short = reason.slice(0, MAX_DIAGNOSTIC_REASON);
  const id = `diagnostic:webcast:${short}`;
  const row = await db.diagnostics.get(id);
  const next: DiagnosticRow = { id, at, endpoint: 'webcast', reason: short, count: (row ? row.count ?? 1 : 0) + count };
  await db.diagnostics.put(next);
}
