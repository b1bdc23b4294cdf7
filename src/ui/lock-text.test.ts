import { expect, test } from 'vitest';
import { english } from './english.fixtures';
import { durationText } from './lock-text';

test('durations read as a person would say them, rounded up', () => {
  expect(durationText(29_001, english)).toBe('30 s');
  expect(durationText(5 * 60_000, english)).toBe('5 min');
  expect(durationText(48 * 3_600_000 - 60_000, english)).toBe('47 h 59 min');
  expect(durationText(50 * 3_600_000, english)).toBe('2 d 2 h');
  expect(durationText(-5, english)).toBe('0 s');
});
