import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_TABLES, putEntries } from '../background/ledger-writer';
import type { LedgerEntry } from '../core/ledger';
import { ACCOUNT, gift, recharge, unseenSpend, usd, idr, balanceRise } from '../core/lots.fixtures';
import { dayWindow, monthWindow, type Window } from '../core/periods';
import { openDb, type CoinsightDb } from '../platform/db';
import { random, rowCounter } from '../platform/row-counter.fixtures';
import { costsOf, replayCostsOf, replaySpendMoneyIn, spendMoneyIn } from './cost';

const opened: CoinsightDb[] = [];
const db = (name: string) => {
  const database = openDb(name);
  opened.push(database);
  return database;
};
afterEach(async () => {
  for (const database of opened.splice(0)) await database.delete().catch(() => undefined);
});

const ENTRIES = 50_000;
const NOW = Date.parse('2026-03-12T17:20:00.000Z');

/** Two years of an account's life: packages in two currencies (some unpriced), rises, unseen spending, mostly gifts. */
function ledger(): LedgerEntry[] {
  const next = random(20260312);
  const span = 730 * 86_400_000;
  const entries: LedgerEntry[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const at = NOW - Math.floor(next() * span);
    const roll = next();
    if (roll < 0.01) entries.push(recharge(`o${i}`, at, [70, 350, 1_400, 7_000][i % 4]!, i % 5 === 0 ? undefined : i % 2 ? usd(74 * (1 + (i % 7))) : idr(1_200_000)));
    else if (roll < 0.012) entries.push(balanceRise(`w${i}`, at, 1 + (i % 300)));
    else if (roll < 0.015) entries.push(unseenSpend(`b${i}`, at, 1 + (i % 90)));
    else entries.push(gift(`m${i}`, at, [1, 1, 1, 5, 30, 99][i % 6]!, i % 10 === 0 ? 10 : 1));
  }
  return entries;
}

describe('queries/cost.ts on a ledger of 50,000 entries', () => {
  it('gives a month’s and a day’s money, and the cost of recent gifts, exactly as the replay, without reading the ledger', { timeout: 240_000 }, async () => {
    const name = `cost-50k-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const entries = ledger();
    const writer = db(name);
    for (let i = 0; i < entries.length; i += 5_000) {
      await writer.transaction('rw', [...LEDGER_TABLES], () => putEntries(writer, entries.slice(i, i + 5_000)));
    }
    writer.close();

    const counts = new Map<string, number>();
    const popup = db(name);
    popup.use(rowCounter(counts));
    const windows: [string, Window][] = [
      ['month, UTC', monthWindow(NOW, 'UTC')],
      ['month, Kolkata (half-hour edges)', monthWindow(NOW, 'Asia/Kolkata')],
      ['day, Kathmandu', dayWindow(NOW, 'Asia/Kathmandu')],
      ['one minute', { start: NOW - 30 * 60_000, end: NOW - 29 * 60_000 }],
    ];
    for (const [label, window] of windows) {
      counts.clear();
      const money = await spendMoneyIn(popup, ACCOUNT, window);
      const ledgerRows = counts.get('ledger') ?? 0;
      const costRows = counts.get('costs') ?? 0;
      expect(money, label).toEqual(await replaySpendMoneyIn(popup, ACCOUNT, window));
      // At most the entries of the two partial edge hours (~3 an hour here), never the ledger; a row per hour.
      expect(ledgerRows, label).toBeLessThanOrEqual(40);
      expect(costRows, label).toBeLessThanOrEqual(31 * 24 + 3);
    }
    expect((await spendMoneyIn(popup, ACCOUNT, monthWindow(NOW, 'UTC'))).coins).toBeGreaterThan(1_000); // not vacuous

    const recent = entries.filter((e) => e.kind === 'gift').sort((a, b) => b.at - a.at).slice(0, 20).map((e) => e.id);
    counts.clear();
    const costs = await costsOf(popup, ACCOUNT, recent);
    expect(counts.get('ledger') ?? 0).toBeLessThanOrEqual(20 + 20 * 10); // the 20 gifts, and the rest of their hours
    expect(costs).toEqual(await replayCostsOf(popup, ACCOUNT, recent));
    expect(costs.size).toBe(20);

    // The counter sees a full read: proof that the small numbers above are not a blind spot.
    counts.clear();
    await replaySpendMoneyIn(popup, ACCOUNT, monthWindow(NOW, 'UTC'));
    expect(counts.get('ledger')).toBe(ENTRIES);
  });
});
