import { describe, expect, it } from 'vitest';
import { signalStatuses } from './badge';
import { NOTICES_KEY } from './notices';
import { WEEK, fakeLocal, fakeSignalApi, limitRule, limitStatus } from './signals.fixtures';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const NEXT_WEEK = { start: WEEK.end, end: WEEK.end + 7 * 86_400_000 };

describe('threshold notifications', () => {
  it('say each of 50, 80 and 100 % once per rule and window, with the icon, what is left and when it resets', async () => {
    const { api, shown } = fakeSignalApi();
    const storage = fakeLocal();
    const rules = [limitRule(A)];
    for (const used of [100, 499, 500, 600, 800, 810, 1000, 1200]) await signalStatuses([limitStatus(A, used)], rules, api, storage, 'UTC');
    expect(shown.map(({ title, message }) => [title, message])).toEqual([
      ['Coinsight: 50 % of a limit used', '1,000 coins a week: 500 coins left. It resets Mon, Dec 7, 12:00 AM.'],
      ['Coinsight: 80 % of a limit used', '1,000 coins a week: 200 coins left. It resets Mon, Dec 7, 12:00 AM.'],
      ['Coinsight: limit reached', '1,000 coins a week: reached. It resets Mon, Dec 7, 12:00 AM.'],
    ]);
    expect(shown[0]!.iconUrl).toBe('chrome-extension://abc/icons/icon-128.png');
    expect(new Set(shown.map((notice) => notice.id)).size).toBe(3);
  });

  it('say only the highest threshold of a jump, and that an all-scope block now blocks until the reset', async () => {
    const { api, shown } = fakeSignalApi();
    await signalStatuses([limitStatus(A, 1000)], [limitRule(A, { action: 'block' })], api, fakeLocal(), 'Europe/Berlin');
    expect(shown.map(({ message }) => message)).toEqual(['1,000 coins a week: reached. Gifts and coin purchases are blocked until Mon, Dec 7, 01:00 AM.']);
  });

  it('are not repeated by a restarted worker (remembered in storage), and start again in the next window', async () => {
    const storage = fakeLocal();
    const first = fakeSignalApi();
    await signalStatuses([limitStatus(A, 850)], [limitRule(A)], first.api, storage, 'UTC');
    const restarted = fakeSignalApi();
    await signalStatuses([limitStatus(A, 850)], [limitRule(A)], restarted.api, storage, 'UTC');
    expect([first.shown.length, restarted.shown.length]).toEqual([1, 0]);
    await signalStatuses([limitStatus(A, 500, 1000, NEXT_WEEK)], [limitRule(A)], restarted.api, storage, 'UTC');
    expect(restarted.shown.map(({ title }) => title)).toEqual(['Coinsight: 50 % of a limit used']);
  });

  it('are kept apart per rule, and per room for a per-LIVE rule; a deleted rule is forgotten', async () => {
    const { api, shown } = fakeSignalApi();
    const storage = fakeLocal();
    const live = limitRule(B, { scope: { kind: 'live' } });
    await signalStatuses([limitStatus(A, 500), { ...limitStatus(B, 500), roomId: '1' }, { ...limitStatus(B, 500), roomId: '2' }], [limitRule(A), live], api, storage, 'UTC');
    expect(shown).toHaveLength(3);
    expect(shown[1]!.message).toBe('1,000 coins a week in any one LIVE: 500 coins left. It resets Mon, Dec 7, 12:00 AM.');
    await signalStatuses([limitStatus(A, 500)], [limitRule(A)], api, storage, 'UTC');
    expect(Object.keys(storage.items[NOTICES_KEY] as object)).toEqual([A]);
    expect(shown).toHaveLength(3);
  });

  it('survive damaged remembered state and a notification the browser refuses', async () => {
    const storage = fakeLocal();
    storage.items[NOTICES_KEY] = 'garbage';
    const { api } = fakeSignalApi();
    api.notifications.create = async () => { throw new Error('notifications are off'); };
    await expect(signalStatuses([limitStatus(A, 900)], [limitRule(A)], api, storage, 'UTC')).resolves.toBeUndefined();
    expect(storage.items[NOTICES_KEY]).toEqual({ [A]: { start: WEEK.start, fired: 80 } });
  });
});
