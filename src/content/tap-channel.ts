/**
 * The page-world tap and the isolated relay talk through DOM events on `document`, carrying JSON strings only:
 * Firefox refuses to hand objects from the page world to a content script ("Permission denied").
 * Anything arriving here may have been forged by the page: the relay validates every field.
 */
import type { CapturedExchange } from '../core/tiktok/contracts';

export const TAP_EVENT = 'coinsight:tap';

export type TapMessage =
  | { v: 1; kind: 'exchange'; exchange: CapturedExchange }
  /** The page changed its URL without a reload (TikTok is a single-page app). */
  | { v: 1; kind: 'navigation'; url: string };

/** Responses larger than this are not copied at all: the real gift list is about 0.75 MB. */
export const MAX_CAPTURE_CHARS = 4 * 1024 * 1024;
