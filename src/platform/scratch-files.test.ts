import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearScratch, SCRATCH_DIR, scratchDir, sweepScratch } from './scratch-files';

/** An origin-private file system in memory: one scratch folder of files with their last-written times. */
function fakeOpfs(files: Record<string, number>, options: { locked?: string[] } = {}) {
  const names = new Map(Object.entries(files));
  const folder = {
    async *entries() {
      for (const [name, lastModified] of [...names]) yield [name, { kind: 'file', getFile: async () => ({ lastModified }) }];
      yield ['a-folder', { kind: 'directory' }];
    },
    async removeEntry(name: string) {
      if (options.locked?.includes(name)) throw new DOMException('open for writing', 'NoModificationAllowedError');
      names.delete(name);
    },
  };
  let present = true;
  const root = {
    async getDirectoryHandle(name: string) {
      if (name !== SCRATCH_DIR || !present) throw new DOMException('no such folder', 'NotFoundError');
      return folder;
    },
    async removeEntry(name: string, { recursive }: { recursive?: boolean } = {}) {
      if (name === SCRATCH_DIR && recursive) present = false;
    },
  };
  vi.stubGlobal('navigator', { storage: { getDirectory: async () => root } });
  return { names, present: () => present };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the exports’ scratch files', () => {
  it('sweeps the files written before the cutoff and keeps the newer ones (a download may still read them)', async () => {
    const disk = fakeOpfs({ 'export-1.part': 1_000, 'export-2.part': 5_000, 'export-3.part': 9_000 });
    expect(await sweepScratch(6_000)).toBe(2);
    expect([...disk.names.keys()]).toEqual(['export-3.part']);
  });

  it('leaves a file that refuses removal (still being written) for the next sweep, and does not fail', async () => {
    const disk = fakeOpfs({ 'export-1.part': 1_000, 'export-2.part': 2_000 }, { locked: ['export-1.part'] });
    expect(await sweepScratch(6_000)).toBe(1);
    expect([...disk.names.keys()]).toEqual(['export-1.part']);
  });

  it('clears the whole folder on "Delete all data"', async () => {
    const disk = fakeOpfs({ 'export-1.part': 1_000 });
    await clearScratch();
    expect(disk.present()).toBe(false);
    expect(await scratchDir(false)).toBeNull();
  });

  it('does nothing, and fails nothing, where there is no origin-private file system', async () => {
    vi.stubGlobal('navigator', {});
    expect(await sweepScratch(Date.now())).toBe(0);
    expect(await scratchDir(true)).toBeNull();
    await expect(clearScratch()).resolves.toBeUndefined();
  });
});
