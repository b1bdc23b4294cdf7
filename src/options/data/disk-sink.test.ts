import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiskSink, type SinkPort, type SinkReply, type SinkRequest } from './disk-sink';
import { gatherFile } from './file-sink';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const reference = async (texts: readonly string[]) => bytesOf(new Blob([...texts]));
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The worker of disk-sink.worker.ts in memory, answering in order as it does. Buffers really are transferred
 * (structuredClone detaches them), so a sink that touched a buffer it had sent would fail here as in a browser.
 */
class FakeDisk implements SinkPort {
  onmessage: ((event: { data: SinkReply }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  readonly file: Uint8Array<ArrayBuffer>[] = [];
  terminated = false;
  discarded = false;
  /** Buffers held here at once, at most. */
  mostHeld = 0;
  private held = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: { failOpen?: string; failAtWrite?: number; slow?: boolean } = {}) {}

  postMessage(request: SinkRequest, transfer: Transferable[] = []): void {
    const moved = structuredClone(request, { transfer: transfer as ArrayBuffer[] });
    if (moved.op === 'write') this.mostHeld = Math.max(this.mostHeld, ++this.held);
    this.queue = this.queue.then(() => this.serve(moved));
  }

  terminate(): void {
    this.terminated = true;
  }

  private reply(reply: SinkReply): void {
    this.onmessage?.({ data: reply });
  }

  private async serve(request: SinkRequest): Promise<void> {
    if (this.options.slow) await tick();
    if (this.terminated) return; // an ended worker answers nothing
    if (request.op === 'open') this.reply(this.options.failOpen ? { op: 'failed', message: this.options.failOpen } : { op: 'opened' });
    else if (request.op === 'write') {
      this.held--;
      if (this.file.length + 1 === this.options.failAtWrite) {
        this.discarded = true;
        this.reply({ op: 'failed', message: 'the disk took 0 of 8 bytes (is it full?)' });
        return;
      }
      this.file.push(new Uint8Array(request.buffer, 0, request.length).slice());
      this.reply({ op: 'written', buffer: request.buffer });
    } else if (request.op === 'close') this.reply({ op: 'closed', size: this.file.reduce((sum, part) => sum + part.length, 0) });
    else {
      this.discarded = true;
      this.reply({ op: 'aborted' });
    }
  }
}

const sinkOn = (disk: FakeDisk, buffers: number, bufferBytes: number) =>
  DiskSink.open(disk, 'export-1.part', async () => new Blob(disk.file), buffers, bufferBytes);

async function written(texts: readonly string[], buffers: number, bufferBytes: number, disk = new FakeDisk()): Promise<Blob> {
  const sink = await sinkOn(disk, buffers, bufferBytes);
  for (const text of texts) await sink.write(text);
  return sink.finish('text/plain');
}

describe('DiskSink: text to a file on disk through a few reused buffers', () => {
  it('writes the same bytes as the strings written into a Blob, for any text, buffer size and number of buffers', async () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '€', '🌹', '\uD800', '\uDC00', '"', '\r\n'), fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code))), maxLength: 60 });
    await fc.assert(fc.asyncProperty(fc.array(text, { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 40 }), fc.boolean(), async (texts, buffers, bufferBytes, slow) => {
      const blob = await written(texts, buffers, bufferBytes, new FakeDisk({ slow }));
      expect(await bytesOf(blob)).toEqual(await reference(texts));
      expect(blob.type).toBe('text/plain');
    }), { numRuns: 300 });
  });

  it('makes the writer wait when every buffer is on its way to the disk, and never has more buffers out than it owns', async () => {
    const disk = new FakeDisk({ slow: true });
    const sink = await sinkOn(disk, 2, 16);
    let waited = 0;
    for (let i = 0; i < 100; i++) {
      const wait = sink.write(`row ${String(i).padStart(3, '0')} of 100;`); // 16 bytes
      if (wait) {
        waited++;
        await wait;
      }
    }
    const blob = await sink.finish('text/csv');
    expect(waited).toBeGreaterThan(10);
    expect(disk.mostHeld).toBeLessThanOrEqual(2);
    expect(await blob.text()).toBe(Array.from({ length: 100 }, (_, i) => `row ${String(i).padStart(3, '0')} of 100;`).join(''));
    expect(disk.terminated).toBe(true);
  });

  it('refuses to open when the worker cannot hold the file, and ends the worker', async () => {
    const disk = new FakeDisk({ failOpen: 'NotSupportedError: no synchronous access handle' });
    await expect(sinkOn(disk, 2, 16)).rejects.toThrow(/could not be written to disk: NotSupportedError: no synchronous access handle/);
    expect(disk.terminated).toBe(true);
  });

  it('a full disk fails the export with a clear error, and the half-written file is given up', async () => {
    const disk = new FakeDisk({ failAtWrite: 3 });
    async function* rows(): AsyncGenerator<string, number> {
      for (let i = 0; i < 50; i++) yield 'abcdefgh';
      return 50;
    }
    const failed = gatherFile(rows(), 'text/csv', () => sinkOn(disk, 2, 8));
    await expect(failed).rejects.toThrow('the export could not be written to disk: the disk took 0 of 8 bytes (is it full?)');
    expect(disk.discarded).toBe(true);
    expect(disk.terminated).toBe(true);
    expect(disk.file).toHaveLength(2);
  });

  it('a worker that stops (its script fails) fails the export with a clear error', async () => {
    const disk = new FakeDisk({ slow: true });
    const sink = await sinkOn(disk, 1, 8);
    sink.write('12345678'); // the buffer is full and sent: the next write must wait for it
    const waiting = sink.write('9');
    disk.onerror?.({ message: 'out of memory' });
    await expect(waiting).rejects.toThrow("the export's disk writer stopped: out of memory");
    await expect(sink.finish('text/plain')).rejects.toThrow(/disk writer stopped/);
  });
});

describe('gatherFile', () => {
  it('passes on a file that cannot be read back after it was written, and does not wait on the ended worker', async () => {
    const disk = new FakeDisk();
    async function* writer(): AsyncGenerator<string, number> {
      yield 'written';
      return 1;
    }
    const unreadable = () => DiskSink.open(disk, 'export-1.part', () => Promise.reject(new Error('NotFoundError: the file is gone')), 2, 8);
    await expect(gatherFile(writer(), 'text/csv', unreadable)).rejects.toThrow('NotFoundError: the file is gone');
    expect(disk.terminated).toBe(true);
  });

  it("returns the writer's strings as one file and the summary it returned at its end", async () => {
    async function* writer(): AsyncGenerator<string, { rows: number }> {
      yield 'id,coins\r\n';
      yield '1,5\r\n2,€\r\n';
      return { rows: 2 };
    }
    const { blob, summary } = await gatherFile(writer(), 'text/csv', () => sinkOn(new FakeDisk({ slow: true }), 2, 5));
    expect(summary).toEqual({ rows: 2 });
    expect(await blob.text()).toBe('id,coins\r\n1,5\r\n2,€\r\n');
    expect(blob.type).toBe('text/csv');
  });

  it('gives the sink up when the writer fails, and passes the writer’s error on', async () => {
    const disk = new FakeDisk();
    async function* writer(): AsyncGenerator<string, number> {
      yield 'first';
      throw new Error('the ledger could not be read');
    }
    await expect(gatherFile(writer(), 'text/csv', () => sinkOn(disk, 2, 8))).rejects.toThrow('the ledger could not be read');
    expect(disk.discarded).toBe(true);
  });

  it('falls back to a Blob in memory where there is no worker or file system (here, Node)', async () => {
    async function* writer(): AsyncGenerator<string, number> {
      yield 'in memory';
      return 1;
    }
    const { blob } = await gatherFile(writer(), 'application/json');
    expect(await blob.text()).toBe('in memory');
  });
});
