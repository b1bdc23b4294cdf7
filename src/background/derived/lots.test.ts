import 'fake-indexeddb/auto';
import type { DBCore, Middleware } from 'dexie';
import { describe, expect, it } from 'vitest';
import { entryIds, type LedgerEntry } from '../../core/ledger';
import { ACCOUNT, balanceRise, gift, initialBalance, recharge, unseenSpend, usd } from '../../core/lots.fixtures';
import { LIFETIME_BUCKET, bucketOf } from '../../core/rollups';
import type { CoinsightDb } from '../../platform/db';
import { LEDGER_TABLES, deleteEntries, putEntries } from '../ledger-writer';
import { freshDb } from '../recorder.fixtures';
import { costsOf } from '../../queries/cost';
import { expectLotsMatchLedger, storedCostBasis } from './lots.fixtures';

const T = Date.parse('2026-03-02T18:00:00Z');
const minute = (n: number) => T + n * 60_000;
const OTHER = '7098765432109876543';

const put = (db: CoinsightDb, ...entries: LedgerEntry[]) => db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, entries));
const del = (db: CoinsightDb, ...entries: LedgerEntry[]) => db.transaction('rw', [...LEDGER_TABLES], () => deleteEntries(db, entries));
/** What costsOf says of a gift (by msg id) or an unseen spend (by entry id). */
async function cost(db: CoinsightDb, id: string, account = ACCOUNT) {
  const costs = await costsOf(db, account, [id, entryIds.giftByMsg(id)]);
  return costs.get(id) ?? costs.get(entryIds.giftByMsg(id));
}

interface Counts { on: boolean; reads: Map<string, number>; writes: Map<string, number> }

/** A fresh database that counts rows read and written per table, through Dexie's core, while `on`. */
function countingDb(): [CoinsightDb, Counts] {
  const counts: Counts = { on: false, reads: new Map(), writes: new Map() };
  const db = freshDb();
  db.use(rowCounter(counts));
  return [db, counts];
}

function rowCounter(counts: Counts): Middleware<DBCore> {
  const add = (map: Map<string, number>, name: string, rows: number) => counts.on && map.set(name, (map.get(name) ?? 0) + rows);
  const { reads, writes } = counts;
  return {
    stack: 'dbcore', name: 'count-rows',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          get: async (request) => { const v: unknown = await table.get(request); add(reads, name, v === undefined ? 0 : 1); return v; },
          getMany: async (request) => { const v = await table.getMany(request); add(reads, name, v.filter((x) => x !== undefined).length); return v; },
          query: async (request) => { const r = await table.query(request); add(reads, name, r.result.length); return r; },
          mutate: async (request) => {
            add(writes, name, request.type === 'put' || request.type === 'add' ? request.values.length : request.type === 'delete' ? request.keys.length : 1);
            return table.mutate(request);
          },
        };
      },
    }),
  };
}

describe('lots store: paid money, kept by the writer', () => {
  it('splits two web packages over three gifts, to the cent, one write at a time', async () => {
    const db = freshDb();
    await put(db, recharge('A', minute(0), 70, usd(74)));
    await put(db, recharge('B', minute(1), 350, usd(370)));
    await put(db, gift('g30', minute(2), 30));
    await put(db, gift('g60', minute(3), 30, 2));
    await put(db, gift('g100', minute(4), 1, 100));
    expect((await cost(db, 'g30'))!.allocations).toEqual([{ lot: 'recharge:A', coins: 30, paid: usd(31) }]);
    expect(await cost(db, 'g60')).toMatchObject({ paid: { USD: 64 }, pricedCoins: 60 });
    expect(await cost(db, 'g100')).toMatchObject({ paid: { USD: 105 }, pricedCoins: 100 });
    expect(await db.lots.toArray()).toEqual([
      expect.objectContaining({ id: 'recharge:A', consumed: 70, open: 0 }),
      expect.objectContaining({ id: 'recharge:B', consumed: 120, open: 1 }),
    ]);
    expect((await storedCostBasis(db, ACCOUNT)).money).toEqual({ USD: { paid: 444, assigned: 200, held: 244 } });
    // All in one hour: the hour's row and the lifetime row both say 200¢ paid for 190 coins.
    expect(await db.costs.get([ACCOUNT, LIFETIME_BUCKET])).toEqual({
      account: ACCOUNT, bucket: LIFETIME_BUCKET, spent: 190, paid: { USD: 200 }, paidCoins: { USD: 190 }, unpriced: {}, consumedThrough: 190,
      tail: { at: minute(4), id: entryIds.giftByMsg('g100') },
    });
    expect(await db.costs.get([ACCOUNT, bucketOf(T)])).toMatchObject({ paid: { USD: 200 }, consumedThrough: 190 });
    await expectLotsMatchLedger(db);
  });

  it('gives a lot used a Rose at a time exactly its price, the Roses written in one batch', async () => {
    const db = freshDb();
    await put(db, recharge('A', minute(0), 70, usd(74)));
    await put(db, ...Array.from({ length: 70 }, (_, i) => gift(`r${String(i + 1).padStart(2, '0')}`, minute(10 + i), 1)));
    const ids = Array.from({ length: 70 }, (_, i) => entryIds.giftByMsg(`r${String(i + 1).padStart(2, '0')}`));
    const twoCents = [...(await costsOf(db, ACCOUNT, ids)).values()].filter((s) => s.paid.USD === 2).map((s) => s.id);
    expect(twoCents).toEqual(['r18', 'r35', 'r53', 'r70'].map(entryIds.giftByMsg));
    await expectLotsMatchLedger(db);
  });

  it('says why coins are unpriced, and never backfills a deficit with a later recharge', async () => {
    const db = freshDb();
    await put(db, initialBalance(minute(0), 200), gift('before', minute(1), 30, 5));
    await put(db, balanceRise('w1', minute(2), 50), recharge('no-cashier', minute(3), 350));
    await put(db, recharge('A', minute(4), 70, usd(74)), gift('lion', minute(5), 30, 10));
    await put(db, gift('after', minute(6), 1, 200), gift('big', minute(7), 1, 100));
    await put(db, recharge('B', minute(8), 350, usd(370)), gift('next', minute(9), 5, 7));
    expect((await db.costs.get([ACCOUNT, LIFETIME_BUCKET]))!.unpriced).toEqual({ 'initial-balance': 200, 'balance-rise': 50, 'unpriced-recharge': 350, deficit: 80 });
    expect(await cost(db, 'lion')).toMatchObject({ paid: {}, unpriced: { 'initial-balance': 50, 'balance-rise': 50, 'unpriced-recharge': 200 } });
    // 'big': A's last 20 coins (22¢) and 80 from nowhere; B, bought later, does not fill them.
    expect(await cost(db, 'big')).toMatchObject({ paid: { USD: 22 }, unpriced: { deficit: 80 } });
    expect((await cost(db, 'next'))!.allocations).toEqual([{ lot: 'recharge:B', coins: 35, paid: usd(37) }]);
    await expectLotsMatchLedger(db);
  });

  it('lets a gift in the same millisecond as a recharge come first, as its id sorts first', async () => {
    const db = freshDb();
    await put(db, recharge('A', minute(0), 70, usd(74)));
    await put(db, gift('same-ms', minute(0), 5));
    expect((await cost(db, 'same-ms'))!.unpriced).toEqual({ deficit: 5 });
    await expectLotsMatchLedger(db);
  });
});

describe('lots store: late, corrected and deleted entries', () => {
  it('re-prices only the spending at or after a lot that arrives late, and rewrites only that', async () => {
    const [db, counts] = countingDb();
    await put(db, recharge('A', minute(0), 70, usd(74)), gift('g1', minute(10), 1, 50), gift('g2', minute(30), 1, 50), gift('g3', minute(50), 1, 50));
    expect(await cost(db, 'g2')).toMatchObject({ paid: { USD: 22 }, unpriced: { deficit: 30 } });
    counts.on = true;
    await put(db, recharge('late', minute(20), 350, usd(370)));
    counts.on = false;
    // The late lot is the only lot that changed; the hour's row and the lifetime row are rewritten, the hour's four
    // entries read again from the ledger.
    expect(Object.fromEntries([...counts.writes].filter(([name]) => name === 'lots' || name === 'costs'))).toEqual({ lots: 1, costs: 2 });
    expect(counts.reads.get('ledger')).toBe(5);
    expect(await cost(db, 'g2')).toMatchObject({ paid: { USD: 53 }, unpriced: {} });
    expect(await cost(db, 'g3')).toMatchObject({ paid: { USD: 53 }, unpriced: {} });
    await expectLotsMatchLedger(db);
  });

  it('replays a corrected recharge (its price arrives) and a reduced unseen spend as if only the corrections existed', async () => {
    const db = freshDb();
    await put(db, initialBalance(minute(0), 20), recharge('C', minute(1), 350), gift('g1', minute(2), 30), unseenSpend('fall', minute(3), 30));
    expect((await cost(db, entryIds.unseenSpend('fall')))!.unpriced).toEqual({ 'unpriced-recharge': 30 });
    await put(db, recharge('C', minute(1), 350, usd(370)), unseenSpend('fall', minute(3), 10), gift('late', minute(2) + 500, 1, 20));
    expect(await cost(db, 'g1')).toMatchObject({ paid: { USD: 10 }, unpriced: { 'initial-balance': 20 } });
    expect(await cost(db, entryIds.unseenSpend('fall'))).toMatchObject({ coins: 10, paid: { USD: 11 } });
    await expectLotsMatchLedger(db);
  });

  it('moves a gift in time, and withdraws an unseen spend and a lot', async () => {
    const db = freshDb();
    const fall = unseenSpend('fall', minute(5), 40);
    const rise = balanceRise('w1', minute(1), 30);
    await put(db, recharge('A', minute(0), 70, usd(74)), rise, gift('g1', minute(2), 30), fall, gift('g2', minute(6), 30, 2));
    await put(db, gift('g2', minute(1) - 1, 30, 2)); // now before the balance rise
    await expectLotsMatchLedger(db);
    await del(db, fall);
    await expectLotsMatchLedger(db);
    await del(db, rise);
    await expectLotsMatchLedger(db);
    expect(await db.lots.get(rise.id)).toBeUndefined();
    expect(await cost(db, fall.id)).toBeUndefined();
  });

  it('keeps accounts apart, also when an entry moves from one account to another', async () => {
    const db = freshDb();
    const mine = recharge('A', minute(0), 70, usd(74));
    const theirs = { ...recharge('X', minute(0), 350, usd(370)), account: OTHER };
    const g = gift('g', minute(1), 30);
    await put(db, mine, theirs, g, { ...gift('h', minute(2), 5), account: OTHER });
    await expectLotsMatchLedger(db);
    await put(db, { ...g, account: OTHER });
    expect(await cost(db, 'g')).toBeUndefined();
    expect(await cost(db, 'g', OTHER)).toMatchObject({ paid: { USD: 31 } });
    expect((await db.lots.get(mine.id))!.consumed).toBe(0);
    await expectLotsMatchLedger(db);
  });

  it('redoes nothing for a change FIFO cannot see: a recharge confirmed by a wallet reading', async () => {
    const [db, counts] = countingDb();
    const bought = recharge('A', minute(0), 70, usd(74));
    await put(db, bought, gift('g1', minute(1), 30), gift('g2', minute(2), 5));
    counts.on = true;
    await put(db, { ...bought, checks: { balance: 'match' } });
    expect(counts.writes.get('ledger')).toBe(1);
    expect([counts.reads.get('lots'), counts.reads.get('costs'), counts.writes.get('lots'), counts.writes.get('costs')]).toEqual([undefined, undefined, undefined, undefined]);
    await expectLotsMatchLedger(db);
  });

  it('changes nothing on a repeat', async () => {
    const [db, counts] = countingDb();
    const entries = [recharge('A', minute(0), 70, usd(74)), gift('g', minute(1), 30)];
    await put(db, ...entries);
    counts.on = true;
    await put(db, ...entries);
    expect(counts.reads.get('ledger')).toBe(2);
    expect(counts.writes.size).toBe(0);
  });
});

describe('lots store: the cost of a streak', () => {
  it('writes 500 new gifts with one read of the open lots and no ledger scan', async () => {
    const [db, counts] = countingDb();
    const { reads, writes } = counts;
    const history: LedgerEntry[] = [];
    for (let i = 0; i < 40; i++) {
      history.push(recharge(`o${i}`, minute(i * 10), 350, usd(370)));
      for (let j = 1; j <= 5; j++) history.push(gift(`h${i}-${j}`, minute(i * 10 + j), 30, 2));
    }
    await put(db, ...history); // 40 lots of 350 coins, 200 gifts of 60: 12,000 coins spent, 6 lots still open
    counts.on = true;
    await put(db, ...Array.from({ length: 500 }, (_, i) => gift(`s${String(i).padStart(4, '0')}`, minute(500) + i * 1_000, 1)));
    // The lots open before the streak (6 rows); the ledger only for the ids (none found), never walked.
    expect(reads.get('lots')).toBe(6);
    expect(reads.get('ledger') ?? 0).toBe(0);
    // No row per gift: the two lots the streak took from (the oldest open lot held 250 coins), the streak's one hour
    // (8 minutes from 02:20, a new row) and the lifetime row (read, then rewritten).
    expect(writes.get('lots')).toBe(2);
    expect(reads.get('costs')).toBe(1);
    expect(writes.get('costs')).toBe(2);
    await expectLotsMatchLedger(db);
  });
});
