import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../core/ledger';
import { envelope, type MessageName, type PayloadOf, type ReplyOf } from '../../platform/protocol';
import { SETTINGS_KEY, type Settings } from '../../platform/settings';
import { OUTBOX_PREFIX } from '../../platform/outbox-keys';
import { fileSource, restoreFile, type RestoreOutcome } from '../../options/data/restore-file';
import { limitsOfEveryKind } from '../../core/export/export.fixtures';
import { GUARD_KEY } from '../../core/guard-state';
import { saveRule } from '../limits/door';
import { refreshGuards } from '../limits/guard';
import { CREATOR, DOUGHNUT, ME, MIN, NOW, T0, expectRollupsMatchLedger, freshDb, giftEntry, giftObs, ledgerOf } from '../recorder.fixtures';
import { recordBatch } from '../recorder';
import { route, type Handlers } from '../router';
import type { SenderFacts } from '../sender';
import { dataHandlers } from './data';
import { commitRestore } from './restore';
import { MemoryStorage, backupOf, expectUnchanged, seedLedger, snapshotDb } from './data.fixtures';
import type { CoinsightDb } from '../../platform/db';

const EXTENSION_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const BASE = `chrome-extension://${EXTENSION_ID}/`;
const OPTIONS: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 8 } };
const RESTORE_ID = '3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f60';
const SETTINGS: Settings = {
  displayCurrency: 'EUR', weekStart: 6,
  conversion: { basis: 'custom', customRate: { minor: 99, coins: 100, currency: 'EUR', asOf: '2026-03-01' }, diamondRate: null, exchangeRates: [] },
};

/** The options page's `send`, through the real router (sender and payload checks) to the data handlers. */
function sender(db: CoinsightDb, storage: MemoryStorage) {
  const handlers = dataHandlers(db, storage) as unknown as Handlers;
  return async <N extends MessageName>(name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> => {
    const reply = await route(envelope(name, payload), OPTIONS, { extensionId: EXTENSION_ID, extensionBaseUrl: BASE, handlers });
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as ReplyOf<N>;
  };
}
const restoreText = (db: CoinsightDb, storage: MemoryStorage, text: string): Promise<RestoreOutcome> =>
  restoreFile(fileSource(new Blob([text])), sender(db, storage), crypto.randomUUID(), () => undefined);
const sorted = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => (a.id < b.id ? -1 : 1));

describe('restore through the worker', () => {
  for (const format of ['json', 'ndjson'] as const) {
    it(`${format}: a backup restored into an empty profile gives back the same ledger, balances, derived stores and settings`, async () => {
      const source = freshDb();
      await seedLedger(source);
      const text = await backupOf(source, format, SETTINGS);
      const target = freshDb();
      const storage = new MemoryStorage();
      const outcome = await restoreText(target, storage, text);
      expect(outcome).toEqual({ ok: true, report: { entriesAdded: 7, entriesSame: 0, balancesAdded: 2, balancesSame: 0, settingsRestored: true, limitsRestored: 0, limitsRefused: null } });
      expect(await ledgerOf(target)).toEqual(await ledgerOf(source));
      expect(sorted(await target.balances.toArray())).toEqual(sorted(await source.balances.toArray()));
      expect(await target.rollups.toArray()).toEqual(await source.rollups.toArray());
      await expectRollupsMatchLedger(target);
      expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);

      // Restoring the same file again adds nothing.
      const before = await snapshotDb(target);
      expect(await restoreText(target, storage, text)).toEqual({ ok: true, report: { entriesAdded: 0, entriesSame: 7, balancesAdded: 0, balancesSame: 2, settingsRestored: true, limitsRestored: 0, limitsRefused: null } });
      expect(await snapshotDb(target)).toEqual(before);
    });
  }

  it('merges by id with what is there: new entries added, the ones already present skipped', async () => {
    const source = freshDb();
    await seedLedger(source);
    const text = await backupOf(source, 'ndjson');
    const target = freshDb();
    await recordBatch(target, [giftObs(giftEntry('7481000000000000003', T0 + 2 * MIN, DOUGHNUT, 2))], { now: NOW });
    const outcome = await restoreText(target, new MemoryStorage(), text);
    expect(outcome).toMatchObject({ ok: true, report: { entriesAdded: 6, entriesSame: 1, settingsRestored: false } });
    expect(await ledgerOf(target)).toEqual(await ledgerOf(source));
    await expectRollupsMatchLedger(target);
  });
});

describe('restore: all or nothing', () => {
  const hostile = async (): Promise<[name: string, text: string, reason: RegExp][]> => {
    const source = freshDb();
    await seedLedger(source);
    const good = await backupOf(source, 'ndjson', SETTINGS);
    const lines = good.trimEnd().split('\n');
    const giftLine = lines.findIndex((line) => line.includes('"kind":"gift"'));
    const edit = (index: number, from: RegExp, to: string) => lines.map((line, i) => (i === index ? line.replace(from, to) : line)).join('\n');
    return [
      ['truncated (no summary line)', lines.slice(0, -1).join('\n'), /cut short/],
      ['negative coins', edit(giftLine, /"coins":\d+/, '"coins":-5'), /coins/],
      ['wrong type', edit(giftLine, /"coins":\d+/, '"coins":"5"'), /coins/],
      ['a CSV renamed .json', 'kind,id,at\ngift,gift:msg:1,2025-03-12T19:05:17Z\n', /not a Coinsight export|CSV/i],
      ['garbage', '\u0000\u0001garbage'.repeat(1000), /./],
      ['a foreign schema version', good.replace(/"schemaVersion":\d+/, '"schemaVersion":99'), /version/],
      ['bad settings', good.replace('"weekStart":6', '"weekStart":3'), /weekStart/],
      ['an empty file', '', /empty/],
      ['a huge number', edit(giftLine, /"coins":\d+/, '"coins":1e400'), /coins/],
      ['deep nesting', edit(giftLine, /"coins":\d+/, `"coins":${'['.repeat(5000)}${']'.repeat(5000)}`), /nest|deep/i],
      ['a duplicate id with other content', [...lines.slice(0, giftLine + 1), lines[giftLine]!.replace(/"coins":\d+/, '"coins":999'), ...lines.slice(giftLine + 1)].join('\n'), /appears twice with different content/],
    ];
  };

  it('refuses corrupt and hostile files with the reason, and leaves the database and settings as they were', async () => {
    const db = freshDb();
    await seedLedger(db);
    const storage = new MemoryStorage({ [SETTINGS_KEY]: { ...SETTINGS, displayCurrency: 'USD' } });
    const cases = await hostile();
    expect(cases.length).toBe(11);
    for (const [name, text, reason] of cases) {
      await expectUnchanged(db, storage, async () => {
        // Nothing reaches the worker: the page validates the whole file first.
        let messages = 0;
        const send = sender(db, storage);
        const outcome = await restoreFile(fileSource(new Blob([text])), (async (name, payload) => (messages++, send(name, payload))) as typeof send, RESTORE_ID, () => undefined);
        expect(messages, name).toBe(0);
        expect(outcome.ok, name).toBe(false);
        if (!outcome.ok) expect(outcome.error, name).toMatch(reason);
      });
    }
  });

  it('refuses a file whose entry has other content under an id already stored, even after new entries, writing nothing', async () => {
    const source = freshDb();
    await seedLedger(source);
    const target = freshDb();
    // The Doughnuts, recorded here with another count: a conflict for the backup's version of the same id.
    await recordBatch(target, [giftObs(giftEntry('7481000000000000003', T0 + 2 * MIN, DOUGHNUT, 3))], { now: NOW });
    const storage = new MemoryStorage();
    await expectUnchanged(target, storage, async () => {
      const outcome = await restoreText(target, storage, await backupOf(source, 'json', SETTINGS));
      expect(outcome).toEqual({ ok: false, error: expect.stringContaining('"gift:msg:7481000000000000003" is already in the ledger with other content') });
    });
  });

  it('a failure part-way through the commit (the last write fails) rolls everything back; the staged batches wait for a retry', async () => {
    const source = freshDb();
    await seedLedger(source);
    const entries = await ledgerOf(source);
    const target = freshDb();
    const storage = new MemoryStorage({ [SETTINGS_KEY]: { ...SETTINGS, displayCurrency: 'USD' } });
    const send = sender(target, storage);
    await send('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries, balances: await source.balances.toArray() });
    // The storage fails when the balances are written, after every entry and its derived rows were put.
    let failing = true;
    target.balances.hook('creating', () => {
      if (failing) throw new Error('QuotaExceededError (simulated)');
    });
    const commit = { restoreId: RESTORE_ID, batches: 1, entries: entries.length, balances: 2, settings: SETTINGS, limits: null };
    await expectUnchanged(target, storage, async () => {
      await expect(commitRestore(target, storage, commit)).rejects.toThrow(/simulated/);
    });
    expect(await target.restoreBatches.count()).toBe(1);
    failing = false;
    expect(await commitRestore(target, storage, commit)).toMatchObject({ entriesAdded: 7, balancesAdded: 2, settingsRestored: true });
    expect(await ledgerOf(target)).toEqual(entries);
    expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);
  });

  it('a restore whose batches did not all arrive is refused at commit, nothing written, the staged batches dropped', async () => {
    const db = freshDb();
    const storage = new MemoryStorage();
    const send = sender(db, storage);
    const source = freshDb();
    await seedLedger(source);
    const entries: LedgerEntry[] = await ledgerOf(source);
    const before = await snapshotDb(db);
    await send('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries: entries.slice(0, 3), balances: [] });
    await expect(send('restoreCommit', { restoreId: RESTORE_ID, batches: 2, entries: entries.length, balances: 0, settings: null, limits: null })).rejects.toThrow(/interrupted \(1 of 2 batches/);
    await send('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries: entries.slice(0, 3), balances: [] });
    await expect(send('restoreCommit', { restoreId: RESTORE_ID, batches: 1, entries: entries.length, balances: 0, settings: null, limits: null })).rejects.toThrow(/interrupted \(3 of 7 entries/);
    expect(await snapshotDb(db)).toEqual(before);
    expect(storage.items.size).toBe(0);
    // A staged record is checked again by the worker: the page cannot slip in what the ledger schema refuses.
    await expect(send('restoreStage', { restoreId: RESTORE_ID, seq: 0, entries: [{ ...entries[0]!, coins: -1 }], balances: [] })).rejects.toThrow(/coins/);
  });
});

describe('delete all data', () => {
  it('clears every table and storage.local, and the database works as a new one afterwards', async () => {
    const db = freshDb();
    await seedLedger(db);
    await db.accounts.put({ uid: ME, uniqueId: 'night.owl', nickName: 'Night Owl', lastSeenAt: T0 });
    await db.diagnostics.put({ id: 'd1', at: T0, endpoint: 'wallet', reason: 'shape' } as never);
    const storage = new MemoryStorage({ [SETTINGS_KEY]: SETTINGS, [`${OUTBOX_PREFIX}1`]: { observations: [] } });
    // Limits that put a guard state in storage (a block rule), and an override logged against one.
    const clock = { now: () => Date.UTC(2026, 3, 1), timeZone: () => 'UTC' };
    for (const rule of limitsOfEveryKind(CREATOR, 'sunset.cooking')) await saveRule(db, storage, rule, clock);
    await refreshGuards(db, storage, clock);
    expect(storage.items.has(GUARD_KEY)).toBe(true);
    await db.activity.put({ id: 'override:1', kind: 'override', at: T0 } as never);
    expect(await sender(db, storage)('deleteAllData', {})).toEqual({ deleted: true });
    const after = await snapshotDb(db);
    expect(Object.entries(after).filter(([, rows]) => rows.length > 0).map(([name]) => name).sort()).toEqual(['builds', 'creatorDays']);
    // Only the markers a brand-new database holds: derived stores complete from the beginning of an empty ledger.
    expect(after.builds).toEqual(['{"store":"lots","complete":1}']);
    expect(after.creatorDays).toEqual(['{"account":"","day":-1,"creator":"","since":0}']);
    expect(storage.items.size).toBe(0);
    // The refresh that follows delete-all (background/index.ts thenRefresh) finds no limit and stores no guard state.
    await refreshGuards(db, storage, clock);
    expect(storage.items.size).toBe(0);

    await recordBatch(db, [giftObs(giftEntry('7481000000000000009', T0 + MIN, DOUGHNUT))], { now: NOW });
    expect((await ledgerOf(db)).map((entry) => entry.id)).toEqual(['gift:msg:7481000000000000009']);
    await expectRollupsMatchLedger(db);
  });
});
