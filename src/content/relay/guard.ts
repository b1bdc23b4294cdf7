/**
 * The relay's part of the limits gate (DESIGN.md, "Limits and guards"): it reads the guard state the worker keeps in
 * storage.local (one read, then storage.onChanged) and hands it to the tap with the unit prices of the room's gift
 * list; a send the tap holds is shown to the user by the in-page chunk (in-page/hold.ts, loaded when first needed),
 * whose answer goes back to the tap as the verdict.
 */
import { GUARD_KEY, NO_GUARD, type GuardState } from '../../core/guard-state';
import type { ContentApi } from '../../platform/extension-api';
import type { HeldSend } from '../tap-channel';
import { loadInPage } from '../features/in-page';
import type { RelayPage } from '../features/feature';
import type { ToTap } from './channel';

export interface RelayGuard {
  /** Hands the tap the state and prices again (the room's gift list arrived or changed). */
  push(): void;
  hold(id: number, send: HeldSend): void;
}

export function relayGuard(api: ContentApi, page: RelayPage, toTap: ToTap, signal: AbortSignal): RelayGuard {
  let state: GuardState = NO_GUARD;
  const push = (): void => {
    const prices: [number, number][] = [];
    for (const gift of page.context.catalogue.values()) prices.push([gift.id, gift.coins]);
    toTap({ v: 1, kind: 'guard', state, prices });
  };
  const take = (value: unknown): void => {
    // Written by the worker alone; the tap checks every field again (it cannot trust what reaches the page's world).
    state = (value as GuardState | undefined)?.v === 1 && Array.isArray((value as GuardState).rules) ? value as GuardState : NO_GUARD;
    push();
  };
  api.storage.local.get(GUARD_KEY).then((items) => take(items[GUARD_KEY]), () => undefined);
  const changed = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && changes[GUARD_KEY]) take(changes[GUARD_KEY].newValue);
  };
  api.storage.onChanged.addListener(changed);
  // An orphaned relay (the extension disabled or updated) aborts with the extension API already gone: nothing to remove.
  signal.addEventListener('abort', () => api.storage?.onChanged.removeListener(changed));
  return {
    push: () => state.rules.length > 0 && push(),
    hold(id, send) {
      const verdict = (go: boolean): void => toTap({ v: 1, kind: 'verdict', id, go });
      // A dialog that cannot load cannot ask: the limit holds, and the page sees a failed send.
      loadInPage().then((chunk) => chunk.askHold(send, state, page, verdict), () => verdict(false));
    },
  };
}
