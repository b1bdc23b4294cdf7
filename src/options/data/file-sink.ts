/**
 * Where an export's text goes to become the file the download takes: to disk where the browser allows it
 * (disk-sink.ts), else into a Blob in memory (blob-writer.ts). Either way the page's JavaScript heap holds one chunk
 * of text at a time, never the file.
 */
import { SCRATCH_KEEP_MS, scratchDir, sweepScratch } from '../../platform/scratch-files';
import { BlobWriter } from './blob-writer';
import { DiskSink, type SinkPort } from './disk-sink';

export interface FileSink {
  /** Appends the text's UTF-8 bytes (a lone surrogate becomes U+FFFD); a promise when the caller must wait its turn. */
  write(text: string): void | Promise<void>;
  /** The whole file as a Blob of this type. */
  finish(type: string): Blob | Promise<Blob>;
  /** Gives up: what was written is dropped. */
  abort(): void | Promise<void>;
}

export type OpenSink = () => Promise<FileSink>;

/** A writer's strings gathered into a file, and the summary the writer returns at its end. */
export async function gatherFile<S>(chunks: AsyncGenerator<string, S>, type: string, openSink: OpenSink = openExportSink): Promise<{ blob: Blob; summary: S }> {
  const sink = await openSink();
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) return { blob: await sink.finish(type), summary: next.value };
      const wait = sink.write(next.value);
      if (wait) await wait;
    }
  } catch (failure) {
    await sink.abort();
    throw failure;
  }
}

const uniqueName = () => `export-${Date.now()}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}.part`;

/**
 * The disk sink when this browser gives the page an origin-private file system and a worker may hold a file there
 * (Chromium; Firefox outside private windows), else a Blob in memory. Old scratch files are swept first.
 */
export async function openExportSink(): Promise<FileSink> {
  if (typeof Worker !== 'undefined') {
    await sweepScratch(Date.now() - SCRATCH_KEEP_MS);
    const dir = await scratchDir(true);
    if (dir) {
      const name = uniqueName();
      try {
        const port = new Worker(new URL('./disk-sink.worker.ts', import.meta.url)) as unknown as SinkPort;
        return await DiskSink.open(port, name, async () => (await dir.getFileHandle(name)).getFile());
      } catch {
        // No synchronous access handle here (or the worker would not start): the Blob in memory still works.
        await dir.removeEntry(name).catch(() => undefined);
      }
    }
  }
  return new BlobWriter();
}
