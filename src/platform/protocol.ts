/**
 * The one message protocol between contexts. Each message is a typed handle that names who may send it and the
 * schema of its payload; the background router (src/background/router.ts) checks both and fails closed.
 * Adding a message here without a handler in the router fails to compile.
 */
import type { RechargeEntry } from '../core/ledger';
import { manualPurchaseSchema, purchaseUuid, type ManualPurchase } from '../core/manual-purchase';
import { array, object, string, type Check, type Infer } from '../core/schema';
import { MAX_BATCH } from './observations';

const anything: Check<unknown> = (value) => ({ ok: true, value });
import { settingsPatchSchema, type Settings } from './settings';

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

export const messages = {
  // Items are validated one by one by the recorder, so one bad observation is refused alone, not with its batch.
  recordObservations: message<{ batch: unknown[] }, RecordReply>(
    'observations/record', 'content-script', object({ batch: array(anything, MAX_BATCH) }),
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
