import { describe, expect, it } from 'vitest';
import { DOUGHNUT, ROSE, freshDb, giftEntry } from '../background/recorder.fixtures';
import type { CreatorDaysSince } from '../core/creator-days';
import type { GiftEntry } from '../core/ledger';
import { iso, write } from './read-models.fixtures';
import { seenCreators } from './seen-creators';

const to = (gift: GiftEntry, creatorId: string | undefined, creatorHandle: string | undefined): GiftEntry => {
  const { creatorId: _id, creatorHandle: _handle, ...rest } = gift;
  return { ...rest, ...(creatorId ? { creatorId } : {}), ...(creatorHandle ? { creatorHandle } : {}) };
};

describe('the creators a limit may name', () => {
  const gifts = [
    to(giftEntry('7480000000300000001', iso('2025-03-01T10:00:00Z'), ROSE, 5), 'A', 'alpha'),
    to(giftEntry('7480000000300000002', iso('2025-03-02T10:00:00Z'), DOUGHNUT, 1), 'B', 'bravo'),
    to(giftEntry('7480000000300000003', iso('2025-03-03T10:00:00Z'), ROSE, 2), undefined, 'charlie'),
    to(giftEntry('7480000000300000004', iso('2025-03-04T10:00:00Z'), ROSE, 2), undefined, undefined),
  ];

  it('every creator gifted, keyed as a creator limit matches them (id, else @handle), most gifted first; no unknown creator', async () => {
    const db = freshDb();
    await write(db, gifts);
    expect(await seenCreators(db)).toEqual([
      { key: 'B', id: 'B', handle: 'bravo', coins: 30 },
      { key: 'A', id: 'A', handle: 'alpha', coins: 5 },
      { key: '@charlie', id: null, handle: 'charlie', coins: 2 },
    ]);
  });

  it('reads the per-creator day rows from when they are complete, and the ledger only before that, counting nobody twice', async () => {
    const db = freshDb();
    const since: CreatorDaysSince = { account: '', day: -1, creator: '', since: iso('2025-03-02T00:00:00Z') };
    await db.creatorDays.put(since);
    await write(db, gifts);
    expect((await seenCreators(db)).map((row) => [row.key, row.coins])).toEqual([['B', 30], ['A', 5], ['@charlie', 2]]);
    // Rows from the since on, not the ledger: a row alone names its creator.
    await db.creatorDays.put({ account: 'x', day: 20_200, creator: 'Z', creatorId: 'Z', handle: 'zulu', sends: 1, gifts: 1, coins: 99, byGift: {} });
    expect((await seenCreators(db))[0]).toEqual({ key: 'Z', id: 'Z', handle: 'zulu', coins: 99 });
  });
});
