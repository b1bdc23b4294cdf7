/**
 * Research mode's shared contract (issue 12): the setting every context reads, and the row of the room log.
 * The setting is written only by the worker, from extension pages via messages; the capture scripts exist only while
 * it is on (background/research/registration.ts).
 */

/** storage.local key: research settings (written only by the worker, from extension pages via messages). */
export const RESEARCH_KEY = 'research';

export interface ResearchSettings {
  enabled: boolean;
  consentedAt: number | null;
  studyName: string | null;
  /** key id only; the key bytes live in IndexedDB */
  studyKeyId: string | null;
}

/** Dexie version 6 table `roomGifts`, indexes: 'id, at, [roomId+at], sender' */
export interface RoomGiftRow {
  id: string;
  roomId: string;
  creatorId: string | null;
  creatorHandle: string | null;
  at: number;
  endedAt: number;
  giftId: number;
  giftName: string | null;
  count: number;
  unitCoins: number | null;
  coins: number | null;
  sender: string /* HMAC pseudonym, hex */;
  streakId: string;
  final: 0 | 1;
  ownLedgerId: string | null;
  source: 'push' | 'fetch';
}
