/**
 * The room log's files (research mode, issue 12), in the three formats of the ledger's export and with the same
 * conventions (docs/export-schema.md, "Room log"): streamed page by page, counts in a trailing summary.
 *   JSON:   {"metadata":{… "dataset":"room-log" …},"roomGifts":[ row, … ],"summary":{…}}
 *   NDJSON: a `metadata` line, `room-gift` lines, a `summary` line.
 *   CSV:    a header and one line per row (RFC 4180, the formula guard), its metadata and summary in a sidecar.
 * Every row passes the review's choices (rows removed, columns held back) and then the check (room-log.ts
 * `roomRowProblem`): one row that fails it fails the export, before anything could be saved.
 */
import { csvCell } from './csv';
import { arrayItems } from './json-export';
import type { Pages } from './records';
import { RoomLogCheckError, ROOM_COLUMNS, roomGiftToRow, roomRowProblem, type KnownIdentities, type RoomColumn, type RoomExportRow, type RowHasher } from './room-log';
import { isKnownTimeZone, isoInZone } from './timestamps';
import { inChunks } from './text-chunks';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, type ExportFormat } from './version';
import type { RoomGiftRow } from '../../platform/research';

export const ROOM_LOG_DATASET = 'room-log';

export interface RoomLogRequest {
  timeZone: string;
  exportedAt: number;
  extensionVersion: string;
  /** `from` inclusive, `to` exclusive (epoch ms); `rooms`: only these room ids; null = unbounded / all. */
  filters: { from: number | null; to: number | null; rooms: readonly string[] | null };
  /** The research key the senders (and the row pseudonyms) are made under: its id, kind and the study's name. */
  key: { id: string; kind: 'install' | 'study'; studyName: string | null };
  hash: RowHasher;
  known: KnownIdentities;
  /** The review step: rows removed (by RoomGiftRow id) and the columns let out; null when the file is not reviewed. */
  review: { removedIds: ReadonlySet<string>; columns: readonly RoomColumn[] } | null;
}

export interface RoomLogMetadata {
  format: typeof EXPORT_FORMAT;
  schemaVersion: number;
  dataset: typeof ROOM_LOG_DATASET;
  exportedAt: string;
  exportedAtMs: number;
  extensionVersion: string;
  timeZone: string;
  filters: { from: string | null; fromMs: number | null; to: string | null; toMs: number | null; rooms: string[] | null };
  columns: RoomColumn[];
  withheldColumns: RoomColumn[];
  senders: { method: 'hmac-sha-256'; keyId: string; keyKind: 'install' | 'study'; studyName: string | null };
  review: { removedRows: number; withheldColumns: RoomColumn[] } | null;
}

export interface RoomLogSummary {
  roomGifts: number;
  rooms: number;
  gifts: number;
  /** Coins of the rows whose price is known. */
  coins: number;
  /** Rows of the participant's own gifts (`own` true). */
  ownRows: number;
  removedRows: number;
}

export function roomLogColumns(request: Pick<RoomLogRequest, 'review'>): RoomColumn[] {
  const allowed = request.review ? new Set(request.review.columns) : null;
  return ROOM_COLUMNS.filter((column) => !allowed || allowed.has(column));
}

export function roomLogMetadata(request: RoomLogRequest): RoomLogMetadata {
  const { timeZone, filters } = request;
  if (!isKnownTimeZone(timeZone)) throw new RoomLogCheckError(`unknown time zone "${timeZone}"`);
  const iso = (at: number | null) => (at === null ? null : isoInZone(at, timeZone));
  const columns = roomLogColumns(request);
  const withheld = ROOM_COLUMNS.filter((column) => !columns.includes(column));
  return {
    format: EXPORT_FORMAT, schemaVersion: EXPORT_SCHEMA_VERSION, dataset: ROOM_LOG_DATASET,
    exportedAt: isoInZone(request.exportedAt, timeZone), exportedAtMs: request.exportedAt, extensionVersion: request.extensionVersion, timeZone,
    filters: { from: iso(filters.from), fromMs: filters.from, to: iso(filters.to), toMs: filters.to, rooms: filters.rooms ? [...filters.rooms] : null },
    columns, withheldColumns: withheld,
    senders: { method: 'hmac-sha-256', keyId: request.key.id, keyKind: request.key.kind, studyName: request.key.studyName },
    review: request.review ? { removedRows: request.review.removedIds.size, withheldColumns: withheld } : null,
  };
}

const emptySummary = (): RoomLogSummary => ({ roomGifts: 0, rooms: 0, gifts: 0, coins: 0, ownRows: 0, removedRows: 0 });

/** Pages of the log in, pages of checked export rows out, counted into `summary`. */
async function* roomRowPages(pages: Pages<RoomGiftRow>, request: RoomLogRequest, summary: RoomLogSummary): AsyncGenerator<Partial<RoomExportRow>[]> {
  const columns = roomLogColumns(request);
  const { from, to, rooms } = request.filters;
  const roomSet = rooms ? new Set(rooms) : null;
  const seenRooms = new Set<string>();
  for await (const page of pages) {
    const out: Partial<RoomExportRow>[] = [];
    const kept = page.filter((gift) => {
      if ((from !== null && gift.at < from) || (to !== null && gift.at >= to) || (roomSet && !roomSet.has(gift.roomId))) return false;
      if (!request.review?.removedIds.has(gift.id)) return true;
      summary.removedRows++;
      return false;
    });
    // One MAC per row, all of a page at once: awaited one by one they cost ~12x the whole ledger export (measured).
    const pseudonyms = await Promise.all(kept.map((gift) => request.hash('row', gift.id)));
    for (let i = 0; i < kept.length; i++) {
      const gift = kept[i]!;
      const full = roomGiftToRow(gift, request.timeZone, pseudonyms[i]!);
      const row: Partial<RoomExportRow> = {};
      for (const column of columns) row[column] = full[column];
      const problem = roomRowProblem(row, request.known);
      if (problem) throw new RoomLogCheckError(`the room log cannot be exported: the row of ${full.at} in room ${gift.roomId} failed the check (${problem})`);
      out.push(row);
      seenRooms.add(gift.roomId);
      summary.roomGifts++;
      summary.gifts += gift.count;
      summary.coins += gift.coins ?? 0;
      if (gift.ownLedgerId !== null) summary.ownRows++;
    }
    summary.rooms = seenRooms.size;
    if (out.length > 0) yield out;
  }
}

export async function* roomLogJson(pages: Pages<RoomGiftRow>, request: RoomLogRequest): AsyncGenerator<string, RoomLogSummary> {
  const summary = emptySummary();
  yield `{"metadata":${JSON.stringify(roomLogMetadata(request))},\n"roomGifts":[`;
  yield* arrayItems(roomRowPages(pages, request, summary));
  yield `\n],\n"summary":${JSON.stringify(summary)}}\n`;
  return summary;
}

export async function* roomLogNdjson(pages: Pages<RoomGiftRow>, request: RoomLogRequest): AsyncGenerator<string, RoomLogSummary> {
  const summary = emptySummary();
  yield `${JSON.stringify({ type: 'metadata', ...roomLogMetadata(request) })}\n`;
  for await (const rows of roomRowPages(pages, request, summary)) {
    yield* inChunks(rows, (row) => `${JSON.stringify({ type: 'room-gift', ...row })}\n`);
  }
  yield `${JSON.stringify({ type: 'summary', ...summary })}\n`;
  return summary;
}

export async function* roomLogCsv(pages: Pages<RoomGiftRow>, request: RoomLogRequest): AsyncGenerator<string, RoomLogSummary> {
  const summary = emptySummary();
  const columns = roomLogColumns(request);
  yield `${columns.join(',')}\r\n`;
  for await (const rows of roomRowPages(pages, request, summary)) {
    // The timestamp columns are never formula-guarded (csv.ts): they start with a digit or a sign of the year.
    yield* inChunks(rows, (row) => `${columns.map((c) => csvCell(row[c], c === 'ended_at' ? 'at' : c)).join(',')}\r\n`);
  }
  return summary;
}

export function roomLogChunks(format: ExportFormat, pages: Pages<RoomGiftRow>, request: RoomLogRequest): AsyncGenerator<string, RoomLogSummary> {
  if (format === 'csv') return roomLogCsv(pages, request);
  return format === 'json' ? roomLogJson(pages, request) : roomLogNdjson(pages, request);
}

/** A CSV room log's metadata and summary, saved beside it (`<name>.meta.json`). */
export function roomLogSidecar(request: RoomLogRequest, summary: RoomLogSummary): string {
  return `${JSON.stringify({ metadata: roomLogMetadata(request), summary }, null, 2)}\n`;
}
