/**
 * Delete all data: a confirmation that says what will be lost and offers a full backup first; then one worker
 * message clears every table and the settings (background/handlers/data.ts).
 */
import { useState } from 'preact/hooks';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import { NO_FILTERS } from '../../core/export';
import { download, exportFile } from '../data/export-file';
import { StatusLine } from '../ui';
import { exportEnv } from './ExportPanel';

export function DeletePanel({ db, onDeleted }: { db: CoinsightDb; onDeleted: () => void }) {
  const [counts, setCounts] = useState<{ entries: number; balances: number } | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean; testid: string } | null>(null);
  const number = (value: number) => value.toLocaleString(uiLocale());

  const ask = async () => {
    setStatus(null);
    setCounts({ entries: await db.ledger.count(), balances: await db.balances.count() });
  };
  const backup = async () => {
    try {
      const file = await exportFile(exportEnv(db), { format: 'ndjson', filters: NO_FILTERS, pseudonymisation: { mode: 'none' } }, () => undefined);
      download(file.blob, file.fileName);
      setStatus({ text: t('deleteBackupDone', file.fileName), failed: false, testid: 'delete-backup-done' });
    } catch (failure) {
      setStatus({ text: t('exportFailed', failure instanceof Error ? failure.message : String(failure)), failed: true, testid: 'delete-error' });
    }
  };
  const remove = async () => {
    try {
      await send('deleteAllData', {});
      setCounts(null);
      setStatus({ text: t('deleteDone'), failed: false, testid: 'delete-done' });
      onDeleted();
    } catch (failure) {
      setStatus({ text: t('deleteFailed', failure instanceof Error ? failure.message : String(failure)), failed: true, testid: 'delete-error' });
    }
  };

  return (
    <div>
      <h3>{t('deleteTitle')}</h3>
      {counts === null ? (
        <p><button type="button" data-testid="delete-all" onClick={() => void ask()}>{t('deleteAll')}</button></p>
      ) : (
        <div role="alertdialog" aria-labelledby="delete-what" class="confirm">
          <p id="delete-what" data-testid="delete-what">{t('deleteWhat', [number(counts.entries), number(counts.balances)])}</p>
          <p>
            <button type="button" data-testid="delete-backup-first" onClick={() => void backup()}>{t('deleteBackupFirst')}</button>{' '}
            <button type="button" class="danger" data-testid="confirm-delete-all" onClick={() => void remove()}>{t('deleteAllConfirm')}</button>{' '}
            <button type="button" data-testid="cancel-delete-all" onClick={() => setCounts(null)}>{t('cancel')}</button>
          </p>
        </div>
      )}
      <StatusLine testid="delete-status">{status && <span data-testid={status.testid} class={status.failed ? 'error' : 'saved'}>{status.text}</span>}</StatusLine>
    </div>
  );
}
