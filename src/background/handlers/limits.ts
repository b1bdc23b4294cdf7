/**
 * Limit messages (issue 9): the settings door for the rules (background/limits/door.ts), the views' standing of each
 * rule, the in-page strip's, and self-imposed overrides with their log. Every change is followed by a guard refresh
 * (background/limits/guard.ts) before the reply, so what the editor shows next is what the taps already hold.
 */
import type { LimitRule } from '../../core/limits';
import type { CoinsightDb } from '../../platform/db';
import type { InPageLimits, LimitsView } from '../../platform/protocol';
import { creatorKeys } from '../../queries/limit-usage';
import { deleteRule, refuseManaged, saveRule } from '../limits/door';
import { logOverride, overrideLog, overridesUsedIn } from '../limits/overrides';
import type { LimitClock } from '../limits/rules';
import { currentWindow, limitsNow, statusOf, statusesOf, tightestFirst, type LimitsNow } from '../limits/statuses';
import type { Handlers } from '../router';
import { inSettingsQueue } from '../settings-queue';
import type { LocalStorageArea } from './settings';

type LimitHandlers = Pick<Handlers, 'saveLimit' | 'deleteLimit' | 'limitsView' | 'limitOverrides' | 'inPageLimits' | 'overrideLimit'>;

export interface LimitDeps {
  clock: LimitClock;
  /** Recomputes the guard state (coalesced); awaited after each change. */
  refresh: () => Promise<void>;
  /**
   * An override of an all-scope block was granted in tab `tabId`: lets that tab's next send through the DNR block
   * (worker-guards.ts allowOverride). Awaited before the reply, so the allowance is in place before the tap releases.
   */
  allowOverride?: (tabId: number) => Promise<unknown>;
}

async function viewOf(db: CoinsightDb, context: LimitsNow, roomId: string | null): Promise<LimitsView> {
  const statuses = await statusesOf(context, roomId);
  const overridesUsed: Record<string, number> = {};
  for (const rule of context.rules) overridesUsed[rule.id] = await overridesUsedIn(db, rule.id, currentWindow(rule, context));
  return { rules: context.rules, statuses, overridesUsed };
}

/** Whether a rule covers a page showing `creator`'s content (a creatorOf key or '@handle') and/or the LIVE `roomId`. */
function covers(rule: LimitRule, creator: string | null, roomId: string | null): boolean {
  switch (rule.scope.kind) {
    case 'all':
      return true;
    case 'creator':
      return creator !== null && creatorKeys(rule).includes(creator);
    case 'live':
      return roomId !== null;
  }
}

export function limitHandlers(db: CoinsightDb, storage: LocalStorageArea, deps: LimitDeps): LimitHandlers {
  const { clock, refresh } = deps;
  const now = () => limitsNow(db, storage, clock);
  return {
    saveLimit: async ({ rule }) => {
      await saveRule(db, storage, rule, clock);
      await refresh();
      return viewOf(db, await now(), null);
    },
    deleteLimit: async ({ id }) => {
      await deleteRule(storage, id);
      await refresh();
      return viewOf(db, await now(), null);
    },
    limitsView: async ({ roomId }) => viewOf(db, await now(), roomId),
    limitOverrides: () => overrideLog(db),
    inPageLimits: async ({ creator, roomId }): Promise<InPageLimits> => {
      const context = await now();
      const rules = context.rules.filter((rule) => covers(rule, creator, roomId));
      const statuses = tightestFirst(await Promise.all(rules.map((rule) => statusOf(rule, context, roomId))));
      return { statuses, rules: statuses.map((status) => rules.find((rule) => rule.id === status.ruleId)!) };
    },
    overrideLimit: async (request, origin) => {
      refuseManaged(request.ruleId, 'the limit cannot be overridden');
      // In the settings queue: a rule deleted or edited at the same moment is either before or after, never half.
      const { reply, rule } = await inSettingsQueue(async () => {
        const context = await now();
        const found = context.rules.find((held) => held.id === request.ruleId);
        return { reply: await logOverride(db, found, found ? currentWindow(found, context) : null, request, context.now), rule: found! };
      });
      // Only an all-scope block is enforced by the browser's DNR rules (the tap holds the rest): its override must
      // open them for this tab's one send, and before the reply, since the reply is what releases the held send.
      if (rule.scope.kind === 'all' && rule.action === 'block' && origin.tabId !== undefined) await deps.allowOverride?.(origin.tabId);
      await refresh();
      return reply;
    },
  };
}
