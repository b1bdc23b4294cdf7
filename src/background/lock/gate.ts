/**
 * The lock's one door (router.ts asks it before every handler): a protected change while the lock is closed is refused
 * with a reason that says a parent must unlock; everything else passes. What is protected is data, in one place:
 * PROTECTED maps a message name to a test of its payload (some changes are protected only when they loosen what is
 * stored: lowering a limit needs no PIN, raising one does). Protected changes that went through are logged.
 *
 * To protect another message, add one line to PROTECTED:
 *   researchSettings: { what: 'changing the research settings', protects: always, log: 'settings-changed' },
 */
import { loosensLimit } from '../../core/lock/limit-change';
import { opensTheGate } from '../../core/lock/state';
import type { ActivityEventKind } from '../../platform/db';
import { LOCKED_REASON, type MessageName, type PayloadOf } from '../../platform/protocol';
import { SETTINGS_KEY, settingsFromStorage, type Settings } from '../../platform/settings';
import type { LocalStorageArea } from '../handlers/settings';
import type { Handlers, MessageGate } from '../router';
import { readRules } from '../limits/rules';
import type { LockStore } from './store';
import type { LimitRule } from '../../core/limits';

/** What a test of a payload may read: what is stored now. */
export interface Stored {
  rules(): Promise<LimitRule[]>;
  settings(): Promise<Settings>;
}

export interface ProtectedChange<N extends MessageName> {
  /** Words for the refusal: "… needs a parent to unlock Coinsight". */
  what: string;
  /** Whether this payload is a protected change (it may compare with what is stored). */
  protects: (payload: PayloadOf<N>, stored: Stored) => boolean | Promise<boolean>;
  /** How the activity log names it once it went through; absent when its handler logs it (the lock's own messages, overrides). */
  log?: ActivityEventKind;
}

const always = (): boolean => true;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export const PROTECTED: { [N in MessageName]?: ProtectedChange<N> } = {
  saveLimit: { what: 'raising a limit or weakening its action', protects: async ({ rule }, stored) => loosensLimit((await stored.rules()).find((held) => held.id === rule.id), rule), log: 'limit-changed' },
  deleteLimit: { what: 'removing a limit', protects: async ({ id }, stored) => (await stored.rules()).some((rule) => rule.id === id), log: 'limit-changed' },
  overrideLimit: { what: 'overriding a limit', protects: always },
  // Rates and the week start move what a money cap counts and where a week begins; the display currency too, once a
  // money cap exists (exchange rates are into it).
  updateSettings: {
    what: 'changing prices, rates or the week start',
    protects: async ({ patch }, stored) => {
      const held = await stored.settings();
      if (patch.conversion !== undefined && !same(patch.conversion, held.conversion)) return true;
      if (patch.weekStart !== undefined && patch.weekStart !== held.weekStart) return true;
      return patch.displayCurrency !== undefined && patch.displayCurrency !== held.displayCurrency && (await stored.rules()).some((rule) => rule.cap.kind === 'money');
    },
    log: 'settings-changed',
  },
  addPurchase: { what: 'adding a purchase', protects: always, log: 'data-changed' },
  editPurchase: { what: 'editing a purchase', protects: always, log: 'data-changed' },
  deletePurchase: { what: 'deleting a purchase', protects: always, log: 'data-changed' },
  restoreCommit: { what: 'restoring a backup', protects: always, log: 'data-changed' },
  importCommit: { what: 'importing data', protects: ({ write }) => write, log: 'data-changed' },
  deleteAllData: { what: 'deleting all data', protects: always, log: 'data-changed' },
  // The lock's own changes (handlers/lock.ts logs them).
  changePin: { what: 'changing the PIN', protects: always },
  removeLock: { what: 'turning the lock off', protects: always },
  totpBegin: { what: 'setting up an authenticator app', protects: always },
  totpConfirm: { what: 'setting up an authenticator app', protects: always },
  totpRemove: { what: 'removing the authenticator app', protects: always },
  lockSettings: { what: 'changing the lock settings', protects: always },
  resetCancel: { what: 'cancelling the reset', protects: always },
  // Research mode (issue 12): what is logged of a room, under which study, and deleting that log.
  researchSettings: { what: 'changing the research settings', protects: always, log: 'settings-changed' },
  researchDelete: { what: 'deleting the research log', protects: always, log: 'data-changed' },
  // The parent's view is for the parent: behind the lock, a read (nothing to log).
  parentSummary: { what: 'seeing the parent’s view', protects: always },
};

/** The refusal a closed lock gives; a content script's request (an override from the page) is told where to go. */
export function lockedReason(name: MessageName, what: string): string {
  return name === 'overrideLimit'
    ? `${LOCKED_REASON} Coinsight is locked by a parent. A parent must unlock it in Coinsight's settings (Parental lock) before a limit can be overridden.`
    : `${LOCKED_REASON} ${what} needs a parent to unlock Coinsight (Parental lock, with the PIN or the authenticator code).`;
}

export function storedFrom(storage: Pick<LocalStorageArea, 'get'>): Stored {
  return {
    rules: () => readRules(storage),
    settings: async () => settingsFromStorage((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]),
  };
}

/**
 * The gate, and a wrapper of the handlers that logs each protected change after its handler succeeded. The two meet
 * through the payload object: the router hands the gate and the handler the same validated object.
 */
export function lockGate(store: LockStore, stored: Stored): { gate: MessageGate; logged: (handlers: Handlers) => Handlers } {
  const passed = new WeakMap<object, { kind: ActivityEventKind; detail: Record<string, string | boolean> }>();
  const gate: MessageGate = async (name, payload) => {
    const entry = PROTECTED[name] as ProtectedChange<typeof name> | undefined;
    if (!entry || !(await entry.protects(payload, stored))) return null;
    const { state } = await store.state();
    if (!opensTheGate(state)) {
      await store.log('blocked-attempt', { message: name, by: 'lock' });
      return lockedReason(name, entry.what);
    }
    if (entry.log) passed.set(payload as object, { kind: entry.log, detail: { message: name, lock: state.kind !== 'none' } });
    return null;
  };
  const logged = (handlers: Handlers): Handlers => {
    const out: Record<string, unknown> = { ...handlers };
    for (const name of Object.keys(PROTECTED) as MessageName[]) {
      const handler = handlers[name] as (payload: object, origin: unknown) => Promise<unknown>;
      out[name] = async (payload: object, origin: unknown) => {
        const reply = await handler(payload, origin);
        const change = passed.get(payload);
        if (change) await store.log(change.kind, change.detail);
        return reply;
      };
    }
    return out as Handlers;
  };
  return { gate, logged };
}
