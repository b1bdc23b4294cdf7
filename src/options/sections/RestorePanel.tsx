/**
 * Restore a Coinsight JSON or NDJSON backup: the whole file is validated before anything is sent (a refusal names the
 * first bad record and why, in `import-error`), then the worker merges it by id in one all-or-nothing commit.
 */
import { useState } from 'preact/hooks';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { RestoreReport } from '../../platform/protocol';
import { fileSource, restoreFile } from '../data/restore-file';
import { Field, StatusLine } from '../ui';

export function RestorePanel({ onRestored }: { onRestored: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<RestoreReport | null>(null);
  const number = (value: number) => value.toLocaleString(uiLocale());

  const restore = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setDone(null);
    setBusy(t('restoreChecking', file.name));
    const outcome = await restoreFile(fileSource(file), send, crypto.randomUUID(), (sent, total) => setBusy(t('restoreSending', [number(sent), number(total)])));
    setBusy(null);
    input.value = '';
    if (outcome.ok) {
      setDone(outcome.report);
      onRestored();
    } else setError(t('restoreRefused', [file.name, outcome.error]));
  };

  return (
    <div>
      <h3>{t('restoreTitle')}</h3>
      <p class="muted">{t('restoreHelp')}</p>
      <Field id="import-file" label={t('restoreFile')}>
        <input type="file" id="import-file" data-testid="import-file" accept=".json,.ndjson,application/json,application/x-ndjson" disabled={busy !== null}
          onChange={(event) => void restore(event.target as HTMLInputElement)} />
      </Field>
      <StatusLine testid="import-status">
        {busy && <span data-testid="import-progress">{busy}</span>}
        {done && (
          <span data-testid="import-done" class="saved">
            {t('restoreDone', [number(done.entriesAdded), number(done.entriesSame), number(done.balancesAdded)])}
            {done.settingsRestored ? ` ${t('restoreSettingsDone')}` : ''}
            {done.limitsRestored > 0 ? ` ${t('restoreLimitsDone', number(done.limitsRestored))}` : ''}
          </span>
        )}
      </StatusLine>
      {done?.limitsRefused && <p class="field-error" role="alert" data-testid="import-limits-refused">{t('restoreLimitsRefused', done.limitsRefused)}</p>}
      {error && <p class="field-error" role="alert" data-testid="import-error">{error}</p>}
    </div>
  );
}
