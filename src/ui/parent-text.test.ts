import { describe, expect, it } from 'vitest';
import type { ActivityEventKind } from '../platform/db';
import type { ParentLogRow } from '../queries/parent-summary';
import { english, hasEnglish } from './english.fixtures';
import { durationText, logSentence } from './parent-text';

const AT = Date.UTC(2026, 11, 2, 9, 30);
const row = (kind: ParentLogRow['kind'], detail: ParentLogRow['detail'] = {}): ParentLogRow => ({ id: 'x', at: AT, kind, detail });
const KINDS: ActivityEventKind[] = [
  'settings-changed', 'limit-changed', 'data-changed', 'lock-set', 'lock-changed', 'lock-removed', 'unlocked', 'pin-failed',
  'lock-reset-requested', 'lock-reset-cancelled', 'lock-reset-done', 'blocked-attempt', 'not-running', 'browser-closed',
  'extension-disabled', 'unexplained-balance',
];

describe('the parent’s log in plain words', () => {
  it('has an English sentence for every kind, and none is left as a key', () => {
    for (const kind of [...KINDS, 'override' as const]) {
      const text = logSentence(row(kind, { from: AT - 3_600_000, to: AT, coins: 30, reason: 'birthday' }), 'en-US', english);
      expect(text).not.toMatch(/^parent|\$/);
      expect(text.length).toBeGreaterThan(10);
    }
    expect(hasEnglish('parentLogUnknown')).toBe(true);
  });

  it('says when and how long for gaps, and what cannot be told apart', () => {
    const text = logSentence(row('extension-disabled', { from: AT - 95 * 60_000, to: AT, minutes: 95 }), 'en-US', english);
    expect(text).toMatch(/^Coinsight was turned off and on again from .+ to .+ \(1 h 35 min\), or reloaded, or it crashed/);
    expect(logSentence(row('browser-closed', { from: AT - 9 * 3_600_000, to: AT }), 'en-US', english)).toMatch(/\(9 h 0 min\)\. Coinsight cannot tell this apart/);
  });

  it('names the amount of a blocked gift and an override’s reason', () => {
    expect(logSentence(row('blocked-attempt', { coins: 1500 }), 'en-US', english)).toBe('A gift was held back by a block limit (1,500 coins).');
    expect(logSentence(row('blocked-attempt', { coins: null }), 'en-US', english)).toBe('A gift was held back by a block limit (an amount Coinsight did not know).');
    expect(logSentence(row('override', { reason: 'birthday', coins: 5 }), 'en-US', english)).toBe('A limit was overridden for one gift (5 coins). Reason given: “birthday”');
  });

  it('formats durations in minutes, hours and days', () => {
    expect(durationText(45 * 60_000, english)).toBe('45 min');
    expect(durationText(3 * 3_600_000 + 5 * 60_000, english)).toBe('3 h 5 min');
    expect(durationText(52 * 3_600_000, english)).toBe('2 days 4 h');
  });
});
