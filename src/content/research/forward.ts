/**
 * The research relay's forwarding: checks what the hook sent (the page shares the hook's world, so anything may
 * arrive), queues it, and sends it to the worker one message at a time, keeping each batch until the worker has
 * acknowledged it (the worker writes before it answers: a worker stopped meanwhile loses nothing acknowledged, and
 * the batch is sent again; rows are idempotent). Refused for good (research mode off), a batch is dropped.
 */
import { isContextInvalidated } from '../../platform/extension-api';
import type { Envelope, Reply } from '../../platform/protocol';
import {
  MAX_FRAMES_PER_BATCH, MAX_FRAME_BASE64, MAX_MESSAGE_BASE64, MAX_URL, wireFrameSchema, type FramesPayload, type WireFrame,
} from '../../platform/research-wire';

/** The worker message's type (platform/protocol.ts `researchFrames`); written here so the relay needs no protocol table. */
export const RESEARCH_FRAMES_TYPE = 'research/frames';
const MAX_QUEUED = 5_000;
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000];

interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
}

export class Forwarder {
  private queue: WireFrame[] = [];
  private dropped = 0;
  private enabled: boolean | null = null;
  /** Frames the page received before research mode was last switched on (after being off) are not logged. */
  private since = 0;
  private sending = false;
  private failures = 0;

  constructor(private readonly runtime: Runtime, private readonly pageUrl: () => string, private readonly schedule: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms)) {}

  /**
   * null until the setting is read: frames wait for it. Off: everything queued is forgotten at once, and frames the
   * page received while it was off are never sent, even when they reach the relay after it is on again.
   */
  setEnabled(enabled: boolean): void {
    if (enabled && this.enabled === false) this.since = Date.now();
    this.enabled = enabled;
    if (!enabled) {
      this.queue = [];
      this.dropped = 0;
    }
    this.pump();
  }

  receive(raw: unknown): void {
    if (this.enabled === false || typeof raw !== 'string' || raw.length > MAX_FRAMES_PER_BATCH * (MAX_FRAME_BASE64 + MAX_URL + 100)) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    const { v, frames, dropped } = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
    if (v !== 1 || !Array.isArray(frames) || frames.length > MAX_FRAMES_PER_BATCH) return;
    if (typeof dropped === 'number' && Number.isSafeInteger(dropped) && dropped > 0) this.dropped += Math.min(dropped, 1e6);
    for (const item of frames) {
      const checked = wireFrameSchema(item, 'frame');
      const frame = checked.ok ? checked.value : null;
      if (!frame) this.dropped++;
      else if (frame.at < this.since) continue;
      else if (this.queue.length >= MAX_QUEUED) this.dropped++;
      else this.queue.push(frame);
    }
    this.pump();
  }

  /** The next message: up to MAX_FRAMES_PER_BATCH frames and MAX_MESSAGE_BASE64 characters of data. */
  private next(): FramesPayload {
    let size = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_FRAMES_PER_BATCH && (n === 0 || size + this.queue[n]!.data.length <= MAX_MESSAGE_BASE64)) size += this.queue[n++]!.data.length;
    return { pageUrl: this.pageUrl().slice(0, MAX_URL), frames: this.queue.slice(0, n), dropped: this.dropped };
  }

  private pump(): void {
    if (this.sending || this.enabled !== true || (this.queue.length === 0 && this.dropped === 0)) return;
    this.sending = true;
    const payload = this.next();
    const envelope: Envelope = { type: RESEARCH_FRAMES_TYPE, payload };
    const settle = (done: boolean): void => {
      this.sending = false;
      if (done) {
        // What was sent is acknowledged (or refused for good): forget exactly it; newer frames stay queued.
        if (this.queue[0] === payload.frames[0]) this.queue.splice(0, payload.frames.length);
        this.dropped = Math.max(0, this.dropped - payload.dropped);
        this.failures = 0;
        this.pump();
      } else {
        const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
        this.schedule(() => this.pump(), wait);
      }
    };
    this.runtime.sendMessage(envelope).then((reply) => {
      const r = reply as Reply<unknown> | undefined;
      settle(!!r && (r.ok || !r.retryable));
    }, (error: unknown) => {
      // The extension was updated or removed: nothing will ever answer this relay.
      if (isContextInvalidated(error)) this.enabled = false;
      settle(false);
    });
  }
}
