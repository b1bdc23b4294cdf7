/**
 * The toolbar badge (issue 9, item 2): what is left of the tightest limit ("1.2K" coins, "$4.5"), coloured by how
 * much of it is used, with a tooltip naming the limit; no limits, no badge. `signalStatuses` is what the worker calls
 * after each refresh of the statuses (background/limits/guard.ts): the badge, then the threshold notifications.
 */
import { tightest, type LimitRule, type LimitStatus } from '../../core/limits';
import { amountText, compactAmount, ruleText, type Translate } from '../../core/limit-words';
import { timeZone as clockZone } from '../../platform/clock';
import { notifyThresholds, type LocalArea, type NoticesApi } from './notices';

export interface BadgeApi {
  action: {
    setBadgeText(details: { text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { color: string }): Promise<void>;
    /** Chrome ≥ 110 and Firefox; absent elsewhere. */
    setBadgeTextColor?(details: { color: string }): Promise<void>;
    setTitle(details: { title: string }): Promise<void>;
  };
  i18n: { getMessage(key: string, substitutions?: string | string[]): string; getUILanguage(): string };
}

export type SignalApi = BadgeApi & NoticesApi;

/** Background and text colours by percent used: < 50, ≥ 50, ≥ 80, ≥ 100. */
export const BADGE_COLOURS = [
  { from: 100, background: '#c62828', text: '#ffffff' },
  { from: 80, background: '#ef6c00', text: '#000000' },
  { from: 50, background: '#f9a825', text: '#000000' },
  { from: 0, background: '#2e7d32', text: '#ffffff' },
] as const;

export function badgeColour(percent: number): { background: string; text: string } {
  return BADGE_COLOURS.find((colour) => percent >= colour.from) ?? BADGE_COLOURS[BADGE_COLOURS.length - 1]!;
}

/** The status closest to its cap (core/limits.ts `tightest`) with its rule; statuses of unknown rules are ignored. */
export function tightestStatus(statuses: LimitStatus[], rules: LimitRule[]): { status: LimitStatus; rule: LimitRule } | null {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const status = tightest(statuses.filter((s) => byId.has(s.ruleId)));
  return status ? { status, rule: byId.get(status.ruleId)! } : null;
}

export interface Badge {
  text: string;
  background: string;
  textColour: string;
  title: string;
}

/** Pure: what the badge shows for these statuses. */
export function badgeFor(statuses: LimitStatus[], rules: LimitRule[], t: Translate, locale: string): Badge {
  const tight = tightestStatus(statuses, rules);
  if (!tight) return { text: '', background: BADGE_COLOURS[3].background, textColour: BADGE_COLOURS[3].text, title: t('extName') };
  const { status, rule } = tight;
  const colour = badgeColour(status.percent);
  const title = t('badgeTitle', [amountText(t, status.left, rule.cap, locale), ruleText(t, rule, locale), String(status.percent)]);
  return { text: compactAmount(status.left, rule.cap, locale), background: colour.background, textColour: colour.text, title };
}

export async function showBadge(badge: Badge, api: BadgeApi): Promise<void> {
  await api.action.setBadgeText({ text: badge.text });
  await api.action.setBadgeBackgroundColor({ color: badge.background });
  await api.action.setBadgeTextColor?.({ color: badge.textColour });
  await api.action.setTitle({ title: badge.title });
}

/**
 * After each refresh of the limit statuses: the badge for the tightest, then a notification for each threshold newly
 * crossed (remembered in `storage`). Calls must not overlap (the worker chains them): two at once could both notify.
 */
export async function signalStatuses(statuses: LimitStatus[], rules: LimitRule[], api: SignalApi, storage: LocalArea, timeZone = clockZone()): Promise<void> {
  const t: Translate = (key, substitutions) => api.i18n.getMessage(key, substitutions) || key;
  const locale = api.i18n.getUILanguage();
  await showBadge(badgeFor(statuses, rules, t, locale), api);
  await notifyThresholds(statuses, rules, api, storage, { t, locale, timeZone });
}
