/** Shared by the restore and delete-all tests: a storage.local stand-in, a whole-database snapshot, a seeded ledger. */
import { expect } from 'vitest';
import { exportChunks, NO_FILTERS, OPEN_POLICY, type ExportFormat } from '../../core/export';
import type { CoinsightDb } from '../../platform/db';
import { DOUGHNUT, FINGER_HEART, MIN, NOW, OTHER, ROSE, T0, balanceObs, giftEntry, giftObs } from '../recorder.fixtures';
import { recordBatch } from '../recorder';
import type { LocalStorageArea } from './settings';

export class MemoryStorage implements LocalStorageArea {
  readonly items = new Map<string, unknown>();
  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.items.set(key, structuredClone(value));
  }
  async get(keys: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys === null ? [...this.items.keys()] : typeof keys === 'string' ? [keys] : keys;
    return Object.fromEntries(wanted.filter((key) => this.items.has(key)).map((key) => [key, structuredClone(this.items.get(key))]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.items.set(key, structuredClone(value));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === 'string' ? [keys] : keys) this.items.delete(key);
  }
  async clear(): Promise<void> {
    this.items.clear();
  }
  snapshot(): string {
    return JSON.stringify([...this.items.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/**
 * Every row of every table, in a stable order: two snapshots are equal exactly when nothing changed. A committed
 * restore's outcome row (restoreBatches, seq −1: what a retried commit answers) is bookkeeping, not data, and left
 * out; staged batches are not.
 */
export async function snapshotDb(db: CoinsightDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of db.tables) {
    const rows = (await table.toArray()).filter((row) => !(table.name === 'restoreBatches' && (row as { seq: number }).seq === -1));
    out[table.name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

/** Gifts to two accounts over a few hours (some at the same instant), and wallet readings. */
export async function seedLedger(db: CoinsightDb): Promise<void> {
  await recordBatch(db, [balanceObs(T0, 5000)], { now: NOW });
  const gifts = [
    giftEntry('7481000000000000001', T0 + MIN, ROSE, 3),
    giftEntry('7481000000000000002', T0 + MIN, FINGER_HEART), // the same instant as the Roses
    giftEntry('7481000000000000003', T0 + 2 * MIN, DOUGHNUT, 2),
    giftEntry('7481000000000000004', T0 + 90 * MIN, ROSE, 10),
    giftEntry('7481000000000000005', T0 + 3 * MIN, ROSE, 1, OTHER),
  ];
  await recordBatch(db, gifts.map(giftObs), { now: NOW });
  await recordBatch(db, [balanceObs(T0 + 3 * 60 * MIN, 4000)], { now: NOW });
}

/** A whole-ledger file, written by the core writers from the database's rows. */
export async function backupOf(db: CoinsightDb, format: Exclude<ExportFormat, 'csv'>, settings?: unknown, limits?: readonly unknown[]): Promise<string> {
  let text = '';
  const entries = [await db.ledger.orderBy('at').toArray()];
  const balances = [await db.balances.orderBy('at').toArray()];
  const request = { timeZone: 'UTC', exportedAt: NOW, extensionVersion: '0.1.0', filters: NO_FILTERS, policy: OPEN_POLICY };
  for await (const chunk of exportChunks(format, { entries, balances, ...(settings ? { settings } : {}), ...(limits ? { limits } : {}) }, request)) text += chunk;
  return text;
}

export async function expectUnchanged(db: CoinsightDb, storage: MemoryStorage, run: () => Promise<unknown>): Promise<void> {
  const before = await snapshotDb(db);
  const stored = storage.snapshot();
  await run();
  expect(await snapshotDb(db)).toEqual(before);
  expect(storage.snapshot()).toBe(stored);
}
