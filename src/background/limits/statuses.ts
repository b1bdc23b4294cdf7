/**
 * Every rule's standing now, from the stored rules, the settings and the bounded usage reads (queries/limit-usage.ts):
 * what the views, the in-page strip and the guard state are made of. One UsageReader per computation, so rules that
 * share a window share its reads.
 */
import { evaluate, usageWindows, type LimitRule, type LimitStatus } from '../../core/limits';
import type { Window } from '../../core/periods';
import type { CoinsightDb } from '../../platform/db';
import { SETTINGS_KEY, settingsFromStorage, type Settings } from '../../platform/settings';
import { UsageReader } from '../../queries/limit-usage';
import type { LocalStorageArea } from '../handlers/settings';
import { readEvaluatedRules, type LimitClock } from './rules';

export interface LimitsNow {
  rules: LimitRule[];
  settings: Settings;
  reader: UsageReader;
  now: number;
  timeZone: string;
}

export async function limitsNow(db: CoinsightDb, storage: Pick<LocalStorageArea, 'get'>, clock: LimitClock): Promise<LimitsNow> {
  const [rules, stored] = await Promise.all([readEvaluatedRules(storage), storage.get(SETTINGS_KEY)]);
  const settings = settingsFromStorage(stored[SETTINGS_KEY]);
  const now = clock.now();
  const timeZone = clock.timeZone();
  return { rules, settings, now, timeZone, reader: new UsageReader(db, { now, timeZone, weekStart: settings.weekStart, settings }) };
}

export function currentWindow(rule: LimitRule, context: LimitsNow): Window {
  return usageWindows(rule, context.now, context.timeZone, context.settings.weekStart).current;
}

/** A rule's status; a `live` rule's for `roomId`, or, without one, for the room that spent most this window. */
export async function statusOf(rule: LimitRule, context: LimitsNow, roomId: string | null = null): Promise<LimitStatus> {
  let room = roomId;
  if (rule.scope.kind === 'live' && room === null) {
    let most = 0;
    for (const [id, coins] of await context.reader.roomCoins(currentWindow(rule, context))) {
      if (coins > most) [room, most] = [id, coins];
    }
  }
  const usage = await context.reader.usage(rule, rule.scope.kind === 'live' ? room : null);
  const status = evaluate(rule, usage, context.now, context.timeZone, context.settings.weekStart);
  return rule.scope.kind === 'live' && room !== null ? { ...status, roomId: room } : status;
}

export function statusesOf(context: LimitsNow, roomId: string | null = null): Promise<LimitStatus[]> {
  return Promise.all(context.rules.map((rule) => statusOf(rule, context, roomId)));
}

/** Tightest first: the highest percent, then the least left (as core/limits.ts tightest picks one). */
export function tightestFirst(statuses: readonly LimitStatus[]): LimitStatus[] {
  return [...statuses].sort((a, b) => b.percent - a.percent || a.left - b.left);
}
