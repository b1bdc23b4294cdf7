/**
 * The guard state (DESIGN.md, "Limits and guards"): the one thing that flows *down* from the worker. After each
 * ledger write, each limit change and at each period edge the worker computes, from the limit statuses, what a tap
 * needs to decide a gift send locally and at once, and writes it to storage.local under GUARD_KEY (one read; the
 * relays see changes through storage.onChanged and hand them to the tap). Only `confirm` and `block` rules are here:
 * a `warn` rule never holds a send. With no such rule the state has no rules and the tap holds nothing.
 *
 * The tap is friction, not enforcement (the page shares its world): a block of everything is enforced by the
 * worker's declarativeNetRequest rules as well (background/limits/), which no page script can undo.
 */
import type { LimitCap, LimitPeriod } from './limits';

export const GUARD_KEY = 'guardState';

export interface GuardRule {
  id: string;
  action: 'confirm' | 'block';
  scope: 'all' | 'creator' | 'live';
  /** `creator` scope: the keys a send may match, both the creator's id and '@handle' when known. */
  creators?: string[];
  /**
   * Coins that may still be sent before the cap is crossed (≤ 0: reached). Money caps are converted at the price of
   * the next coins to be spent (the cost basis; an estimate where their price is unknown). For `live` rules, what is
   * left in a room not listed in `rooms` (the whole cap).
   */
  left: number;
  /** `live` scope: coins left per room id with spending in the current window. */
  rooms?: Record<string, number>;
  cap: LimitCap;
  period: LimitPeriod['kind'];
  /** Epoch ms (worker clock) when the window ends and the count starts again. */
  resetsAt: number;
  /** One-spend overrides still allowed this window (0: none offered). */
  overridesLeft: number;
  confirmDelaySeconds: number;
}

export interface GuardState {
  v: 1;
  /** Worker clock when computed. */
  madeAt: number;
  /**
   * The newest `at` among the gifts the state counted. A tap adds the coins of every send it let through that
   * started after this, so sends in flight (not yet in the ledger) cannot slip past a cap.
   */
  spentThrough: number;
  rules: GuardRule[];
}

/** A state that holds nothing: what a relay uses before it has read one, and after a damaged one. */
export const NO_GUARD: GuardState = { v: 1, madeAt: 0, spentThrough: 0, rules: [] };
