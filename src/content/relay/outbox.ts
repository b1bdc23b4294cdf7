/**
 * The relay's outbox: every observation is written to storage.local (in chunks, see platform/outbox-keys.ts) and sent
 * to the background, and forgotten only once the background says it is recorded (or refused for good). It survives the
 * worker sleeping or being killed (retry with backoff), the tab reloading or closing (the next relay, or the worker at
 * start-up, flushes what was left), and a full disk (the item stays in memory and is still sent).
 *
 * Both directions are group-committed, so a busy streak costs a handful of storage writes and messages, not one of
 * each per gift: one storage write is in flight at a time and everything queued meanwhile goes into the next; one
 * delivery is in flight at a time and everything pending meanwhile goes into the next batch. The first write starts
 * in the same task that queued the observation: a page that navigates right after (the cashier's "Pay now") has
 * handed it to storage already. Delivery does not wait for the write: an observation acknowledged before its write
 * began is never written, and a chunk is removed once everything in it was acknowledged, after the write in flight
 * lands (removed first, the write would bring it back for good).
 *
 * (Tried and dropped: holding observations in memory for 250 ms before writing, since a healthy worker acknowledges
 * within tens of ms. It lost the cashier sighting in Firefox when "Pay now" navigated away before the write.)
 */
import type { Observation } from '../../platform/observations';
import { MAX_BATCH } from '../../platform/observations';
import { newOutboxKey, outboxChunksFrom, type OutboxChunk } from '../../platform/outbox-keys';
import type { RecordReply } from '../../platform/protocol';

export interface OutboxStore {
  set(items: Record<string, OutboxChunk>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  getAll(): Promise<Record<string, unknown>>;
}

export type Deliver = (batch: Observation[]) => Promise<RecordReply>;

export interface OutboxOptions {
  store: OutboxStore;
  deliver: Deliver;
  /** True when the error means nobody will ever answer (the extension was reloaded or removed). */
  isFatal: (error: unknown) => boolean;
  now?: () => number;
  /** Wait before retrying after a failed delivery; doubles up to maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  onStoreError?: (error: unknown) => void;
  /** Storage keys for new chunks; unique across tabs (the default) or predictable in tests. */
  newKey?: () => string;
  /**
   * For observations of which only the newest matters (the balance a gift send reveals): a slot and a time. A newer
   * observation in the same slot replaces one that is still queued, so a streak sends its gifts and one balance.
   */
  supersession?: (observation: Observation) => { slot: string; at: number } | null;
}

export class Outbox {
  /** Everything not yet acknowledged, in the order it was queued. */
  private readonly pending = new Map<string, Observation>();
  /** Queued for the next storage write (not yet handed to storage), by observation id. */
  private unsaved = new Map<string, Observation>();
  /** Chunks handed to storage (or found there), with the ids in each not yet acknowledged. */
  private readonly chunks = new Map<string, Set<string>>();
  /** The queued observation holding each supersession slot, and its time. */
  private readonly slots = new Map<string, { id: string; at: number }>();
  /** The storage write in flight, if any. */
  private writing: Promise<void> | null = null;
  private inFlight: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Wait before the next retry, and the one after it (doubled, capped) should that fail too. */
  private retryMs: number;
  private nextRetryMs: number;
  private stopped = false;

  constructor(private readonly options: OutboxOptions) {
    this.retryMs = options.firstRetryMs ?? 200;
    this.nextRetryMs = this.retryMs;
  }

  /** Queues observations (durably when storage allows) and schedules delivery. */
  add(observations: readonly Observation[]): void {
    if (this.stopped || observations.length === 0) return;
    for (const observation of observations) {
      if (this.superseded(observation)) continue;
      this.pending.set(observation.id, observation);
      this.unsaved.set(observation.id, observation);
    }
    this.write();
    this.schedule(0);
  }

  /** Adopts chunks left in storage by an earlier page (a reload mid-streak, a crash). */
  async adoptLeftovers(): Promise<void> {
    for (const { key, chunk } of outboxChunksFrom(await this.options.store.getAll())) {
      const ids = new Set<string>();
      for (const observation of chunk.observations) {
        const id = typeof observation === 'object' && observation !== null ? (observation as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') continue; // the recorder would refuse it; the chunk goes once the rest is recorded
        ids.add(id);
        if (!this.pending.has(id)) this.pending.set(id, observation);
      }
      if (!this.chunks.has(key)) this.chunks.set(key, ids);
      if (ids.size === 0) this.removeChunks([key]);
    }
    if (this.pending.size) this.schedule(0);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when everything queued so far has been delivered (for tests and page unload). */
  async drained(): Promise<void> {
    while (this.pending.size && !this.stopped) await (this.inFlight ?? new Promise((resolve) => setTimeout(resolve, 20)));
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /**
   * The page may be going away (pagehide, or hidden): hand what is queued behind the write in flight to storage now,
   * beside it. A write already handed over completes even if the page is torn down.
   */
  persistNow(): void {
    this.write(true);
  }

  /** Writes everything unsaved now, unless a write is in flight (then the next follows it) or `beside` is set. */
  private write(beside = false): void {
    if ((this.writing && !beside) || this.unsaved.size === 0) return;
    const queuedAt = (this.options.now ?? Date.now)();
    const observations = [...this.unsaved.values()];
    this.unsaved = new Map();
    const items: Record<string, OutboxChunk> = {};
    for (let i = 0; i < observations.length; i += MAX_BATCH) {
      const chunk = observations.slice(i, i + MAX_BATCH);
      const key = (this.options.newKey ?? newOutboxKey)();
      items[key] = { queuedAt, observations: chunk };
      this.chunks.set(key, new Set(chunk.map((observation) => observation.id)));
    }
    const stored = this.options.store.set(items).catch((error: unknown) => this.options.onStoreError?.(error));
    // `writing` settles only when every write handed over so far has: removeChunks() relies on it.
    const current = Promise.all([this.writing, stored]).then(() => undefined);
    this.writing = current;
    void current.finally(() => {
      if (this.writing !== current) return;
      this.writing = null;
      this.write();
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.inFlight || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.inFlight = this.flush().finally(() => {
        this.inFlight = null;
        if (this.pending.size && !this.retryTimer) this.schedule(this.retryMs);
      });
    }, delayMs);
  }

  private async flush(): Promise<void> {
    while (this.pending.size && !this.stopped) {
      const batch = [...this.pending.values()].slice(0, MAX_BATCH);
      let reply: RecordReply;
      try {
        reply = await this.options.deliver(batch);
      } catch (error) {
        if (this.options.isFatal(error)) {
          // The extension is gone: the items stay in storage for the next worker start to record.
          this.stop();
          return;
        }
        this.retryMs = this.nextRetryMs;
        this.nextRetryMs = Math.min(this.nextRetryMs * 2, this.options.maxRetryMs ?? 10_000);
        return;
      }
      this.retryMs = this.nextRetryMs = this.options.firstRetryMs ?? 200;
      const done = [...reply.recorded, ...reply.rejected.map((rejection) => rejection.id)];
      // An id the background neither recorded nor rejected stays pending and is sent again.
      if (done.length === 0) return;
      this.forget(done);
    }
  }

  /** True if a newer observation in its slot is queued; else it takes the slot, and the older one is forgotten. */
  private superseded(observation: Observation): boolean {
    const claim = this.options.supersession?.(observation);
    if (!claim) return false;
    const holder = this.slots.get(claim.slot);
    if (holder && holder.id !== observation.id && this.pending.has(holder.id)) {
      if (holder.at > claim.at) return true;
      this.forget([holder.id]); // the recorder would keep only the newer one anyway
    }
    this.slots.set(claim.slot, { id: observation.id, at: claim.at });
    return false;
  }

  /** Drops acknowledged (or superseded) items from memory, and from storage the chunks with nothing left to deliver. */
  private forget(ids: readonly string[]): void {
    const finished: string[] = [];
    for (const id of ids) {
      this.pending.delete(id);
      this.unsaved.delete(id); // not handed to storage yet: it never needs to be
    }
    for (const [key, left] of this.chunks) {
      for (const id of ids) left.delete(id);
      if (left.size === 0) finished.push(key);
    }
    this.removeChunks(finished);
  }

  /** Removes chunks from storage once the writes in flight have landed (removed first, a write would bring one back). */
  private removeChunks(keys: readonly string[]): void {
    if (keys.length === 0) return;
    for (const key of keys) this.chunks.delete(key);
    void (this.writing ?? Promise.resolve())
      .then(() => this.options.store.remove([...keys]))
      .catch((error: unknown) => this.options.onStoreError?.(error));
  }
}
