/**
 * The worker's side of enforcement and signalling, wired once in background/index.ts. Everything here runs one job
 * at a time (a chain): a re-assert and a refresh never interleave their rule updates, and two refreshes never both
 * notify the same threshold.
 * - `reassert()`: the DNR rules from the stored guard state and the clock. At every start-up (a killed worker leaves no
 *   gap, and rules a stale state left behind are lifted), when the stored state changes (whoever wrote it), at the
 *   reset alarm, and in test builds when the test clock moves.
 * - `refreshed(statuses, rules, state)`: the listener limits-core's refreshGuards calls after computing the statuses:
 *   the rules, then the badge and the threshold notifications.
 * - `allowOverride(tabId)` / `giftRecorded(tabId)`: an override of an all-scope block opens the DNR block for that
 *   tab's one send (a session rule, enforce.ts allowOneSend); the first gift recorded from that tab afterwards closes
 *   it again, so the minute the allowance lasts at most is not a minute of free sends for a page that skips the tap.
 */
import { GUARD_KEY, type GuardState } from '../../core/guard-state';
import type { LimitRule, LimitStatus } from '../../core/limits';
import { clockReady } from '../../platform/clock';
import { signalStatuses, type SignalApi } from './badge';
import {
  ALLOW_ALARM_PREFIX, RESET_ALARM, allowOneSend, applyGuardRules, endAllowance, endAllowanceOfTab, guardFromStorage, liftExpiredAllowances,
  type EnforceApi, type Enforcement,
} from './enforce';
import type { LocalArea } from './notices';

export interface GuardWiring {
  reassert(): Promise<Enforcement>;
  refreshed(statuses: LimitStatus[], rules: LimitRule[], state: GuardState): Promise<void>;
  /** An override of an all-scope block was granted in this tab: its next gift send passes the DNR block. */
  allowOverride(tabId: number): Promise<void>;
  /** A gift from this tab was recorded: an allowance it had is used up. */
  giftRecorded(tabId: number): Promise<void>;
  /** True when the alarm was one of enforcement's (handled). */
  onAlarm(name: string): boolean;
  /** storage.local's own onChanged (see background/index.ts for why not storage.onChanged). */
  onLocalStorageChanged(changes: Record<string, unknown>): void;
}

export function guardWiring(api: EnforceApi & SignalApi, storage: LocalArea, now: () => number, log = console.warn): GuardWiring {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = chain.then(job);
    chain = run.catch(() => undefined);
    return run;
  };
  // Whether a one-send allowance may exist: unknown at start (a previous worker may have left one), false once a look
  // found none. Every recorded gift asks; without allowances that costs nothing, not a DNR read per gift.
  let allowancesMaybe = true;
  const reassert = () => serial(async () => {
    await clockReady();
    await liftExpiredAllowances(api).catch((error: unknown) => log('Coinsight: could not lift expired one-send allowances', error));
    return applyGuardRules(guardFromStorage((await storage.get(GUARD_KEY))[GUARD_KEY]), api, now());
  });
  return {
    reassert,
    refreshed: (statuses, rules, state) => serial(async () => {
      // Each layer on its own: a browser refusing the rules must not silence the badge, nor the other way round.
      await applyGuardRules(state, api, now()).catch((error: unknown) => log('Coinsight: could not set the block rules', error));
      await signalStatuses(statuses, rules, api, storage).catch((error: unknown) => log('Coinsight: could not show the limits', error));
    }),
    allowOverride: (tabId) => {
      allowancesMaybe = true;
      return serial(async () => {
        await allowOneSend(tabId, api);
      });
    },
    giftRecorded: (tabId) => {
      if (!allowancesMaybe) return Promise.resolve();
      return serial(async () => {
        allowancesMaybe = (await endAllowanceOfTab(tabId, api)) > 0;
      });
    },
    onAlarm(name) {
      if (name === RESET_ALARM) {
        void reassert().catch((error: unknown) => log('Coinsight: could not lift the block at its reset', error));
        return true;
      }
      if (name.startsWith(ALLOW_ALARM_PREFIX)) {
        void serial(() => endAllowance(name, api)).catch((error: unknown) => log('Coinsight: could not end a one-send allowance', error));
        return true;
      }
      return false;
    },
    onLocalStorageChanged(changes) {
      if (GUARD_KEY in changes) void reassert().catch((error: unknown) => log('Coinsight: could not apply the guard state', error));
    },
  };
}
