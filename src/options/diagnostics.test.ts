import { describe, expect, it } from 'vitest';
import { groupDiagnostics } from './diagnostics';

describe('groupDiagnostics', () => {
  it('counts a row that stands for many (an aggregated flood) by its count, and orders groups by their latest time', () => {
    const groups = groupDiagnostics([
      { id: 'a', at: 10, endpoint: 'gift-send', reason: 'gift-send: price unknown' },
      { id: 'b', at: 30, endpoint: 'relay', reason: 'forged capture event (not from the tap)', count: 4_998 },
      { id: 'c', at: 20, endpoint: 'gift-send', reason: 'gift-send: price unknown' },
      { id: 'd', at: 40, endpoint: 'relay', reason: 'forged capture event (not from the tap)', count: 2 },
    ]);
    expect(groups).toEqual([
      { endpoint: 'relay', reason: 'forged capture event (not from the tap)', count: 5_000, lastAt: 40 },
      { endpoint: 'gift-send', reason: 'gift-send: price unknown', count: 2, lastAt: 20 },
    ]);
  });
});
