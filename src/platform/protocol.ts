/**
 * The one message protocol between contexts. Each message is a typed handle that names who may send it and the
 * schema of its payload; the background router (src/background/router.ts) checks both and fails closed.
 * Adding a message here without a handler in the router fails to compile.
 */
import type { ExchangeRate, RateBasis, ResolvedBasis } from '../core/conversion';
import type { RechargeEntry } from '../core/ledger';
import { MAX_RULES, limitRuleSchema, type LimitRule, type LimitStatus } from '../core/limits';
import { manualPurchaseSchema, purchaseUuid, type ManualPurchase } from '../core/manual-purchase';
import type { Money } from '../core/money';
import type { ImportReport } from '../core/import-plan';
import { array, boolean, integer, nullable, object, string, type Check, type Infer } from '../core/schema';
import { MAX_BATCH } from './observations';
import { framesPayloadSchema, type FramesPayload, type FramesReply } from './research-wire';

const anything: Check<unknown> = (value) => ({ ok: true, value });
import { settingsPatchSchema, type Settings, type SettingsPatch } from './settings';

/** The reply of a restore's commit (background/handlers/restore.ts). */
export interface RestoreReport {
  entriesAdded: number;
  entriesSame: number;
  balancesAdded: number;
  balancesSame: number;
  settingsRestored: boolean;
  /** Limit rules of the backup applied (added, or replacing the rule of the same id); 0 when it had none. */
  limitsRestored: number;
  /** Why the limits door refused the backup's rules (none was applied; the ledger and settings were), or null. */
  limitsRefused: string | null;
}
/** Records per restore message (the page sends fewer). */
export const RESTORE_BATCH_MAX = 5000;
const RESTORE_ID: Check<string> = (value, path) =>
  typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? { ok: true, value } : { ok: false, reason: `${path}: expected a restore id (a UUID)` };

/** The limits and their standing, for the options editor, the popup and the blocked page (background/handlers/limits.ts). */
export interface LimitsView {
  rules: LimitRule[];
  /** One per rule (per `live` rule: for the room given, else the busiest room of the window). */
  statuses: LimitStatus[];
  /** Overrides used in each rule's current window, by rule id. */
  overridesUsed: Record<string, number>;
}

/** One self-imposed override of a confirm or block (logged; a later lock guards it). */
export interface OverrideRecord {
  id: string;
  at: number;
  ruleId: string;
  reason: string;
  /** Coins of the spend that was let through (null when its price was not known). */
  coins: number | null;
  giftId: number | null;
  creator: string | null;
  roomId: string | null;
}

/** What a LIVE page's or /coin's strip shows: the statuses of the rules that cover this page, tightest first. */
export interface InPageLimits {
  statuses: LimitStatus[];
  rules: LimitRule[];
}

/** Who sent a message, as classified from fields the browser fills in (never from the payload). */
export type SenderKind = 'content-script' | 'extension-page';

interface MessageSpec<P, R> {
  readonly type: string;
  readonly from: SenderKind;
  readonly payload: Check<P>;
  /** Phantom: the reply type. */
  readonly reply?: R;
}

const message = <P, R>(type: string, from: SenderKind, payload: Check<P>): MessageSpec<P, R> => ({ type, from, payload });

export interface RecordReply {
  /** Ids now durable in the ledger (or already there): the outbox may forget them. */
  recorded: string[];
  /** Ids refused for good (invalid or not allowed): retrying cannot help, so the outbox forgets them too. */
  rejected: { id: string; reason: string }[];
}

/** A gift of the catalogue, found by the image hash the LIVE gift panel shows, priced at the resolved basis. */
export interface InPageGift {
  hash: string;
  giftId: number;
  name: string;
  coins: number;
  /** Estimated money for one gift at `basis` (converted into the display currency when the user typed a rate). */
  estimate: Money;
}

/** What the in-page prices (LIVE gift panel, /coin packages) need from the worker; see background/handlers/in-page.ts. */
export interface InPagePrices {
  /** The basis estimates are made at, for the user's settings and this account's purchases. */
  resolved: ResolvedBasis;
  /** The account's own average price (null without priced purchases in one currency). */
  yourAverage: RateBasis | null;
  /** In-app package bases, one per currency that has one (USD only today). */
  appBases: RateBasis[];
  displayCurrency: string;
  /** The exchange rate the estimates were converted at into the display currency (typed by the user); null when none was. */
  exchange: ExchangeRate | null;
  /** One per requested hash the catalogue knows; a hash it does not know is simply absent (shown as nothing). */
  gifts: InPageGift[];
}

const IMAGE_HASH: Check<string> = (value, path) =>
  typeof value === 'string' && /^[0-9a-f]{32}$/.test(value) ? { ok: true, value } : { ok: false, reason: `${path}: expected a 32-hex image hash` };

export const messages = {
  // Items are validated one by one by the recorder, so one bad observation is refused alone, not with its batch.
  recordObservations: message<{ batch: unknown[] }, RecordReply>(
    'observations/record', 'content-script', object({ batch: array(anything, MAX_BATCH) }),
  ),
  inPagePrices: message<{ account: string; hashes: string[] }, InPagePrices>(
    'in-page/prices', 'content-script', object({ account: string(64), hashes: array(IMAGE_HASH, 500) }),
  ),
  updateSettings: message<{ patch: Infer<typeof settingsPatchSchema> }, Settings>(
    'settings/update', 'extension-page', object({ patch: settingsPatchSchema }),
  ),
  clearDiagnostics: message<Record<string, never>, { cleared: number }>(
    'diagnostics/clear', 'extension-page', object({}) as Check<Record<string, never>>,
  ),
  // Purchases Coinsight could not see (background/handlers/purchases.ts). The page makes the uuid: a retry is a no-op.
  addPurchase: message<{ uuid: string; purchase: ManualPurchase }, RechargeEntry>(
    'purchases/add', 'extension-page', object({ uuid: purchaseUuid, purchase: manualPurchaseSchema }),
  ),
  editPurchase: message<{ id: string; purchase: ManualPurchase }, RechargeEntry>(
    'purchases/edit', 'extension-page', object({ id: string(200), purchase: manualPurchaseSchema }),
  ),
  deletePurchase: message<{ id: string }, { deleted: boolean }>('purchases/delete', 'extension-page', object({ id: string(200) })),
  // Restore (background/handlers/restore.ts): validated batches staged on disk under the restore's id and their
  // number `seq` (0, 1, …: a batch sent again replaces itself), then one all-or-nothing commit of `batches` batches.
  restoreStage: message<{ restoreId: string; seq: number; entries: unknown[]; balances: unknown[] }, { entries: number; balances: number }>(
    'data/restore-stage', 'extension-page',
    object({ restoreId: RESTORE_ID, seq: integer(0, 1e6), entries: array(anything, RESTORE_BATCH_MAX), balances: array(anything, RESTORE_BATCH_MAX) }),
  ),
  // The settings and limits travel with the commit; the worker applies them once the ledger has committed.
  restoreCommit: message<{ restoreId: string; batches: number; entries: number; balances: number; settings: SettingsPatch | null; limits: LimitRule[] | null }, RestoreReport>(
    'data/restore-commit', 'extension-page',
    object({
      restoreId: RESTORE_ID, batches: integer(0, 1e6), entries: integer(0, 1e9), balances: integer(0, 1e9), settings: nullable(settingsPatchSchema),
      limits: nullable(array(limitRuleSchema, MAX_RULES)),
    }),
  ),
  // TikTok's data download (background/handlers/tiktok-import.ts): rows staged in batches, re-checked by the worker, then
  // one commit that plans (which rows count, which overlap) and, when `write`, writes them all or nothing.
  importStage: message<{ importId: string; entries: unknown[] }, { staged: number }>(
    'data/import-stage', 'extension-page', object({ importId: RESTORE_ID, entries: array(anything, RESTORE_BATCH_MAX) }),
  ),
  importCommit: message<{ importId: string; entries: number; write: boolean }, ImportReport>(
    'data/import-commit', 'extension-page', object({ importId: RESTORE_ID, entries: integer(0, 1e9), write: boolean }),
  ),
  deleteAllData: message<Record<string, never>, { deleted: true }>('data/delete-all', 'extension-page', object({}) as Check<Record<string, never>>),
  // Limits (background/handlers/limits.ts): every change goes through the worker, the one settings door.
  saveLimit: message<{ rule: LimitRule }, LimitsView>('limits/save', 'extension-page', object({ rule: limitRuleSchema })),
  deleteLimit: message<{ id: string }, LimitsView>('limits/delete', 'extension-page', object({ id: string(64) })),
  limitsView: message<{ roomId: string | null }, LimitsView>('limits/view', 'extension-page', object({ roomId: nullable(string(64)) })),
  limitOverrides: message<Record<string, never>, OverrideRecord[]>('limits/overrides', 'extension-page', object({}) as Check<Record<string, never>>),
  inPageLimits: message<{ creator: string | null; roomId: string | null }, InPageLimits>(
    'limits/in-page', 'content-script', object({ creator: nullable(string(100)), roomId: nullable(string(64)) }),
  ),
  /** Lifts a confirm or block for one spend: refused without a reason or past the rule's count. */
  overrideLimit: message<{ ruleId: string; reason: string; coins: number | null; giftId: number | null; creator: string | null; roomId: string | null }, { overridesLeft: number }>(
    'limits/override', 'content-script',
    object({ ruleId: string(64), reason: string(500), coins: nullable(integer(0, 1e12)), giftId: nullable(integer(0)), creator: nullable(string(100)), roomId: nullable(string(64)) }),
  ),
  // Research mode capture (issue 12, background/research/capture.ts): raw webcast frames from the research relay,
  // refused while research mode is off.
  researchFrames: message<FramesPayload, FramesReply>('research/frames', 'content-script', framesPayloadSchema),
} as const;

export type MessageName = keyof typeof messages;
export type PayloadOf<N extends MessageName> = (typeof messages)[N] extends MessageSpec<infer P, unknown> ? P : never;
export type ReplyOf<N extends MessageName> = (typeof messages)[N] extends MessageSpec<unknown, infer R> ? R : never;

/** The wire shape. `type` is the spec's type string; the payload is validated on arrival. */
export interface Envelope {
  type: string;
  payload: unknown;
}

/** Every reply is either a value or a reason; a handler's failure never surfaces as a bare rejection. */
export type Reply<R> = { ok: true; value: R } | { ok: false; error: string; retryable: boolean };

export const messageByType: ReadonlyMap<string, MessageName> = new Map(
  (Object.keys(messages) as MessageName[]).map((name) => [messages[name].type, name]),
);

export function envelope<N extends MessageName>(name: N, payload: PayloadOf<N>): Envelope {
  return { type: messages[name].type, payload };
}
