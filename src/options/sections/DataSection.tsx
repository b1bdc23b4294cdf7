/** "Your data": export (with filters, pseudonyms and a review before sharing), restore of a backup, TikTok's own download, and delete-all. */
import type { CoinsightDb } from '../../platform/db';
import { t } from '../../platform/i18n';
import { DeletePanel } from './DeletePanel';
import { ExportPanel } from './ExportPanel';
import { RestorePanel } from './RestorePanel';
import { TikTokImportPanel } from './TikTokImportPanel';

export function DataSection({ db, onLedgerChanged }: { db: CoinsightDb; onLedgerChanged: () => void }) {
  return (
    <section aria-labelledby="data-title" data-testid="data-section">
      <h2 id="data-title">{t('dataTitle')}</h2>
      <ExportPanel db={db} />
      <RestorePanel onRestored={onLedgerChanged} />
      <TikTokImportPanel db={db} onImported={onLedgerChanged} />
      <DeletePanel db={db} onDeleted={onLedgerChanged} />
    </section>
  );
}
