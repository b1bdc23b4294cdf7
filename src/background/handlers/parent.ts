/**
 * The parent's view and the blocked attempts (issue 11, item 5). `parent/summary` is the one message the summary page
 * reads through (an extension-page message, so the lock's gate can refuse it while locked); `activity/blocked` comes
 * from the in-page hold in TikTok's tab, so it is believed only as far as it can be checked: the rules it names must
 * be block rules the worker holds now, and a tab may log at most a few a minute (a page script can call the hold's
 * dialog up again and again; a flood must cost a handful of rows, not thousands).
 */
import { isPolicyActive } from '../../core/managed/policy';
import type { CoinsightDb } from '../../platform/db';
import { SETTINGS_KEY, settingsFromStorage } from '../../platform/settings';
import { loadParentSummary } from '../../queries/parent-summary';
import type { ParentView } from '../../queries/parent-view';
import { logActivity } from '../activity/log';
import { LAST_BEAT_KEY } from '../activity/heartbeat';
import { readEvaluatedRules, type LimitClock } from '../limits/rules';
import { policySetsLock, storedPolicy } from '../managed/policy';
import type { Handlers } from '../router';
import type { LocalStorageArea } from './settings';

type ParentHandlers = Pick<Handlers, 'blockedAttempt' | 'parentSummary'>;

/** Blocked attempts a tab may log: a burst of BURST, then one per REFILL_MS. In memory: it paces, it does not account. */
const BURST = 5;
const REFILL_MS = 12_000;

export class AttemptPacer {
  private readonly tabs = new Map<number, { tokens: number; at: number }>();

  take(tabId: number, now: number): boolean {
    const held = this.tabs.get(tabId) ?? { tokens: BURST, at: now };
    const tokens = Math.min(BURST, held.tokens + Math.max(0, now - held.at) / REFILL_MS);
    if (this.tabs.size > 1000) this.tabs.clear();
    if (tokens < 1) {
      this.tabs.set(tabId, { tokens, at: now });
      return false;
    }
    this.tabs.set(tabId, { tokens: tokens - 1, at: now });
    return true;
  }
}

export function parentHandlers(db: CoinsightDb, storage: LocalStorageArea, clock: LimitClock, pacer = new AttemptPacer()): ParentHandlers {
  return {
    blockedAttempt: async ({ ruleIds, coins, giftId, roomId, creator }, { tabId }) => {
      const blocks = new Set((await readEvaluatedRules(storage)).filter((rule) => rule.action === 'block').map((rule) => rule.id));
      const named = ruleIds.filter((id) => blocks.has(id));
      if (named.length === 0) return { logged: false };
      if (tabId === undefined || !pacer.take(tabId, Date.now())) return { logged: false };
      await logActivity(db, 'blocked-attempt', clock.now(), { ruleId: named[0]!, rules: named.length, coins, giftId, roomId, creator });
      return { logged: true };
    },
    parentSummary: async ({ page }): Promise<ParentView> => {
      const stored = await storage.get([SETTINGS_KEY, LAST_BEAT_KEY]);
      const settings = settingsFromStorage(stored[SETTINGS_KEY]);
      const [summary, policy, lock] = await Promise.all([
        loadParentSummary(db, { now: clock.now(), timeZone: clock.timeZone(), weekStart: settings.weekStart, page }),
        storedPolicy(storage),
        policySetsLock(storage),
      ]);
      const beat = stored[LAST_BEAT_KEY];
      return {
        ...summary,
        managed: { active: isPolicyActive(policy) || lock, limits: policy.limits.length, lock, research: policy.research !== null, problems: policy.problems },
        lastBeat: typeof beat === 'number' ? beat : null,
      };
    },
  };
}
