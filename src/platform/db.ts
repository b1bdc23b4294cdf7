/**
 * The Dexie database `coinsight`. Only extension pages and the background open it (never a content script:
 * it would live in tiktok.com's origin). Schema changes go through a new `version()` with an upgrade function,
 * each tested on a database of the old version.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { BalanceObservation, LedgerEntry } from '../core/ledger';
import type { Money } from '../core/money';
import type { CreatorDay, CreatorDaysSince } from '../core/creator-days';
import type { CostRow, LotRow } from '../core/cost-rows';
import type { LockRecord } from '../core/lock/state';
import type { Rollup } from '../core/rollups';
import type { DiagnosticEndpoint } from './observations';
import type { OverrideRecord } from './protocol';
import type { RoomGiftRow } from './research';

export const DB_NAME = 'coinsight';

export interface CatalogueRow {
  giftId: number;
  name: string;
  coins: number;
  type: number | null;
  combo: boolean | null;
  imageHash: string | null;
  /** When this price was last seen: prices change over time, so it is never assumed current. */
  seenAt: number;
}

/** The cashier's coins and price, kept until the matching end-result turns them into a recharge. */
export interface CashierSighting {
  id: string;
  account: string;
  at: number;
  coins: number;
  price: Money | null;
  /** The order id of the payment this sighting was turned into; kept so that a replayed sighting is not reused. */
  usedBy?: string;
}

/** A successful end-result whose coins are not known yet: the next balance rise settles it. */
export interface PendingPayment {
  orderId: string;
  account: string;
  at: number;
}

export interface DiagnosticRow {
  id: string;
  at: number;
  endpoint: DiagnosticEndpoint;
  reason: string;
  /** How many occurrences this row stands for (a flood is one row, not thousands); absent means 1. */
  count?: number;
}

export interface AccountRow {
  uid: string;
  uniqueId: string | null;
  nickName: string | null;
  lastSeenAt: number;
}

/**
 * One row of the activity log (version 5): what a person (or a parent) may want to see later. Overrides of a limit
 * (issue 9) keep their own shape; every other event (issue 11: settings changes, PIN failures, blocked attempts,
 * lock resets, times Coinsight was not running, balance changes the ledger cannot explain) is an ActivityEvent,
 * written through background/activity/log.ts.
 */
export type ActivityRow = (OverrideRecord & { kind: 'override' }) | ActivityEvent;

/** The kinds of logged event besides overrides; add a kind here (and its words in the parent's view) to log it. */
export type ActivityEventKind =
  | 'settings-changed' | 'limit-changed' | 'data-changed'
  | 'lock-set' | 'lock-changed' | 'lock-removed' | 'unlocked' | 'pin-failed'
  | 'lock-reset-requested' | 'lock-reset-cancelled' | 'lock-reset-done'
  | 'blocked-attempt' | 'not-running' | 'browser-closed' | 'extension-disabled' | 'unexplained-balance';

export interface ActivityEvent {
  kind: ActivityEventKind;
  id: string;
  at: number;
  /** Structured facts of the event (which limit, from what to what, how long the gap was); no free text from the page. */
  detail: Record<string, string | number | boolean | null>;
}

export type CoinsightDb = Dexie & {
  ledger: EntityTable<LedgerEntry, 'id'>;
  rollups: Table<Rollup, [string, number]>;
  balances: EntityTable<BalanceObservation, 'id'>;
  catalogue: EntityTable<CatalogueRow, 'giftId'>;
  cashierSightings: EntityTable<CashierSighting, 'id'>;
  pendingPayments: EntityTable<PendingPayment, 'orderId'>;
  diagnostics: EntityTable<DiagnosticRow, 'id'>;
  accounts: EntityTable<AccountRow, 'uid'>;
  creatorDays: Table<CreatorDay | CreatorDaysSince, [string, number, string]>;
  lots: EntityTable<LotRow, 'id'>;
  costs: Table<CostRow, [string, number]>;
  builds: EntityTable<DerivedBuild, 'store'>;
  activity: EntityTable<ActivityRow, 'id'>;
  restoreBatches: Table<StagedRestoreRow, [string, number]>;
  roomGifts: EntityTable<RoomGiftRow, 'id'>;
  researchKeys: EntityTable<ResearchKeyRow, 'id'>;
  lock: EntityTable<LockRow, 'id'>;
};

/** The parental lock's one row (version 7): the PIN hash, the authenticator secret, the failure count, a pending reset. */
export type LockRow = LockRecord & { id: 'lock' };

/**
 * A research key (version 6, background/handlers/research-settings.ts): the HMAC key senders are pseudonymised under
 * at capture. In IndexedDB, never in storage.local, which content scripts can read. `id` is what
 * ResearchSettings.studyKeyId names; `bytes` is the raw key (16 to 64 bytes).
 */
export interface ResearchKeyRow {
  id: string;
  /** 'install': generated on this device; 'study': entered from the study's key text. */
  kind: 'install' | 'study';
  /** How the text was read: a hex or base64 key as it is, or a passphrase derived with PBKDF2; 'generated' for install keys. */
  from: 'generated' | 'hex' | 'base64' | 'passphrase';
  bytes: Uint8Array;
  createdAt: number;
}

/**
 * A restore staged on disk (background/handlers/restore-stage.ts): one row per validated batch the options page sent
 * (`seq` ≥ 0, in the order sent), and, once committed, one outcome row (`seq` −1) holding the report and the settings and limits
 * still to apply, so that a commit retried after its reply was lost answers the same instead of refusing.
 */
export type StagedRestoreRow =
  | { restore: string; seq: number; at: number; entries: LedgerEntry[]; balances: BalanceObservation[] }
  | { restore: string; seq: -1; at: number; report: RestoreOutcomeRecord; settings: unknown; /** Absent in rows written before limits were restored. */ limits?: unknown };
export interface RestoreOutcomeRecord {
  entriesAdded: number;
  entriesSame: number;
  balancesAdded: number;
  balancesSame: number;
  settingsRestored: boolean;
  /** Absent in rows written before limits were restored. */
  limitsRestored?: number;
  limitsRefused?: string | null;
}

/**
 * How far the worker has built a derived store over a ledger that existed before it (background/derived/lots-build.ts):
 * everything at or before `cursor` ([account, at] in the ledger's [account+at] order) is in it. Readers fall back to
 * the ledger until `complete` is 1. A database created with the store has it complete from the start (populate).
 */
export interface DerivedBuild {
  store: string;
  complete: 0 | 1;
  cursor?: [string, number];
}
export const LOTS_BUILD = 'lots';

export const SCHEMA_V1 = {
  // [account+at]: per-account time ranges (views, balance reconciliation); [kind+at]: exports by kind later.
  ledger: 'id, at, [account+at], [kind+at]',
  rollups: '[account+bucket]',
  balances: 'id, at, [account+at]',
  catalogue: 'giftId, imageHash',
  cashierSightings: 'id, at, [account+at]',
  pendingPayments: 'orderId, at, [account+at]',
  diagnostics: 'id, at, [endpoint+reason]',
  accounts: 'uid, lastSeenAt',
};

/**
 * Version 2: unseen spending (a ledger kind of its own). Every rollup row gains `unseenSpendCoins`. No new index: a
 * late gift finds the unseen spending it may explain through `[kind+at]`, where that kind is rare.
 */
export const SCHEMA_V2 = SCHEMA_V1;

/**
 * Version 3: the FIFO cost basis kept by the worker (core/cost-rows.ts, background/derived/lots.ts). `lots`: one row
 * per recharge or adjustment, [account+open] gives the lots a new spend can take from, [account+at] walks them in
 * replay order; `costs`: per (account, hour) and lifetime, like rollups; `builds`: the build marker. No upgrade
 * function (it would ride in every page's bundle): the worker builds the store for an existing ledger in chunks.
 */
export const SCHEMA_V3 = { ...SCHEMA_V2, lots: 'id, [account+open], [account+at]', costs: '[account+bucket]', builds: 'store' };

/**
 * Version 4: per-creator totals by UTC day (core/creator-days.ts), kept by the worker. No upgrade function (the popup
 * bundles this file): the table starts empty, and the worker notes since when it is complete (SINCE_KEY); views read
 * gifts before that from the ledger. (Version 3 is the lots store's.)
 */
export const SCHEMA_V4 = { creatorDays: '[account+day+creator]' };

/**
 * Version 5, two new tables (no upgrade function):
 * - `activity`, the activity log (ActivityRow): overrides of a limit, newest first through `at`, by kind through
 *   [kind+at] (how many overrides a rule used in its window).
 * - `restoreBatches`: restores are staged in a table of their own instead of the worker's memory, so a restore of a
 *   million entries costs the worker one batch of memory at a time, and a worker stopped between the page's batches, or
 *   during the commit, loses nothing (the commit is one transaction: stopped, it leaves nothing written, and the staged
 *   batches wait for the retry). `at` finds abandoned restores to drop.
 */
export const SCHEMA_V5 = { activity: 'id, at, [kind+at]', restoreBatches: '[restore+seq], at' };

/**
 * Version 6 (issue 12, research mode), two new tables (no upgrade function):
 * - `roomGifts`: the room log (platform/research.ts RoomGiftRow), by time, by room and time, by sender pseudonym.
 * - `researchKeys`: the keys sender pseudonyms are made under (ResearchKeyRow).
 */
export const SCHEMA_V6 = { roomGifts: 'id, at, [roomId+at], sender', researchKeys: 'id' };

/**
 * Version 7 (issue 11, the parental lock): `lock`, one row (LockRow). Its secrets live here and not in storage.local,
 * which content scripts can read; IndexedDB is per origin, and a content script runs in tiktok.com's. No upgrade function.
 */
export const SCHEMA_V7 = { lock: 'id' };

export function openDb(name = DB_NAME): CoinsightDb {
  const db = new Dexie(name) as CoinsightDb;
  // Dexie's liveQuery support (its Observability middleware) records the keys each write changes and, at every
  // commit, posts them on a BroadcastChannel to every other context of the extension, a round trip through the browser
  // process per transaction. Nothing here uses liveQuery: pages learn of changes from storage.local (onLocalChanges)
  // and the worker's messages. Measured in research mode at 200 frames/s: see docs/PERFORMANCE.md.
  db.unuse({ stack: 'dbcore', name: 'Observability' });
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(async (tx) => {
    await tx.table<Rollup>('rollups').toCollection().modify((row) => {
      row.unseenSpendCoins ??= 0;
    });
  });
  db.version(3).stores(SCHEMA_V3);
  db.version(4).stores(SCHEMA_V4);
  db.version(5).stores(SCHEMA_V5);
  db.version(6).stores(SCHEMA_V6);
  db.version(7).stores(SCHEMA_V7);
  db.on('populate', (tx) => tx.table('builds').add({ store: LOTS_BUILD, complete: 1 }));
  return db;
}
