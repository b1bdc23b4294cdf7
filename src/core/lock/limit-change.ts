/**
 * Which limit changes a parental lock lets through without an unlock: those that only tighten. Adding a limit and
 * lowering one are free; raising a cap, weakening the action (block → confirm → warn), allowing more overrides, a
 * shorter confirm delay, a looser carry-over, or moving the limit to another scope, period or currency need the PIN.
 */
import type { CarryOver, LimitAction, LimitRule } from '../limits';

const ACTION_STRENGTH: Record<LimitAction, number> = { warn: 0, confirm: 1, block: 2 };
/** Rolling unused allowance over gives more; carrying overspend over gives less than starting afresh. */
const CARRY_STRENGTH: Record<CarryOver, number> = { 'roll-unused': 0, reset: 1, 'carry-overspend': 2 };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether saving `next` over `stored` (undefined: a new limit) loosens anything. */
export function loosensLimit(stored: LimitRule | undefined, next: LimitRule): boolean {
  if (!stored) return false;
  const { scope: a, period: p } = stored;
  // Scopes compare by what they count; a handle is only for display.
  const scopeKey = (rule: LimitRule) => (rule.scope.kind === 'creator' ? `creator:${rule.scope.creator}` : rule.scope.kind);
  if (scopeKey(stored) !== scopeKey(next) || a.kind !== next.scope.kind || !same(p, next.period)) return true;
  if (stored.cap.kind !== next.cap.kind) return true;
  if (stored.cap.kind === 'coins' && next.cap.kind === 'coins' && next.cap.coins > stored.cap.coins) return true;
  if (stored.cap.kind === 'money' && next.cap.kind === 'money') {
    if (stored.cap.money.currency !== next.cap.money.currency || next.cap.money.minor > stored.cap.money.minor) return true;
  }
  if (ACTION_STRENGTH[next.action] < ACTION_STRENGTH[stored.action]) return true;
  if (CARRY_STRENGTH[next.carryOver] < CARRY_STRENGTH[stored.carryOver]) return true;
  if (next.overridesPerPeriod > stored.overridesPerPeriod) return true;
  return next.action === 'confirm' && stored.action === 'confirm' && next.confirmDelaySeconds < stored.confirmDelaySeconds;
}
