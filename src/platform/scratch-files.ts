/**
 * The folder in the extension's origin-private file system (OPFS) where an export is written on its way to the
 * download (options/data/disk-sink.ts). A file there is a copy of the user's own data, in the extension's own storage,
 * like the database: it never leaves the device. It must outlive the click that starts the download (the download
 * reads it from disk afterwards, and without the downloads permission the page cannot know when it is done), so files
 * are swept when they are old: when the options page opens and before each export; and all of them on "Delete all data".
 */

export const SCRATCH_DIR = 'coinsight-exports';
/** A scratch file younger than this may still be read by its download. */
export const SCRATCH_KEEP_MS = 10 * 60_000;

/** The scratch folder, or null where this browser (or this context) has no origin-private file system. */
export async function scratchDir(create: boolean): Promise<FileSystemDirectoryHandle | null> {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return null;
  try {
    return await (await storage.getDirectory()).getDirectoryHandle(SCRATCH_DIR, { create });
  } catch {
    return null; // not there yet (create false), or no OPFS here (a private window in Firefox)
  }
}

/** Removes the scratch files last written before `before` (ms). Resolves with how many were removed; never rejects. */
export async function sweepScratch(before: number): Promise<number> {
  const dir = await scratchDir(false);
  if (!dir) return 0;
  let removed = 0;
  try {
    for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (handle.kind !== 'file') continue;
      const written = await (handle as FileSystemFileHandle).getFile().then((file) => file.lastModified, () => 0);
      if (written >= before) continue;
      // A file still open for writing (an export under way in another tab) refuses removal: it is left for next time.
      if (await dir.removeEntry(name).then(() => true, () => false)) removed++;
    }
  } catch {
    // An unreadable folder is left alone: sweeping is housekeeping, never a reason for an export or a page to fail.
  }
  return removed;
}

/** Removes the scratch folder and everything in it ("Delete all data"). Never rejects. */
export async function clearScratch(): Promise<void> {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return;
  await storage.getDirectory().then((root) => root.removeEntry(SCRATCH_DIR, { recursive: true })).catch(() => undefined);
}
