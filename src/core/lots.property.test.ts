import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './ledger';
import { compareEntries, floorMulDiv, replayLots, type Allocation } from './lots';
import { gift, initialBalance, balanceRise, recharge, unseenSpend } from './lots.fixtures';
import { costBasisViolations } from './lots-invariant';
import type { MoneyTotals } from './money';

const T = Date.parse('2026-03-02T18:00:00Z');
const CURRENCIES = ['USD', 'IDR', 'EUR', 'VND', 'KWD'] as const;
type Origin = 'priced' | 'unpriced-recharge' | 'initial-balance' | 'balance-rise' | 'manual';

interface Bounds { coins: fc.Arbitrary<number>; spend: fc.Arbitrary<number>; minor: fc.Arbitrary<number>; maxEntries: number }

/**
 * Mostly everyday amounts (a package of a few hundred coins, gifts of a Rose to a Lion), sometimes whales: up to 1e9
 * coins and 1e12 minor units. Spends are smaller than packages, as in life, so lots are shared and also run out.
 */
const REALISTIC: Bounds = {
  coins: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 1_500 }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000_000 }) },
  ),
  spend: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 400 }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 30_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000_000 }) },
  ),
  minor: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 100_000_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000_000_000 }) },
  ),
  maxEntries: 60,
};
/** Small enough for a coin-by-coin oracle. */
const SMALL: Bounds = { coins: fc.integer({ min: 1, max: 25 }), spend: fc.integer({ min: 1, max: 12 }), minor: fc.integer({ min: 0, max: 3_000 }), maxEntries: 30 };

/** A lot or a spend in the first two hours; many share a minute, so ties between ids are common. */
const draft = (b: Bounds) => fc.oneof(
  fc.record({
    lot: fc.constantFrom<Origin>('priced', 'priced', 'unpriced-recharge', 'initial-balance', 'balance-rise', 'manual'),
    currency: fc.nat(2), minor: b.minor, coins: b.coins, minute: fc.integer({ min: 0, max: 120 }),
  }),
  fc.record({ spend: fc.constantFrom('gift', 'gift', 'unseen-spend'), coins: b.spend, minute: fc.integer({ min: 0, max: 120 }) }),
);
type Draft = typeof draft extends (b: Bounds) => fc.Arbitrary<infer D> ? D : never;

/** Turns drafts into entries with ids unique by position, in 2 or 3 currencies. */
function toEntries(drafts: readonly Draft[], currencies: readonly string[], tag = ''): LedgerEntry[] {
  return drafts.map((d, i) => {
    const at = T + d.minute * 60_000;
    const key = `${tag}${i}`;
    if ('spend' in d) return d.spend === 'gift' ? gift(`m${key}`, at, d.coins) : unseenSpend(`b${key}`, at, d.coins);
    switch (d.lot) {
      case 'priced': return recharge(`o${key}`, at, d.coins, { minor: d.minor, currency: currencies[d.currency % currencies.length]! });
      case 'unpriced-recharge': return recharge(`o${key}`, at, d.coins);
      case 'initial-balance': return { ...initialBalance(at, d.coins), id: `adjustment:initial:${key}` };
      default: return balanceRise(`w${key}`, at, d.coins, d.lot);
    }
  });
}

const ledger = (b: Bounds) => fc
  .tuple(fc.shuffledSubarray([...CURRENCIES], { minLength: 2, maxLength: 3 }), fc.array(draft(b), { maxLength: b.maxEntries, size: 'medium' }))
  .map(([currencies, drafts]) => toEntries(drafts, currencies));

const lotEntries = (entries: readonly LedgerEntry[]) => entries.filter((e) => e.kind === 'recharge' || e.kind === 'adjustment');

/** FIFO at its most literal: every coin is a token in one queue, and a spend takes tokens from its front. */
function oracle(entries: readonly LedgerEntry[]): [string, Allocation[]][] {
  const ordered = [...entries].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const queue: LedgerEntry[] = [];
  let front = 0;
  const usedOf = new Map<string, number>();
  const out: [string, Allocation[]][] = [];
  for (const e of ordered) {
    if (e.kind === 'recharge' || e.kind === 'adjustment') {
      for (let i = 0; i < e.coins; i++) queue.push(e);
      continue;
    }
    const runs: { lot: LedgerEntry | null; coins: number }[] = [];
    for (let i = 0; i < e.coins; i++) {
      const lot = front < queue.length ? queue[front++]! : null;
      const last = runs[runs.length - 1];
      if (last && last.lot === lot) last.coins++;
      else runs.push({ lot, coins: 1 });
    }
    out.push([e.id, runs.map(({ lot, coins }): Allocation => {
      if (lot === null) return { lot: null, coins, reason: 'deficit' };
      const before = usedOf.get(lot.id) ?? 0;
      usedOf.set(lot.id, before + coins);
      if (lot.kind === 'recharge' && lot.price) {
        const [p, c] = [BigInt(lot.price.minor), BigInt(lot.coins)];
        const minor = Number((p * BigInt(before + coins)) / c - (p * BigInt(before)) / c);
        return { lot: lot.id, coins, paid: { minor, currency: lot.price.currency } };
      }
      const reason = lot.kind === 'recharge' ? 'unpriced-recharge' : lot.source === 'initial-balance' ? 'initial-balance' : 'balance-rise';
      return { lot: lot.id, coins, reason };
    })]);
  }
  return out;
}

describe('FIFO cost basis, for any interleaving of lots and spending', () => {
  it('divides exactly for any price up to 1e12 minor units and any lot up to 1e9 coins', () => {
    const anywhere = fc.tuple(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.integer({ min: 1, max: 1_000_000_000 }), fc.nat())
      .map(([p, c, k]) => [p, k % (c + 1), c] as const);
    // Where doubles fail: p = c·m + 1 and k = c − 1 make p·k / c = m(c − 1) + (c − 1)/c, a fraction a hair below 1
    // on a quotient so large that Math.floor(p * k / c) rounds it up to the next integer.
    const nearlyWhole = fc.tuple(fc.integer({ min: 1_000_000, max: 1_000_000_000 }), fc.nat())
      .map(([c, m]) => [c * (1 + (m % Math.floor((1e12 - 1) / c))) + 1, c - 1, c] as const);
    const operands = fc.oneof(anywhere, nearlyWhole);
    fc.assert(fc.property(operands, ([p, k, c]) => {
      expect(floorMulDiv(p, k, c)).toBe(Number((BigInt(p) * BigInt(k)) / BigInt(c)));
    }), { numRuns: 2_000 });
  });

  it('keeps the invariant against the entries themselves: paid = assigned + held per currency, every coin accounted for', () => {
    fc.assert(fc.property(ledger(REALISTIC), (entries) => {
      const basis = replayLots(entries);
      expect(costBasisViolations(basis)).toEqual([]);
      // Money paid and coins bought, read from the entries rather than from the replay's own lots.
      const paid: MoneyTotals = {};
      for (const e of entries) if (e.kind === 'recharge' && e.price) paid[e.price.currency] = (paid[e.price.currency] ?? 0) + e.price.minor;
      const flows = Object.fromEntries(Object.entries(basis.money).map(([currency, f]) => [currency, f.assigned + f.held]));
      expect(flows).toEqual(paid);
      for (const currency of Object.keys(paid)) {
        expect(basis.spending.reduce((sum, s) => sum + (s.paid[currency] ?? 0), 0)).toBe(basis.money[currency]!.assigned);
      }
      expect(basis.lots.map((l) => [l.id, l.coins])).toEqual(lotEntries(entries).sort(compareEntries).map((e) => [e.id, e.coins]));
      const spends = entries.filter((e) => e.kind === 'gift' || e.kind === 'unseen-spend').sort(compareEntries);
      expect(basis.spending.map((s) => [s.id, s.coins, s.allocations.reduce((n, a) => n + a.coins, 0)])).toEqual(spends.map((e) => [e.id, e.coins, e.coins]));
      expect(basis.coins.lots).toBe(lotEntries(entries).reduce((n, e) => n + e.coins, 0));
    }), { numRuns: 300 });
  });

  it('takes coins exactly as a coin-by-coin queue would, with each lot\'s money split by cumulative floors', () => {
    fc.assert(fc.property(ledger(SMALL), (entries) => {
      expect(replayLots(entries).spending.map((s) => [s.id, s.allocations])).toEqual(oracle(entries));
    }), { numRuns: 300 });
  });

  it('does not depend on the order the entries are given in', () => {
    const shuffled = ledger(REALISTIC).chain((entries) =>
      fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length })));
    fc.assert(fc.property(shuffled, ([entries, reordered]) => {
      expect(replayLots(reordered)).toEqual(replayLots(entries));
    }));
  });

  it('never puts unpriced coins into paid figures', () => {
    fc.assert(fc.property(ledger(REALISTIC), (entries) => {
      const priceOf = new Map(entries.flatMap((e) => (e.kind === 'recharge' && e.price ? [[e.id, e.price] as const] : [])));
      const basis = replayLots(entries);
      for (const s of basis.spending) {
        const fromPriced = s.allocations.filter((a) => a.lot !== null && priceOf.has(a.lot));
        // Money only on allocations from lots whose entry has a price, in that price's currency.
        for (const a of s.allocations) expect('paid' in a).toBe(a.lot !== null && priceOf.has(a.lot));
        for (const a of fromPriced) if ('paid' in a) expect(a.paid.currency).toBe(priceOf.get(a.lot!)!.currency);
        expect(s.pricedCoins).toBe(fromPriced.reduce((n, a) => n + a.coins, 0));
        expect(Object.keys(s.paid).sort()).toEqual([...new Set(fromPriced.map((a) => priceOf.get(a.lot!)!.currency))].sort());
        expect(s.pricedCoins + Object.values(s.unpriced).reduce((n, c) => n + c, 0)).toBe(s.coins);
      }
      // Prices move money, never coins: with every price changed, each spend takes the same coins from the same lots.
      const repriced = replayLots(entries.map((e) => (e.kind === 'recharge' && e.price ? { ...e, price: { ...e.price, minor: e.price.minor * 2 + 1 } } : e)));
      const shape = (b: typeof basis) => b.spending.map((s) => [s.allocations.map((a) => [a.lot, a.coins]), s.unpriced, s.pricedCoins]);
      expect(shape(repriced)).toEqual(shape(basis));
    }), { numRuns: 200 });
  });

  it('re-prices only the spending at or after a lot that arrives late', () => {
    const scenario = fc.tuple(ledger(REALISTIC), fc.array(draft(REALISTIC), { minLength: 1, maxLength: 1 }), fc.shuffledSubarray([...CURRENCIES], { minLength: 2, maxLength: 3 }));
    fc.assert(fc.property(scenario, ([entries, [late], currencies]) => {
      const [extra] = toEntries([late!], currencies, 'late-');
      const before = replayLots(entries);
      const after = replayLots([...entries, extra!]);
      expect(costBasisViolations(after)).toEqual([]);
      const earlier = (b: typeof before) => b.spending.filter((s) => compareEntries(s, extra!) < 0);
      expect(earlier(after)).toEqual(earlier(before));
    }));
  });

  it('replays a corrected entry as if the ledger had only ever held the correction', () => {
    const scenario = fc.tuple(ledger(REALISTIC), fc.nat(), REALISTIC.coins, REALISTIC.minor, fc.integer({ min: 0, max: 120 }));
    fc.assert(fc.property(scenario, ([entries, pick, coins, minor, minute]) => {
      fc.pre(entries.length > 0);
      const index = pick % entries.length;
      const old = entries[index]!;
      const fixed: LedgerEntry = old.kind === 'recharge'
        ? { ...old, coins, at: T + minute * 60_000, price: { minor, currency: old.price?.currency ?? 'USD' } }
        : { ...old, coins, at: T + minute * 60_000 };
      const byId = new Map(entries.map((e) => [e.id, e] as const));
      byId.set(fixed.id, fixed); // what Dexie's put does with the same primary key
      const fromScratch = entries.map((e, i) => (i === index ? fixed : e)).reverse();
      expect(replayLots([...byId.values()])).toEqual(replayLots(fromScratch));
    }));
  });
});
