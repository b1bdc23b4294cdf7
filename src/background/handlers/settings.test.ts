import { describe, expect, it } from 'vitest';
import { SETTINGS_KEY, settingsFromStorage } from '../../platform/settings';
import { MemoryStorage } from './data.fixtures';
import { applySettingsPatch } from './settings';

/** A storage.local whose reads and writes each take a turn of the event loop, as the browser's do. */
class SlowStorage extends MemoryStorage {
  override async get(keys: string | string[] | null) {
    const read = await super.get(keys);
    await new Promise((resolve) => setTimeout(resolve, 1));
    return read;
  }
  override async set(items: Record<string, unknown>) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    await super.set(items);
  }
}

describe('applySettingsPatch', () => {
  it('lands two saves made at once (each reads what the other wrote)', async () => {
    const storage = new SlowStorage();
    const rate = { from: 'EUR', to: 'USD', fromMinor: 100, toMinor: 110, asOf: '2026-05-01' };
    const base = settingsFromStorage(undefined);
    await Promise.all([
      applySettingsPatch(storage, { weekStart: 6 }),
      applySettingsPatch(storage, { conversion: { ...base.conversion, exchangeRates: [rate] } }),
      applySettingsPatch(storage, { displayCurrency: 'EUR' }),
    ]);
    const stored = settingsFromStorage((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]);
    expect(stored.weekStart).toBe(6);
    expect(stored.conversion.exchangeRates).toEqual([rate]);
    expect(stored.displayCurrency).toBe('EUR');
  });

  it('a failed save rejects only itself: the next one still lands', async () => {
    const storage = new MemoryStorage();
    let failNext = true;
    const flaky = Object.assign(Object.create(storage) as MemoryStorage, {
      set: async (items: Record<string, unknown>) => {
        if (failNext) {
          failNext = false;
          throw new Error('quota');
        }
        await storage.set(items);
      },
    });
    const [first, second] = await Promise.allSettled([applySettingsPatch(flaky, { weekStart: 0 }), applySettingsPatch(flaky, { weekStart: 6 })]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect(settingsFromStorage((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]).weekStart).toBe(6);
  });
});
