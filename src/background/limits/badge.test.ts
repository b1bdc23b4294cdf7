import { describe, expect, it } from 'vitest';
import { badgeColour, signalStatuses, tightestStatus } from './badge';
import { fakeLocal, fakeSignalApi, limitRule, limitStatus } from './signals.fixtures';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('the toolbar badge', () => {
  it('shows what is left of the tightest limit, compact, with a tooltip naming it', async () => {
    const { api, badge } = fakeSignalApi();
    const rules = [limitRule(A, { cap: { kind: 'coins', coins: 5000 } }), limitRule(B, { period: { kind: 'day' }, cap: { kind: 'coins', coins: 2000 } })];
    await signalStatuses([limitStatus(A, 1000, 5000), limitStatus(B, 800, 2000)], rules, api, fakeLocal(), 'UTC');
    // B is 40 % used, A 20 %: B is the tightest although A has more left.
    expect(badge).toEqual({ text: '1.2K', background: '#2e7d32', textColour: '#ffffff', title: 'Coinsight: 1,200 coins left of 2,000 coins a day (40 % used)' });
  });

  it('colours by percent used: < 50 green, ≥ 50 yellow, ≥ 80 orange, ≥ 100 red', async () => {
    expect([0, 49, 50, 79, 80, 99, 100, 250].map((percent) => badgeColour(percent).background)).toEqual([
      '#2e7d32', '#2e7d32', '#f9a825', '#f9a825', '#ef6c00', '#ef6c00', '#c62828', '#c62828',
    ]);
    const { api, badge } = fakeSignalApi();
    await signalStatuses([limitStatus(A, 1000)], [limitRule(A, { action: 'block' })], api, fakeLocal(), 'UTC');
    expect(badge).toMatchObject({ text: '0', background: '#c62828' });
  });

  it('shows a money cap as a compact amount of its currency, and a per-creator limit by its handle', async () => {
    const { api, badge } = fakeSignalApi();
    const rule = limitRule(A, { scope: { kind: 'creator', creator: '7300000000000000009', handle: 'coinsight_creator' }, cap: { kind: 'money', money: { minor: 500, currency: 'USD' } } });
    await signalStatuses([limitStatus(A, 50, 500)], [rule], api, fakeLocal(), 'UTC');
    expect(badge.text).toBe('$4.5');
    expect(badge.title).toBe('Coinsight: $4.50 left of $5.00 a week to @coinsight_creator (10 % used)');
    await signalStatuses([{ ...limitStatus(A, 0, 250_000), percent: 0 }], [{ ...rule, cap: { kind: 'money', money: { minor: 250_000, currency: 'USD' } } }], api, fakeLocal(), 'UTC');
    expect(badge.text).toBe('$2.5K');
  });

  it('shows no badge without limits, or when the statuses name no rule that still exists', async () => {
    const { api, badge } = fakeSignalApi();
    await signalStatuses([limitStatus(A, 10)], [limitRule(A)], api, fakeLocal(), 'UTC');
    expect(badge.text).not.toBe('');
    await signalStatuses([], [], api, fakeLocal(), 'UTC');
    expect(badge.text).toBe('');
    expect(badge.title).toBe('Coinsight — TikTok coin spending');
    await signalStatuses([limitStatus(A, 10)], [], api, fakeLocal(), 'UTC');
    expect(badge.text).toBe('');
  });

  it('picks, between equally used limits, the one with the least left', () => {
    const smaller = limitStatus(B, 50, 100);
    expect(tightestStatus([limitStatus(A, 500), smaller], [limitRule(A), limitRule(B, { cap: { kind: 'coins', coins: 100 } })])?.status).toBe(smaller);
  });
});
