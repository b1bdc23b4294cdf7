/** Shared by the limits worker tests: a rule maker, a movable clock, and the handlers over a fresh database. */
import type { LimitRule } from '../../core/limits';
import type { CoinsightDb } from '../../platform/db';
import { MemoryStorage } from '../handlers/data.fixtures';
import { limitHandlers } from '../handlers/limits';
import { refreshGuards, type GuardHooks } from './guard';

export const iso = (text: string): number => Date.parse(text);
/** A Wednesday noon; the Monday week in UTC is 18–25 May 2026. */
export const NOW = iso('2026-05-20T12:00:00Z');

let serial = 0;
export function rule(over: Partial<LimitRule> = {}): LimitRule {
  const n = String(++serial).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${n}`, scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 },
    action: 'block', carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: 0, ...over,
  };
}

export class TestClock {
  constructor(public at = NOW, public zone = 'UTC') {}
  now = (): number => this.at;
  timeZone = (): string => this.zone;
}

/** The limit handlers as the worker wires them, with the guard refreshed after each change. */
export function limitsWorker(db: CoinsightDb, hooks: GuardHooks = {}) {
  const storage = new MemoryStorage({ settings: { displayCurrency: 'USD', weekStart: 1, conversion: { basis: 'web-package', customRate: null, diamondRate: null, exchangeRates: [] } } });
  const clock = new TestClock();
  const refresh = async () => {
    await refreshGuards(db, storage, clock, hooks);
  };
  const handlers = limitHandlers(db, storage, { clock, refresh });
  return { storage, clock, refresh, handlers, origin: {} as never };
}
