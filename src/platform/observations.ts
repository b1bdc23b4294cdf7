/**
 * What the relay reports to the background: facts observed on the page, already parsed. Each carries an `id`
 * that is stable for the same fact, so the outbox can retry freely and the recorder can ignore repeats.
 */
import { balanceObservationSchema, giftEntrySchema, type BalanceObservation, type GiftEntry } from '../core/ledger';
import { array, boolean, integer, literal, nullable, object, oneOf, optional, string, tagged, type Check, type Infer } from '../core/schema';
import type { CatalogueGift, PageAccount, PaymentResult, TrackedEndpoint } from '../core/tiktok/contracts';
import type { Money } from '../core/money';

/** Where a diagnostic came from: a hooked endpoint, a page feature, or the worker refusing what the relay sent. */
export const DIAGNOSTIC_SOURCES = ['gift-send', 'gift-list', 'wallet-balance', 'coin-page', 'gift-panel', 'page-state', 'relay', 'webcast'] as const;
export type DiagnosticEndpoint = (typeof DIAGNOSTIC_SOURCES)[number];
const _everyEndpointIsASource: TrackedEndpoint extends DiagnosticEndpoint ? true : false = true;
void _everyEndpointIsASource;

export type Observation =
  /** A successful gift send: the only ledger entry a content script may propose. */
  | { type: 'gift'; id: string; entry: GiftEntry }
  | { type: 'balance'; id: string; balance: BalanceObservation; lastWebOrderAt: number | null }
  | { type: 'catalogue'; id: string; at: number; gifts: CatalogueGift[] }
  /**
   * The cashier's coins and price, read when the user pressed "Pay now". The relay sends both as the page shows them
   * (`coinText`, `priceText` in the page's `locale`) and the worker parses them (background/payments.ts): the parsers
   * would not fit the content scripts' budget, and the relay must read them in the click itself, since "Pay now" leaves
   * the page. `coins` and `price` are what relays before that sent (parsed in the page), kept for observations still queued.
   */
  | { type: 'cashier'; id: string; at: number; account: string; coins?: number; coinText?: string; price?: Money | null; priceText?: string; locale?: string }
  | { type: 'payment'; id: string; at: number; account: string; result: PaymentResult }
  | { type: 'account'; id: string; at: number; account: PageAccount }
  /** A payload we could not recognise: endpoint, reason and time only, never the body. `count` aggregates repeats. */
  | { type: 'diagnostic'; id: string; at: number; endpoint: DiagnosticEndpoint; reason: string; count?: number };

const id = string(200);
const at = integer(0, 8_640_000_000_000_000);
const account = string(64);
const money = object({ minor: integer(0), currency: string(3) });

const catalogueGift = object({
  id: integer(0), name: string(200), coins: integer(0, 1_000_000_000), type: nullable(integer(0, 1000)),
  combo: nullable(boolean), imageHash: nullable(string(64)),
});
const paymentResult = tagged('status', {
  succeeded: object({ status: literal('succeeded'), orderId: string(200), chargeId: nullable(string(200)), payMethod: nullable(string(64)) }),
  failed: object({ status: literal('failed'), orderId: nullable(string(200)), errorCode: nullable(string(100)) }),
});

const observationSchemas = {
  gift: object({ type: literal('gift'), id, entry: giftEntrySchema }),
  balance: object({ type: literal('balance'), id, balance: balanceObservationSchema, lastWebOrderAt: nullable(at) }),
  catalogue: object({ type: literal('catalogue'), id, at, gifts: array(catalogueGift, 2000) }),
  cashier: object({
    type: literal('cashier'), id, at, account, coins: optional(integer(1, 1_000_000_000)), coinText: optional(string(200)),
    price: optional(nullable(money)), priceText: optional(string(200)), locale: optional(string(35)),
  }),
  payment: object({ type: literal('payment'), id, at, account, result: paymentResult }),
  account: object({
    type: literal('account'), id, at,
    account: object({ uid: string(64), uniqueId: nullable(string(100)), nickName: nullable(string(200)) }),
  }),
  diagnostic: object({ type: literal('diagnostic'), id, at, endpoint: oneOf(DIAGNOSTIC_SOURCES), reason: string(200), count: optional(integer(1, 1_000_000)) }),
};

export const observationSchema = tagged('type', observationSchemas) as Check<Observation>;

// Compile-time proof that every observation type has a schema and vice versa.
type SchemaTypes = Infer<(typeof observationSchemas)[keyof typeof observationSchemas]>['type'];
const _everyTypeHasSchema: Record<Observation['type'], true> = { gift: true, balance: true, catalogue: true, cashier: true, payment: true, account: true, diagnostic: true } satisfies Record<SchemaTypes, true>;
void _everyTypeHasSchema;

/** The most observations one message may carry: bounds the work a single page message can cause. */
export const MAX_BATCH = 500;
