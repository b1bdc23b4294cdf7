import { describe, expect, it } from 'vitest';
import { CREATOR, DOUGHNUT, GALAXY, ME, OTHER, ROSE, freshDb, giftEntry, usd } from '../background/recorder.fixtures';
import { PARSER_VERSION, type GiftEntry, type LedgerEntry } from '../core/ledger';
import type { LimitRule } from '../core/limits';
import { defaultSettings, type Settings } from '../platform/settings';
import { LIVE_LOOKBACK_MS, UsageReader } from './limit-usage';
import { initialBalance, iso, recharge, rowCounter, write } from './read-models.fixtures';

const NOW = iso('2026-05-20T12:00:00Z'); // Wednesday; the Monday week in UTC is 18–25 May
const WEEK = { start: iso('2026-05-18T00:00:00Z'), end: iso('2026-05-25T00:00:00Z') };

function settings(over: Partial<Settings['conversion']> = {}): Settings {
  const base = defaultSettings('en-US');
  return { ...base, displayCurrency: 'USD', weekStart: 1, conversion: { ...base.conversion, basis: 'web-package', ...over } };
}
const reader = (db: ReturnType<typeof freshDb>, s: Settings = settings(), now = NOW) => new UsageReader(db, { now, timeZone: 'UTC', weekStart: 1, settings: s });

function rule(over: Partial<LimitRule> = {}): LimitRule {
  return {
    id: '00000000-0000-4000-8000-000000000001', scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 },
    action: 'block', carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: iso('2026-01-01T00:00:00Z'), ...over,
  };
}
const unseen = (at: number, coins: number, account = ME): LedgerEntry =>
  ({ kind: 'unseen-spend', id: `unseen-spend:${account}:${at}`, at, coins, account, source: 'balance-fall', parser: PARSER_VERSION });
const toCreator = (gift: GiftEntry, creatorId: string | undefined, creatorHandle: string | undefined, roomId = gift.roomId): GiftEntry => {
  const { creatorId: _id, creatorHandle: _handle, ...rest } = gift;
  return { ...rest, roomId, ...(creatorId ? { creatorId } : {}), ...(creatorHandle ? { creatorHandle } : {}) };
};
let msg = 7_480_000_000_300_000_000n;
const gift = (at: number, item = ROSE, count = 1, account = ME) => giftEntry(String(++msg), at, item, count, account);

describe('spending in a window (scope all)', () => {
  it('is gift coins plus unseen spending, over every account, inside the window only', async () => {
    const db = freshDb();
    await db.accounts.bulkPut([{ uid: ME, uniqueId: 'me', nickName: null, lastSeenAt: 1 }, { uid: OTHER, uniqueId: 'other', nickName: null, lastSeenAt: 2 }]);
    await write(db, [
      initialBalance(iso('2026-05-01T00:00:00Z'), 10_000, ME),
      initialBalance(iso('2026-05-01T00:00:00Z'), 10_000, OTHER),
      gift(WEEK.start - 1, DOUGHNUT), // last week
      gift(WEEK.start, ROSE, 7), // first instant of the week
      gift(iso('2026-05-19T10:30:00Z'), DOUGHNUT, 1, OTHER),
      unseen(iso('2026-05-19T11:00:00Z'), 40),
      gift(WEEK.end, GALAXY), // next week
    ]);
    expect(await reader(db).usedIn(rule(), WEEK, null)).toEqual({ used: 7 + 30 + 40, estimated: false });
  });

  it('reads the previous window only when carry-over needs it', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 10_000, ME), gift(iso('2026-05-12T09:00:00Z'), DOUGHNUT), gift(iso('2026-05-19T09:00:00Z'))]);
    expect(await reader(db).usage(rule())).toEqual({ current: { used: 1, estimated: false }, previous: null });
    expect(await reader(db).usage(rule({ carryOver: 'roll-unused' }))).toEqual({ current: { used: 1, estimated: false }, previous: { used: 30, estimated: false } });
  });

  it('reads a bounded number of ledger rows: whole hours come from rollups, only partial hours from entries', async () => {
    const db = freshDb();
    const entries: LedgerEntry[] = [initialBalance(iso('2026-04-01T00:00:00Z'), 1_000_000, ME)];
    for (let i = 0; i < 3000; i++) entries.push(gift(WEEK.start + 3_600_000 + i * 60_000));
    await write(db, entries);
    const counts = new Map<string, number>();
    db.use(rowCounter(counts));
    // A window starting mid-hour: its first partial hour holds 30 gifts, everything else is rollup rows.
    const window = { start: WEEK.start + 90 * 60_000, end: WEEK.end };
    expect(await reader(db).spentCoins(window)).toBe(3000 - 30);
    expect(counts.get('ledger') ?? 0).toBeLessThanOrEqual(31); // the edge hour's 30 gifts (+ the newest entry for the account)
    expect(counts.get('rollups') ?? 0).toBeLessThanOrEqual(7 * 24);
  });
});

describe('money caps', () => {
  const money = (minor: number, currency = 'USD') => rule({ cap: { kind: 'money', money: { minor, currency } } });

  it('counts what was paid in the cap currency exactly', async () => {
    const db = freshDb();
    await write(db, [recharge(iso('2026-05-01T00:00:00Z'), 700, usd(740), ME), gift(iso('2026-05-19T09:00:00Z'), ROSE, 70)]);
    expect(await reader(db).usedIn(money(5000), WEEK, null)).toEqual({ used: 74, estimated: false });
  });

  it('prices coins of unknown price at the resolved basis, and says so', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 700, ME), gift(iso('2026-05-19T09:00:00Z'), ROSE, 70)]);
    expect(await reader(db).usedIn(money(5000), WEEK, null)).toEqual({ used: 74, estimated: true }); // web package: 70 for $0.74
  });

  it('converts money paid in another currency at the typed exchange rate (estimated)', async () => {
    const db = freshDb();
    await write(db, [recharge(iso('2026-05-01T00:00:00Z'), 100, { minor: 100, currency: 'EUR' }, ME), gift(iso('2026-05-19T09:00:00Z'), ROSE, 100)]);
    const rates = [{ from: 'EUR', to: 'USD', fromMinor: 100, toMinor: 110, asOf: '2026-05-01' }];
    expect(await reader(db, settings({ exchangeRates: rates })).usedIn(money(5000), WEEK, null)).toEqual({ used: 110, estimated: true });
  });

  it('without a typed rate, prices the window at the basis instead of guessing a rate for the other currency', async () => {
    const db = freshDb();
    await write(db, [recharge(iso('2026-05-01T00:00:00Z'), 140, { minor: 100, currency: 'EUR' }, ME), gift(iso('2026-05-19T09:00:00Z'), ROSE, 140)]);
    expect(await reader(db).usedIn(money(5000), WEEK, null)).toEqual({ used: 148, estimated: true }); // 140 coins at 74/70
  });

  it('fails closed (the cap counts as reached) when no basis can be brought into the cap currency', async () => {
    const db = freshDb();
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 700, ME), gift(iso('2026-05-19T09:00:00Z'), ROSE, 7)]);
    expect(await reader(db).usedIn(money(5000, 'EUR'), WEEK, null)).toEqual({ used: 5000, estimated: true });
    const rates = [{ from: 'USD', to: 'EUR', fromMinor: 100, toMinor: 90, asOf: '2026-05-01' }];
    expect(await reader(db, settings({ exchangeRates: rates })).usedIn(money(5000, 'EUR'), WEEK, null)).toEqual({ used: 7, estimated: true }); // 74 × 0.9 = 67 per 70 coins
  });
});

describe('one creator', () => {
  const creatorRule = (creator: string, handle?: string) => rule({ scope: { kind: 'creator', creator, ...(handle ? { handle } : {}) } });

  it('sums the creator’s gifts by id and @handle, from day rows and the ledger at the edges', async () => {
    const db = freshDb();
    await write(db, [
      initialBalance(iso('2026-05-01T00:00:00Z'), 100_000, ME),
      toCreator(gift(iso('2026-05-18T10:00:00Z'), DOUGHNUT), CREATOR, 'sunset.cooking'),
      toCreator(gift(iso('2026-05-19T10:00:00Z'), ROSE, 5), undefined, 'sunset.cooking'), // handle only
      toCreator(gift(iso('2026-05-19T11:00:00Z'), GALAXY), 'someone-else', 'other'),
      toCreator(gift(iso('2026-05-17T21:00:00Z'), GALAXY), CREATOR, 'sunset.cooking'), // last week, even 2 hours west
    ]);
    // Rows exist from the start (an empty ledger when the store began), so whole days come from them.
    expect(await reader(db).usedIn(creatorRule(CREATOR, 'sunset.cooking'), WEEK, null)).toEqual({ used: 35, estimated: false });
    // Keys are creatorOf keys, as the day rows are: '@handle' alone matches the gifts recorded without the id.
    expect(await reader(db).usedIn(creatorRule('@sunset.cooking'), WEEK, null)).toEqual({ used: 5, estimated: false });
    expect(await reader(db).usedIn(creatorRule(CREATOR), WEEK, null)).toEqual({ used: 30, estimated: false });
    // A window in a zone off UTC: partial edge days from the ledger, matched the same way.
    const shifted = { start: WEEK.start - 2 * 3_600_000, end: WEEK.end - 2 * 3_600_000 };
    expect(await reader(db).usedIn(creatorRule(CREATOR, 'sunset.cooking'), shifted, null)).toEqual({ used: 35, estimated: false });
    expect(await reader(db).usedIn(creatorRule('@sunset.cooking'), shifted, null)).toEqual({ used: 5, estimated: false });
  });

  it('a money cap takes the creator’s share of the window’s cost: exact when the creator had it all, else estimated', async () => {
    const db = freshDb();
    await write(db, [recharge(iso('2026-05-01T00:00:00Z'), 700, usd(740), ME), toCreator(gift(iso('2026-05-19T09:00:00Z'), ROSE, 70), CREATOR, 'sunset.cooking')]);
    const capped = rule({ scope: { kind: 'creator', creator: CREATOR }, cap: { kind: 'money', money: usd(1000) } });
    expect(await reader(db).usedIn(capped, WEEK, null)).toEqual({ used: 74, estimated: false });
    await write(db, [toCreator(gift(iso('2026-05-19T10:00:00Z'), ROSE, 70), 'someone-else', 'other')]);
    expect(await reader(db).usedIn(capped, WEEK, null)).toEqual({ used: 74, estimated: true });
  });
});

describe('one LIVE', () => {
  it('counts per room, over the last day of the window only', async () => {
    const db = freshDb();
    const live = rule({ scope: { kind: 'live' }, period: { kind: 'month' } });
    const month = { start: iso('2026-05-01T00:00:00Z'), end: iso('2026-06-01T00:00:00Z') };
    await write(db, [
      initialBalance(iso('2026-05-01T00:00:00Z'), 100_000, ME),
      toCreator(gift(NOW - LIVE_LOOKBACK_MS - 1, GALAXY), CREATOR, 'sunset.cooking', 'room-a'), // older than a LIVE lasts
      toCreator(gift(NOW - 3_600_000, DOUGHNUT), CREATOR, 'sunset.cooking', 'room-a'),
      toCreator(gift(NOW - 60_000, ROSE, 3), CREATOR, 'sunset.cooking', 'room-b'),
    ]);
    const usage = reader(db);
    expect(await usage.usedIn(live, month, 'room-a')).toEqual({ used: 30, estimated: false });
    expect(await usage.usedIn(live, month, 'room-b')).toEqual({ used: 3, estimated: false });
    expect(await usage.usedIn(live, month, 'room-c')).toEqual({ used: 0, estimated: false });
    expect(await usage.roomCoins(month)).toEqual(new Map([['room-a', 30], ['room-b', 3]]));
    expect(await usage.spentThrough()).toBe(NOW - 60_000); // no sentAt on these entries: their `at`
  });
});

describe('spentThrough: when the newest recorded send left the page', () => {
  const sent = (at: number, sentAt: number): GiftEntry => ({ ...gift(at), sentAt });

  it('is the send time, not the answer time: sends that left before the newest answer came are still in flight', async () => {
    const db = freshDb();
    // Sent at −10 s, answered at −2 s: a send that left at −5 s and is not answered yet is not counted here.
    await write(db, [initialBalance(iso('2026-05-01T00:00:00Z'), 100_000, ME), sent(NOW - 2_000, NOW - 10_000)]);
    expect(await reader(db).spentThrough()).toBe(NOW - 10_000);
  });

  it('takes the newest send among answers that came out of order', async () => {
    const db = freshDb();
    await write(db, [
      initialBalance(iso('2026-05-01T00:00:00Z'), 100_000, ME),
      sent(NOW - 3_000, NOW - 4_000), // sent second, answered first
      sent(NOW - 1_000, NOW - 5_000), // sent first, answered last
    ]);
    expect(await reader(db).spentThrough()).toBe(NOW - 4_000);
  });

  it('is 0 with no gift in the ledger', async () => {
    expect(await reader(freshDb()).spentThrough()).toBe(0);
  });
});
