/**
 * The room log's export, always through the review step: the participant picks a format and a room, sees the rows the
 * file will hold (a page at a time), removes any, chooses whether the creator's columns go out, and exports. The
 * writer checks every row as it leaves (core/export/room-log.ts): a sender that is not a pseudonym, or one of the
 * participant's own ids or handles, fails the export with the reason and nothing is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/export';
import { OPTIONAL_ROOM_COLUMNS, ROOM_COLUMNS, type RoomColumn } from '../../core/export/room-log';
import { browser } from '../../platform/browser';
import { now, timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import type { RoomGiftRow } from '../../platform/research';
import { download } from '../data/export-file';
import { roomLogFile, roomLogPage } from '../data/room-log-file';
import { Field, StatusLine } from '../ui';
import { Pager, RemoveToggle, toggled } from './review-parts';

export const ROOM_REVIEW_PAGE = 50;

export function RoomLogExport({ db, hasKey }: { db: CoinsightDb; hasKey: boolean }) {
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [rooms, setRooms] = useState<{ roomId: string; label: string }[]>([]);
  const [roomId, setRoomId] = useState('');
  const [reviewing, setReviewing] = useState(false);
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<RoomGiftRow[]>([]);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [withheld, setWithheld] = useState<ReadonlySet<RoomColumn>>(new Set());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // One row per room, the newest handle known for it (the rooms view's fold would read every row: this reads keys).
    void db.roomGifts.orderBy('[roomId+at]').uniqueKeys().then(async (keys) => {
      const ids = [...new Set(keys.map((key) => (key as unknown as [string, number])[0]))];
      const labelled = await Promise.all(ids.map(async (id) => {
        const last = await db.roomGifts.where('[roomId+at]').between([id, -Infinity], [id, Infinity]).last();
        return { roomId: id, label: last?.creatorHandle ? `@${last.creatorHandle} (${id})` : id };
      }));
      setRooms(labelled);
    });
  }, [db, reviewing]);
  useEffect(() => {
    if (reviewing) void roomLogPage(db, roomId || null, page * ROOM_REVIEW_PAGE, ROOM_REVIEW_PAGE).then(setRows);
  }, [db, reviewing, roomId, page]);
  const number = (value: number) => value.toLocaleString(uiLocale());
  const when = (at: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'medium', timeZone: timeZone() }).format(at);
  const columns = ROOM_COLUMNS.filter((column) => !withheld.has(column));

  const exportLog = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const env = { db, readLocal: (key: string) => browser.storage.local.get(key), timeZone: timeZone(), now: now(), extensionVersion: browser.runtime.getManifest().version };
      const file = await roomLogFile(env, { format, roomId: roomId || null, review: { removedIds: removed, columns } });
      download(file.blob, file.fileName);
      if (file.sidecar) download(file.sidecar, file.fileName.replace(/\.csv$/, '.meta.json'));
      setDone(t('researchExportDone', [number(file.summary.roomGifts), number(file.summary.removedRows), file.fileName]));
    } catch (failure) {
      setError(t('exportFailed', failure instanceof Error ? failure.message : String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="room-log-export">
      <h3>{t('researchExportTitle')}</h3>
      <p class="muted">{t('researchExportHelp')}</p>
      <Field id="room-log-format" label={t('exportFormat')}>
        <select id="room-log-format" data-testid="room-log-format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as ExportFormat)}>
          {EXPORT_FORMATS.map((name) => <option key={name} value={name}>{t(`exportFormat_${name}`)}</option>)}
        </select>
      </Field>
      <Field id="room-log-room" label={t('researchExportRoom')}>
        <select id="room-log-room" data-testid="room-log-room" value={roomId} onChange={(e) => { setRoomId((e.target as HTMLSelectElement).value); setPage(0); }}>
          <option value="">{t('researchExportAllRooms')}</option>
          {rooms.map((room) => <option key={room.roomId} value={room.roomId}>{room.label}</option>)}
        </select>
      </Field>
      {!reviewing ? (
        <p><button type="button" data-testid="room-log-review" disabled={!hasKey} onClick={() => { setReviewing(true); setPage(0); }}>{t('researchExportReview')}</button></p>
      ) : (
        <section data-testid="room-log-reviewing" class="review">
          <p class="muted">{t('researchReviewHelp')}</p>
          <fieldset>
            <legend>{t('reviewFields')}</legend>
            {OPTIONAL_ROOM_COLUMNS.map((column) => (
              <label key={column} class="inline">
                <input type="checkbox" data-testid={`room-log-field-${column}`} checked={!withheld.has(column)} onChange={() => setWithheld((w) => toggled(w, column))} />{' '}<code>{column}</code>
              </label>
            ))}
          </fieldset>
          <table data-testid="room-log-table">
            <caption>{t('reviewRowsCaption', [number(page * ROOM_REVIEW_PAGE + 1), number(page * ROOM_REVIEW_PAGE + rows.length)])}</caption>
            <thead><tr><th>{t('reviewColWhen')}</th><th>{t('researchColCreator')}</th><th>{t('reviewColWhat')}</th><th>{t('reviewColCoins')}</th><th>{t('researchColSender')}</th><th /></tr></thead>
            <tbody>
              {rows.map((row) => {
                const gone = removed.has(row.id);
                return (
                  <tr key={row.id} data-testid="room-log-row" data-removed={gone ? 'true' : 'false'} class={gone ? 'removed' : undefined}>
                    <td>{when(row.at)}</td>
                    <td>{row.creatorHandle ? `@${row.creatorHandle}` : row.roomId}</td>
                    <td>{`${row.giftName ?? `#${row.giftId}`} × ${number(row.count)}`}{row.ownLedgerId !== null ? ` (${t('researchOwnGift')})` : ''}</td>
                    <td>{row.coins === null ? '?' : number(row.coins)}</td>
                    <td><code>{row.sender.slice(0, 10)}…</code></td>
                    <td><RemoveToggle prefix="room-log" gone={gone} onToggle={() => setRemoved((r) => toggled(r, row.id))} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager prefix="room-log" page={page} more={rows.length >= ROOM_REVIEW_PAGE} onPage={setPage} />
          <p data-testid="room-log-summary">{t('reviewSummary', [number(removed.size), number(withheld.size)])}</p>
          <div class="actions">
            <button type="button" class="primary" data-testid="room-log-export-start" disabled={busy} onClick={() => void exportLog()}>{t('researchExportStart')}</button>
            <button type="button" data-testid="room-log-close" onClick={() => setReviewing(false)}>{t('reviewClose')}</button>
          </div>
        </section>
      )}
      <StatusLine testid="room-log-status">
        {busy && <span>{t('tiktokWorking')}</span>}
        {done && <span data-testid="room-log-done" class="saved">{done}</span>}
        {error && <span data-testid="room-log-error" class="error" role="alert">{error}</span>}
      </StatusLine>
    </div>
  );
}
