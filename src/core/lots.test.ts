import { describe, expect, it } from 'vitest';
import { entryIds, type LedgerEntry } from './ledger';
import { floorMulDiv, replayLots, type CostBasis } from './lots';
import { ACCOUNT, balanceRise, gift, idr, initialBalance, recharge, unseenSpend, usd } from './lots.fixtures';
import { costBasisViolations } from './lots-invariant';

const T = Date.parse('2026-03-02T18:00:00Z');
const minute = (n: number) => T + n * 60_000;

/** The spend recorded under a gift's msg id or an unseen-spend's id. */
function spend(basis: CostBasis, id: string) {
  const found = basis.spending.find((s) => s.id === id || s.id === entryIds.giftByMsg(id));
  if (!found) throw new Error(`no spend ${id}`);
  return found;
}
function replayChecked(...args: Parameters<typeof replayLots>): CostBasis {
  const basis = replayLots(...args);
  expect(costBasisViolations(basis)).toEqual([]);
  return basis;
}

describe('FIFO cost basis: paid money', () => {
  it('splits two web packages over three gifts, to the cent (70 coins for $0.74, then 350 for $3.70)', () => {
    const basis = replayChecked([
      recharge('A', minute(0), 70, usd(74)),
      recharge('B', minute(1), 350, usd(370)),
      gift('g30', minute(2), 30),
      gift('g60', minute(3), 30, 2),
      gift('g100', minute(4), 1, 100),
    ]);
    // g30: A has given 30 of 70 coins: floor(74 × 30 / 70) = floor(31.71) = 31¢.
    expect(spend(basis, 'g30').allocations).toEqual([{ lot: 'recharge:A', coins: 30, paid: usd(31) }]);
    // g60: the last 40 of A bring A to 74¢ in all, 74 − 31 = 43¢; 20 of B: floor(370 × 20 / 350) = floor(21.14) = 21¢.
    expect(spend(basis, 'g60').allocations).toEqual([
      { lot: 'recharge:A', coins: 40, paid: usd(43) },
      { lot: 'recharge:B', coins: 20, paid: usd(21) },
    ]);
    expect(spend(basis, 'g60')).toMatchObject({ paid: { USD: 64 }, pricedCoins: 60, unpriced: {} });
    // g100: B at 120 of 350 coins: floor(370 × 120 / 350) = floor(126.86) = 126¢, of which 21¢ went to g60 → 105¢.
    expect(spend(basis, 'g100')).toMatchObject({ paid: { USD: 105 }, pricedCoins: 100 });
    // Still held: 230 coins of B worth 370 − 126 = 244¢. 31 + 64 + 105 = 200¢ spent, 200 + 244 = 444¢ paid.
    expect(basis.lots.map((l) => [l.id, l.remaining, l.heldPaid])).toEqual([['recharge:A', 0, usd(0)], ['recharge:B', 230, usd(244)]]);
    expect(basis.money).toEqual({ USD: { paid: 444, assigned: 200, held: 244 } });
    expect(basis.coins).toEqual({ lots: 420, consumed: 190, remaining: 230, spent: 190, deficit: 0 });
  });

  it('gives a lot used a Rose at a time exactly its price: the extra cents land on Roses 18, 35, 53 and 70', () => {
    const roses = Array.from({ length: 70 }, (_, i) => gift(`r${String(i + 1).padStart(2, '0')}`, minute(10 + i), 1));
    const basis = replayChecked([recharge('A', minute(0), 70, usd(74)), ...roses]);
    // floor(74k / 70) rises by 2 exactly where floor(4k / 70) steps: k = 18 (72), 35 (140), 53 (212), 70 (280).
    const twoCents = basis.spending.filter((s) => s.paid.USD === 2).map((s) => s.id);
    expect(twoCents).toEqual(['r18', 'r35', 'r53', 'r70'].map(entryIds.giftByMsg));
    expect(basis.spending.every((s) => s.paid.USD === 1 || s.paid.USD === 2)).toBe(true);
    expect(basis.money.USD).toEqual({ paid: 74, assigned: 74, held: 0 });
  });

  it('keeps rupiah and dollars apart, even within one gift', () => {
    const basis = replayChecked([
      recharge('usd-70', minute(0), 70, usd(74)),
      recharge('idr-350', minute(1), 350, idr(6_200_000)), // Rp 62.000 (IDR has 2 minor digits per ISO 4217)
      gift('crane', minute(2), 99),
      gift('heart', minute(3), 5),
    ]);
    // 70 coins of the dollar lot (all 74¢) and 29 rupiah coins: floor(6,200,000 × 29 / 350) = 513,714 (Rp 5.137,14).
    expect(spend(basis, 'crane')).toMatchObject({ paid: { USD: 74, IDR: 513_714 }, pricedCoins: 99 });
    // 34 coins in: floor(6,200,000 × 34 / 350) = 602,285; minus 513,714.
    expect(spend(basis, 'heart').paid).toEqual({ IDR: 88_571 });
    expect(basis.money).toEqual({
      USD: { paid: 74, assigned: 74, held: 0 },
      IDR: { paid: 6_200_000, assigned: 602_285, held: 5_597_715 },
    });
  });

  it('reports a currency whose share rounds to nothing as paid 0, not as unknown', () => {
    const basis = replayChecked([recharge('cheap', minute(0), 350, usd(1)), gift('rose', minute(1), 1)]);
    expect(spend(basis, 'rose')).toMatchObject({ paid: { USD: 0 }, pricedCoins: 1, unpriced: {} });
  });
});

describe('FIFO cost basis: coins of unknown price', () => {
  it('says why: held at install, a balance rise, an unpriced recharge; paid money only from the priced lot', () => {
    const basis = replayChecked([
      initialBalance(minute(0), 200),
      gift('before', minute(1), 30, 5), // 150 coins held at install
      balanceRise('w1', minute(2), 50), // bought in the phone app, Coinsight saw only the balance rise
      recharge('no-cashier', minute(3), 350), // a web purchase seen without its price
      recharge('A', minute(4), 70, usd(74)),
      gift('lion', minute(5), 30, 10), // 300: 50 install + 50 rise + 200 unpriced recharge
      gift('after', minute(6), 1, 200), // 150 unpriced recharge + 50 of A: floor(74 × 50 / 70) = 52¢
    ]);
    expect(spend(basis, 'before')).toMatchObject({ paid: {}, pricedCoins: 0, unpriced: { 'initial-balance': 150 } });
    expect(spend(basis, 'lion')).toMatchObject({
      paid: {}, pricedCoins: 0, unpriced: { 'initial-balance': 50, 'balance-rise': 50, 'unpriced-recharge': 200 },
    });
    expect(spend(basis, 'after').allocations).toEqual([
      { lot: 'recharge:no-cashier', coins: 150, reason: 'unpriced-recharge' },
      { lot: 'recharge:A', coins: 50, paid: usd(52) },
    ]);
    expect(basis.lots.find((l) => l.id === 'recharge:A')).toMatchObject({ remaining: 20, heldPaid: usd(22) });
    expect(basis.lots.filter((l) => l.price === null).every((l) => l.heldPaid === null)).toBe(true);
    expect(basis.money).toEqual({ USD: { paid: 74, assigned: 52, held: 22 } });
  });

  it('counts coins typed in by hand as an adjustment like any other coins from elsewhere', () => {
    const basis = replayChecked([balanceRise('typed', minute(0), 100, 'manual'), gift('rose', minute(1), 1, 10)]);
    expect(spend(basis, 'rose').unpriced).toEqual({ 'balance-rise': 10 });
  });

  it('draws coins spent after the coins ran out from a deficit that a later recharge does not fill', () => {
    const basis = replayChecked([
      recharge('A', minute(0), 70, usd(74)),
      gift('big', minute(1), 1, 100), // 70 from A (74¢), 30 from nowhere Coinsight knows
      recharge('B', minute(2), 350, usd(370)),
      gift('next', minute(3), 5, 7), // 35 coins of B: floor(370 × 35 / 350) = 37¢
    ]);
    expect(spend(basis, 'big').allocations).toEqual([
      { lot: 'recharge:A', coins: 70, paid: usd(74) },
      { lot: null, coins: 30, reason: 'deficit' },
    ]);
    expect(spend(basis, 'next').allocations).toEqual([{ lot: 'recharge:B', coins: 35, paid: usd(37) }]);
    expect(basis.coins).toEqual({ lots: 420, consumed: 105, remaining: 315, spent: 135, deficit: 30 });
    expect(basis.money.USD).toEqual({ paid: 444, assigned: 111, held: 333 });
  });

  it('spends unseen spending first in, first out, exactly like a gift of the same coins', () => {
    const lots = [recharge('B', minute(0), 350, usd(370))];
    const withUnseen = replayChecked([...lots, gift('g1', minute(1), 1, 100), unseenSpend('fall', minute(2), 50), gift('g2', minute(3), 1, 200)]);
    // 100 coins: floor(370 × 100 / 350) = 105¢; 150: floor(158.57) = 158 → 53¢ for the unseen 50; the last 200: 212¢.
    expect(withUnseen.spending.map((s) => [s.kind, s.paid.USD])).toEqual([['gift', 105], ['unseen-spend', 53], ['gift', 212]]);
    const asGift = replayLots([...lots, gift('g1', minute(1), 1, 100), gift('fall', minute(2), 1, 50), gift('g2', minute(3), 1, 200)]);
    expect(withUnseen.spending.map((s) => s.allocations)).toEqual(asGift.spending.map((s) => s.allocations));
  });
});

describe('FIFO cost basis: order, late and corrected entries', () => {
  it('takes entries in any order and replays them by time, then id', () => {
    const entries = [recharge('A', minute(0), 70, usd(74)), gift('g1', minute(1), 30), unseenSpend('f', minute(2), 50), recharge('B', minute(3), 350, usd(370))];
    expect(replayLots([...entries].reverse())).toEqual(replayLots(entries));
  });

  it('lets a gift in the same millisecond as a recharge come first, as its id sorts first', () => {
    const basis = replayChecked([recharge('A', minute(0), 70, usd(74)), gift('same-ms', minute(0), 5)]);
    expect(spend(basis, 'same-ms').unpriced).toEqual({ deficit: 5 });
  });

  it('re-prices only the spending at or after a lot that arrives late', () => {
    const known = [recharge('A', minute(0), 70, usd(74)), gift('g1', minute(10), 1, 50), gift('g2', minute(30), 1, 50), gift('g3', minute(50), 1, 50)];
    const before = replayChecked(known);
    // g1: floor(74 × 50 / 70) = 52¢; g2: A's last 20 coins (22¢) and 30 of a deficit; g3: all deficit.
    expect(before.spending.map((s) => [s.paid, s.unpriced])).toEqual([[{ USD: 52 }, {}], [{ USD: 22 }, { deficit: 30 }], [{}, { deficit: 50 }]]);

    // A recharge made at minute 20 (on another device of the same account, say) reaches the ledger only now.
    const after = replayChecked([...known, recharge('late', minute(20), 350, usd(370))]);
    expect(spend(after, 'g1')).toEqual(spend(before, 'g1'));
    // g2: 22¢ from A + 30 coins of the late lot, floor(370 × 30 / 350) = 31¢; g3: floor(370 × 80 / 350) = 84 → 53¢.
    expect(spend(after, 'g2')).toMatchObject({ paid: { USD: 53 }, unpriced: {} });
    expect(spend(after, 'g3')).toMatchObject({ paid: { USD: 53 }, unpriced: {} });
    expect(after.coins.deficit).toBe(0);

    // A late lot dated after every spend re-prices nothing that happened.
    const afterAll = replayChecked([...known, recharge('later', minute(60), 350, usd(370))]);
    expect(afterAll.spending).toEqual(before.spending);
  });

  it('replays a ledger with a corrected entry exactly as a ledger that only ever held the corrected version', () => {
    const ledger = new Map<string, LedgerEntry>(); // keyed by id, as Dexie's primary key keeps it
    const put = (...entries: LedgerEntry[]) => entries.forEach((e) => ledger.set(e.id, e));
    put(initialBalance(minute(0), 20), recharge('C', minute(1), 350), gift('g1', minute(2), 30), unseenSpend('fall', minute(3), 30));
    const first = replayChecked([...ledger.values()]);
    expect(spend(first, entryIds.unseenSpend('fall')).unpriced).toEqual({ 'unpriced-recharge': 30 });

    // The cashier reading arrives: the same order, now with its price. A late gift explains 20 of the unseen 30.
    const priced = recharge('C', minute(1), 350, usd(370));
    const explained = unseenSpend('fall', minute(3), 10);
    put(priced, explained, gift('late', minute(2) + 500, 1, 20));
    const corrected = replayChecked([...ledger.values()]);
    const fromScratch = replayChecked([
      gift('late', minute(2) + 500, 1, 20), explained, gift('g1', minute(2), 30), priced, initialBalance(minute(0), 20),
    ]);
    expect(corrected).toEqual(fromScratch);
    // g1: 20 install coins + 10 of C, floor(370 × 10 / 350) = 10¢. The late gift: C at 30 coins, floor(31.71) = 31 → 21¢.
    // The unseen 10: C at 40 coins, floor(42.29) = 42 → 11¢.
    expect(spend(corrected, 'g1')).toMatchObject({ paid: { USD: 10 }, unpriced: { 'initial-balance': 20 } });
    expect(spend(corrected, entryIds.unseenSpend('fall'))).toMatchObject({ coins: 10, paid: { USD: 11 } });
  });

  it('refuses two versions of one entry, or entries of two accounts', () => {
    expect(() => replayLots([recharge('C', minute(1), 350), recharge('C', minute(1), 350, usd(370))])).toThrow(/appears twice/);
    expect(() => replayLots([gift('a', minute(1), 1), { ...gift('b', minute(1), 1), account: `${ACCOUNT}9` }])).toThrow(/group by account/);
  });
});

describe('FIFO cost basis: exact at any size', () => {
  it('divides without floats where a double would be one minor unit off', () => {
    // 860,531,119,914 × 310,265,222 / 499,185,928 = 534,856,581,449.99…; Math.floor on doubles says …450.
    expect(floorMulDiv(860_531_119_914, 310_265_222, 499_185_928)).toBe(534_856_581_449);
    expect(floorMulDiv(74, 30, 70)).toBe(31);
    expect(floorMulDiv(1_000_000_000_000, 1_000_000_000, 1_000_000_000)).toBe(1_000_000_000_000);
  });

  it('replays 100,000 entries and lands on the totals worked out by hand', () => {
    const entries: LedgerEntry[] = [];
    for (let cycle = 0; cycle < 10_000; cycle++) {
      const at = T + cycle * 3_600_000;
      entries.push(recharge(`o${cycle}`, at, 350, cycle % 2 === 0 ? usd(370) : idr(6_200_000)));
      for (let i = 1; i <= 9; i++) entries.push(i === 9 ? unseenSpend(`b${cycle}`, at + i * 60_000, 35) : gift(`m${cycle}-${i}`, at + i * 60_000, 5, 7));
    }
    const basis = replayLots(entries.reverse());
    expect(costBasisViolations(basis)).toEqual([]);
    // 90,000 spends × 35 coins = 3,150,000 coins = exactly the first 9,000 lots; the last 1,000 are untouched.
    expect(basis.coins).toEqual({ lots: 3_500_000, consumed: 3_150_000, remaining: 350_000, spent: 3_150_000, deficit: 0 });
    expect(basis.money).toEqual({
      USD: { paid: 5_000 * 370, assigned: 4_500 * 370, held: 500 * 370 },
      IDR: { paid: 5_000 * 6_200_000, assigned: 4_500 * 6_200_000, held: 500 * 6_200_000 },
    });
  });
});

describe('costBasisViolations', () => {
  const basis = replayLots([recharge('A', minute(0), 70, usd(74)), initialBalance(minute(1), 10), gift('g', minute(2), 1, 75)]);

  it('finds a minor unit gone missing and paid money on coins of unknown price', () => {
    expect(costBasisViolations(basis)).toEqual([]);
    const lostCent = { ...basis, lots: basis.lots.map((l) => (l.price ? { ...l, heldPaid: usd(1) } : l)) };
    expect(costBasisViolations(lostCent).join('\n')).toMatch(/recharge:A: holds .*expected 0 USD/);
    const [s] = basis.spending;
    const leaked = { ...s!, allocations: [s!.allocations[0]!, { lot: entryIds.initialBalance(ACCOUNT), coins: 5, paid: usd(5) }] };
    expect(costBasisViolations({ ...basis, spending: [leaked] }).join('\n')).toMatch(/paid .* from lot adjustment:initial:.* priced null/);
  });
});
