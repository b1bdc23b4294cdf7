/**
 * The one message protocol between contexts. Each message is a typed handle that names who may send it and the
 * schema of its payload; the background router (src/background/router.ts) checks both and fails closed.
 * Adding a message here without a handler in the router fails to compile.
 */
import type { ExchangeRate, RateBasis, ResolvedBasis } from '../core/conversion';
import type { RechargeEntry } from '../core/ledger';
import { MAX_RULES, limitRuleSchema, type LimitRule, type LimitStatus } from '../core/limits';
import { PIN_MAX_LENGTH } from '../core/lock/pin-hash';
import { MAX_RESET_WAIT_HOURS, MAX_UNLOCK_MINUTES, MIN_RESET_WAIT_HOURS, type LockState } from '../core/lock/state';
import { isManagedRuleId } from '../core/managed/ids';
import { manualPurchaseSchema, purchaseUuid, type ManualPurchase } from '../core/manual-purchase';
import type { Money } from '../core/money';
import type { ImportReport } from '../core/import-plan';
import { array, boolean, integer, nullable, object, string, type Check, type Infer } from '../core/schema';
import { LOCK_STATUS_TYPE } from './lock-wire';
import { MAX_BATCH } from './observations';
import { framesPayloadSchema, type FramesPayload, type FramesReply } from './research-wire';

const anything: Check<unknown> = (value) => ({ ok: true, value });
/** A rule set by policy (core/managed) is refused by name, before its id fails the user rule's UUID check. */
const notManaged = (check: Check<LimitRule>): Check<LimitRule> => (value, path) => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && isManagedRuleId(id) ? { ok: false, reason: `${path}: this limit is set by your administrator` } : check(value, path);
};
import type { ParentView } from '../queries/parent-view';
import { settingsPatchSchema, type Settings, type SettingsPatch } from './settings';
import { optional } from '../core/schema';
import { MAX_KEY_TEXT } from '../core/research-key';
import type { ResearchSettings } from './research';
import { MAX_STUDY_NAME } from './research-settings';

/**
 * A change of research mode (background/handlers/research-settings.ts). Absent fields are left as they are.
 * `consent`: the participant agreed on the consent screen (switching on needs it, now or before); `studyKey`: the
 * study's key text (core/research-key.ts), null to go back to a key generated for this install.
 */
export interface ResearchSettingsRequest {
  enabled: boolean;
  consent?: boolean;
  studyName?: string | null;
  studyKey?: string | null;
}
/** What the options page shows of research mode: the settings and which key pseudonyms are made under. */
export interface ResearchState {
  settings: ResearchSettings;
  key: { id: string; kind: 'install' | 'study'; from: 'generated' | 'hex' | 'base64' | 'passphrase' } | null;
}

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
  saveLimit: message<{ rule: LimitRule }, LimitsView>('limits/save', 'extension-page', object({ rule: notManaged(limitRuleSchema) })),
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
  // Parental lock (issue 11, background/handlers/lock.ts); which messages need an unlock: background/lock/gate.ts.
  lockStatus: message<Record<string, never>, LockStatus>(LOCK_STATUS_TYPE, 'extension-page', object({}) as Check<Record<string, never>>),
  setPin: message<{ pin: string }, LockStatus>('lock/set-pin', 'extension-page', object({ pin: string(PIN_MAX_LENGTH) })),
  changePin: message<{ pin: string }, LockStatus>('lock/change-pin', 'extension-page', object({ pin: string(PIN_MAX_LENGTH) })),
  removeLock: message<Record<string, never>, LockStatus>('lock/remove', 'extension-page', object({}) as Check<Record<string, never>>),
  /** A PIN, or (with an authenticator app set up) a code; a wrong one counts towards the backoff. */
  unlock: message<{ pin: string | null; code: string | null }, UnlockReply>(
    'lock/unlock', 'extension-page', object({ pin: nullable(string(PIN_MAX_LENGTH)), code: nullable(string(16)) }),
  ),
  lockNow: message<Record<string, never>, LockStatus>('lock/lock-now', 'extension-page', object({}) as Check<Record<string, never>>),
  totpBegin: message<Record<string, never>, TotpEnrolmentStart>('lock/totp-begin', 'extension-page', object({}) as Check<Record<string, never>>),
  totpConfirm: message<{ code: string }, LockStatus>('lock/totp-confirm', 'extension-page', object({ code: string(16) })),
  totpRemove: message<Record<string, never>, LockStatus>('lock/totp-remove', 'extension-page', object({}) as Check<Record<string, never>>),
  resetRequest: message<Record<string, never>, LockStatus>('lock/reset-request', 'extension-page', object({}) as Check<Record<string, never>>),
  resetCancel: message<Record<string, never>, LockStatus>('lock/reset-cancel', 'extension-page', object({}) as Check<Record<string, never>>),
  lockSettings: message<{ unlockMinutes: number; resetWaitHours: number }, LockStatus>(
    'lock/settings', 'extension-page',
    object({ unlockMinutes: integer(1, MAX_UNLOCK_MINUTES), resetWaitHours: integer(MIN_RESET_WAIT_HOURS, MAX_RESET_WAIT_HOURS) }),
  ),
  // Parental controls, managed policy and the parent's view (issue 11, items 4–5: background/handlers/parent.ts).
  /** A send held by a block limit (the in-page hold's dialog): logged as a blocked attempt, rate-capped per tab. */
  blockedAttempt: message<{ ruleIds: string[]; coins: number | null; giftId: number | null; roomId: string | null; creator: string | null }, { logged: boolean }>(
    'activity/blocked', 'content-script',
    object({ ruleIds: array(string(64), 10), coins: nullable(integer(0, 1e12)), giftId: nullable(integer(0)), roomId: nullable(string(64)), creator: nullable(string(100)) }),
  ),
  /** The parent's summary page (behind the lock): spending, blocked attempts, gaps, and one page of the activity log. */
  parentSummary: message<{ page: number }, ParentView>('parent/summary', 'extension-page', object({ page: integer(0, 100_000) })),
  // Research mode (issue 12, background/handlers/research-settings.ts): consent, study name and key, on/off; deleting the room log.
  researchSettings: message<ResearchSettingsRequest, ResearchState>(
    'research/settings', 'extension-page',
    object({ enabled: boolean, consent: optional(boolean), studyName: optional(nullable(string(MAX_STUDY_NAME))), studyKey: optional(nullable(string(MAX_KEY_TEXT))) }),
  ),
  researchDelete: message<Record<string, never>, { deleted: number }>('research/delete', 'extension-page', object({}) as Check<Record<string, never>>),
  // Research mode capture (issue 12, background/research/capture.ts): raw webcast frames from the research relay,
  // refused while research mode is off.
  researchFrames: message<FramesPayload, FramesReply>('research/frames', 'content-script', framesPayloadSchema),
} as const;

/** The start of the reason the lock's gate refuses with (after the router's "refused: "); pages offer an unlock on it. */
export const LOCKED_REASON = 'locked:';

/** The lock as the pages show it (background/handlers/lock.ts lockStatus). */
export interface LockStatus {
  state: LockState;
  /** What unlocks: the PIN, or a code of the authenticator app; null without a lock. */
  method: 'pin' | 'totp' | null;
  /** After wrong tries: when the next PIN or code will be looked at (epoch ms); null when at once. */
  retryAt: number | null;
  unlockMinutes: number;
  resetWaitHours: number;
  /** The worker's now (the one clock), so pages count down against it. */
  now: number;
}

export interface UnlockReply {
  unlocked: boolean;
  /** Why not: a wrong answer, or a wait still running after earlier wrong ones. */
  refused: 'wrong' | 'wait' | null;
  status: LockStatus;
}

/** A secret to add to an authenticator app (by QR code or typed), confirmed with totpConfirm. */
export interface TotpEnrolmentStart {
  secret: string;
  uri: string;
}

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
