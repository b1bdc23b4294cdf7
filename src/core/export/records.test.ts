import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../ledger';
import { BARE_GIFT, request as exportRequest } from './export.fixtures';
import { emptySummary, NO_FILTERS } from './metadata';
import { includedColumns, OPEN_POLICY } from './policy';
import { entryRowPages, ROW_BATCH } from './records';

const request = exportRequest();
const giftsFrom = (first: number, count: number): LedgerEntry[] =>
  Array.from({ length: count }, (_, i) => ({ ...BARE_GIFT, id: `gift:req:${String(first + i).padStart(6, '0')}`, at: BARE_GIFT.at + first + i }));

describe('entryRowPages', () => {
  it('hands a page on in batches of at most ROW_BATCH rows, in order, every row counted once', async () => {
    const pages = [giftsFrom(0, 2 * ROW_BATCH + 100), giftsFrom(1_000, ROW_BATCH), giftsFrom(2_000, 7)];
    const summary = emptySummary();
    const batches: string[][] = [];
    for await (const rows of entryRowPages(pages, includedColumns(OPEN_POLICY), request, summary)) batches.push(rows.map((row) => String(row.id)));
    expect(batches.map((ids) => ids.length)).toEqual([ROW_BATCH, ROW_BATCH, 100, ROW_BATCH, 7]);
    expect(batches.flat()).toEqual(pages.flat().map((entry) => entry.id));
    expect(summary.entries).toBe(pages.flat().length);
  });

  it('skips a page whose rows are all filtered out, and counts only what it exports', async () => {
    const summary = emptySummary();
    const onlyRecharges = { ...request, filters: { ...NO_FILTERS, kinds: ['recharge' as const] } };
    const batches = [];
    for await (const rows of entryRowPages([giftsFrom(0, 10)], includedColumns(OPEN_POLICY), onlyRecharges, summary)) batches.push(rows);
    expect(batches).toEqual([]);
    expect(summary.entries).toBe(0);
  });
});
