/**
 * The test builds' clock (vite mode 'e2e', built into dist-test/): "now" is moved by the offset stored under
 * TEST_CLOCK_KEY in storage.local, read once and then followed through storage.local.onChanged, so an end-to-end test can
 * roll a period over without waiting a week. Only clock.ts imports this, behind `import.meta.env.MODE === 'e2e'`:
 * in every other build the import is unused and the bundler drops it, so the shipped extension cannot move its clock
 * (tests/e2e/shipped-build.e2e.ts checks dist/ for TEST_CLOCK_KEY).
 */
export const TEST_CLOCK_KEY = 'testClockOffsetMs';

interface StorageApi {
  local: {
    get(key: string): Promise<Record<string, unknown>>;
    /** The area's own event (not storage.onChanged, which also carries storage.session writes: see background/index.ts). */
    onChanged: { addListener(listener: (changes: Record<string, { newValue?: unknown }>) => void): void };
  };
}

const asOffset = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Registers the change listener at once (a worker woken by the change must have it from its first turn) and resolves
 * once the stored offset was read. `set` receives every new offset.
 */
export function watchTestClock(set: (offsetMs: number) => void): Promise<void> {
  const scope = globalThis as { browser?: { storage?: StorageApi }; chrome?: { storage?: StorageApi } };
  const storage = scope.browser?.storage ?? scope.chrome?.storage;
  if (!storage) return Promise.resolve();
  let changed = false;
  storage.local.onChanged.addListener((changes) => {
    if (!(TEST_CLOCK_KEY in changes)) return;
    changed = true;
    set(asOffset(changes[TEST_CLOCK_KEY]!.newValue));
  });
  return storage.local.get(TEST_CLOCK_KEY).then((stored) => {
    if (!changed) set(asOffset(stored[TEST_CLOCK_KEY]));
  }, () => undefined);
}
