/**
 * The relay's outbox: every observation is written to storage.local before it is sent, sent in batches, and
 * forgotten only once the background says it is recorded (or refused for good). It survives the worker sleeping
 * or being killed (retry with backoff), the tab reloading (the next relay, or the worker at start-up, flushes what
 * was left), and a full disk (the item stays in memory and is still sent).
 */
import type { Observation } from '../../platform/observations';
import { MAX_BATCH } from '../../platform/observations';
import { outboxItemsFrom, outboxKey, type OutboxItem } from '../../platform/outbox-keys';
import type { RecordReply } from '../../platform/protocol';

export interface OutboxStore {
  set(items: Record<string, OutboxItem>): Promise<void>;
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
}

export class Outbox {
  private readonly pending = new Map<string, Observation>();
  private inFlight: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Wait before the next retry, and the one after it (doubled, capped) should that fail too. */
  private retryMs: number;
  private nextRetryMs: number;
  private stopped = false;
  private persisting: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OutboxOptions) {
    this.retryMs = options.firstRetryMs ?? 200;
    this.nextRetryMs = this.retryMs;
  }

  /** Queues observations (durably when storage allows) and schedules delivery. */
  add(observations: readonly Observation[]): void {
    if (this.stopped || observations.length === 0) return;
    const now = (this.options.now ?? Date.now)();
    const items: Record<string, OutboxItem> = {};
    for (const observation of observations) {
      this.pending.set(observation.id, observation);
      items[outboxKey(observation.id)] = { observation, queuedAt: now };
    }
    // Delivery waits for this write: an item acknowledged before it is stored would be re-stored and never removed.
    const write = this.options.store.set(items).catch((error: unknown) => this.options.onStoreError?.(error));
    this.persisting = Promise.all([this.persisting, write]);
    this.schedule(0);
  }

  /** Adopts items left in storage by an earlier page (a reload mid-streak, a crash). */
  async adoptLeftovers(): Promise<void> {
    const leftovers = outboxItemsFrom(await this.options.store.getAll());
    for (const { item } of leftovers) {
      const observation = item.observation;
      if (observation && typeof observation.id === 'string' && !this.pending.has(observation.id)) this.pending.set(observation.id, observation);
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

  /** Waits for every storage write started so far, including those started while waiting. */
  private async persisted(): Promise<void> {
    let current: Promise<unknown>;
    do {
      current = this.persisting;
      await current;
    } while (current !== this.persisting);
  }

  private async flush(): Promise<void> {
    while (this.pending.size && !this.stopped) {
      // Also for items added while a batch was in flight: acknowledged before stored, they would never be removed.
      await this.persisted();
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
      for (const id of done) this.pending.delete(id);
      // An id the background neither recorded nor rejected stays pending and is sent again.
      if (done.length === 0) return;
      await this.options.store.remove(done.map(outboxKey)).catch((error: unknown) => this.options.onStoreError?.(error));
    }
  }
}
