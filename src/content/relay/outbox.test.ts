import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PARSER_VERSION, entryIds } from '../../core/ledger';
import { MAX_BATCH, type Observation } from '../../platform/observations';
import { OUTBOX_PREFIX, type OutboxChunk } from '../../platform/outbox-keys';
import type { RecordReply } from '../../platform/protocol';
import { Outbox, type OutboxOptions, type OutboxStore } from './outbox';

const ACCOUNT = '6812345678901234567';
const START = Date.UTC(2025, 2, 12, 19, 5, 0);

function gift(n: number): Observation {
  const msgId = String(7_481_000_000_000_000n + BigInt(n));
  const id = entryIds.giftByMsg(msgId);
  return {
    type: 'gift', id,
    entry: {
      kind: 'gift', id, at: START + n * 250, coins: 1, account: ACCOUNT, source: 'gift-send', parser: PARSER_VERSION,
      giftId: 5655, giftName: 'Rose', unitCoins: 1, count: 1, roomId: '7412345678901234567', msgId,
    },
  };
}
const gifts = (from: number, count: number) => Array.from({ length: count }, (_, i) => gift(from + i));

/** storage.local in memory: values are copied in and out, as the real one serialises them. */
class MemoryStore implements OutboxStore {
  readonly data = new Map<string, unknown>();
  failSet: Error | null = null;
  failRemove: Error | null = null;
  /** When set, set() waits for this before writing (a slow disk). */
  gate: Promise<void> | null = null;

  async set(items: Record<string, OutboxChunk>): Promise<void> {
    const copy = structuredClone(items);
    if (this.gate) await this.gate;
    if (this.failSet) throw this.failSet;
    for (const [key, value] of Object.entries(copy)) this.data.set(key, value);
  }

  async remove(keys: string[]): Promise<void> {
    if (this.failRemove) throw this.failRemove;
    for (const key of keys) this.data.delete(key);
  }

  async getAll(): Promise<Record<string, unknown>> {
    return structuredClone(Object.fromEntries(this.data));
  }

  outboxKeys(): string[] {
    return [...this.data.keys()].filter((key) => key.startsWith(OUTBOX_PREFIX)).sort();
  }

  /** The ids of the observations in the stored chunks. */
  outboxIds(): string[] {
    return this.outboxKeys().flatMap((key) => ((this.data.get(key) as OutboxChunk).observations ?? []).map((o) => o.id)).sort();
  }
}

/** A MemoryStore that notes how many observations each set() call carried. */
function countingStore(): { store: MemoryStore; setSizes: number[] } {
  const store = new MemoryStore();
  const setSizes: number[] = [];
  const realSet = store.set.bind(store);
  store.set = (items) => {
    setSizes.push(Object.values(items).reduce((sum, chunk) => sum + chunk.observations.length, 0));
    return realSet(items);
  };
  return { store, setSizes };
}

const recordAll = (batch: Observation[]): RecordReply => ({ recorded: batch.map((o) => o.id), rejected: [] });

function make(overrides: Partial<OutboxOptions> & { store?: MemoryStore } = {}) {
  const store = overrides.store ?? new MemoryStore();
  const batches: Observation[][] = [];
  const deliveredAt: number[] = [];
  const onStoreError = vi.fn();
  const options: OutboxOptions = {
    store,
    deliver: vi.fn(async (batch: Observation[]) => {
      batches.push(batch);
      deliveredAt.push(Date.now());
      return recordAll(batch);
    }),
    isFatal: (error) => /context invalidated/i.test(String(error)),
    onStoreError,
    ...overrides,
  };
  let keys = 0;
  const outbox = new Outbox({ newKey: () => `${OUTBOX_PREFIX}chunk-${++keys}`, ...options });
  return { outbox, store, deliver: options.deliver as ReturnType<typeof vi.fn<OutboxOptions['deliver']>>, batches, deliveredAt, onStoreError };
}

/** Runs due timers and the promise chains they start. */
async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox delivery', () => {
  it(`delivers in batches of at most ${MAX_BATCH} and forgets each acknowledged one`, async () => {
    const { outbox, store, batches } = make();
    const all = gifts(0, 1_234);
    outbox.add(all.slice(0, 600));
    outbox.add(all.slice(600));
    expect(batches).toEqual([]); // what one task queues goes together: nothing is sent before it ends
    await settle();
    expect(batches.map((b) => b.length)).toEqual([500, 500, 234]);
    expect(batches.flat().map((o) => o.id)).toEqual(all.map((o) => o.id));
    expect(store.outboxIds()).toEqual([]);
    expect(outbox.size).toBe(0);
  });

  it('writes what was queued together to storage as one chunk, in the very task that queued it', async () => {
    const store = new MemoryStore();
    let release!: (reply: RecordReply) => void;
    const { outbox } = make({ store, deliver: (batch) => new Promise<RecordReply>((resolve) => { release = () => resolve(recordAll(batch)); }) });
    outbox.add(gifts(1, 3));
    // No timer in between: a page that navigates away right after ("Pay now") has handed it to storage already.
    expect(store.outboxKeys()).toEqual([`${OUTBOX_PREFIX}chunk-1`]);
    expect(store.data.get(`${OUTBOX_PREFIX}chunk-1`)).toEqual({ queuedAt: START, observations: gifts(1, 3) });
    await settle();
    release(recordAll(gifts(1, 3)));
    await settle();
    expect(store.outboxKeys()).toEqual([]);
  });

  it(`splits a large write into chunks of at most ${MAX_BATCH}`, async () => {
    const store = new MemoryStore();
    const { outbox } = make({ store, deliver: () => new Promise<RecordReply>(() => undefined) });
    outbox.add(gifts(0, 1_234));
    await settle();
    expect(store.outboxKeys().map((key) => (store.data.get(key) as OutboxChunk).observations.length)).toEqual([500, 500, 234]);
    expect(store.outboxIds()).toEqual(gifts(0, 1_234).map((o) => o.id).sort());
    outbox.stop();
  });

  it('removes only what the background acknowledged (recorded or refused for good) and sends the rest again', async () => {
    const store = new MemoryStore();
    const sent = gifts(10, 5);
    const replies: RecordReply[] = [
      { recorded: [sent[0]!.id, sent[2]!.id], rejected: [{ id: sent[4]!.id, reason: 'batch[4].entry.coins: expected an integer in [1, 1000000000]' }] },
      { recorded: [], rejected: [] },
      { recorded: [sent[1]!.id, sent[3]!.id], rejected: [] },
    ];
    const { outbox, deliver, batches } = make({ store, firstRetryMs: 1_000, deliver: vi.fn(async (batch: Observation[]) => {
      batches.push(batch);
      return replies.shift()!;
    }) });
    outbox.add(sent);
    await settle();
    // First reply: three acknowledged; the loop asks again at once for the other two and hears nothing back.
    expect(batches.map((b) => b.map((o) => o.id))).toEqual([sent.map((o) => o.id), [sent[1]!.id, sent[3]!.id]]);
    expect(outbox.size).toBe(2);
    // The chunk stays whole while anything in it is unacknowledged (a later page re-sends all of it: recording is idempotent).
    expect(store.outboxIds()).toEqual(sent.map((o) => o.id).sort());
    await settle(1_000);
    expect(deliver).toHaveBeenCalledTimes(3);
    expect(store.outboxIds()).toEqual([]);
    expect(outbox.size).toBe(0);
  });

  it('keeps an item whose id the background did not return, however often it is sent', async () => {
    const store = new MemoryStore();
    const kept = gift(99);
    const { outbox, deliver } = make({ store, firstRetryMs: 100, maxRetryMs: 100, deliver: vi.fn(async (batch: Observation[]) => ({
      recorded: batch.filter((o) => o.id !== kept.id).map((o) => o.id), rejected: [],
    })) });
    outbox.add([gift(1), kept, gift(2)]);
    await settle();
    await settle(1_000);
    expect(deliver.mock.calls.length).toBeGreaterThan(5);
    expect(deliver.mock.calls.slice(1).every(([batch]) => batch.length === 1 && batch[0]!.id === kept.id)).toBe(true);
    expect(store.outboxIds()).toContain(kept.id);
    expect(outbox.size).toBe(1);
    outbox.stop();
  });

  it('retries with a doubling wait, capped, while the worker does not answer; then resets the wait', async () => {
    let failures = 5;
    const { outbox, deliveredAt, deliver } = make({
      firstRetryMs: 200,
      maxRetryMs: 1_000,
      deliver: vi.fn(async (batch: Observation[]) => {
        deliveredAt.push(Date.now() - START);
        if (failures-- > 0) throw new Error('Could not establish connection. Receiving end does not exist.');
        return recordAll(batch);
      }),
    });
    outbox.add([gift(1)]);
    await settle();
    for (let i = 0; i < 40; i++) await settle(100);
    expect(deliveredAt).toEqual([0, 200, 600, 1_400, 2_400, 3_400]);
    expect(outbox.size).toBe(0);

    // A later failure starts again from the first wait.
    failures = 1;
    const at = Date.now() - START;
    outbox.add([gift(2)]);
    await settle();
    await settle(200);
    expect(deliveredAt.slice(6)).toEqual([at, at + 200]);
    expect(deliver).toHaveBeenCalledTimes(8);
    expect(outbox.size).toBe(0);
  });

  it('stops for good when the extension was reloaded, leaving every item in storage for the next worker', async () => {
    const { outbox, store, deliver } = make({
      deliver: vi.fn(async () => {
        throw new Error('Extension context invalidated.');
      }),
    });
    outbox.add(gifts(1, 4));
    await settle();
    await settle(60_000);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(store.outboxIds()).toEqual(gifts(1, 4).map((o) => o.id).sort());
    expect(outbox.size).toBe(4);
    await expect(outbox.drained()).resolves.toBeUndefined();
  });

  it('keeps delivering from memory when storage is full', async () => {
    const store = new MemoryStore();
    store.failSet = new Error('QUOTA_BYTES quota exceeded');
    store.failRemove = new Error('QUOTA_BYTES quota exceeded');
    const { outbox, batches, onStoreError } = make({ store });
    outbox.add(gifts(1, 3));
    await settle();
    expect(batches.flat().map((o) => o.id)).toEqual(gifts(1, 3).map((o) => o.id));
    expect(onStoreError).toHaveBeenCalledWith(store.failSet);
    expect(outbox.size).toBe(0);
  });

  it('adopts what another page left in storage, oldest first, and leaves other keys alone', async () => {
    const store = new MemoryStore();
    store.data.set('settings', { displayCurrency: 'USD', weekStart: 1 });
    store.data.set(`${OUTBOX_PREFIX}c`, { queuedAt: START - 1_000, observations: [gift(4)] });
    store.data.set(`${OUTBOX_PREFIX}a`, { queuedAt: START - 9_000, observations: [gift(1), gift(2)] });
    store.data.set(`${OUTBOX_PREFIX}b`, { queuedAt: START - 5_000, observations: [gift(3)] });
    store.data.set(`${OUTBOX_PREFIX}broken`, 'not a chunk');
    const { outbox, batches } = make({ store });
    await outbox.adoptLeftovers();
    await settle();
    expect(batches.flat().map((o) => o.id)).toEqual([gift(1).id, gift(2).id, gift(3).id, gift(4).id]);
    expect(store.outboxKeys()).toEqual([`${OUTBOX_PREFIX}broken`]);
    expect(store.data.get('settings')).toEqual({ displayCurrency: 'USD', weekStart: 1 });
  });

  it('removes an adopted chunk once the observations it holds are recorded, even those without an id', async () => {
    const store = new MemoryStore();
    store.data.set(`${OUTBOX_PREFIX}old`, { queuedAt: START - 9_000, observations: [gift(1), { type: 'gift' }, 'junk'] });
    const { outbox, batches } = make({ store });
    await outbox.adoptLeftovers();
    await settle();
    expect(batches.flat().map((o) => o.id)).toEqual([gift(1).id]);
    expect(store.outboxKeys()).toEqual([]);
  });

  it('sends an adopted item once even when this page queued the same observation', async () => {
    const store = new MemoryStore();
    store.data.set(`${OUTBOX_PREFIX}old`, { queuedAt: START - 9_000, observations: [gift(1)] });
    const { outbox, batches } = make({ store });
    outbox.add([gift(1), gift(2)]);
    await outbox.adoptLeftovers();
    await settle();
    expect(batches.flat().map((o) => o.id)).toEqual([gift(1).id, gift(2).id]);
    expect(store.outboxKeys()).toEqual([]);
  });

  it('does not leave an acknowledged item behind when its storage write finishes after the reply', async () => {
    const store = new MemoryStore();
    let releaseFirst!: () => void;
    let calls = 0;
    const { outbox } = make({
      store,
      deliver: vi.fn((batch: Observation[]) => {
        calls++;
        if (calls === 1) return new Promise<RecordReply>((resolve) => { releaseFirst = () => resolve(recordAll(batch)); });
        return Promise.resolve(recordAll(batch));
      }),
    });
    outbox.add([gift(1)]);
    await settle(); // gift 1 is in flight
    let openDisk!: () => void;
    store.gate = new Promise<void>((resolve) => { openDisk = resolve; });
    outbox.add([gift(2)]); // its write is slow
    releaseFirst();
    await settle();
    openDisk();
    await settle();
    await settle(1_000);
    expect(outbox.size).toBe(0);
    // Nothing stays queued for a later page to send again.
    expect(store.outboxIds()).toEqual([]);
  });

  it('group-commits: one storage write and one delivery in flight at a time, the rest queued into the next', async () => {
    const { store, setSizes } = countingStore();
    let openDisk!: () => void;
    store.gate = new Promise<void>((resolve) => { openDisk = resolve; });
    let releaseFirst!: () => void;
    const { outbox, batches } = make({
      store,
      deliver: vi.fn((batch: Observation[]) => {
        batches.push(batch);
        if (batches.length === 1) return new Promise<RecordReply>((resolve) => { releaseFirst = () => resolve(recordAll(batch)); });
        return Promise.resolve(recordAll(batch));
      }),
    });
    outbox.add([gift(1)]);
    await settle();
    for (let n = 2; n <= 40; n++) outbox.add([gift(n)]); // a streak while the disk and the worker are busy
    await settle();
    expect(setSizes).toEqual([1]);
    expect(batches.map((b) => b.length)).toEqual([1]);
    releaseFirst();
    await settle();
    // The 39 queued gifts went to the worker together; acknowledged before their write began, they are never written.
    expect(batches.map((b) => b.length)).toEqual([1, 39]);
    openDisk();
    await settle();
    expect(setSizes).toEqual([1]);
    expect(store.outboxIds()).toEqual([]);
    expect(outbox.size).toBe(0);
  });

  it('hands queued items to storage at once when the page goes away (pagehide), beside the write in flight', async () => {
    const { store, setSizes } = countingStore();
    let openDisk!: () => void;
    store.gate = new Promise<void>((resolve) => { openDisk = resolve; });
    const { outbox } = make({ store, deliver: () => new Promise<RecordReply>(() => undefined) }); // the worker never answers
    outbox.add([gift(1)]); // its write is under way, and slow
    outbox.add([gift(2), gift(3)]);
    await settle();
    expect(setSizes).toEqual([1]);
    outbox.persistNow();
    expect(setSizes).toEqual([1, 2]);
    openDisk();
    await settle();
    expect(store.outboxIds()).toEqual([gift(1).id, gift(2).id, gift(3).id].sort());
    outbox.stop();
  });

  it('sends only the newest of the observations that supersede each other, per slot', async () => {
    const balance = (n: number, at: number, account = ACCOUNT): Observation => ({
      type: 'balance', id: `balance:${n}`, lastWebOrderAt: null, balance: { id: `balance:${n}`, account, at, coins: 1_000 - n, source: 'gift-send' },
    });
    const { outbox, batches } = make({
      supersession: (o) => (o.type === 'balance' ? { slot: `balance:${o.balance.account}`, at: o.balance.at } : null),
    });
    outbox.add([gift(1), balance(1, START + 10)]);
    outbox.add([gift(2), balance(2, START + 30)]);
    outbox.add([gift(3), balance(3, START + 20)]); // answered out of order: older than the one queued
    outbox.add([balance(4, START + 5, '6899999999999999999')]); // another account's slot
    await settle();
    expect(batches.flat().map((o) => o.id)).toEqual([gift(1).id, gift(2).id, 'balance:2', gift(3).id, 'balance:4']);
    expect(outbox.size).toBe(0);
  });

  it('resolves drained() once everything queued has been acknowledged', async () => {
    vi.useRealTimers();
    const { outbox, store } = make({ deliver: async (batch) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return recordAll(batch);
    } });
    outbox.add(gifts(1, 700));
    await outbox.drained();
    expect(outbox.size).toBe(0);
    expect(store.outboxIds()).toEqual([]);
  });
});
