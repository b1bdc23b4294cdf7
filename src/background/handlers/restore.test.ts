import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MANUAL_PURCHASE } from '../../core/export/export.fixtures';
import type { LedgerEntry } from '../../core/ledger';
import { fileSource, restoreFile } from '../../options/data/restore-file';
import { Dexie } from 'dexie';
import { DB_NAME, SCHEMA_V3, SCHEMA_V4, openDb, type CoinsightDb } from '../../platform/db';
import { MessageError } from '../../platform/messaging';
import { envelope, type MessageName, type PayloadOf, type ReplyOf } from '../../platform/protocol';
import { SETTINGS_KEY, type Settings } from '../../platform/settings';
import { expectRollupsMatchLedger, freshDb, ledgerOf } from '../recorder.fixtures';
import { route, type Handlers } from '../router';
import type { SenderFacts } from '../sender';
import { dataHandlers } from './data';
import { MemoryStorage, backupOf, seedLedger, snapshotDb } from './data.fixtures';

const EXTENSION_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const BASE = `chrome-extension://${EXTENSION_ID}/`;
const OPTIONS: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 8 } };
const SETTINGS: Settings = {
  displayCurrency: 'EUR', weekStart: 6,
  conversion: { basis: 'custom', customRate: { minor: 99, coins: 100, currency: 'EUR', asOf: '2026-03-01' }, diamondRate: null, exchangeRates: [] },
};
type Send = <N extends MessageName>(name: N, payload: PayloadOf<N>) => Promise<ReplyOf<N>>;

/** One worker instance: its own database connection and handlers (a stopped worker's successor gets new ones). */
function worker(dbName: string, storage: MemoryStorage): { db: CoinsightDb; send: Send } {
  const db = openDb(dbName);
  const handlers = dataHandlers(db, storage) as unknown as Handlers;
  const send: Send = async (name, payload) => {
    const reply = await route(envelope(name, payload), OPTIONS, { extensionId: EXTENSION_ID, extensionBaseUrl: BASE, handlers });
    if (!reply.ok) throw new MessageError(reply.error, reply.retryable);
    return reply.value as never;
  };
  return { db, send };
}

async function sourceBackup(): Promise<{ text: string; entries: LedgerEntry[]; source: CoinsightDb }> {
  const source = freshDb();
  await seedLedger(source);
  return { text: await backupOf(source, 'ndjson', SETTINGS), entries: await ledgerOf(source), source };
}
/** The browser's answer when the worker is stopped before it replied. */
const workerStopped = () => new MessageError('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received', true);

describe('a restore staged on disk survives the worker', () => {
  it('stages each batch as one row of its own table; a worker stopped between the last batch and the commit loses nothing', async () => {
    const { text, entries, source } = await sourceBackup();
    const target = freshDb();
    const storage = new MemoryStorage();
    const first = worker(target.name, storage);
    const second = worker(target.name, storage);
    let staged = -1;
    const send: Send = async (name, payload) => {
      if (name !== 'restoreCommit') return first.send(name, payload);
      staged = await target.restoreBatches.count();
      first.db.close(); // the worker is gone; the commit wakes a new one
      return second.send(name, payload);
    };
    const outcome = await restoreFile(fileSource(new Blob([text])), send, crypto.randomUUID(), () => undefined, 2);
    expect(staged).toBe(5); // 7 entries and 2 balances, two records a batch
    expect(outcome).toEqual({ ok: true, report: { entriesAdded: 7, entriesSame: 0, balancesAdded: 2, balancesSame: 0, settingsRestored: true, limitsRestored: 0, limitsRefused: null } });
    expect(await ledgerOf(target)).toEqual(entries);
    expect(await target.balances.count()).toBe(await source.balances.count());
    await expectRollupsMatchLedger(target);
    expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);
    // Only the outcome row is left: what a commit retried after a lost reply answers.
    expect((await target.restoreBatches.toArray()).map((row) => row.seq)).toEqual([-1]);
  });

  it('a worker stopped during the commit leaves nothing written and the batches staged; the retried commit writes it all, once', async () => {
    const { text, entries } = await sourceBackup();
    const target = freshDb();
    const storage = new MemoryStorage({ [SETTINGS_KEY]: { ...SETTINGS, displayCurrency: 'USD' } });
    const before = await snapshotDb(target);
    const dying = worker(target.name, storage);
    // The third entry written is where the worker stops: its transaction aborts with it.
    let written = 0;
    dying.db.ledger.hook('creating', () => {
      if (++written === 3) throw new Error('the service worker was stopped');
    });
    const successor = worker(target.name, storage);
    let commits = 0;
    let afterKill: { db: Record<string, string[]>; staged: number; settings: string } | null = null;
    const send: Send = async (name, payload) => {
      if (name !== 'restoreCommit') return dying.send(name, payload);
      if (++commits === 1) {
        await dying.send(name, payload).catch(() => undefined);
        const db = await snapshotDb(target);
        afterKill = { db: { ...db, restoreBatches: [] }, staged: db.restoreBatches!.length, settings: storage.snapshot() };
        throw workerStopped();
      }
      return successor.send(name, payload);
    };
    const outcome = await restoreFile(fileSource(new Blob([text])), send, crypto.randomUUID(), () => undefined, 3);
    expect(written).toBeGreaterThanOrEqual(3);
    expect(afterKill).toEqual({ db: { ...before, restoreBatches: [] }, staged: 3, settings: new MemoryStorage({ [SETTINGS_KEY]: { ...SETTINGS, displayCurrency: 'USD' } }).snapshot() });
    expect(commits).toBe(2);
    expect(outcome).toEqual({ ok: true, report: { entriesAdded: 7, entriesSame: 0, balancesAdded: 2, balancesSame: 0, settingsRestored: true, limitsRestored: 0, limitsRefused: null } });
    expect(await ledgerOf(target)).toEqual(entries);
    await expectRollupsMatchLedger(target);
    expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);
  });

  it('a commit whose reply was lost, sent again, answers the same and writes nothing more', async () => {
    const { text, entries } = await sourceBackup();
    const target = freshDb();
    const storage = new MemoryStorage();
    const { send: real } = worker(target.name, storage);
    let commits = 0;
    let afterFirst: Record<string, string[]> | null = null;
    const send: Send = async (name, payload) => {
      const reply = await real(name, payload);
      if (name === 'restoreCommit' && ++commits === 1) {
        afterFirst = await snapshotDb(target);
        throw workerStopped();
      }
      return reply;
    };
    const outcome = await restoreFile(fileSource(new Blob([text])), send, crypto.randomUUID(), () => undefined);
    expect(commits).toBe(2);
    expect(outcome).toMatchObject({ ok: true, report: { entriesAdded: 7, balancesAdded: 2 } });
    expect(await snapshotDb(target)).toEqual(afterFirst);
    expect(await ledgerOf(target)).toEqual(entries);
  });

  it('drops restores abandoned for a day when a new one starts', async () => {
    const target = freshDb();
    const { send } = worker(target.name, new MemoryStorage());
    const { entries } = await sourceBackup();
    await target.restoreBatches.put({ restore: 'old', seq: 0, at: Date.now() - 25 * 3600_000, entries, balances: [] });
    await target.restoreBatches.put({ restore: 'recent', seq: 0, at: Date.now() - 3600_000, entries, balances: [] });
    await send('restoreStage', { restoreId: crypto.randomUUID(), seq: 0, entries: entries.slice(0, 1), balances: [] });
    expect((await target.restoreBatches.toArray()).map((row) => row.restore).sort()).toEqual(['recent', expect.any(String)].sort());
    expect(await target.restoreBatches.get(['old', 0])).toBeUndefined();
  });
});

describe('schema version 5 (staged restores)', () => {
  it('upgrades a version-4 database: nothing is lost, and a restore stages into the new table', async () => {
    const name = `${DB_NAME}-v5-${Math.random().toString(36).slice(2)}`;
    const v4 = new Dexie(name);
    v4.version(3).stores(SCHEMA_V3);
    v4.version(4).stores(SCHEMA_V4);
    const { entries, text } = await sourceBackup();
    await v4.table('ledger').bulkPut(entries);
    v4.close();
    const db = openDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(5);
    expect(await ledgerOf(db)).toEqual(entries);
    expect(await db.restoreBatches.count()).toBe(0);
    const storage = new MemoryStorage();
    const outcome = await restoreFile(fileSource(new Blob([text])), worker(name, storage).send, crypto.randomUUID(), () => undefined);
    expect(outcome).toMatchObject({ ok: true, report: { entriesAdded: 0, entriesSame: 7, balancesAdded: 2 } });
    await db.delete();
  });
});

describe('the worker refuses hostile records itself, whatever the page checked, and leaves the database unchanged', () => {
  type Batch = { entries: unknown[]; balances?: unknown[] };
  const deep = (depth: number): unknown => (depth === 0 ? 1 : [deep(depth - 1)]);
  const cases = (entries: LedgerEntry[]): [name: string, batches: Batch[], reason: RegExp, commit?: { batches?: number; entries?: number }][] => {
    const gift = entries.find((entry) => entry.kind === 'gift')!;
    const other = entries.filter((entry) => entry !== gift);
    const withGift = (change: Record<string, unknown>) => [{ entries: [...other, { ...gift, ...change }] }];
    const { source: _source, ...withoutSource } = gift;
    const manual = MANUAL_PURCHASE as Extract<LedgerEntry, { kind: 'recharge' }>;
    const protoPolluted = JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(gift).slice(1)}`) as unknown;
    return [
      ['negative coins', withGift({ coins: -5 }), /coins/],
      ['coins as a string', withGift({ coins: '5' }), /coins/],
      ['a number beyond a safe integer', withGift({ coins: 2 ** 60 }), /coins/],
      ['an infinite number (1e400)', withGift({ coins: Number('1e400') }), /coins/],
      ['not a number', withGift({ coins: Number.NaN }), /coins/],
      ['a fraction of a coin', withGift({ coins: 1.5 }), /coins/],
      ['deep nesting in a field', withGift({ giftName: deep(5000) }), /giftName/],
      ['an unknown field', withGift({ evil: 'x' }), /evil|unknown|unexpected/i],
      ['a missing field', [{ entries: [...other, withoutSource] }], /source/],
      ['a field of another kind (a price on a gift)', withGift({ price: { minor: 1, currency: 'USD' } }), /price|unexpected|unknown/i],
      ['an unknown kind', withGift({ kind: 'refund' }), /kind/],
      ['an id longer than the ledger allows', withGift({ id: `gift:msg:${'9'.repeat(5000)}` }), /id/],
      ['a string far longer than any field', withGift({ giftName: 'A'.repeat(1 << 20) }), /giftName/],
      ['a __proto__ key', [{ entries: [...other, protoPolluted] }], /__proto__|unknown|unexpected/i],
      ['a record that is not an object', [{ entries: [...other, 'gift'] }], /entries\[\d+\]/],
      ['a duplicate id with other content in one batch', [{ entries: [...entries, { ...gift, coins: gift.coins + 1 }] }], /appears twice with different content/],
      ['a duplicate id with other content in a later batch', [{ entries }, { entries: [{ ...gift, coins: gift.coins + 1 }] }], /already in the ledger with other content/],
      ['explains on a purchase Coinsight saw', [{ entries: [...entries, { ...manual, id: 'recharge:ORD-9', orderId: 'ORD-9', source: 'cashier+end-result', where: undefined }] }], /explains is only kept/],
      ['explains taking more coins than the purchase', [{ entries: [...entries, { ...manual, coins: 10 }] }], /more than the purchase/],
      ['an explains item listed twice', [{ entries: [...entries, { ...manual, explains: [manual.explains![1]!, manual.explains![1]!] }] }], /listed twice/],
      ['a place on a purchase Coinsight saw', [{ entries: [...entries, { ...manual, id: 'recharge:ORD-9', orderId: 'ORD-9', source: 'cashier+end-result', explains: undefined }] }], /purchase_where is only kept/],
      ['a balance with negative coins', [{ entries, balances: [{ id: 'balance:x', account: gift.account, at: gift.at, coins: -1, source: 'wallet' }] }], /coins/],
      ['truncated: a batch never arrived', [{ entries }], /interrupted \(1 of 2 batches/, { batches: 2 }],
      ['truncated: fewer entries than the file said', [{ entries: entries.slice(0, 3) }], /interrupted \(3 of 7 entries/, { entries: 7 }],
    ];
  };

  it('each of 24 kinds, sent straight to the worker (a page that skipped its check)', async () => {
    const { entries } = await sourceBackup();
    const list = cases(entries);
    expect(list.length).toBe(24);
    const db = freshDb();
    await seedLedger(db);
    const storage = new MemoryStorage({ [SETTINGS_KEY]: SETTINGS });
    const { send } = worker(db.name, storage);
    const before = await snapshotDb(db);
    for (const [name, batches, reason, commit] of list) {
      const restoreId = crypto.randomUUID();
      const attempt = async () => {
        for (const [seq, batch] of batches.entries()) await send('restoreStage', { restoreId, seq, entries: batch.entries, balances: batch.balances ?? [] });
        const counted = batches.reduce((n, batch) => n + batch.entries.length, 0);
        const balances = batches.reduce((n, batch) => n + (batch.balances?.length ?? 0), 0);
        return send('restoreCommit', { restoreId, batches: commit?.batches ?? batches.length, entries: commit?.entries ?? counted, balances, settings: { displayCurrency: 'JPY' }, limits: null });
      };
      const refusal = await attempt().then((report) => `accepted ${JSON.stringify(report)}`, (error: Error) => error.message);
      expect(refusal, name).toMatch(reason);
      expect(await snapshotDb(db), name).toEqual(before); // staged batches included: a refusal drops them
      expect(storage.snapshot(), name).toBe(new MemoryStorage({ [SETTINGS_KEY]: SETTINGS }).snapshot());
    }
  });

  it('the issue\'s hostile files, through the page and the real router and worker, leave the database unchanged', async () => {
    const { text } = await sourceBackup();
    const lines = text.trimEnd().split('\n');
    const files: [string, BlobPart[], RegExp][] = [
      ['truncated', [lines.slice(0, -2).join('\n')], /cut short/],
      ['wrong types', [text.replace(/"coins":(\d+)/, '"coins":"$1"')], /coins/],
      ['huge numbers', [text.replace(/"coins":\d+/, '"coins":123456789012345678901234567890')], /coins/],
      ['negative coins', [text.replace(/"coins":\d+/, '"coins":-3')], /coins/],
      ['a duplicate id with different content', [[...lines.slice(0, 3), lines[2]!.replace(/"coins":\d+/, '"coins":77'), ...lines.slice(3)].join('\n')], /twice with different content/],
      ['a foreign schema version', [text.replace(/"schemaVersion":\d+/, '"schemaVersion":1')], /version/],
      ['deep nesting', [text.replace(/"coins":\d+/, `"coins":${'['.repeat(200_000)}`)], /nest/],
      ['a 50 MB file of garbage', Array.from({ length: 50 }, () => { const chunk = new Uint8Array(1 << 20); crypto.getRandomValues(chunk.subarray(0, 1 << 16)); return chunk; }), /./],
      ['a CSV renamed .json', ['id,kind,at,at_ms,account\r\ngift:1,gift,2026-01-01T00:00:00.000+00:00,0,\r\n'], /CSV/],
    ];
    const db = freshDb();
    await seedLedger(db);
    const storage = new MemoryStorage({ [SETTINGS_KEY]: SETTINGS });
    const { send } = worker(db.name, storage);
    const before = await snapshotDb(db);
    for (const [name, parts, reason] of files) {
      const outcome = await restoreFile(fileSource(new Blob(parts)), send, crypto.randomUUID(), () => undefined);
      expect(outcome.ok, name).toBe(false);
      if (!outcome.ok) expect(outcome.error, name).toMatch(reason);
      expect(await snapshotDb(db), name).toEqual(before);
      expect(storage.snapshot(), name).toBe(new MemoryStorage({ [SETTINGS_KEY]: SETTINGS }).snapshot());
    }
  });
});
