/**
 * How the page-world tap and the isolated relay talk. Page scripts share the tap's world, so anything dispatched where
 * they can listen (on `document`) can be forged or read by them. The two therefore meet once, and then talk through a
 * node no page script can reference:
 *
 * 1. The relay creates a detached node R and dispatches HELLO_EVENT on `document` (a MouseEvent whose relatedTarget
 *    is R). The tap listens for it on `window` in the capture phase, registered at document_start: before any page
 *    script exists, so its listener runs first.
 * 2. The tap creates a detached node C and dispatches CHANNEL_EVENT on R (relatedTarget C). The relay takes the first
 *    C handed to it while its hello is being dispatched, and listens for TAP_EVENT on C.
 * 3. From then on the tap dispatches its messages (TAP_EVENT, a JSON string in `detail`: Firefox refuses to hand
 *    objects from the page world to a content script) on C.
 *
 * A relay that runs before the tap (the order of document_start scripts is the browser's) gets no answer; the tap
 * dispatches READY_EVENT on `document` when it starts, and the relay says hello again.
 * TAP_EVENT on `document` is what taps of version 0.1.0 dispatched: the relay treats it as a forgery, except beside
 * such a tap (see relay/channel.ts). Anything arriving is validated by the relay, whatever its route.
 */
import type { CapturedExchange } from '../core/tiktok/contracts';
import type { GuardState } from '../core/guard-state';

export const TAP_EVENT = 'coinsight:tap';
export const HELLO_EVENT = 'coinsight:relay';
export const CHANNEL_EVENT = 'coinsight:channel';
export const READY_EVENT = 'coinsight:ready';
/** The relay's messages to the tap: dispatched by the relay on the tap's node C (which only the two hold). */
export const RELAY_EVENT = 'coinsight:relay-message';

export type TapMessage =
  | { v: 1; kind: 'exchange'; exchange: CapturedExchange }
  /** The page changed its URL without a reload (TikTok is a single-page app). */
  | { v: 1; kind: 'navigation'; url: string }
  /** A gift send the tap holds before it reaches the network; the relay answers with a verdict of the same id. */
  | { v: 1; kind: 'hold'; id: number; send: HeldSend };

/** What the tap read from a held gift send's request (body and query), for the relay's dialog and the worker. */
export interface HeldSend {
  giftId: number;
  count: number;
  roomId: string | null;
  /** The creator's user id from the request (`to_user_id`). */
  toUserId: string | null;
  /** Unit price × count from the prices the relay handed over; null when the gift's price is not known. */
  coins: number | null;
  pageUrl: string;
  /** The rules that made the tap hold it (GuardRule ids). */
  ruleIds: string[];
  /** Page clock when the page called send. */
  at: number;
}

/**
 * Relay → tap, JSON strings like the other direction (Firefox cannot hand objects across worlds). `guard` replaces
 * what the tap decides from (prices: gift id → unit price in coins, from the room's gift list); `verdict` releases
 * (go) or fails (no go, as a network failure would) the held send with that id.
 */
export type RelayMessage =
  | { v: 1; kind: 'guard'; state: GuardState; prices: [number, number][] }
  | { v: 1; kind: 'verdict'; id: number; go: boolean };

/** Responses larger than this are not copied at all: the real gift list is about 0.75 MB. */
export const MAX_CAPTURE_CHARS = 4 * 1024 * 1024;

/** The tap keeps the gift sends of this long for a relay that connects later (one injected after an update). */
export const REPLAY_MS = 10 * 60_000;
export const REPLAY_MAX_SENDS = 200;
/** Channels the tap keeps open; the first (the relay of the page load) is never dropped. */
export const MAX_CHANNELS = 8;
