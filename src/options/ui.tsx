/**
 * The options page's building blocks: a labelled field whose error sits right under it (and is announced and tied to
 * the input with aria-describedby), a currency picker, the settings every section reads and writes through the
 * background, and a status line for what a button did.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import { t, uiLocale } from '../platform/i18n';
import { send } from '../platform/messaging';
import { SETTINGS_KEY, settingsFromStorage, type Settings, type SettingsPatch } from '../platform/settings';
import { currencyOptions } from './currencies';
import type { Problem } from './forms';
import { onLocalChanges } from '../platform/local-changes';

export const problemText = (problem: Problem): string => t(problem.key, problem.args);

/** Attributes that tie an input to its hint and its error. */
export function describedBy(id: string, problem: Problem | undefined, hint?: string): Record<string, string> {
  const ids = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, ...(ids ? { 'aria-describedby': ids } : {}), 'aria-invalid': problem ? 'true' : 'false' };
}

export function Field({ id, label, problem, hint, children }: { id: string; label: string; problem?: Problem | undefined; hint?: string | undefined; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="hint" id={`${id}-hint`} data-testid={`${id}-hint`}>{hint}</p>}
      {problem && <p class="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>{problemText(problem)}</p>}
    </div>
  );
}

const currencyChoices = (() => {
  let cached: { code: string; label: string }[] | null = null;
  return () => (cached ??= currencyOptions(uiLocale()));
})();

/**
 * A currency list. `emptyLabel` adds a first choice with the value '': "read it from the price typed" beside a price,
 * "choose a currency" where there is no such default.
 */
export function CurrencySelect({ id, value, onChange, emptyLabel, problem, testid }: {
  id: string; value: string; onChange: (code: string) => void; emptyLabel?: string; problem?: Problem | undefined; testid?: string;
}) {
  return (
    <select {...describedBy(id, problem)} data-testid={testid ?? id} value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
      {emptyLabel && <option value="">{emptyLabel}</option>}
      {currencyChoices().map(({ code, label }) => <option key={code} value={code}>{label}</option>)}
    </select>
  );
}

export interface SettingsHandle {
  settings: Settings;
  /** Sends a patch to the background (the only writer of settings) and shows what it stored. */
  save(patch: SettingsPatch): Promise<Settings>;
}

/** The stored settings, kept current when another window changes them. */
export function useSettings(): SettingsHandle | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    const load = () => browser.storage.local.get(SETTINGS_KEY).then((stored) => setSettings(settingsFromStorage(stored[SETTINGS_KEY])));
    void load();
    return onLocalChanges([SETTINGS_KEY], () => void load());
  }, []);
  const save = useCallback(async (patch: SettingsPatch) => {
    const next = await send('updateSettings', { patch });
    setSettings(next);
    return next;
  }, []);
  return settings ? { settings, save } : null;
}

/** "Saved" or why not, after an action; the text is announced politely. */
export function useStatus(): [ComponentChildren, (action: () => Promise<unknown>, done?: string) => Promise<boolean>] {
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>, done = t('saved')) => {
    try {
      await action();
      setStatus({ text: done, failed: false });
      return true;
    } catch (error) {
      setStatus({ text: t('saveFailed', error instanceof Error ? error.message : String(error)), failed: true });
      return false;
    }
  }, []);
  return [status ? <span class={status.failed ? 'error' : 'saved'}>{status.text}</span> : null, run];
}

export function StatusLine({ testid, children }: { testid: string; children: ComponentChildren }) {
  return <p role="status" aria-live="polite" data-testid={testid}>{children}</p>;
}
