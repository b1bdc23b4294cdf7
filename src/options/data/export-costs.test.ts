import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, exportChunks, OPEN_POLICY, type ExportFilters } from '../../core/export';
import { validateAgainst } from '../../core/export/json-schema-subset';
import { exportJsonSchema } from '../../core/export/schema-document';
import type { LedgerEntry } from '../../core/ledger';
import { LEDGER_TABLES, putEntries } from '../../background/ledger-writer';
import { DOUGHNUT, GALAXY, HOUR, ME, MIN, OTHER, ROSE, T0, freshDb, giftEntry } from '../../background/recorder.fixtures';
import { LOTS_BUILD, type CoinsightDb } from '../../platform/db';
import { costsIn } from '../../queries/cost';
import { defaultSettings, type Settings } from '../../platform/settings';
import { exportCosts } from './export-costs';
import { ledgerPages } from './ledger-pages';

const SETTINGS: Settings = { ...defaultSettings('en-US'), displayCurrency: 'EUR', conversion: { basis: 'custom', customRate: { minor: 110, coins: 100, currency: 'EUR', asOf: '2026-01-01' }, diamondRate: null, exchangeRates: [] } };

const recharge = (id: string, at: number, coins: number, minor: number, currency = 'USD', account = ME): LedgerEntry =>
  ({ kind: 'recharge', id: `recharge:${id}`, at, coins, account, source: 'cashier+end-result', parser: 1, price: { minor, currency }, orderId: id });
const initial = (at: number, coins: number, account = ME): LedgerEntry =>
  ({ kind: 'adjustment', id: `adjustment:initial:${account}`, at, coins, account, source: 'initial-balance', parser: 1 });

/** Two accounts over ten hours: coins of unknown price first, purchases in two currencies, gifts spanning lots. */
async function ledger(db: CoinsightDb): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [
    initial(T0, 40), initial(T0, 15, OTHER),
    recharge('A', T0 + 10 * MIN, 70, 74), recharge('B', T0 + 3 * HOUR, 350, 349, 'EUR'), recharge('C', T0 + 3 * HOUR, 1400, 1499),
    recharge('D', T0 + 2 * HOUR, 700, 749, 'USD', OTHER),
  ];
  for (let i = 0; i < 60; i++) {
    const gift = [ROSE, DOUGHNUT, ROSE, GALAXY][i % 4]!;
    const at = T0 + (i % 7 === 0 ? 3 * HOUR : i * 9 * MIN); // some at the very instant of two recharges
    if (gift === GALAXY && i < 40) continue;
    entries.push(giftEntry(`74820000000000000${String(i).padStart(2, '0')}`, at, gift, i % 3 + 1, i % 5 === 0 ? OTHER : ME));
  }
  await db.transaction('rw', LEDGER_TABLES.map((name) => db.table(name)), () => putEntries(db, entries));
  return entries;
}

async function walkedCosts(db: CoinsightDb, filters: ExportFilters, pageSize: number) {
  const costsOfPage = exportCosts(db, SETTINGS);
  const out = new Map<string, Awaited<ReturnType<typeof costsOfPage>> extends Map<string, infer V> ? V : never>();
  for await (const page of ledgerPages(db, filters, pageSize)) for (const [id, cost] of await costsOfPage(page)) out.set(id, cost);
  return out;
}

describe('the cost columns of an export', () => {
  for (const built of [true, false]) {
    it(`walked along the pages, equal costsIn for every spend, whatever the page size or start (cost basis ${built ? 'built' : 'not built yet'})`, async () => {
      const db = freshDb();
      const entries = await ledger(db);
      if (!built) await db.builds.delete(LOTS_BUILD);
      const all = { start: 0, end: T0 + 100 * HOUR };
      const reference = new Map([...await costsIn(db, ME, all), ...await costsIn(db, OTHER, all)]);
      expect(reference.size).toBe(entries.filter((entry) => entry.kind === 'gift').length);
      for (const [filters, size] of [[NO_FILTERS, 1000], [NO_FILTERS, 3], [{ ...NO_FILTERS, from: T0 + 3 * HOUR }, 4], [{ ...NO_FILTERS, account: OTHER }, 2]] as const) {
        const walked = await walkedCosts(db, filters, size);
        for (const [id, cost] of walked) expect(cost.cost, `${id}, pages of ${size}`).toEqual(reference.get(id));
        expect(walked.size).toBe([...reference.values()].filter((cost) => cost.at >= (filters.from ?? 0) && (filters.account === null || cost.id.length > 0 && entries.find((e) => e.id === cost.id)!.account === filters.account)).length);
      }
    });
  }

  it('estimates the coins of unknown price at the resolved basis, labelled with its id, and never mixes them into paid', async () => {
    const db = freshDb();
    await ledger(db);
    const walked = await walkedCosts(db, NO_FILTERS, 5);
    const costs = [...walked.values()];
    const unpriced = costs.filter((c) => Object.keys(c.cost.unpriced).length > 0);
    expect(unpriced.length).toBeGreaterThan(0);
    for (const { cost, estimate } of costs) {
      const coins = Object.values(cost.unpriced).reduce((sum: number, n) => sum + (n ?? 0), 0);
      if (coins === 0) expect(estimate).toBeNull();
      else expect(estimate).toEqual({ minor: Math.round((coins * 110) / 100), currency: 'EUR', basis: 'custom-EUR' });
    }
    expect(costs.some((c) => Object.keys(c.cost.paid).length === 2)).toBe(true); // a gift paid from a USD and an EUR lot
  });

  it('every format carries them and the JSON and NDJSON validate against the shipped schema', async () => {
    const db = freshDb();
    await ledger(db);
    const request = { timeZone: 'Europe/Paris', exportedAt: T0 + 200 * HOUR, extensionVersion: '0.1.0', filters: NO_FILTERS, policy: OPEN_POLICY };
    const text = async (format: 'json' | 'ndjson' | 'csv') => {
      let out = '';
      for await (const chunk of exportChunks(format, { entries: ledgerPages(db, NO_FILTERS, 7), costs: exportCosts(db, SETTINGS) }, request)) out += chunk;
      return out;
    };
    const schema = exportJsonSchema();
    const json = JSON.parse(await text('json')) as { entries: Record<string, unknown>[] };
    expect(validateAgainst(schema, json)).toBeNull();
    const gift = json.entries.find((row) => row.kind === 'gift' && row.cost_estimate_basis !== null)!;
    expect(gift).toMatchObject({ cost_estimated_currency: 'EUR', cost_estimate_basis: 'custom-EUR' });
    expect(json.entries.find((row) => row.kind === 'recharge')).toMatchObject({ cost_paid: null, cost_priced_coins: null });
    for (const line of (await text('ndjson')).trimEnd().split('\n')) expect(validateAgainst(schema, JSON.parse(line), { $ref: '#/$defs/ndjsonLine' })).toBeNull();
    const csv = (await text('csv')).split('\r\n');
    expect(csv[0]).toContain('cost_paid_minor,cost_paid_currency,cost_paid,cost_priced_coins,cost_unpriced_coins,cost_estimated_minor,cost_estimated_currency,cost_estimate_basis');
    expect(csv.some((line) => line.includes('"[{""currency"":""EUR"",""minor"":'))).toBe(true);
  });
  it('gives imported history no cost and leaves every captured spend\'s cost as it was (imports stay out of the cost basis)', async () => {
    const db = freshDb();
    await ledger(db);
    const before = await walkedCosts(db, NO_FILTERS, 5);
    const imported: LedgerEntry[] = [
      { kind: 'imported-gift', id: 'import:tiktok:gift:00000000000000a1', at: T0 + 30 * MIN, coins: 500, account: ME, source: 'tiktok-download', parser: 1, status: 'history', fileRow: 0, fileDate: 'x', fileAmount: '500', creatorHandle: '@someone' },
      { kind: 'imported-purchase', id: 'import:tiktok:purchase:00000000000000b1', at: T0 + 40 * MIN, coins: 900, account: ME, source: 'tiktok-download', parser: 1, status: 'history', fileRow: 0, fileDate: 'x', fileAmount: '900' },
    ];
    await db.transaction('rw', LEDGER_TABLES.map((name) => db.table(name)), () => putEntries(db, imported));
    const after = await walkedCosts(db, NO_FILTERS, 5);
    for (const entry of imported) expect(after.has(entry.id)).toBe(false);
    expect([...after.entries()].map(([id, cost]) => [id, cost.cost])).toEqual([...before.entries()].map(([id, cost]) => [id, cost.cost]));
  });
});
