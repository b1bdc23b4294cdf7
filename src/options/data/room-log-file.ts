/**
 * The room log's export on the options page (research mode): the rows read from `roomGifts` a page at a time in time
 * order, written by the core writers (core/export/room-log-export.ts) into a Blob. The row and streak pseudonyms are
 * made under the research key, read from IndexedDB here (extension pages share the worker's database); the check
 * searches each row for the participant's own TikTok ids and handles, read from the accounts Coinsight saw.
 */
import { roomLogHasher, type KnownIdentities, type RoomColumn } from '../../core/export/room-log';
import { roomLogChunks, roomLogSidecar, type RoomLogRequest, type RoomLogSummary } from '../../core/export/room-log-export';
import type { ExportFormat } from '../../core/export';
import type { CoinsightDb } from '../../platform/db';
import { RESEARCH_KEY, type RoomGiftRow } from '../../platform/research';
import { researchFromStorage } from '../../platform/research-settings';
import { gatherFile } from './file-sink';
import { MIME } from './export-file';

const PAGE = 2000;

export interface RoomLogChoice {
  format: ExportFormat;
  /** Only this room (null: every room). */
  roomId: string | null;
  /** The review step: always made before a room log leaves (RoomLogReview.tsx). */
  review: { removedIds: ReadonlySet<string>; columns: readonly RoomColumn[] };
}

export interface RoomLogEnv {
  db: CoinsightDb;
  readLocal(key: string): Promise<Record<string, unknown>>;
  timeZone: string;
  now: number;
  extensionVersion: string;
}

export interface RoomLogFile {
  blob: Blob;
  fileName: string;
  summary: RoomLogSummary;
  sidecar: Blob | null;
}

/** The rows of the log the review shows, a page at a time, in the export's order. */
export function roomLogPage(db: CoinsightDb, roomId: string | null, offset: number, limit: number): Promise<RoomGiftRow[]> {
  const rows = roomId === null ? db.roomGifts.orderBy('at') : db.roomGifts.where('[roomId+at]').between([roomId, -Infinity], [roomId, Infinity]);
  return rows.offset(offset).limit(limit).toArray();
}

async function* pagesOf(db: CoinsightDb, roomId: string | null): AsyncGenerator<RoomGiftRow[]> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await roomLogPage(db, roomId, offset, PAGE);
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
  }
}

export async function knownIdentities(db: CoinsightDb): Promise<KnownIdentities> {
  const accounts = await db.accounts.toArray();
  return { ids: accounts.map((a) => a.uid), handles: accounts.flatMap((a) => (a.uniqueId ? [a.uniqueId] : [])) };
}

export class RoomLogUnavailable extends Error {}

export async function roomLogFile(env: RoomLogEnv, choice: RoomLogChoice): Promise<RoomLogFile> {
  const settings = researchFromStorage((await env.readLocal(RESEARCH_KEY))[RESEARCH_KEY]);
  const key = settings.studyKeyId === null ? undefined : await env.db.researchKeys.get(settings.studyKeyId);
  // Without the key the row pseudonyms cannot be made: nothing is exported rather than ids in the clear.
  if (!key) throw new RoomLogUnavailable('no research key is set (switch research mode on once to make one)');
  const request: RoomLogRequest = {
    timeZone: env.timeZone, exportedAt: env.now, extensionVersion: env.extensionVersion,
    filters: { from: null, to: null, rooms: choice.roomId === null ? null : [choice.roomId] },
    key: { id: key.id, kind: key.kind, studyName: settings.studyName }, hash: await roomLogHasher(key.bytes),
    known: await knownIdentities(env.db), review: choice.review,
  };
  const { blob, summary } = await gatherFile(roomLogChunks(choice.format, pagesOf(env.db, choice.roomId), request), MIME[choice.format]);
  const stamp = new Date(env.now).toISOString().slice(0, 19).replaceAll(':', '-');
  return {
    blob, summary, fileName: `coinsight-room-log-${stamp}.${choice.format}`,
    sidecar: choice.format === 'csv' ? new Blob([roomLogSidecar(request, summary)], { type: 'application/json' }) : null,
  };
}
