import { describe, expect, it } from 'vitest';
import { formatWhen } from './format';

describe('formatWhen', () => {
  const now = Date.UTC(2026, 11, 2, 18, 30);
  it('says only the time today, the day and time this year, and the full date before that', () => {
    expect(formatWhen(Date.UTC(2026, 11, 2, 9, 5), now, 'en-US', 'UTC')).toBe('9:05 AM');
    expect(formatWhen(Date.UTC(2026, 10, 28, 21, 40), now, 'en-US', 'UTC')).toBe('Nov 28, 9:40 PM');
    expect(formatWhen(Date.UTC(2025, 11, 31, 23, 59), now, 'en-US', 'UTC')).toMatch(/Dec 31, 2025/);
  });
  it('decides "today" in the given time zone, not in UTC', () => {
    // 01:00 UTC on 3 December is still 2 December in New York, like "now" (13:30 there).
    expect(formatWhen(Date.UTC(2026, 11, 3, 1, 0), now, 'en-US', 'America/New_York')).toBe('8:00 PM');
  });
});
