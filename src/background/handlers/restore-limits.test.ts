/**
 * A backup's limits through the options page and the worker: validated completely on the page (a bad one refuses the
 * file, nothing sent or written), applied by the limits door after the ledger committed (a worker stopped in between
 * applies them at the retry), merged by id with the limits already set.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { limitsOfEveryKind } from '../../core/export/export.fixtures';
import { LIMITS_KEY, MAX_RULES, type LimitRule } from '../../core/limits';
import { fileSource, restoreFile } from '../../options/data/restore-file';
import { openDb, type CoinsightDb } from '../../platform/db';
import { MessageError } from '../../platform/messaging';
import { envelope, type MessageName, type PayloadOf, type ReplyOf } from '../../platform/protocol';
import { SETTINGS_KEY, type Settings } from '../../platform/settings';
import { CREATOR, freshDb, ledgerOf } from '../recorder.fixtures';
import { route, type Handlers } from '../router';
import type { SenderFacts } from '../sender';
import { saveRule } from '../limits/door';
import { dataHandlers } from './data';
import { MemoryStorage, backupOf, expectUnchanged, seedLedger } from './data.fixtures';

const EXTENSION_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const BASE = `chrome-extension://${EXTENSION_ID}/`;
const OPTIONS: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 8 } };
const SETTINGS: Settings = {
  displayCurrency: 'EUR', weekStart: 1,
  conversion: { basis: 'custom', customRate: { minor: 99, coins: 100, currency: 'EUR', asOf: '2026-03-01' }, diamondRate: null, exchangeRates: [] },
};
/** The source profile's limits: every scope, period and cap kind, the creator one on a creator of the seeded ledger. */
const RULES = limitsOfEveryKind(CREATOR, 'sunset.cooking');
const CLOCK = { now: () => Date.UTC(2026, 3, 1, 12), timeZone: () => 'Europe/Paris' };
type Send = <N extends MessageName>(name: N, payload: PayloadOf<N>) => Promise<ReplyOf<N>>;

function worker(db: CoinsightDb, storage: MemoryStorage): Send {
  const handlers = dataHandlers(db, storage, CLOCK) as unknown as Handlers;
  return async (name, payload) => {
    const reply = await route(envelope(name, payload), OPTIONS, { extensionId: EXTENSION_ID, extensionBaseUrl: BASE, handlers });
    if (!reply.ok) throw new MessageError(reply.error, reply.retryable);
    return reply.value as never;
  };
}
const restore = (send: Send, text: string) => restoreFile(fileSource(new Blob([text])), send, crypto.randomUUID(), () => undefined, 3);

/**
 * The source profile: the seeded ledger, and the limits saved through the door as the limits page saves them (so they
 * are stored as the door stores them: createdAt its now, a creator's handle filled in). `raw` puts rules in the file
 * as given instead.
 */
async function backup(format: 'json' | 'ndjson' = 'ndjson', raw?: readonly unknown[]): Promise<{ text: string; source: CoinsightDb; stored: LimitRule[] }> {
  const source = freshDb();
  await seedLedger(source);
  const storage = new MemoryStorage({ [SETTINGS_KEY]: SETTINGS });
  for (const rule of raw ? [] : RULES) await saveRule(source, storage, rule, CLOCK);
  const stored = (storage.items.get(LIMITS_KEY) ?? []) as LimitRule[];
  return { text: await backupOf(source, format, SETTINGS, raw ?? stored), source, stored };
}

describe('restoring a backup with limits', () => {
  for (const format of ['json', 'ndjson'] as const) {
    it(`${format}: an empty profile ends with the same ledger, settings and limits, each limit as it was made`, async () => {
      const { text, source, stored } = await backup(format);
      expect(stored.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
      const target = freshDb();
      const storage = new MemoryStorage();
      const outcome = await restore(worker(target, storage), text);
      expect(outcome).toEqual({ ok: true, report: { entriesAdded: 7, entriesSame: 0, balancesAdded: 2, balancesSame: 0, settingsRestored: true, limitsRestored: 4, limitsRefused: null } });
      expect(await ledgerOf(target)).toEqual(await ledgerOf(source));
      expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);
      expect(storage.items.get(LIMITS_KEY)).toEqual(stored);
    });
  }

  it('a bad limit refuses the whole file on the page, naming it: nothing is sent, nothing written', async () => {
    const { text } = await backup('ndjson', [RULES[0], { ...RULES[1], cap: { kind: 'coins', coins: -1 } }, RULES[2]]);
    const target = freshDb();
    await seedLedger(target);
    const storage = new MemoryStorage({ [LIMITS_KEY]: [RULES[3]] });
    const sent: string[] = [];
    const send: Send = (name, payload) => {
      sent.push(name);
      return worker(target, storage)(name, payload);
    };
    await expectUnchanged(target, storage, async () => {
      expect(await restore(send, text)).toEqual({ ok: false, error: `line 3: limit 2 (id "${RULES[1]!.id}"): limits[1].cap.coins: expected an integer in [0, 1000000000000]` });
    });
    expect(sent).toEqual([]);
    expect(await target.restoreBatches.count()).toBe(0);
  });

  it('a worker stopped between the ledger commit and the limits: the retried commit applies them, the ledger written once', async () => {
    const { text, source, stored } = await backup();
    const target = freshDb();
    const storage = new MemoryStorage();
    // The first worker dies as it writes the limits (after the ledger committed and the settings were applied).
    const dying = new MemoryStorage();
    let ledgerAtDeath = -1;
    dying.set = async (items) => {
      if (LIMITS_KEY in items) {
        ledgerAtDeath = await target.ledger.count();
        throw new Error('the service worker was stopped');
      }
      await storage.set(items);
    };
    dying.get = (keys) => storage.get(keys);
    const first = worker(openDb(target.name), dying);
    const second = worker(openDb(target.name), storage);
    const commits: string[] = [];
    const send: Send = async (name, payload) => {
      if (name !== 'restoreCommit') return first(name, payload);
      if (commits.push('commit') === 1) {
        await first(name, payload).catch(() => undefined);
        // What the browser tells the page when the worker went away before replying.
        throw new MessageError('the message channel closed before a response was received', true);
      }
      return second(name, payload);
    };
    const outcome = await restore(send, text);
    expect(ledgerAtDeath).toBe(7);
    expect(commits).toHaveLength(2);
    expect(outcome).toEqual({ ok: true, report: { entriesAdded: 7, entriesSame: 0, balancesAdded: 2, balancesSame: 0, settingsRestored: true, limitsRestored: 4, limitsRefused: null } });
    expect(await ledgerOf(target)).toEqual(await ledgerOf(source));
    expect(storage.items.get(LIMITS_KEY)).toEqual(stored);
    expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);
  });

  it('onto limits already set: merged by id, the backup\'s version replacing a limit of the same id, the others kept', async () => {
    const { text, stored } = await backup();
    const target = freshDb();
    const mine: LimitRule = { ...RULES[0]!, id: 'aaaaaaaa-0000-4000-8000-000000000001', cap: { kind: 'coins', coins: 77 } };
    const older: LimitRule = { ...stored[2]!, cap: { kind: 'coins', coins: 9999 }, action: 'warn', createdAt: 1 };
    const storage = new MemoryStorage({ [LIMITS_KEY]: [mine, older] });
    const outcome = await restore(worker(target, storage), text);
    expect(outcome).toMatchObject({ ok: true, report: { limitsRestored: 4, limitsRefused: null } });
    expect(storage.items.get(LIMITS_KEY)).toEqual([mine, stored[2], stored[0], stored[1], stored[3]]);
    // The same backup again changes nothing.
    expect(await restore(worker(target, storage), text)).toMatchObject({ ok: true, report: { entriesSame: 7, limitsRestored: 4 } });
    expect(storage.items.get(LIMITS_KEY)).toEqual([mine, stored[2], stored[0], stored[1], stored[3]]);
  });

  it('a backup without limits leaves those set as they are', async () => {
    const source = freshDb();
    await seedLedger(source);
    const storage = new MemoryStorage({ [LIMITS_KEY]: RULES });
    const outcome = await restore(worker(freshDb(), storage), await backupOf(source, 'json', SETTINGS));
    expect(outcome).toMatchObject({ ok: true, report: { entriesAdded: 7, limitsRestored: 0, limitsRefused: null } });
    expect(storage.items.get(LIMITS_KEY)).toEqual(RULES);
  });

  it('limits the door refuses after the ledger is in (a creator never seen, too many in all): none applied, the reason reported, the ledger kept', async () => {
    const unseen = limitsOfEveryKind('6700000000000000999', 'nobody.here');
    const { text } = await backup('ndjson', unseen);
    const target = freshDb();
    const storage = new MemoryStorage();
    const outcome = await restore(worker(target, storage), text);
    expect(outcome).toMatchObject({ ok: true, report: { entriesAdded: 7, limitsRestored: 0 } });
    expect(outcome.ok && outcome.report.limitsRefused).toBe(`limit 2 (id "${unseen[1]!.id}") of the backup cannot be restored: creator (limitCreatorUnknown)`);
    expect(storage.items.has(LIMITS_KEY)).toBe(false);
    expect(storage.items.get(SETTINGS_KEY)).toEqual(SETTINGS);

    const full = Array.from({ length: MAX_RULES - 2 }, (_, i) => ({ ...RULES[0]!, id: `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}` }));
    const crowded = new MemoryStorage({ [LIMITS_KEY]: full });
    const again = await restore(worker(freshDb(), crowded), (await backup()).text);
    expect(again.ok && again.report.limitsRefused).toBe(`the backup's limits cannot be restored: with those already set they would be ${MAX_RULES + 2}, at most ${MAX_RULES}`);
    expect(crowded.items.get(LIMITS_KEY)).toEqual(full);
  });
});
