import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../ledger';
import { mergeDecision, planMerge } from './restore-merge';
import { FULL_GIFT, RECHARGE, RECHARGE_UNPRICED } from './export.fixtures';

describe('merging a restore by id', () => {
  it('adds new ids, skips identical ones (whatever the key order or cross-checks), and keeps what is there on a conflict', () => {
    const reordered = Object.fromEntries(Object.entries(RECHARGE).reverse()) as LedgerEntry;
    const rechecked = { ...FULL_GIFT, checks: { catalogue: 'unknown', balance: 'unknown' } } as LedgerEntry;
    const repriced = { ...RECHARGE, price: { minor: 75, currency: 'USD' } } as LedgerEntry;
    expect(mergeDecision(undefined, RECHARGE)).toBe('add');
    expect(mergeDecision(RECHARGE, reordered)).toBe('same');
    expect(mergeDecision(FULL_GIFT, rechecked)).toBe('same');
    expect(mergeDecision(RECHARGE, repriced)).toBe('conflict');
    const plan = planMerge([RECHARGE_UNPRICED, reordered, repriced], new Map([[RECHARGE.id, RECHARGE]]));
    expect(plan.add).toEqual([RECHARGE_UNPRICED]);
    expect(plan.same).toBe(1);
    expect(plan.conflicts).toEqual([{ id: RECHARGE.id, existing: RECHARGE, incoming: repriced }]);
  });
});
