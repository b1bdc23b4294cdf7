import { describe, expect, it } from 'vitest';
import { WEEK_END, guardRule, guardState } from '../background/limits/enforce.fixtures';
import { getMessage, limitRule } from '../background/limits/signals.fixtures';
import { blockedView } from './blocked-view';

const t = (key: string, subs?: string[]) => getMessage(key, subs) || key;
const words = { t, locale: 'en-US', timeZone: 'America/New_York' };

describe('the blocked page', () => {
  it('says what is blocked, by which limit, and until when in the user’s zone', () => {
    const rule = guardRule({ cap: { kind: 'coins', coins: 100 }, period: 'week' });
    expect(blockedView(guardState([rule]), [], WEEK_END - 1, words)).toEqual({
      blocked: true,
      heading: 'Coinsight blocked buying coins',
      what: 'You reached a limit you set: buying coins and sending gifts on TikTok are blocked in this browser.',
      why: ['Your limit: 100 coins a week.'],
      until: 'Blocked until Sunday, December 6, 2026 at 7:00 PM.',
    });
  });

  it('names a custom period by its days (from the stored rule) and waits for the last of several blocks', () => {
    const custom = guardRule({ id: '00000000-0000-4000-8000-0000000000cc', period: 'custom', cap: { kind: 'money', money: { minor: 2500, currency: 'EUR' } }, resetsAt: WEEK_END + 86_400_000 });
    const view = blockedView(guardState([guardRule(), custom]), [limitRule(custom.id, { period: { kind: 'custom', days: 10, from: '2026-11-28' } })], WEEK_END - 1, words);
    expect(view.why).toEqual(['Your limit: 100 coins a week.', 'Your limit: €25.00 every 10 days.']);
    expect(view.until).toBe('Blocked until Monday, December 7, 2026 at 7:00 PM.');
  });

  it('says nothing is blocked when the window is over or no limit blocks', () => {
    expect(blockedView(guardState([guardRule()]), [], WEEK_END, words)).toMatchObject({ blocked: false, heading: 'Nothing is blocked now', why: [], until: null });
    expect(blockedView(guardState([guardRule({ left: 3 })]), [], 0, words).blocked).toBe(false);
  });

  it('says a limit set by policy is the administrator’s', () => {
    const view = blockedView(guardState([guardRule({ id: 'managed-weekly' })]), [], WEEK_END - 1, words);
    expect(view.why).toEqual(['Your administrator’s limit: 100 coins a week.']);
  });
});
