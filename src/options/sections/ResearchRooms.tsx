/**
 * The rooms research mode logged (queries/research-rooms.ts): per room the creator, the room id, gifts, coins,
 * distinct senders, top gifts, first and last seen, and the participant's own gifts apart; above them, the room of a
 * LIVE open in a tab now (found by the creator handle of its URL). Read when shown and on "Refresh".
 */
import { useEffect, useState } from 'preact/hooks';
import { liveHandleOf } from '../../core/live-visit';
import { browser } from '../../platform/browser';
import { timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { loadRoomLog, watchedRoom, type RoomLogSummary, type RoomSummary, type Tally } from '../../queries/research-rooms';

async function watchedHandles(): Promise<string[]> {
  const tabs = await browser.tabs.query({ url: 'https://www.tiktok.com/*' }).catch(() => []);
  return tabs.flatMap((tab) => liveHandleOf(tab.url) ?? []);
}

export function ResearchRooms({ db, version }: { db: CoinsightDb; version: number }) {
  const [log, setLog] = useState<RoomLogSummary | null>(null);
  const [watching, setWatching] = useState<RoomSummary[]>([]);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    void Promise.all([loadRoomLog(db), watchedHandles()]).then(([summary, handles]) => {
      setLog(summary);
      setWatching(handles.flatMap((handle) => watchedRoom(summary, handle) ?? []));
    });
  }, [db, version, reads]);
  const number = (value: number) => value.toLocaleString(uiLocale());
  const when = (at: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'short', timeStyle: 'short', timeZone: timeZone() }).format(at);
  const coins = (tally: Tally) => (tally.unpricedGifts > 0 ? t('researchCoinsUnpriced', [number(tally.coins), number(tally.unpricedGifts)]) : t('researchCoins', number(tally.coins)));
  const creator = (room: RoomSummary) => (room.creatorHandle ? `@${room.creatorHandle}` : t('researchCreatorUnknown'));

  return (
    <div data-testid="research-rooms">
      <h3>{t('researchRoomsTitle')}</h3>
      {watching.map((room) => (
        <p key={room.roomId} data-testid="research-watching" class="card">
          {t('researchWatching', [creator(room), number(room.total.gifts), coins(room.total), number(room.senders)])}
        </p>
      ))}
      {log === null ? <p class="muted">{t('loading')}</p> : log.rooms.length === 0 ? <p class="muted" data-testid="research-rooms-empty">{t('researchRoomsEmpty')}</p> : (
        <>
          <p data-testid="research-rooms-total">{t('researchRoomsTotal', [number(log.rooms.length), number(log.total.gifts), coins(log.total), number(log.senders)])}</p>
          <table data-testid="research-rooms-table">
            <thead>
              <tr>
                <th>{t('researchColCreator')}</th><th>{t('researchColGifts')}</th><th>{t('researchColCoins')}</th><th>{t('researchColSenders')}</th>
                <th>{t('researchColTop')}</th><th>{t('researchColSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {log.rooms.map((room) => (
                <tr key={room.roomId} data-testid="research-room" data-room={room.roomId}>
                  <td>{creator(room)}<div class="note">{t('researchRoomId', room.roomId)}</div></td>
                  <td>
                    <span data-testid="research-room-gifts">{number(room.others.gifts)}</span>
                    {room.own.streaks > 0 && <div class="note" data-testid="research-room-own">{t('researchYours', [number(room.own.gifts), coins(room.own)])}</div>}
                  </td>
                  <td>
                    <span data-testid="research-room-coins">{number(room.others.coins)}</span>
                    {room.others.unpricedGifts > 0 && <div class="note">{t('researchUnpricedNote', number(room.others.unpricedGifts))}</div>}
                  </td>
                  <td data-testid="research-room-senders">{number(room.senders)}</td>
                  <td>{room.topGifts.map((g) => `${g.giftName ?? `#${g.giftId}`} × ${number(g.count)}`).join(', ')}</td>
                  <td>{when(room.firstAt)}<div class="note">{when(room.lastAt)}</div></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{t('researchRoomsNote')}</p>
        </>
      )}
      <p><button type="button" data-testid="research-rooms-refresh" onClick={() => setReads((n) => n + 1)}>{t('researchRefresh')}</button></p>
    </div>
  );
}
