/**
 * Self-imposed overrides (issue 9 item 5): lifting a confirm or block for one spend needs a typed reason, is limited
 * to the rule's count per window, and is logged durably in the activity table (time, rule, reason, coins, gift,
 * creator, room). The count for a window is read from the log itself ([kind+at] over the window), so it survives the
 * worker and can never drift from what the log shows.
 */
import { Dexie } from 'dexie';
import type { LimitRule } from '../../core/limits';
import type { Window } from '../../core/periods';
import type { ActivityRow, CoinsightDb } from '../../platform/db';
import type { OverrideRecord } from '../../platform/protocol';
import { RefusedError } from '../router';

/** A reason shorter than this (after trimming) is refused: an override must say why. */
export const MIN_REASON_LENGTH = 3;
/** Newest overrides returned by limitOverrides (the log itself keeps them all). */
export const OVERRIDES_LISTED = 500;

export async function overridesUsedIn(db: CoinsightDb, ruleId: string, window: Window): Promise<number> {
  const rows = await db.activity.where('[kind+at]').between(['override', window.start], ['override', window.end], true, false).toArray();
  return rows.filter((row) => row.kind === 'override' && row.ruleId === ruleId).length;
}

/** What the page asks to let through (the logged record without its id and time). */
export type OverrideRequest = Omit<OverrideRecord, 'id' | 'at'>;

/** Logs one override, or refuses it (naming why) without logging anything. Returns how many are left this window. */
export async function logOverride(db: CoinsightDb, rule: LimitRule | undefined, window: Window | null, request: OverrideRequest, at: number): Promise<{ overridesLeft: number }> {
  if (!rule || !window) throw new RefusedError('there is no such limit (it may have been deleted)');
  if (rule.action === 'warn') throw new RefusedError('a warn limit holds nothing, so there is nothing to override');
  const reason = request.reason.trim();
  if (reason.length < MIN_REASON_LENGTH) throw new RefusedError(`an override needs a reason of at least ${MIN_REASON_LENGTH} characters`);
  return db.transaction('rw', db.activity, async () => {
    const used = await overridesUsedIn(db, rule.id, window);
    if (used >= rule.overridesPerPeriod) {
      throw new RefusedError(rule.overridesPerPeriod === 0
        ? 'this limit allows no overrides'
        : `this limit's ${rule.overridesPerPeriod} override${rule.overridesPerPeriod === 1 ? '' : 's'} for this period are used up`);
    }
    const row: ActivityRow = {
      kind: 'override', id: crypto.randomUUID(), at, ruleId: rule.id, reason,
      coins: request.coins, giftId: request.giftId, creator: request.creator, roomId: request.roomId,
    };
    await db.activity.add(row);
    return { overridesLeft: rule.overridesPerPeriod - used - 1 };
  });
}

/** The override log, newest first. */
export async function overrideLog(db: CoinsightDb): Promise<OverrideRecord[]> {
  const rows = await db.activity.where('[kind+at]').between(['override', Dexie.minKey], ['override', Dexie.maxKey]).reverse().limit(OVERRIDES_LISTED).toArray();
  return rows.flatMap((row) => (row.kind === 'override' ? [stripKind(row)] : []));
}

function stripKind({ kind: _kind, ...record }: OverrideRecord & { kind: 'override' }): OverrideRecord {
  return record;
}
