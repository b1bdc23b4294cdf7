/**
 * The room log's export (research mode): every format validates against the shipped schema, the summary adds up, the
 * review's choices hold, and the check fails the export whenever a clear sender id or handle could be in the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RoomGiftRow } from '../../platform/research';
import { ROOM_A, ROOM_B, ROOM_ROWS, SENDER, T, roomRow } from '../../queries/research-rooms.fixtures';
import { bytes, checkSettings, collect, pagesOf } from './export.fixtures';
import { validateAgainst } from './json-schema-subset';
import { readBackup } from './restore';
import { ROOM_COLUMNS, RoomLogCheckError, roomLogHasher, roomRowProblem } from './room-log';
import { roomLogChunks, roomLogCsv, roomLogJson, roomLogNdjson, roomLogSidecar, type RoomLogRequest } from './room-log-export';
import type { JsonSchema } from './schema-document';

const SHIPPED = JSON.parse(readFileSync(fileURLToPath(new URL('../../../public/export-schema.json', import.meta.url)), 'utf8')) as JsonSchema;
const CODEBOOK = readFileSync(fileURLToPath(new URL('../../../docs/export-schema.md', import.meta.url)), 'utf8');
const KEY = new Uint8Array(32).fill(7);
const ME = { ids: ['6812345678901234567'], handles: ['viewer.me'] };

async function request(over: Partial<RoomLogRequest> = {}): Promise<RoomLogRequest> {
  return {
    timeZone: 'Europe/Paris', exportedAt: T + 86_400_000, extensionVersion: '0.1.0', filters: { from: null, to: null, rooms: null },
    key: { id: 'k_0123456789abcdef', kind: 'study', studyName: 'Gifting rhythms 2026' }, hash: await roomLogHasher(KEY), known: ME, review: null, ...over,
  };
}
const valid = (value: unknown, def: string) => validateAgainst(SHIPPED, value, { $ref: `#/$defs/${def}` });

describe('the room log export', () => {
  it('JSON: validates, one row per streak, the summary adds up, own gifts flagged and never linked', async () => {
    const text = await collect(roomLogJson(pagesOf(ROOM_ROWS), await request()));
    const doc = JSON.parse(text);
    expect(valid(doc, 'roomLogFile')).toBeNull();
    expect(doc.roomGifts).toHaveLength(ROOM_ROWS.length);
    expect(doc.summary).toEqual({ roomGifts: 7, rooms: 2, gifts: 54, coins: 1063, ownRows: 1, removedRows: 0 });
    expect(doc.metadata).toMatchObject({ dataset: 'room-log', schemaVersion: 5, senders: { method: 'hmac-sha-256', keyId: 'k_0123456789abcdef', keyKind: 'study', studyName: 'Gifting rhythms 2026' }, review: null });
    const galaxy = doc.roomGifts[1];
    expect(galaxy).toEqual({
      row: expect.stringMatching(/^[0-9a-f]{32}$/), room_id: ROOM_A, creator_id: '6798765432101234567',
      creator_handle: 'sunset.cooking', at: '2026-11-20T20:01:00.000+01:00', at_ms: T + 60_000, ended_at: '2026-11-20T20:01:01.000+01:00', ended_at_ms: T + 61_000,
      gift_id: 11046, gift_name: 'Galaxy', count: 1, unit_coins: 1000, coins: 1000, sender: SENDER.ben, final: true, own: false, source: 'fetch',
    });
    expect(doc.roomGifts.filter((r: { own: boolean }) => r.own)).toHaveLength(1);
    // Coinsight's row ids, TikTok's group ids and the ledger link never leave.
    for (const secret of ['gift:msg:7481000000000000001', 'streak-g1', '"g1"']) expect(text).not.toContain(secret);
    // The same key names the same rows in a second export.
    const again = JSON.parse(await collect(roomLogJson(pagesOf(ROOM_ROWS), await request())));
    expect(again.roomGifts.map((r: { row: string }) => r.row)).toEqual(doc.roomGifts.map((r: { row: string }) => r.row));
  });

  it('NDJSON lines and the CSV sidecar validate; CSV has the header and guards formulas', async () => {
    const req = await request();
    const nd = await collect(roomLogNdjson(pagesOf(ROOM_ROWS), req));
    const lines = nd.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['metadata', ...ROOM_ROWS.map(() => 'room-gift'), 'summary']);
    for (const line of lines) expect(valid(line, 'roomLogLine')).toBeNull();
    // A ledger line is not a room-log line, and the other way round.
    expect(valid({ type: 'entry', id: 'x' }, 'roomLogLine')).not.toBeNull();
    expect(valid(lines[1], 'ndjsonLine')).not.toBeNull();

    const odd = [roomRow({ id: 'x1', giftName: '=cmd|"calc"' })];
    const csv = roomLogCsv(pagesOf(odd), req);
    let text = '';
    let step = await csv.next();
    while (!step.done) {
      text += step.value;
      step = await csv.next();
    }
    const [header, row] = text.split('\r\n');
    expect(header).toBe(ROOM_COLUMNS.join(','));
    expect(row).toContain(`"'=cmd|""calc"""`);
    expect(row).toContain('2026-11-20T20:00:00.000+01:00');
    const sidecar = JSON.parse(roomLogSidecar(req, step.value));
    expect(valid(sidecar.metadata, 'roomLogMetadata')).toBeNull();
    expect(valid(sidecar.summary, 'roomLogSummary')).toBeNull();
    expect(sidecar.summary.roomGifts).toBe(1);
  });

  it('applies the review (rows removed, creator columns held back) and the filters, and says so', async () => {
    const review = { removedIds: new Set(['g2']), columns: ROOM_COLUMNS.filter((c) => c !== 'creator_handle' && c !== 'creator_id') };
    const doc = JSON.parse(await collect(roomLogChunks('json', pagesOf(ROOM_ROWS), await request({ review, filters: { from: null, to: T + 3_000_000, rooms: [ROOM_A] } }))));
    expect(valid(doc, 'roomLogFile')).toBeNull();
    expect(doc.roomGifts).toHaveLength(4);
    expect(doc.summary).toMatchObject({ roomGifts: 4, rooms: 1, removedRows: 1, coins: 12 + 5 + 15 });
    expect(doc.metadata.review).toEqual({ removedRows: 1, withheldColumns: ['creator_id', 'creator_handle'] });
    expect(doc.metadata.filters).toMatchObject({ rooms: [ROOM_A], toMs: T + 3_000_000 });
    for (const row of doc.roomGifts) expect(Object.keys(row)).toEqual(doc.metadata.columns);
    expect(JSON.stringify(doc.roomGifts)).not.toContain('sunset.cooking');
    expect(JSON.stringify(doc)).not.toContain(ROOM_B);
  });

  it('the check fails the export when a clear sender id or handle could be in it', async () => {
    const cases: [RoomGiftRow, RegExp][] = [
      [roomRow({ id: 'b1', sender: '7098765432109876543' }), /sender is not a pseudonym/], // a TikTok user id: digits only
      [roomRow({ id: 'b2', sender: 'sunset.viewer' }), /sender is not a pseudonym/],
      [roomRow({ id: 'b3', sender: 'ABCDEF0123456789ABCDEF' }), /sender is not a pseudonym/],
      [roomRow({ id: 'b4', giftName: 'viewer.me' }), /gift_name holds one of your TikTok handles/],
      [roomRow({ id: 'b5', giftName: 'from 6812345678901234567' }), /gift_name holds one of your TikTok ids/],
    ];
    for (const [bad, reason] of cases) {
      for (const format of ['json', 'ndjson', 'csv'] as const) {
        const error = await collect(roomLogChunks(format, pagesOf([ROOM_ROWS[0]!, bad]), await request())).catch((e: unknown) => e);
        expect(error, `${bad.id} ${format}`).toBeInstanceOf(RoomLogCheckError);
        expect((error as Error).message).toMatch(reason);
        expect((error as Error).message).toMatch(/^the room log cannot be exported: the row of 2026-11-20T20:00:00.000\+01:00 in room 7412345678901234567/);
      }
    }
    // The creator may be anyone, the participant's own handle included: those columns are not searched.
    expect(roomRowProblem({ creator_handle: 'viewer.me', sender: SENDER.ana }, ME)).toBeNull();
    // And the shipped schema refuses a clear sender too.
    const doc = JSON.parse(await collect(roomLogJson(pagesOf(ROOM_ROWS), await request())));
    doc.roomGifts[0].sender = '7098765432109876543';
    expect(valid(doc, 'roomLogFile')?.path).toBe('$.roomGifts[0].sender');
  });

  it('the codebook documents every room-log column, and restore refuses a room log', async () => {
    for (const column of ROOM_COLUMNS) expect(CODEBOOK, column).toMatch(new RegExp(`\\| \`${column}\`( |,)|, \`${column}\` \\|`));
    expect(CODEBOOK).toContain('coinsight-research-key-v1');
    const text = await collect(roomLogNdjson(pagesOf(ROOM_ROWS), await request()));
    const result = await readBackup(bytes(text), { checkSettings });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/research room log .* cannot be restored/);
  });
});
