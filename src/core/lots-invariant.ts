/**
 * The invariant of the FIFO cost basis (issue 8), checked from a CostBasis alone so that both the reference replay
 * (lots.ts) and the worker's incrementally kept figures can be held to it:
 * - per currency: money assigned to spending + paid value of coins still held = money paid, to the minor unit;
 * - coins: Σ consumed from lots + Σ remaining = Σ lot coins, and Σ spent = Σ consumed + deficit;
 * - per spending: Σ allocation coins = its coins (deficit included), and its summary equals its allocations;
 * - paid figures come from priced lots only: an unpriced coin never carries money.
 * Everything is recomputed from the lots and the allocations, never read back from the totals it is checking.
 */
import type { CostBasis, Lot, UnpricedCoins } from './lots';
import type { MoneyTotals } from './money';

function sameTotals(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

const show = (value: unknown) => JSON.stringify(value);

/** floor(p × k / c) in BigInt: on purpose not lots.ts's floorMulDiv, so that a fault there cannot hide itself. */
const share = (p: number, k: number, c: number) => Number((BigInt(p) * BigInt(k)) / BigInt(c));

/** Every way the cost basis breaks its invariant, as readable sentences; empty when it holds. */
export function costBasisViolations(basis: CostBasis): string[] {
  const problems: string[] = [];
  const lotsById = new Map<string, Lot>();
  /** Per lot: coins and money its allocations took. */
  const taken = new Map<string, { coins: number; minor: number }>();
  const paidByCurrency: Record<string, number> = {};
  const assignedByCurrency: Record<string, number> = {};
  const heldByCurrency: Record<string, number> = {};
  let lotCoins = 0;
  let consumed = 0;
  let remaining = 0;
  let exhaustedSoFar = true;

  for (const lot of basis.lots) {
    if (lotsById.has(lot.id)) problems.push(`lot ${lot.id} appears twice`);
    lotsById.set(lot.id, lot);
    taken.set(lot.id, { coins: 0, minor: 0 });
    lotCoins += lot.coins;
    consumed += lot.consumed;
    remaining += lot.remaining;
    if (lot.consumed < 0 || lot.remaining < 0 || lot.consumed + lot.remaining !== lot.coins) {
      problems.push(`lot ${lot.id}: consumed ${lot.consumed} + remaining ${lot.remaining} ≠ ${lot.coins} coins`);
    }
    // First in, first out: a lot is touched only once every older lot is used up.
    if (lot.consumed > 0 && !exhaustedSoFar) problems.push(`lot ${lot.id} was used while an older lot still had coins`);
    exhaustedSoFar &&= lot.remaining === 0;
    if ((lot.price === null) === (lot.unpriced === null)) problems.push(`lot ${lot.id} must have either a price or a reason it has none`);
    if (lot.price) {
      const { currency, minor } = lot.price;
      const expectedHeld = minor - share(minor, lot.consumed, lot.coins);
      if (lot.heldPaid?.currency !== currency || lot.heldPaid.minor !== expectedHeld) {
        problems.push(`lot ${lot.id}: holds ${show(lot.heldPaid)}, expected ${expectedHeld} ${currency}`);
      }
      paidByCurrency[currency] = (paidByCurrency[currency] ?? 0) + minor;
      heldByCurrency[currency] = (heldByCurrency[currency] ?? 0) + (lot.heldPaid?.minor ?? 0);
    } else if (lot.heldPaid !== null) {
      problems.push(`lot ${lot.id} has no price but holds paid money ${show(lot.heldPaid)}`);
    }
  }

  let spent = 0;
  let deficit = 0;
  for (const spend of basis.spending) {
    spent += spend.coins;
    let coins = 0;
    let pricedCoins = 0;
    const paid: MoneyTotals = {};
    const unpriced: UnpricedCoins = {};
    const seen = new Set<string | null>();
    for (const a of spend.allocations) {
      coins += a.coins;
      if (!(a.coins > 0)) problems.push(`spend ${spend.id}: an allocation of ${a.coins} coins`);
      if (seen.has(a.lot)) problems.push(`spend ${spend.id} takes from ${a.lot ?? 'the deficit'} twice`);
      seen.add(a.lot);
      if (a.lot === null) {
        deficit += a.coins;
        unpriced.deficit = (unpriced.deficit ?? 0) + a.coins;
        continue;
      }
      const lot = lotsById.get(a.lot);
      const use = taken.get(a.lot);
      if (!lot || !use) {
        problems.push(`spend ${spend.id} takes from unknown lot ${a.lot}`);
        continue;
      }
      if (lot.at > spend.at) problems.push(`spend ${spend.id} at ${spend.at} takes from lot ${lot.id} of a later time ${lot.at}`);
      use.coins += a.coins;
      if ('paid' in a) {
        if (!lot.price || a.paid.currency !== lot.price.currency) problems.push(`spend ${spend.id}: paid ${show(a.paid)} from lot ${lot.id} priced ${show(lot.price)}`);
        use.minor += a.paid.minor;
        pricedCoins += a.coins;
        paid[a.paid.currency] = (paid[a.paid.currency] ?? 0) + a.paid.minor;
        assignedByCurrency[a.paid.currency] = (assignedByCurrency[a.paid.currency] ?? 0) + a.paid.minor;
      } else {
        if (a.reason !== lot.unpriced) problems.push(`spend ${spend.id}: coins of lot ${lot.id} marked ${a.reason}, the lot says ${lot.unpriced}`);
        unpriced[a.reason] = (unpriced[a.reason] ?? 0) + a.coins;
      }
    }
    if (coins !== spend.coins) problems.push(`spend ${spend.id}: allocations hold ${coins} coins, the spend ${spend.coins}`);
    if (pricedCoins !== spend.pricedCoins) problems.push(`spend ${spend.id}: ${spend.pricedCoins} priced coins, allocations say ${pricedCoins}`);
    if (!sameTotals(paid, spend.paid)) problems.push(`spend ${spend.id}: paid ${show(spend.paid)}, allocations say ${show(paid)}`);
    if (!sameTotals(unpriced, spend.unpriced)) problems.push(`spend ${spend.id}: unpriced ${show(spend.unpriced)}, allocations say ${show(unpriced)}`);
  }

  for (const lot of basis.lots) {
    const use = taken.get(lot.id)!;
    if (use.coins !== lot.consumed) problems.push(`lot ${lot.id}: spending took ${use.coins} coins, the lot says ${lot.consumed}`);
    // Cumulative rounding: all consumptions of a lot together carry exactly floor(P × consumed / C).
    const expected = lot.price ? share(lot.price.minor, lot.consumed, lot.coins) : 0;
    if (use.minor !== expected) problems.push(`lot ${lot.id}: spending carries ${use.minor} minor units, expected ${expected}`);
  }

  const currencies = new Set([...Object.keys(paidByCurrency), ...Object.keys(basis.money)]);
  for (const currency of currencies) {
    const flow = basis.money[currency];
    const paid = paidByCurrency[currency] ?? 0;
    const assigned = assignedByCurrency[currency] ?? 0;
    const held = heldByCurrency[currency] ?? 0;
    if (assigned + held !== paid) problems.push(`${currency}: assigned ${assigned} + held ${held} ≠ paid ${paid}`);
    if (!flow || flow.paid !== paid || flow.assigned !== assigned || flow.held !== held) {
      problems.push(`${currency}: totals ${show(flow)}, the lots and spending say ${show({ paid, assigned, held })}`);
    }
  }

  const c = basis.coins;
  if (c.lots !== lotCoins || c.consumed !== consumed || c.remaining !== remaining || c.spent !== spent || c.deficit !== deficit) {
    problems.push(`coin totals ${show(c)}, the lots and spending say ${show({ lots: lotCoins, consumed, remaining, spent, deficit })}`);
  }
  if (consumed + remaining !== lotCoins) problems.push(`coins: consumed ${consumed} + remaining ${remaining} ≠ ${lotCoins} in lots`);
  if (spent !== consumed + deficit) problems.push(`coins: spent ${spent} ≠ consumed ${consumed} + deficit ${deficit}`);
  return problems;
}
