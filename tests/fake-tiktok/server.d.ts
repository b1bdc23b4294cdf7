// Types for server.js (the project's tsconfig does not check .js files; TypeScript importers get these).
// Keep in step with server.js and catalogue.js.

export interface FakeGift {
  id: number;
  name: string;
  /** price of one gift in coins */
  diamond_count: number;
  /** 1 = streakable (combo); 2 and 4 are non-streak gifts */
  type: number;
  combo: boolean;
  /** the 32-hex hash in the image URL */
  imageHash: string;
  /** served under webcast-va/resource/<hash>.png (the other real form) */
  resource?: boolean;
}

export interface FakeLocale {
  currency: string;
  symbol: string;
  group: string;
  decimal: string;
  decimals: number;
  /** price of 70 coins in displayed minor units */
  per70: number;
}

export interface FakePrice {
  /** integer, in the locale's displayed minor unit (cents for USD, đồng for VND) */
  minor: number;
  /** as the page shows it, e.g. "$3.70", "₫98,000" */
  text: string;
  currency: string;
}

export interface Viewer {
  uid: string;
  uniqueId: string;
  nickName: string;
}

export interface FakeCreator {
  /** the creator's user id (19 digits): `to_user_id` of gift sends */
  id: string;
  uniqueId: string;
  nickname: string;
  /** 19 digits */
  roomId: string;
}

export interface RoomOptions {
  id?: string;
  nickname?: string;
  roomId?: string;
}

export type SendOutcome = 'ok' | 'insufficient' | 'http500' | 'network-error' | 'malformed' | 'truncated' | 'cut' | 'unknown-shape';
export type PaymentStatus = 'succeed' | 'success' | 'succeeded' | 'failed';

export interface FakeSend {
  seq: number;
  /** server time, epoch ms */
  at: number;
  /** what the server did: a SendOutcome, or 'invalid' (unknown gift / bad count); 'ok' becomes 'insufficient' when the balance was short */
  outcome: SendOutcome | 'invalid';
  /** true when the outcome came from control.nextSends */
  forced: boolean;
  /** > 1 when the browser automatically resent a 'network-error' request (same body) */
  attempts: number;
  /** 0 when the socket was destroyed before any response */
  httpStatus: number;
  statusCode: number | null;
  giftId: number | null;
  roomId: string;
  toUserId: string | null;
  count: number;
  /** coins taken by this send (ok, truncated, cut, unknown-shape debit; the others do not) */
  debited: number;
  balanceAfter: number;
  /** 19 digits, as a string */
  orderId: string | null;
  msgId: string | null;
  /** streak start (ms) for combo gifts, 0 for non-combo gifts, null when not processed */
  groupId: number | null;
  repeatCount: number | null;
  /**
   * true once the server wrote this send's answer (for 'cut', the half it writes). false while the answer is held
   * (control.holdSends), when a held answer was dropped because the client went away, and for 'network-error'.
   */
  answered: boolean;
  query: string;
  body: string;
}

export interface FakeOrder {
  /** 19 digits */
  orderId: string;
  chargeId: string;
  status: PaymentStatus;
  errorCode: string | null;
  coins: number;
  custom: boolean;
  currency: string;
  amountMinor: number;
  priceText: string;
  at: number;
  /** epoch seconds, on success */
  finishTime: number | null;
  /** the end-result URL the page navigated to */
  redirect: string;
}

export interface FakeState {
  balance: number;
  locale: string;
  viewer: Viewer | null;
  /** epoch seconds of the last successful web order (last_web_order.finish_time), 0 when none */
  lastWebOrderFinishTime: number;
  sends: FakeSend[];
  orders: FakeOrder[];
  pending: { sends: SendOutcome[]; payments: { status: PaymentStatus; errorCode: string | null }[] };
  flags: { malformedBalance: boolean; malformedGiftList: boolean; holdSends: boolean };
  /** gift-send answers currently held back (control.holdSends): received and processed, not yet written */
  held: number;
  /** every request seen, oldest first (last 1000) */
  requests: { at: number; method: string; host: string; path: string }[];
  /** the LIVE event stream (webcast-room.js): silent unless a test asks */
  webcast: FakeWebcastState;
}

/** The LIVE event stream's state and ground truth (research mode). */
export interface FakeWebcastState {
  /** `/webcast/im/push` sockets open right now */
  connections: number;
  framesSent: number;
  /** socket frames of the scenarios built so far: a test streaming a scenario waits for this many */
  framesPlanned: number;
  backlogsServed: number;
  truth: {
    /** coins per room id, each gift counted once whatever the wire did with it */
    rooms: Record<string, number>;
    /** coins per clear sender id */
    senders: Record<string, number>;
    /** every clear sender id and handle the stream carried: none may be stored */
    clear: string[];
    gifts: number;
  };
}

export interface FakeControl {
  /** queue outcomes for the next gift sends, one per send */
  nextSends(outcomes: SendOutcome | SendOutcome[]): void;
  /** how the next payment ends (one-shot, queued; default 'succeed'); errorCode for 'failed' defaults to 3DS_REQUIRED */
  nextPayment(status: PaymentStatus, errorCode?: string): void;
  setBalance(coins: number): void;
  malformedBalance(on?: boolean): void;
  malformedGiftList(on?: boolean): void;
  /** end every running streak: the next combo send starts a new group_id */
  endStreaks(): void;
  /**
   * from now on, process each gift send at once (debit, ids, streak) but keep its HTTP answer back until releaseSends();
   * a held answer whose client goes away (page reload, abort) is dropped silently and its send keeps answered: false
   */
  holdSends(): void;
  /** stop holding and write every held answer, oldest first */
  releaseSends(): void;
  /** writes the oldest held answer only and keeps holding the rest; false when no answer was held */
  releaseFirstSend(): boolean;
  /** null = logged out (no user in __UNIVERSAL_DATA_FOR_REHYDRATION__) */
  setViewer(viewer: Viewer | null): void;
  /** streams gift frames (one Rose streak message each) to every open `/webcast/im/push` socket; resolves with the count */
  webcastStream(options: { frames: number; perSecond: number; senders?: number; gzipEvery?: number; roomId?: string; single?: boolean }): Promise<number>;
  setLocale(locale: string): void;
  /** initial balance, locale and viewer; no sends, orders, queues, flags, streaks or request log; held answers are released */
  reset(): void;
}

export interface FakeTikTokOptions {
  /** 0 = any free port */
  port?: number;
  /** listen address, default 127.0.0.1 */
  host?: string;
  initialCoins?: number;
  /** 'en-US' | 'en-GB' | 'vi-VN' | 'id-ID' | 'pt-BR' */
  locale?: string;
  /** null = logged out */
  viewer?: Viewer | null;
  /**
   * room id of the default creator's LIVE (coinsight_creator) unless `rooms` says otherwise; default 7300000000000000001.
   * Every other handle gets its own room id, derived from the handle (19 digits, stable across runs).
   */
  roomId?: string;
  /** per creator handle: creator id, nickname, room id (each derived from the handle when not given) */
  rooms?: Record<string, RoomOptions>;
  /**
   * handles the LIVE page lists as suggested LIVEs (`[data-testid="suggested-live"]`); default
   * ['another_creator', 'third_creator']. On one of their own pages, coinsight_creator stands in for it.
   */
  suggested?: string[];
  /** clicks of the same combo gift this close together continue a streak; default 3000 */
  comboWindowMs?: number;
}

export interface FakeTikTok {
  port: number;
  origin: 'https://www.tiktok.com';
  webcastOrigin: string;
  /** https://127.0.0.1:<port>: both hosts' routes answer there */
  localOrigin: string;
  /** live, mutated in place by the server */
  state: FakeState;
  control: FakeControl;
  /** the creator (ids, nickname, room id) a LIVE page of `handle` embeds and sends to */
  creator(handle: string): FakeCreator;
  chromiumArgs(): string[];
  firefoxPrefs(): Record<string, string>;
  close(): Promise<void>;
}

export function startFakeTikTok(options?: FakeTikTokOptions): Promise<FakeTikTok>;

export const ORIGIN: 'https://www.tiktok.com';
export const WEBCAST_ORIGIN: 'https://webcast.tiktok.com';
export const DEFAULT_ROOM_ID: string;
/** 'coinsight_creator': the handle whose LIVE has DEFAULT_ROOM_ID (or the roomId option) */
export const DEFAULT_CREATOR: string;
export const DEFAULT_SUGGESTED: readonly string[];
export const DEFAULT_VIEWER: Readonly<Viewer>;
export const SEND_OUTCOMES: readonly SendOutcome[];
export const PAYMENT_STATUSES: readonly PaymentStatus[];
export function chromiumArgs(port: number): string[];
export function firefoxPrefs(port: number): Record<string, string>;
export function loadCertificate(): { key: string; cert: string };
export function toJsonWithBigInts(value: unknown): string;

// catalogue.js, re-exported
export const GIFTS: readonly FakeGift[];
export const GROUP_COUNTS: readonly number[];
export const IMAGE_HOSTS: readonly string[];
export const PACKAGES: readonly number[];
export const CUSTOM_MIN: number;
export const CUSTOM_MAX: number;
export const LOCALES: Readonly<Record<string, FakeLocale>>;
export function giftImageUrls(hash: string, resource?: boolean): string[];
export const PANEL_ONLY_GIFTS: readonly FakeGift[];
export function findGift(id: number): FakeGift | null;
export function giftJson(g: FakeGift): Record<string, unknown>;
export function localeInfo(locale: string): FakeLocale;
export function formatMoney(minor: number, locale: string): string;
export function formatCoins(coins: number, locale: string): string;
export function exchangeFor(locale: string): { currency: string; unit_price: number; price_dot: number };
export function packagePrice(coins: number, locale: string): FakePrice;
export function customPrice(coins: number, locale: string): FakePrice;
export function priceFor(coins: number, locale: string, custom: boolean): FakePrice;
