/**
 * Runs in a Chromium page for bench/cost-basis.js (bundled by it with vite, as an IIFE): the worker's own cost-basis
 * code (ledger-writer.ts with its derived stores, lots-build.ts) against the browser's real IndexedDB. Every figure is
 * a ratio of two timings taken here, back to back, on the same database.
 */
import { Dexie } from 'dexie';
import { BUILD_CHUNK, buildLots } from '../../src/background/derived/lots-build';
import { LEDGER_TABLES, putEntries } from '../../src/background/ledger-writer';
import { PARSER_VERSION, entryIds, type LedgerEntry } from '../../src/core/ledger';
import { HOUR } from '../../src/core/rollups';
import { LOTS_BUILD, openDb, type CoinsightDb } from '../../src/platform/db';

const ACCOUNT = '6912345678901234567';
const T0 = Date.UTC(2026, 2, 2, 18); // an hour's start

const gift = (i: number, at: number): LedgerEntry => ({
  kind: 'gift', id: entryIds.giftByMsg(String(7_400_000_000_000_000_000n + BigInt(i))), at, coins: 1, account: ACCOUNT, source: 'gift-send',
  parser: PARSER_VERSION, giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: '7300000000000000001', creatorHandle: 'sunset.sings',
});
const recharge = (key: string, at: number, coins: number): LedgerEntry => ({
  kind: 'recharge', id: entryIds.recharge(key), at, coins, account: ACCOUNT, source: 'cashier+end-result', parser: PARSER_VERSION,
  orderId: key, price: { minor: 74 * Math.ceil(coins / 70), currency: 'USD' },
});

const write = (db: CoinsightDb, entries: LedgerEntry[]) => db.transaction('rw', [...LEDGER_TABLES], () => putEntries(db, entries));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * A recharge written one hour late, after `gifts` gifts in that hour (the store redoes the hour: every gift read and
 * consumed again), against the same write in order (appended after the newest entry); `repeats` of each, alternated.
 */
async function lateLot({ gifts, repeats }: { gifts: number; repeats: number }) {
  const db = openDb(`bench-late-lot-${Math.random().toString(36).slice(2)}`);
  try {
    await write(db, [recharge('start', T0 - 1, 100_000)]);
    const step = Math.floor(HOUR / gifts);
    for (let i = 0; i < gifts; i += 500) await write(db, Array.from({ length: Math.min(500, gifts - i) }, (_, k) => gift(i + k, T0 + (i + k) * step)));
    const inOrder: number[] = [];
    const late: number[] = [];
    for (let r = 0; r < repeats; r++) {
      inOrder.push(await timed(() => write(db, [recharge(`in-order-${r}`, T0 + HOUR + r, 70)])));
      late.push(await timed(() => write(db, [recharge(`late-${r}`, T0 + 1 + r, 70)])));
    }
    return { gifts, repeats, inOrderMs: median(inOrder), lateMs: median(late), ratio: median(late) / median(inOrder) };
  } finally {
    await db.delete();
  }
}

/**
 * The build over a ledger of `entries` entries that existed before the store (its marker removed, its rows never
 * written), against a plain read of the same entries in the same chunks, each chunk a transaction of its own.
 */
async function build({ entries, repeats }: { entries: number; repeats: number }) {
  const db = openDb(`bench-build-${Math.random().toString(36).slice(2)}`);
  try {
    await db.open();
    const rows: LedgerEntry[] = [];
    for (let i = 0; i < entries; i++) {
      rows.push(i % 40 === 0 ? recharge(`o${i}`, T0 + i * 1_000, 350) : gift(i, T0 + i * 1_000));
    }
    for (let i = 0; i < rows.length; i += 25_000) await db.ledger.bulkPut(rows.slice(i, i + 25_000));
    const builds: number[] = [];
    const reads: number[] = [];
    for (let r = 0; r < repeats; r++) {
      reads.push(await timed(async () => {
        let after: [string, number] | null = null;
        for (;;) {
          const chunk: LedgerEntry[] = await db.transaction('r', db.ledger, () =>
            (after ? db.ledger.where('[account+at]').above(after) : db.ledger.orderBy('[account+at]')).limit(BUILD_CHUNK).toArray());
          if (chunk.length < BUILD_CHUNK) break;
          const last = chunk[chunk.length - 1]!;
          after = [last.account, last.at];
        }
      }));
      await db.transaction('rw', [db.lots, db.costs, db.builds], () => Dexie.Promise.all([db.lots.clear(), db.costs.clear(), db.builds.delete(LOTS_BUILD)]));
      builds.push(await timed(() => buildLots(db)));
    }
    const built = await db.builds.get(LOTS_BUILD);
    if (!built?.complete) throw new Error('the build did not complete');
    return { entries, repeats, chunk: BUILD_CHUNK, buildMs: median(builds), readMs: median(reads), ratio: median(builds) / median(reads) };
  } finally {
    await db.delete();
  }
}

(globalThis as { __coinsightCostBench?: unknown }).__coinsightCostBench = { lateLot, build };
