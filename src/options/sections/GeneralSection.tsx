/** Display currency and week start: saved together with one button. */
import { useEffect, useState } from 'preact/hooks';
import type { WeekStart } from '../../core/periods';
import { t } from '../../platform/i18n';
import { CurrencySelect, Field, StatusLine, useStatus, type SettingsHandle } from '../ui';

export function GeneralSection({ handle }: { handle: SettingsHandle }) {
  const { settings, save } = handle;
  const [currency, setCurrency] = useState(settings.displayCurrency);
  const [weekStart, setWeekStart] = useState<WeekStart>(settings.weekStart);
  const [status, run] = useStatus();
  useEffect(() => {
    setCurrency(settings.displayCurrency);
    setWeekStart(settings.weekStart);
  }, [settings.displayCurrency, settings.weekStart]);

  const submit = (event: Event) => {
    event.preventDefault();
    // Only these two fields: the conversion block is saved by its own sections and must not be overwritten from here.
    void run(() => save({ displayCurrency: currency, weekStart }));
  };
  return (
    <section aria-labelledby="general-title">
      <h2 id="general-title">{t('generalTitle')}</h2>
      <form onSubmit={submit} data-testid="settings-form">
        <Field id="currency" label={t('displayCurrency')} hint={t('displayCurrencyHelp')}>
          <CurrencySelect id="currency" testid="display-currency" value={currency} onChange={setCurrency} />
        </Field>
        <Field id="week-start" label={t('weekStart')}>
          <select id="week-start" data-testid="week-start" value={String(weekStart)}
            onChange={(event) => setWeekStart(Number((event.target as HTMLSelectElement).value) as WeekStart)}>
            <option value="1">{t('monday')}</option>
            <option value="0">{t('sunday')}</option>
            <option value="6">{t('saturday')}</option>
          </select>
        </Field>
        <div class="actions">
          <button type="submit" class="primary" data-testid="save-settings">{t('save')}</button>
          <StatusLine testid="settings-status">{status}</StatusLine>
        </div>
      </form>
    </section>
  );
}
