import { describe, expect, it } from 'vitest';
import { entryIds, PARSER_VERSION, type AdjustmentEntry, type GiftEntry, type LedgerEntry, type RechargeEntry } from './ledger';
import type { Money } from './money';
import { dayWindow, monthWindow, weekWindow, type Window } from './periods';
import {
  addEntry, addRollup, applyEntry, bucketOf, contribution, emptyRollup, emptyTotals, HOUR, isEmptyRollup, LIFETIME_BUCKET,
  planWindow, spentCoins, type Rollup, type Totals,
} from './rollups';

const ACCOUNT = '7012345678901234567';
const iso = (text: string) => Date.parse(text);

let serial = 0;
function gift(at: number, coins = 1, account = ACCOUNT): GiftEntry {
  serial++;
  return {
    kind: 'gift', id: entryIds.giftByMsg(`m${serial}`), at, coins, account, source: 'gift-send', parser: PARSER_VERSION,
    giftId: 5655, giftName: 'Rose', unitCoins: 1, count: coins, roomId: '7300000000000000001',
  };
}
function recharge(at: number, coins: number, price?: Money, account = ACCOUNT): RechargeEntry {
  serial++;
  const orderId = `ord${serial}`;
  return { kind: 'recharge', id: entryIds.recharge(orderId), at, coins, account, source: 'cashier+end-result', parser: PARSER_VERSION, orderId, ...(price ? { price } : {}) };
}
function adjustment(at: number, coins: number, account = ACCOUNT): AdjustmentEntry {
  serial++;
  return { kind: 'adjustment', id: `adjustment:rise:${serial}`, at, coins, account, source: 'balance-rise', parser: PARSER_VERSION };
}

/** Rollup rows as the recorder would keep them: one per (account, hour) plus one lifetime row per account. */
function buildRollups(entries: readonly LedgerEntry[]): Map<string, Rollup> {
  const rows = new Map<string, Rollup>();
  for (const entry of entries) {
    for (const bucket of [bucketOf(entry.at), LIFETIME_BUCKET]) {
      const key = `${entry.account}|${bucket}`;
      rows.set(key, applyEntry(rows.get(key) ?? emptyRollup(entry.account, bucket), entry, 1));
    }
  }
  return rows;
}

const sumDirect = (entries: readonly LedgerEntry[], w: Window, account: string) =>
  entries.filter((e) => e.account === account && e.at >= w.start && e.at < w.end).reduce(addEntry, emptyTotals());

/** What a view does: whole buckets from the rollups table, edges from the ledger. */
function sumPlanned(rows: Map<string, Rollup>, entries: readonly LedgerEntry[], w: Window, account: string): Totals {
  const plan = planWindow(w);
  let totals = emptyTotals();
  if (plan.wholeBuckets) {
    for (let b = plan.wholeBuckets.from; b < plan.wholeBuckets.to; b++) {
      const row = rows.get(`${account}|${b}`);
      if (row) totals = addRollup(totals, row);
    }
  }
  for (const edge of plan.edges) totals = addRollup(totals, sumDirect(entries, edge, account));
  return totals;
}

describe('bucketOf', () => {
  it('is the hour since the epoch, edges included', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(HOUR - 1)).toBe(0);
    expect(bucketOf(HOUR)).toBe(1);
    expect(bucketOf(iso('2026-01-01T00:59:59.999Z'))).toBe(iso('2026-01-01T00:00:00Z') / HOUR);
    expect(bucketOf(-1)).toBe(-1);
  });

  it('matches Math.floor(at / HOUR) across the whole valid range', () => {
    for (const at of [1, 999, 1_767_225_600_000, 8_640_000_000_000_000 - 1, 8_639_999_996_400_001]) {
      expect(bucketOf(at) * HOUR).toBeLessThanOrEqual(at);
      expect((bucketOf(at) + 1) * HOUR).toBeGreaterThan(at);
    }
  });
});

describe('contribution and applyEntry', () => {
  const at = iso('2026-04-10T18:20:00Z');

  it('counts gifts, recharges (priced or not), adjustments and unseen spending in their own columns', () => {
    let row = emptyRollup(ACCOUNT, bucketOf(at));
    row = applyEntry(row, gift(at, 30), 1);
    row = applyEntry(row, gift(at + 1, 1), 1);
    row = applyEntry(row, recharge(at + 2, 70, { minor: 99, currency: 'USD' }), 1);
    row = applyEntry(row, recharge(at + 3, 350), 1);
    row = applyEntry(row, adjustment(at + 4, 12), 1);
    row = applyEntry(row, { kind: 'unseen-spend', id: 'unseen:x', at: at + 5, coins: 40, account: ACCOUNT, source: 'balance-fall', parser: 1 }, 1);
    expect(row).toEqual({
      account: ACCOUNT, bucket: bucketOf(at),
      giftCoins: 31, gifts: 2, rechargeCoins: 420, recharges: 2, adjustmentCoins: 12, money: { USD: 99 }, unpricedRechargeCoins: 350,
      unseenSpendCoins: 40, importedGiftCoins: 0, importedGifts: 0, importedPurchaseCoins: 0, importedPurchases: 0,
    });
    expect(spentCoins(row)).toBe(71);
  });

  it('reads rows written before unseen spending existed as having none', () => {
    const { unseenSpendCoins: _, ...oldRow } = applyEntry(emptyRollup(ACCOUNT, bucketOf(at)), gift(at, 5), 1);
    expect(spentCoins(addRollup(emptyTotals(), oldRow as Rollup))).toBe(5);
    expect(isEmptyRollup(applyEntry(oldRow as Rollup, gift(at, 5), -1))).toBe(true);
  });

  it('is pure: the input row and its money are left untouched', () => {
    const row = applyEntry(emptyRollup(ACCOUNT, bucketOf(at)), recharge(at, 70, { minor: 99, currency: 'USD' }), 1);
    const before = structuredClone(row);
    const after = applyEntry(row, recharge(at, 1400, { minor: 1999, currency: 'USD' }), 1);
    expect(row).toEqual(before);
    expect(after.money).toEqual({ USD: 2098 });
    expect(after.money).not.toBe(row.money);
  });

  it('never mixes money in different currencies', () => {
    let row = emptyRollup(ACCOUNT, LIFETIME_BUCKET);
    row = applyEntry(row, recharge(at, 70, { minor: 99, currency: 'USD' }), 1);
    row = applyEntry(row, recharge(at, 70, { minor: 94, currency: 'EUR' }), 1);
    row = applyEntry(row, recharge(at, 70, { minor: 150, currency: 'JPY' }), 1);
    row = applyEntry(row, recharge(at, 350, { minor: 499, currency: 'USD' }), 1);
    expect(row.money).toEqual({ USD: 598, EUR: 94, JPY: 150 });
    const totals = addRollup(addRollup(emptyTotals(), row), contribution(recharge(at, 70, { minor: 1, currency: 'KWD' }), 1));
    expect(totals.money).toEqual({ USD: 598, EUR: 94, JPY: 150, KWD: 1 });
  });

  it('restores exact totals when an entry is replaced by a corrected version', () => {
    const entries = [gift(at, 5), recharge(at + 10, 70, { minor: 99, currency: 'USD' }), adjustment(at + 20, 3)];
    const wrong = recharge(at + 30, 700); // first seen without its price…
    const corrected: RechargeEntry = { ...wrong, coins: 699, price: { minor: 999, currency: 'EUR' } }; // …then the cashier told us
    let row = entries.reduce((r, e) => applyEntry(r, e, 1), emptyRollup(ACCOUNT, bucketOf(at)));
    row = applyEntry(row, wrong, 1);
    row = applyEntry(applyEntry(row, wrong, -1), corrected, 1);
    const fresh = [...entries, corrected].reduce((r, e) => applyEntry(r, e, 1), emptyRollup(ACCOUNT, bucketOf(at)));
    expect(row).toEqual(fresh);
    expect(row.unpricedRechargeCoins).toBe(0);
    expect(row.money).toEqual({ USD: 99, EUR: 999 });
  });

  it('becomes empty again when every entry is taken out', () => {
    const entries = [gift(at, 5), recharge(at, 70, { minor: 99, currency: 'USD' }), recharge(at, 10), adjustment(at, 3)];
    let row = entries.reduce((r, e) => applyEntry(r, e, 1), emptyRollup(ACCOUNT, bucketOf(at)));
    expect(isEmptyRollup(row)).toBe(false);
    row = entries.reduce((r, e) => applyEntry(r, e, -1), row);
    expect(isEmptyRollup(row)).toBe(true);
    expect(row.money).toEqual({});
    expect(isEmptyRollup(emptyRollup(ACCOUNT, 1))).toBe(true);
  });

  it('refuses an entry from another account or another hour, but the lifetime row takes any hour', () => {
    const row = emptyRollup(ACCOUNT, bucketOf(at));
    expect(() => applyEntry(row, gift(at, 1, 'someone-else'), 1)).toThrow(/account/);
    expect(() => applyEntry(row, gift(at + HOUR, 1), 1)).toThrow(/bucket/);
    expect(applyEntry(emptyRollup(ACCOUNT, LIFETIME_BUCKET), gift(at + 1000 * HOUR, 4), 1).giftCoins).toBe(4);
  });
});

describe('planWindow', () => {
  const lengthOf = (w: Window) => w.end - w.start;

  /** Checks the plan is an exact, ordered partition of the window. */
  function expectPartition(w: Window) {
    const plan = planWindow(w);
    const pieces: Window[] = [...plan.edges];
    if (plan.wholeBuckets) {
      expect(plan.wholeBuckets.from).toBeLessThan(plan.wholeBuckets.to);
      pieces.push({ start: plan.wholeBuckets.from * HOUR, end: plan.wholeBuckets.to * HOUR });
    }
    pieces.sort((a, b) => a.start - b.start);
    expect(plan.edges.length).toBeLessThanOrEqual(2);
    for (const edge of plan.edges) expect(lengthOf(edge)).toBeGreaterThan(0);
    if (w.end > w.start) {
      expect(pieces[0]!.start).toBe(w.start);
      expect(pieces.at(-1)!.end).toBe(w.end);
      for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.start).toBe(pieces[i - 1]!.end);
      for (const edge of plan.edges) {
        if (plan.wholeBuckets) expect(lengthOf(edge)).toBeLessThan(HOUR);
      }
    } else {
      expect(pieces).toEqual([]);
    }
    return plan;
  }

  it('needs no edges for a UTC day, week or month', () => {
    const now = iso('2026-02-11T09:00:00Z');
    expect(planWindow(dayWindow(now, 'UTC'))).toEqual({ wholeBuckets: { from: iso('2026-02-11T00:00:00Z') / HOUR, to: iso('2026-02-12T00:00:00Z') / HOUR }, edges: [] });
    expect(planWindow(weekWindow(now, 'UTC', 1)).edges).toEqual([]);
    expect(planWindow(monthWindow(now, 'UTC')).wholeBuckets).toEqual({ from: iso('2026-02-01T00:00:00Z') / HOUR, to: iso('2026-03-01T00:00:00Z') / HOUR });
  });

  it('leaves half an hour at each end of a Kolkata day to the ledger', () => {
    const plan = expectPartition(dayWindow(iso('2026-02-11T09:00:00Z'), 'Asia/Kolkata'));
    expect(plan.wholeBuckets).toEqual({ from: iso('2026-02-10T19:00:00Z') / HOUR, to: iso('2026-02-11T18:00:00Z') / HOUR });
    expect(plan.edges).toEqual([
      { start: iso('2026-02-10T18:30:00Z'), end: iso('2026-02-10T19:00:00Z') },
      { start: iso('2026-02-11T18:00:00Z'), end: iso('2026-02-11T18:30:00Z') },
    ]);
  });

  it('leaves 45 and 15 minutes for a Kathmandu week', () => {
    const plan = expectPartition(weekWindow(iso('2026-02-11T09:00:00Z'), 'Asia/Kathmandu', 0));
    expect(plan.edges.map(lengthOf)).toEqual([45 * 60_000, 15 * 60_000]);
  });

  it('yields only an edge for a window inside one hour or straddling two partial hours', () => {
    const within = { start: iso('2026-02-11T09:10:00Z'), end: iso('2026-02-11T09:50:00Z') };
    expect(planWindow(within)).toEqual({ wholeBuckets: null, edges: [within] });
    const straddle = { start: iso('2026-02-11T09:30:00Z'), end: iso('2026-02-11T10:15:00Z') };
    expect(planWindow(straddle)).toEqual({ wholeBuckets: null, edges: [straddle] });
  });

  it('handles exact single hours, one-sided edges and empty windows', () => {
    const nine = iso('2026-02-11T09:00:00Z');
    expect(planWindow({ start: nine, end: nine + HOUR })).toEqual({ wholeBuckets: { from: nine / HOUR, to: nine / HOUR + 1 }, edges: [] });
    expect(planWindow({ start: nine, end: nine + HOUR + 1 }).edges).toEqual([{ start: nine + HOUR, end: nine + HOUR + 1 }]);
    expect(planWindow({ start: nine - 1, end: nine + HOUR }).edges).toEqual([{ start: nine - 1, end: nine }]);
    expect(planWindow({ start: nine, end: nine })).toEqual({ wholeBuckets: null, edges: [] });
  });

  it('partitions random windows exactly', () => {
    const random = mulberry32(42);
    for (let i = 0; i < 2000; i++) {
      const start = iso('2026-01-01T00:00:00Z') + Math.floor(random() * 40 * HOUR);
      const length = [0, 1, Math.floor(random() * HOUR), HOUR, Math.floor(random() * 100 * HOUR)][i % 5]!;
      expectPartition({ start, end: start + length });
    }
  });
});

describe('rollups + edges = the ledger', () => {
  it('gives the same totals as summing entries directly, for random entries and windows', () => {
    const random = mulberry32(20260308);
    const accounts = [ACCOUNT, '', '6999999999999999999'];
    const currencies = ['USD', 'EUR', 'JPY', 'INR'];
    const base = iso('2026-02-25T00:00:00Z');
    const span = 20 * 24 * HOUR;
    const entries: LedgerEntry[] = [];
    for (let i = 0; i < 3000; i++) {
      // Some entries land on exact hour and half-hour marks, where off-by-one mistakes live.
      const roll = random();
      const at = roll < 0.1 ? base + Math.floor(random() * 480) * HOUR : roll < 0.2 ? base + Math.floor(random() * 960) * (HOUR / 2) : base + Math.floor(random() * span);
      const account = accounts[Math.floor(random() * accounts.length)]!;
      const coins = 1 + Math.floor(random() * 5000);
      const kind = random();
      if (kind < 0.6) entries.push(gift(at, coins, account));
      else if (kind < 0.9) {
        const priced = random() < 0.7;
        entries.push(recharge(at, coins, priced ? { minor: Math.floor(random() * 10_000), currency: currencies[Math.floor(random() * currencies.length)]! } : undefined, account));
      } else entries.push(adjustment(at, coins, account));
    }
    const rows = buildRollups(entries);

    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe'];
    const windows: Window[] = [];
    for (let i = 0; i < 150; i++) {
      const now = base + Math.floor(random() * span);
      const zone = zones[i % zones.length]!;
      windows.push(dayWindow(now, zone), weekWindow(now, zone, ([0, 1, 6] as const)[i % 3]!), monthWindow(now, zone));
      const start = base + Math.floor(random() * span);
      windows.push({ start, end: start + Math.floor(random() * [HOUR, 3 * HOUR, 5 * 24 * HOUR][i % 3]!) });
    }

    for (const w of windows) {
      for (const account of accounts) {
        expect(sumPlanned(rows, entries, w, account)).toEqual(sumDirect(entries, w, account));
      }
    }

    // The lifetime rows agree with everything, and each currency stays separate.
    for (const account of accounts) {
      const lifetime = rows.get(`${account}|${LIFETIME_BUCKET}`)!;
      expect(addRollup(emptyTotals(), lifetime)).toEqual(sumDirect(entries, { start: 0, end: Number.MAX_SAFE_INTEGER }, account));
      for (const currency of Object.keys(lifetime.money)) expect(currencies).toContain(currency);
    }
  });

  it('stays equal to the ledger while entries are corrected and removed', () => {
    const random = mulberry32(7);
    const base = iso('2026-03-07T00:00:00Z');
    let entries: LedgerEntry[] = Array.from({ length: 400 }, () => recharge(base + Math.floor(random() * 72 * HOUR), 1 + Math.floor(random() * 999), random() < 0.5 ? { minor: 1 + Math.floor(random() * 999), currency: random() < 0.5 ? 'USD' : 'GBP' } : undefined));
    let rows = buildRollups(entries);
    const key = (e: LedgerEntry, bucket: number) => `${e.account}|${bucket}`;
    const replace = (before: LedgerEntry, after: LedgerEntry | null) => {
      for (const bucket of [bucketOf(before.at), LIFETIME_BUCKET]) {
        const row = applyEntry(rows.get(key(before, bucket))!, before, -1);
        if (isEmptyRollup(row)) rows.delete(key(before, bucket));
        else rows.set(key(before, bucket), row);
      }
      if (after) {
        for (const bucket of [bucketOf(after.at), LIFETIME_BUCKET]) rows.set(key(after, bucket), applyEntry(rows.get(key(after, bucket)) ?? emptyRollup(after.account, bucket), after, 1));
      }
      entries = entries.flatMap((e) => (e.id !== before.id ? [e] : after ? [after] : []));
    };
    for (let i = 0; i < 300; i++) {
      const victim = entries[Math.floor(random() * entries.length)]!;
      if (i % 3 === 0) replace(victim, null);
      // A correction may move the entry to another hour and change its price or currency.
      else replace(victim, { ...victim, at: victim.at + Math.floor((random() - 0.5) * 4 * HOUR), coins: victim.coins + 1, price: { minor: 123, currency: 'EUR' } } as RechargeEntry);
    }
    expect(rows).toEqual(buildRollups(entries));
    const w = dayWindow(base + 30 * HOUR, 'Asia/Kolkata');
    expect(sumPlanned(rows, entries, w, ACCOUNT)).toEqual(sumDirect(entries, w, ACCOUNT));
  });
});

/** Small seeded PRNG so that a failure reproduces. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
