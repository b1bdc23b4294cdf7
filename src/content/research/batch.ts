/**
 * The hook's queue. `take` runs inside the page's own event dispatch, so it only copies a reference (an ArrayBuffer
 * is copied, since the page may transfer it to a worker and detach it; a Blob is immutable) and arms a timer. The
 * encoding (Blob reads, base64) happens in the timer, after the page's handlers, every BATCH_MS or MAX_FRAMES_PER_BATCH
 * frames. Caps: frames larger than MAX_FRAME_BYTES, and frames beyond MAX_QUEUED_FRAMES / MAX_QUEUED_BYTES while a
 * flush is pending, are dropped and counted (the worker logs the count as a diagnostic).
 */
import { MAX_FRAME_BYTES, MAX_FRAMES_PER_BATCH, type WireFrame } from '../../platform/research-wire';
import { BATCH_MS, MAX_QUEUED_BYTES, MAX_QUEUED_FRAMES, type FramesMessage } from './channel';

interface Pending {
  source: WireFrame['source'];
  at: number;
  url: string;
  data: ArrayBuffer | Blob;
}

type Schedule = (run: () => void, ms: number) => unknown;

export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(text);
}

export class FrameBatcher {
  private queue: Pending[] = [];
  private bytes = 0;
  private dropped = 0;
  private armed = false;

  constructor(private readonly post: (json: string) => void, private readonly schedule: Schedule = (run, ms) => setTimeout(run, ms), private readonly now: () => number = Date.now) {}

  /** Called in the page's dispatch: must stay cheap and never throw. */
  take(source: WireFrame['source'], url: string, data: unknown): void {
    try {
      let kept: ArrayBuffer | Blob;
      let size: number;
      if (data instanceof ArrayBuffer) {
        size = data.byteLength;
        kept = size <= MAX_FRAME_BYTES ? data.slice(0) : data;
      } else if (data instanceof Blob) {
        size = data.size;
        kept = data;
      } else return; // text frames carry no protobuf
      if (size > MAX_FRAME_BYTES || this.queue.length >= MAX_QUEUED_FRAMES || this.bytes + size > MAX_QUEUED_BYTES) {
        this.dropped++;
        this.arm(BATCH_MS); // the count travels with the next batch
        return;
      }
      this.queue.push({ source, at: this.now(), url, data: kept });
      this.bytes += size;
      if (this.queue.length >= MAX_FRAMES_PER_BATCH) this.arm(0);
      else this.arm(BATCH_MS);
    } catch {
      // never throw into the page
    }
  }

  private arm(ms: number): void {
    if (this.armed && ms > 0) return;
    this.armed = true;
    this.schedule(() => void this.flush(), ms);
  }

  /** Encodes and posts what is queued, in batches of MAX_FRAMES_PER_BATCH, in arrival order. */
  async flush(): Promise<void> {
    this.armed = false;
    const taken = this.queue;
    const dropped = this.dropped;
    this.queue = [];
    this.bytes = 0;
    this.dropped = 0;
    if (taken.length === 0 && dropped === 0) return;
    try {
      const frames: WireFrame[] = [];
      for (const p of taken) {
        const buffer = p.data instanceof Blob ? await p.data.arrayBuffer() : p.data;
        frames.push({ source: p.source, at: p.at, url: p.url, data: toBase64(new Uint8Array(buffer)) });
      }
      for (let i = 0; i < Math.max(frames.length, 1); i += MAX_FRAMES_PER_BATCH) {
        const message: FramesMessage = { v: 1, frames: frames.slice(i, i + MAX_FRAMES_PER_BATCH), dropped: i === 0 ? dropped : 0 };
        this.post(JSON.stringify(message));
      }
    } catch {
      // a Blob that cannot be read: those frames are lost to research, never to the page
    }
  }
}
