/**
 * The one way settings are written: a validated patch laid over what is stored (the `updateSettings` message and a
 * restored backup's settings both come here), so a restore cannot store a shape the options page could not.
 */
import { SETTINGS_KEY, settingsFromStorage, type Settings, type SettingsPatch } from '../../platform/settings';
import { inSettingsQueue } from '../settings-queue';

/** The slice of `browser.storage.local` settings need (a fake in unit tests). */
export interface LocalStorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  clear(): Promise<void>;
}

/** Chained with every other settings write (settings-queue.ts): two saves at once both land. */
export function applySettingsPatch(storage: LocalStorageArea, patch: SettingsPatch): Promise<Settings> {
  return inSettingsQueue(async () => {
    const stored = await storage.get(SETTINGS_KEY);
    const settings = { ...settingsFromStorage(stored[SETTINGS_KEY]), ...patch };
    await storage.set({ [SETTINGS_KEY]: settings });
    return settings;
  });
}
