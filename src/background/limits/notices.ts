/**
 * Notifications when a limit crosses 50, 80 or 100 % (issue 9, item 2): once per threshold per rule per window. What
 * fired is remembered in storage.local (NOTICES_KEY), so a restarted worker does not say it again; a new window (its
 * start differs) starts afresh, and rules that no longer exist are forgotten. A jump past several thresholds at once
 * says only the highest.
 */
import type { LimitRule, LimitStatus } from '../../core/limits';
import { amountText, ruleText, whenText, type Translate } from '../../core/limit-words';

export const NOTICES_KEY = 'limitNotices';
export const THRESHOLDS = [50, 80, 100] as const;

/** Per rule (and room, for per-LIVE rules): the window the thresholds fired in, and the highest that fired. */
export type NoticesFired = Record<string, { start: number; fired: number }>;

export interface Notice {
  id: string;
  threshold: number;
  title: string;
  message: string;
}

export interface NoticesApi {
  notifications: { create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string> };
  runtime: { getURL(path: string): string };
}

export interface LocalArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const keyOf = (status: LimitStatus): string => (status.roomId ? `${status.ruleId}|${status.roomId}` : status.ruleId);

/** Pure: the notices due for `statuses`, and what has fired after them. */
export function dueNotices(
  statuses: LimitStatus[], rules: LimitRule[], fired: NoticesFired, words: { t: Translate; locale: string; timeZone: string },
): { notices: Notice[]; fired: NoticesFired } {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const next: NoticesFired = {};
  for (const [key, value] of Object.entries(fired)) if (byId.has(key.split('|')[0]!)) next[key] = value;
  const notices: Notice[] = [];
  for (const status of statuses) {
    const rule = byId.get(status.ruleId);
    if (!rule) continue;
    const key = keyOf(status);
    const before = next[key]?.start === status.start ? next[key]!.fired : 0;
    const reached = Math.max(0, ...THRESHOLDS.filter((threshold) => status.percent >= threshold));
    next[key] = { start: status.start, fired: Math.max(before, reached) };
    if (reached > before) notices.push(notice(rule, status, reached, words));
  }
  return { notices, fired: next };
}

function notice(rule: LimitRule, status: LimitStatus, threshold: number, { t, locale, timeZone }: { t: Translate; locale: string; timeZone: string }): Notice {
  const limit = ruleText(t, rule, locale);
  const when = whenText(status.resetsAt, locale, timeZone);
  const id = `limit:${keyOf(status)}:${status.start}:${threshold}`;
  if (threshold < 100) {
    return { id, threshold, title: t('noticeThresholdTitle', [String(threshold)]), message: t('noticeThresholdBody', [limit, amountText(t, status.left, rule.cap, locale), when]) };
  }
  const body = rule.action === 'block' && rule.scope.kind === 'all' ? 'noticeBlockedBody' : 'noticeReachedBody';
  return { id, threshold, title: t('noticeReachedTitle'), message: t(body, [limit, when]) };
}

/** Shows what is due and remembers it; the remembering is written before showing, so a crash never repeats one. */
export async function notifyThresholds(
  statuses: LimitStatus[], rules: LimitRule[], api: NoticesApi, storage: LocalArea, words: { t: Translate; locale: string; timeZone: string },
): Promise<Notice[]> {
  const stored = (await storage.get(NOTICES_KEY))[NOTICES_KEY];
  const fired = typeof stored === 'object' && stored !== null ? (stored as NoticesFired) : {};
  const due = dueNotices(statuses, rules, fired, words);
  if (JSON.stringify(due.fired) !== JSON.stringify(fired)) await storage.set({ [NOTICES_KEY]: due.fired });
  const iconUrl = api.runtime.getURL('icons/icon-128.png');
  for (const item of due.notices) {
    await api.notifications.create(item.id, { type: 'basic', iconUrl, title: item.title, message: item.message })
      .catch((error: unknown) => console.warn('Coinsight: could not show a limit notification', error));
  }
  return due.notices;
}
