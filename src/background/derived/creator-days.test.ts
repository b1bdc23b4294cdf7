import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SINCE_KEY, applyGiftToDay, creatorOf, dayOf, type CreatorDay } from '../../core/creator-days';
import { creatorSumsOf } from '../../core/creators';
import type { GiftEntry, LedgerEntry } from '../../core/ledger';
import { monthWindow } from '../../core/periods';
import { creatorsIn } from '../../queries/creators';
import { iso, recharge, write } from '../../queries/read-models.fixtures';
import { DOUGHNUT, FINGER_HEART, GALAXY, ME, OTHER, ROSE, freshDb, giftEntry } from '../recorder.fixtures';
import { random } from '../../platform/row-counter.fixtures';
import { noteCreatorDaysSince } from './creator-days';

const HANDLES = ['sunset.cooking', 'night.owl', 'tiny.studio'];
function randomGifts(count: number, start: number, spanMs: number, seed: number): GiftEntry[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const item = [ROSE, FINGER_HEART, DOUGHNUT, GALAXY][Math.floor(next() * 4)]!;
    const gift = giftEntry(`7490${String(seed).padStart(4, '0')}${String(i).padStart(11, '0')}`, start + Math.floor(next() * spanMs), item, 1 + Math.floor(next() * 3), next() < 0.9 ? ME : OTHER);
    const who = Math.floor(next() * 4);
    const { creatorId: _id, creatorHandle: _handle, ...rest } = gift;
    // Creators with an id, one with a handle only, and gifts whose creator is unknown.
    return who === 3 ? rest : who === 2 ? { ...rest, creatorHandle: HANDLES[2]! } : { ...rest, creatorId: `69000000000000000${who}`, creatorHandle: HANDLES[who]! };
  });
}

/** The rows every gift in the ledger must add up to. */
function expectedRows(entries: readonly LedgerEntry[]): Map<string, CreatorDay> {
  const rows = new Map<string, CreatorDay>();
  for (const e of [...entries].sort((a, b) => a.at - b.at)) {
    if (e.kind !== 'gift') continue;
    const key = [e.account, dayOf(e.at), creatorOf(e)].join('|');
    rows.set(key, applyGiftToDay(rows.get(key), e, 1)!);
  }
  return rows;
}

async function storedRows(db: ReturnType<typeof freshDb>): Promise<Map<string, CreatorDay>> {
  const rows = (await db.creatorDays.toArray()).filter((row): row is CreatorDay => row.day >= 0);
  return new Map(rows.map((row) => [[row.account, row.day, row.creator].join('|'), row]));
}

const coinsOnly = (rows: Map<string, CreatorDay>) => new Map([...rows].map(([key, row]) => [key, { coins: row.coins, gifts: row.gifts, sends: row.sends, byGift: row.byGift }]));

describe('per-creator day rows', () => {
  it('equal the sum of their gifts after new gifts, repeats, corrections that move a gift, and other kinds', async () => {
    const db = freshDb();
    const start = iso('2025-03-01T00:00:00Z');
    const gifts = randomGifts(400, start, 10 * 86_400_000, 1);
    for (let i = 0; i < gifts.length; i += 37) await write(db, gifts.slice(i, i + 37));
    await write(db, gifts.slice(0, 50)); // repeats: no change
    // Corrections: a gift moved to another day (the worker does so after a clock was put back), another to another creator.
    const moved = { ...gifts[3]!, at: gifts[3]!.at + 3 * 86_400_000 };
    const { creatorId: _id, ...renamed } = { ...gifts[4]!, creatorHandle: 'someone.else' };
    await write(db, [moved, renamed, recharge(start, 350, null, ME)]); // a recharge adds no row
    const ledger = await db.ledger.toArray();
    expect(coinsOnly(await storedRows(db))).toEqual(coinsOnly(expectedRows(ledger)));
    // Every row is non-empty: a row whose gifts all moved away is deleted.
    expect([...(await storedRows(db)).values()].every((row) => row.sends > 0)).toBe(true);
  });

  it('note since when they are complete: from the start on an empty ledger, else from the next UTC day, once', async () => {
    const empty = freshDb();
    expect(await noteCreatorDaysSince(empty, iso('2025-03-12T23:57:00Z'))).toBe(0);
    const used = freshDb();
    await used.ledger.put(giftEntry('7490000000000000001', iso('2025-03-12T20:00:00Z'), ROSE));
    // 23:57 plus the 5 minutes a page's clock may run ahead is already the 13th: complete from the 14th.
    expect(await noteCreatorDaysSince(used, iso('2025-03-12T23:57:00Z'))).toBe(iso('2025-03-14T00:00:00Z'));
    expect(await noteCreatorDaysSince(used, iso('2025-04-01T00:00:00Z'))).toBe(iso('2025-03-14T00:00:00Z'));
    expect(await used.creatorDays.get(SINCE_KEY)).toMatchObject({ since: iso('2025-03-14T00:00:00Z') });
  });
});

describe('creators of a month', () => {
  for (const timeZone of ['UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe']) {
    it(`from the day rows and the edge days' gifts equal the sums of the month's gifts (${timeZone})`, async () => {
      const db = freshDb();
      await noteCreatorDaysSince(db, iso('2025-01-01T00:00:00Z')); // empty ledger: complete from the start
      const gifts = randomGifts(600, iso('2025-02-25T00:00:00Z'), 40 * 86_400_000, 2);
      await write(db, gifts);
      const window = monthWindow(iso('2025-03-20T12:00:00Z'), timeZone);
      const view = await creatorsIn(db, ME, window);
      expect(view.gifts).toBeNull(); // the rows were used
      const expected = creatorSumsOf(gifts.filter((g) => g.account === ME && g.at >= window.start && g.at < window.end));
      const strip = (list: typeof expected) => list.map(({ paid: _p, unpricedCoins: _u, costed: _c, byGift, ...rest }) =>
        ({ ...rest, byGift: byGift.map(({ paid: _lp, unpricedCoins: _lu, costed: _lc, ...line }) => line) }));
      expect(strip(view.creators)).toEqual(strip(expected));
    });
  }

  it('reads the ledger for a month that began before the rows did, and the money either way', async () => {
    const db = freshDb();
    const gifts = randomGifts(50, iso('2025-03-01T00:00:00Z'), 10 * 86_400_000, 3);
    await write(db, gifts.slice(0, 1));
    await noteCreatorDaysSince(db, iso('2025-03-05T00:00:00Z')); // the ledger was not empty: complete from the 6th
    await write(db, gifts.slice(1));
    const window = monthWindow(iso('2025-03-20T12:00:00Z'), 'UTC');
    const view = await creatorsIn(db, ME, window);
    expect(view.gifts).not.toBeNull();
    expect(view.creators).toEqual(creatorSumsOf(gifts.filter((g) => g.account === ME)));
  });
});
