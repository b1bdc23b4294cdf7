/**
 * The disk end of an export (disk-sink.ts): a dedicated worker that holds the export's scratch file open with a
 * synchronous access handle, which only a worker may have, and writes each buffer the page sends at once, with no
 * copy through the browser process. Each buffer goes back to the page to be filled again.
 *
 * Messages are handled strictly in order (the opening is asynchronous, and writes may arrive while it runs). After a
 * failure every later message is ignored but `abort`: the page learns of the failure from the one `failed` reply.
 */
import { SCRATCH_DIR } from '../../platform/scratch-files';
import type { SinkReply, SinkRequest } from './disk-sink';

interface SyncHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<SinkRequest>) => void) | null; postMessage(reply: SinkReply, transfer?: Transferable[]): void };

let dir: FileSystemDirectoryHandle | null = null;
let name = '';
let handle: SyncHandle | null = null;
let at = 0;
let failed = false;
let queue: Promise<void> = Promise.resolve();

async function open(fileName: string): Promise<void> {
  name = fileName;
  dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(SCRATCH_DIR, { create: true });
  const file = await dir.getFileHandle(name, { create: true });
  handle = await (file as unknown as { createSyncAccessHandle(): Promise<SyncHandle> }).createSyncAccessHandle();
  handle.truncate(0);
  scope.postMessage({ op: 'opened' });
}

function write(buffer: ArrayBuffer, length: number): void {
  const bytes = new Uint8Array(buffer, 0, length);
  const written = handle!.write(bytes, { at });
  // A short write is a full disk (some browsers say so this way rather than by throwing QuotaExceededError).
  if (written !== length) throw new Error(`the disk took ${written} of ${length} bytes (is it full?)`);
  at += written;
  scope.postMessage({ op: 'written', buffer }, [buffer]);
}

function close(): void {
  handle!.flush();
  handle!.close();
  handle = null;
  scope.postMessage({ op: 'closed', size: at });
}

/** Closes and removes the file: nothing half-written is left behind. */
async function discard(): Promise<void> {
  try {
    handle?.close();
  } catch {
    // already closed
  }
  handle = null;
  await dir?.removeEntry(name).catch(() => undefined);
}

async function serve(request: SinkRequest): Promise<void> {
  if (request.op === 'abort') {
    await discard();
    scope.postMessage({ op: 'aborted' });
    return;
  }
  if (failed) return;
  try {
    if (request.op === 'open') await open(request.name);
    else if (request.op === 'write') write(request.buffer, request.length);
    else close();
  } catch (failure) {
    failed = true;
    await discard();
    const message = failure instanceof Error ? `${failure.name === 'Error' ? '' : `${failure.name}: `}${failure.message}` : String(failure);
    scope.postMessage({ op: 'failed', message });
  }
}

scope.onmessage = (event) => {
  queue = queue.then(() => serve(event.data));
};
