/**
 * Research mode's line in "This LIVE" (money/LiveCard.tsx): gifts, coins and distinct senders logged in the room of
 * the LIVE being watched (queries/research-rooms.ts, read through the room's index). Part of the money module, which
 * loads after first paint, so the first paint carries none of it. The room is found by the creator handle of the
 * tab's URL among the newest rows; nothing is shown when the log is empty or does not have that room.
 */
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { loadRoom, type RoomSummary } from '../../queries/research-rooms';

/** How many of the newest rows are searched: the room being watched now is among them when it is being logged. */
const RECENT_ROWS = 2000;

export async function researchRoomOf(db: CoinsightDb, handle: string): Promise<RoomSummary | null> {
  try {
    if ((await db.roomGifts.count()) === 0) return null;
    const wanted = handle.toLowerCase();
    const recent = await db.roomGifts.orderBy('at').reverse().limit(RECENT_ROWS).toArray();
    const row = recent.find((r) => r.creatorHandle?.toLowerCase() === wanted);
    return row ? await loadRoom(db, row.roomId) : null;
  } catch {
    return null; // the line is extra: a failed read never holds back the money figures
  }
}

export function ResearchRoomLine({ room, locale }: { room: RoomSummary; locale: string }) {
  const n = (value: number) => value.toLocaleString(locale || uiLocale());
  return <p class="note" data-testid="research-line">{t('researchPopupLine', [n(room.total.gifts), n(room.total.coins), n(room.senders)])}</p>;
}
