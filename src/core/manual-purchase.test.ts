import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, type AdjustmentEntry, type LedgerEntry, type RechargeEntry } from './ledger';
import { isManualPurchase, isUnpricedAdjustment, planPurchase, type ManualPurchase } from './manual-purchase';

const ME = '6812345678901234567';
const OTHER = '7098765432109876543';
const adjustment = (id: string, at: number, coins: number, source: 'balance-rise' | 'initial-balance', account = ME): AdjustmentEntry =>
  ({ kind: 'adjustment', id, at, coins, account, source, parser: PARSER_VERSION });

/** A ledger in memory, written only through planPurchase's plans, as the worker's handler does. */
class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  constructor(initial: readonly LedgerEntry[]) {
    for (const entry of initial) this.entries.set(entry.id, entry);
  }
  save(uuid: string, next: ManualPurchase | null): void {
    const previous = this.entries.get(`recharge:manual:${uuid}`) as RechargeEntry | undefined;
    if (!next && !previous) return;
    const involved = new Set((previous?.explains ?? []).map((taken) => taken.id));
    const stored = [...this.entries.values()].filter((entry): entry is AdjustmentEntry =>
      entry.kind === 'adjustment' && (involved.has(entry.id) || (next !== null && entry.at >= next.at && isUnpricedAdjustment(entry) && entry.account === next.account)));
    const plan = planPurchase(uuid, previous, next, stored);
    for (const entry of plan.remove) this.entries.delete(entry.id);
    for (const entry of plan.put) this.entries.set(entry.id, entry);
  }
  purchases(): RechargeEntry[] {
    return [...this.entries.values()].filter(isManualPurchase);
  }
}

describe('planPurchase: the coins rule', () => {
  it('takes the earliest adjustment at or after the date first, only the account’s own, and names what it took', () => {
    const ledger = new Ledger([
      adjustment('adjustment:initial:me', 1000, 500, 'initial-balance'),
      adjustment('adjustment:rise:b', 3000, 40, 'balance-rise'),
      adjustment('adjustment:rise:a', 2000, 60, 'balance-rise'),
      adjustment('adjustment:rise:other', 2500, 900, 'balance-rise', OTHER),
      { ...adjustment('adjustment:manual-old', 2200, 70, 'balance-rise'), source: 'manual' },
    ]);
    ledger.save('u1', { account: ME, at: 1500, coins: 80, price: { minor: 99, currency: 'USD' }, where: 'app' });
    expect(ledger.purchases()[0]!.explains).toEqual([
      { id: 'adjustment:rise:a', at: 2000, source: 'balance-rise', coins: 60 },
      { id: 'adjustment:rise:b', at: 3000, source: 'balance-rise', coins: 20 },
    ]);
    expect(ledger.entries.has('adjustment:rise:a')).toBe(false);
    expect(ledger.entries.get('adjustment:rise:b')!.coins).toBe(20);
    expect(ledger.entries.get('adjustment:initial:me')!.coins).toBe(500);
    expect(ledger.entries.get('adjustment:rise:other')!.coins).toBe(900);
  });

  it('for any adds, edits and deletes: every adjustment’s coins + what purchases took from it = its first coins; deleting all restores it', () => {
    const adjustments = fc.uniqueArray(
      fc.record({ at: fc.integer({ min: 0, max: 100 }), coins: fc.integer({ min: 1, max: 500 }), rise: fc.boolean(), mine: fc.boolean() }),
      { minLength: 1, maxLength: 8, selector: (a) => a.at },
    ).map((list) => list.map((a, i) => adjustment(`adjustment:${i}`, a.at, a.coins, a.rise ? 'balance-rise' : 'initial-balance', a.mine ? ME : OTHER)));
    const operation = fc.record({
      uuid: fc.constantFrom('u1', 'u2', 'u3'),
      purchase: fc.option(fc.record({ at: fc.integer({ min: 0, max: 100 }), coins: fc.integer({ min: 1, max: 900 }), mine: fc.boolean() }), { nil: null }),
    });
    fc.assert(fc.property(adjustments, fc.array(operation, { maxLength: 12 }), (initial, operations) => {
      const ledger = new Ledger(initial);
      for (const { uuid, purchase } of operations) {
        ledger.save(uuid, purchase && { account: purchase.mine ? ME : OTHER, at: purchase.at, coins: purchase.coins, price: { minor: 100, currency: 'EUR' }, where: 'other' });
        for (const original of initial) {
          const taken = ledger.purchases().flatMap((p) => p.explains ?? []).filter((t) => t.id === original.id).reduce((sum, t) => sum + t.coins, 0);
          expect((ledger.entries.get(original.id)?.coins ?? 0) + taken).toBe(original.coins);
        }
        for (const p of ledger.purchases()) {
          expect((p.explains ?? []).reduce((sum, t) => sum + t.coins, 0)).toBeLessThanOrEqual(p.coins);
          for (const t of p.explains ?? []) expect(initial.find((a) => a.id === t.id)).toMatchObject({ account: p.account, at: t.at });
          for (const t of p.explains ?? []) expect(t.at).toBeGreaterThanOrEqual(p.at);
        }
      }
      for (const uuid of ['u1', 'u2', 'u3']) ledger.save(uuid, null);
      expect([...ledger.entries.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
        initial.map((a) => ({ ...a })).sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => expect.objectContaining({ id: a.id, coins: a.coins, at: a.at, source: a.source, account: a.account })),
      );
    }), { numRuns: 300 });
  });
});
