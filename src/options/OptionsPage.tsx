/** Settings (display currency, week start) and the diagnostics of payloads Coinsight did not recognise. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import type { CoinsightDb } from '../platform/db';
import { t, uiLocale } from '../platform/i18n';
import { currencyOptions } from './currencies';
import { send } from '../platform/messaging';
import { SETTINGS_KEY, settingsFromStorage, type Settings } from '../platform/settings';
import type { WeekStart } from '../core/periods';
import { formatDateTime } from '../ui/format';
import { groupDiagnostics, type DiagnosticGroup } from './diagnostics';


export function OptionsPage({ db }: { db: CoinsightDb }) {
  return (
    <div data-testid="options-ready">
      <h1>{t('optionsTitle')}</h1>
      <SettingsForm />
      <Diagnostics db={db} />
    </div>
  );
}

function SettingsForm() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<string>('');

  useEffect(() => {
    void browser.storage.local.get(SETTINGS_KEY).then((stored) => setSettings(settingsFromStorage(stored[SETTINGS_KEY])));
  }, []);
  if (!settings) return <p class="muted">{t('loading')}</p>;

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      setSettings(await send('updateSettings', { patch: settings }));
      setStatus(t('saved'));
    } catch (error) {
      setStatus(t('saveFailed', error instanceof Error ? error.message : String(error)));
    }
  };
  return (
    <form onSubmit={save} data-testid="settings-form">
      <label for="currency">{t('displayCurrency')}</label>
      <select id="currency" data-testid="display-currency" value={settings.displayCurrency}
        onChange={(event) => setSettings({ ...settings, displayCurrency: (event.target as HTMLSelectElement).value })}>
        {currencyOptions(uiLocale()).map(({ code, label }) => <option key={code} value={code}>{label}</option>)}
      </select>
      <p class="muted">{t('displayCurrencyHelp')}</p>
      <label for="week-start">{t('weekStart')}</label>
      <select id="week-start" data-testid="week-start" value={String(settings.weekStart)}
        onChange={(event) => setSettings({ ...settings, weekStart: Number((event.target as HTMLSelectElement).value) as WeekStart })}>
        <option value="1">{t('monday')}</option>
        <option value="0">{t('sunday')}</option>
        <option value="6">{t('saturday')}</option>
      </select>
      <p>
        <button type="submit" data-testid="save-settings">{t('save')}</button>
        <span class="saved" role="status" data-testid="settings-status">{status}</span>
      </p>
    </form>
  );
}

function Diagnostics({ db }: { db: CoinsightDb }) {
  const [groups, setGroups] = useState<DiagnosticGroup[] | null>(null);
  const load = () => db.diagnostics.toArray().then((rows) => setGroups(groupDiagnostics(rows)));
  useEffect(() => {
    void load();
  }, [db]);
  const locale = uiLocale();
  return (
    <section>
      <h2>{t('diagnosticsTitle')}</h2>
      <p class="muted">{t('diagnosticsHelp')}</p>
      {groups === null ? <p class="muted">{t('loading')}</p> : groups.length === 0 ? (
        <p data-testid="diagnostics-none">{t('diagnosticsNone')}</p>
      ) : (
        <>
          <table data-testid="diagnostics">
            <thead><tr><th>{t('endpoint')}</th><th>{t('reason')}</th><th>{t('count')}</th><th>{t('lastSeen')}</th></tr></thead>
            <tbody>
              {groups.map((group) => (
                <tr key={`${group.endpoint}/${group.reason}`} data-testid="diagnostic-row" data-endpoint={group.endpoint}>
                  <td>{group.endpoint}</td><td>{group.reason}</td><td data-testid="diagnostic-count">{group.count}</td><td>{formatDateTime(group.lastAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p><button type="button" data-testid="clear-diagnostics" onClick={() => void send('clearDiagnostics', {}).then(load)}>{t('clearDiagnostics')}</button></p>
        </>
      )}
    </section>
  );
}
