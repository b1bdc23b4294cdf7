/**
 * An export written to disk as it is made: the page encodes the writers' text as UTF-8 into a few reused buffers
 * and hands each full one (transferred, not copied) to a worker that writes it into a scratch file in the extension's
 * origin-private file system (disk-sink.worker.ts); the file is then the download's Blob, read from disk.
 *
 * Why not a Blob in memory (blob-writer.ts, still the fallback): every byte of a Blob is copied twice, into the page's
 * Blob and across to the browser process, and the browser keeps in memory only so much of all Blobs together (500 MB
 * in Chromium) before it must page them to disk. At 1,000,000 NDJSON entries (~900 MB) making the Blob cost the page
 * 4.1 s and the browser as much again; the same bytes written here took 1.1 to 2.5 s in all (docs/PERFORMANCE.md §4).
 *
 * Back-pressure: when every buffer is on its way to the disk, `write` returns a promise that settles when one is back.
 */
import type { FileSink } from './file-sink';

export type SinkRequest =
  | { op: 'open'; name: string }
  | { op: 'write'; buffer: ArrayBuffer; length: number }
  | { op: 'close' }
  | { op: 'abort' };
export type SinkReply =
  | { op: 'opened' }
  | { op: 'written'; buffer: ArrayBuffer }
  | { op: 'closed'; size: number }
  | { op: 'failed'; message: string }
  | { op: 'aborted' };

/** The worker, as the sink sees it (a fake in the unit tests). */
export interface SinkPort {
  postMessage(request: SinkRequest, transfer?: Transferable[]): void;
  onmessage: ((event: { data: SinkReply }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

/** Bytes per buffer, and how many: one being filled while the others are written. */
export const DISK_BUFFER_BYTES = 8 << 20;
export const DISK_BUFFERS = 3;

export class DiskSinkFailed extends Error {}

export class DiskSink implements FileSink {
  private readonly encoder = new TextEncoder();
  private readonly free: Uint8Array<ArrayBuffer>[] = [];
  private current: Uint8Array<ArrayBuffer> | null;
  private filled = 0;
  private failure: Error | null = null;
  /** The worker was ended: nothing more can be asked of it. */
  private ended = false;
  /** Whoever waits for the worker's next reply of this kind (a buffer back, the file closed). */
  private waiting: { op: SinkReply['op']; settle: (reply: SinkReply | Error) => void } | null = null;

  /**
   * Opens the scratch file `name` through the worker; rejects (and ends the worker) when it cannot be opened, so the
   * caller can fall back to a Blob in memory. `readBack` gives the closed file as a Blob.
   */
  static async open(port: SinkPort, name: string, readBack: () => Promise<Blob>, buffers = DISK_BUFFERS, bufferBytes = DISK_BUFFER_BYTES): Promise<DiskSink> {
    const sink = new DiskSink(port, readBack, buffers, bufferBytes);
    port.postMessage({ op: 'open', name });
    try {
      await sink.next('opened');
    } catch (failure) {
      sink.end();
      throw failure;
    }
    return sink;
  }

  private constructor(private readonly port: SinkPort, private readonly readBack: () => Promise<Blob>, buffers: number, bufferBytes: number) {
    // A UTF-8 character takes up to 4 bytes: a smaller buffer could never take some characters.
    if (!Number.isInteger(bufferBytes) || bufferBytes < 4 || buffers < 1) throw new RangeError(`no disk sink of ${buffers} buffers of ${bufferBytes} bytes`);
    for (let i = 1; i < buffers; i++) this.free.push(new Uint8Array(bufferBytes));
    this.current = new Uint8Array(bufferBytes);
    port.onmessage = ({ data }) => this.received(data);
    port.onerror = (event) => this.fail(new DiskSinkFailed(`the export's disk writer stopped: ${event.message ?? 'no reason given'}`));
  }

  /** The caller waits for a returned promise before it writes again (gatherFile does). */
  write(text: string): void | Promise<void> {
    let rest = text;
    for (;;) {
      if (this.failure) throw this.failure;
      if (!this.current) {
        const left = rest;
        return this.bufferBack().then(() => this.write(left));
      }
      // encodeInto stops before a character that does not fit whole, so `read` is always a safe place to go on from.
      const { read, written } = this.encoder.encodeInto(rest, this.current.subarray(this.filled));
      this.filled += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      this.send();
    }
  }

  async finish(type: string): Promise<Blob> {
    if (this.failure) throw this.failure;
    if (this.filled > 0) this.send();
    this.port.postMessage({ op: 'close' });
    // Buffers still on their way back are of no more use; the close is answered after every write.
    await this.next('closed');
    this.end();
    return new Blob([await this.readBack()], { type });
  }

  /** Asks the worker to remove the file; after `finish` (the worker ended) the file is left to the sweep. */
  async abort(): Promise<void> {
    this.failure ??= new DiskSinkFailed('the export was given up');
    if (this.ended) return;
    this.port.postMessage({ op: 'abort' });
    await this.next('aborted').catch(() => undefined);
    this.end();
  }

  private end(): void {
    this.ended = true;
    this.port.terminate();
  }

  /** The buffer being filled goes to the worker; the next free one (if any) becomes the one being filled. */
  private send(): void {
    const buffer = this.current!;
    this.port.postMessage({ op: 'write', buffer: buffer.buffer, length: this.filled }, [buffer.buffer]);
    this.filled = 0;
    this.current = this.free.pop() ?? null;
  }

  private async bufferBack(): Promise<void> {
    while (!this.current) {
      if (this.failure) throw this.failure;
      await this.next('written');
    }
  }

  private next(op: SinkReply['op']): Promise<SinkReply> {
    if (this.failure && op !== 'aborted') return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { op, settle: (reply) => (reply instanceof Error ? reject(reply) : resolve(reply)) };
    });
  }

  private received(reply: SinkReply): void {
    if (reply.op === 'failed') {
      this.fail(new DiskSinkFailed(`the export could not be written to disk: ${reply.message}`));
      return;
    }
    if (reply.op === 'written') {
      const buffer = new Uint8Array(reply.buffer);
      if (this.current) this.free.push(buffer);
      else this.current = buffer;
    }
    const waiting = this.waiting;
    if (waiting?.op === reply.op) {
      this.waiting = null;
      waiting.settle(reply);
    }
  }

  private fail(failure: Error): void {
    this.failure ??= failure;
    const waiting = this.waiting;
    if (waiting && waiting.op !== 'aborted') {
      this.waiting = null;
      waiting.settle(this.failure);
    }
  }
}
