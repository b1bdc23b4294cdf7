/**
 * One line under "This LIVE" when research mode has logged the room being watched: gifts, coins and distinct senders
 * logged in that room (queries/research-rooms.ts, read through the room's index). Nothing when the log is empty or the
 * popup is not over a LIVE. The room is found by the creator handle of the tab's URL among the newest rows.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { loadRoom, type RoomSummary } from '../../queries/research-rooms';
import { watchedLive } from '../money/watched-live';

/** How many of the newest rows are searched for the room: the room being watched now is among them when it is logged. */
const RECENT_ROWS = 2000;

export async function watchedRoomSummary(db: CoinsightDb, handle: string): Promise<RoomSummary | null> {
  const wanted = handle.toLowerCase();
  const recent = await db.roomGifts.orderBy('at').reverse().limit(RECENT_ROWS).toArray();
  const row = recent.find((r) => r.creatorHandle?.toLowerCase() === wanted);
  return row ? loadRoom(db, row.roomId) : null;
}

export function ResearchLine({ db }: { db: CoinsightDb }) {
  const [room, setRoom] = useState<RoomSummary | null>(null);
  useEffect(() => {
    void (async () => {
      if ((await db.roomGifts.count()) === 0) return;
      const live = await watchedLive();
      if (live) setRoom(await watchedRoomSummary(db, live.handle));
    })().catch(() => undefined);
  }, [db]);
  if (!room) return null;
  const n = (value: number) => value.toLocaleString(uiLocale());
  return <p class="note" data-testid="research-line">{t('researchPopupLine', [n(room.total.gifts), n(room.total.coins), n(room.senders)])}</p>;
}
