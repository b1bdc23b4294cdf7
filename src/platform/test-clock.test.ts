import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CLOCK_KEY, watchTestClock } from './test-clock';

type Listener = (changes: Record<string, { newValue?: unknown }>) => void;

function fakeChrome(stored: Record<string, unknown>) {
  const listeners: Listener[] = [];
  let release = () => undefined as void;
  const read = new Promise<void>((resolve) => { release = resolve; });
  (globalThis as { chrome?: unknown }).chrome = {
    storage: {
      local: {
        get: async (key: string) => { await read; return key in stored ? { [key]: stored[key] } : {}; },
        onChanged: { addListener: (listener: Listener) => listeners.push(listener) },
      },
    },
  };
  return { change: (changes: Record<string, { newValue?: unknown }>) => listeners.forEach((l) => l(changes)), release };
}

describe('the test build’s clock offset', () => {
  afterEach(() => { delete (globalThis as { chrome?: unknown }).chrome; });

  it('is read from storage.local, then follows its changes; a change that lands before the read wins', async () => {
    const offsets: number[] = [];
    const browser = fakeChrome({ [TEST_CLOCK_KEY]: 5_000 });
    const ready = watchTestClock((ms) => offsets.push(ms));
    browser.release();
    await ready;
    browser.change({ [TEST_CLOCK_KEY]: { newValue: 86_400_000 } });
    browser.change({ other: { newValue: 1 } });
    browser.change({ [TEST_CLOCK_KEY]: {} }); // removed: back to the real clock
    expect(offsets).toEqual([5_000, 86_400_000, 0]);

    const raced: number[] = [];
    const second = fakeChrome({ [TEST_CLOCK_KEY]: 1 });
    const whenRead = watchTestClock((ms) => raced.push(ms));
    second.change({ [TEST_CLOCK_KEY]: { newValue: 2 } });
    second.release();
    await whenRead;
    expect(raced).toEqual([2]);
  });

  it('treats a damaged value as no offset, and does nothing outside an extension', async () => {
    const offsets: number[] = [];
    const browser = fakeChrome({ [TEST_CLOCK_KEY]: 'soon' });
    browser.release();
    await watchTestClock((ms) => offsets.push(ms));
    expect(offsets).toEqual([0]);
    delete (globalThis as { chrome?: unknown }).chrome;
    await expect(watchTestClock(() => offsets.push(1))).resolves.toBeUndefined();
    expect(offsets).toEqual([0]);
  });
});
