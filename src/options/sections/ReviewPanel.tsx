/**
 * Review before sharing (a research export): the participant sees the rows the export would hold, a page at a time
 * (a ledger may hold a million: only one page is read and rendered), removes any, and chooses which columns go out
 * (an allow-list built from the classification table: free text is off by default, and never leaves a pseudonymised
 * file). The export then leaves the removed rows and withheld columns out, and its metadata says how many rows were
 * removed and which columns were held back (core/export/metadata.ts `review`).
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_RESEARCH_COLUMNS, ENTRY_COLUMN_NAMES, FREE_TEXT_COLUMNS, type EntryColumn } from '../../core/export';
import type { LedgerEntry } from '../../core/ledger';
import { formatMoney } from '../../core/money';
import { timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { download, exportFile, type ExportChoice, type ExportEnv } from '../data/export-file';
import { reviewPage } from '../data/ledger-pages';
import { StatusLine } from '../ui';
import { Pager, RemoveToggle, toggled as toggle } from './review-parts';

export const REVIEW_PAGE = 50;

function detailOf(entry: LedgerEntry): string {
  switch (entry.kind) {
    case 'gift':
      return `${entry.giftName}${entry.count > 1 ? ` × ${entry.count}` : ''}${entry.creatorHandle ? ` → @${entry.creatorHandle}` : ''}`;
    case 'imported-gift':
      return `→ ${entry.creatorHandle} (${entry.status})`;
    case 'imported-purchase':
      return `(${entry.status})`;
    case 'recharge':
      return entry.price ? formatMoney(entry.price, uiLocale()) : '';
    default:
      return entry.note ?? '';
  }
}

export function ReviewPanel({ db, env, choice, onClose }: { db: CoinsightDb; env: ExportEnv; choice: ExportChoice; onClose: () => void }) {
  const pseudonymised = choice.pseudonymisation.mode !== 'none';
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<LedgerEntry[] | null>(null);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [columns, setColumns] = useState<ReadonlySet<EntryColumn>>(new Set(DEFAULT_RESEARCH_COLUMNS));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void reviewPage(db, choice.filters, page * REVIEW_PAGE, REVIEW_PAGE).then(setRows), [db, choice, page]);
  const number = (value: number) => value.toLocaleString(uiLocale());
  const when = (at: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'medium', timeZone: timeZone() }).format(at);
  const allowed = ENTRY_COLUMN_NAMES.filter((column) => columns.has(column) && !(pseudonymised && FREE_TEXT_COLUMNS.includes(column)));
  const withheld = ENTRY_COLUMN_NAMES.length - allowed.length;

  const exportReviewed = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const file = await exportFile(env, { ...choice, review: { removedIds: removed, allowedColumns: allowed } }, () => undefined);
      download(file.blob, file.fileName);
      if (file.sidecar) download(file.sidecar, file.fileName.replace(/\.csv$/, '.meta.json'));
      setDone(t('reviewDone', [number(file.summary.entries), number(file.summary.removedRows), number(withheld), file.fileName]));
    } catch (failure) {
      setError(t('exportFailed', failure instanceof Error ? failure.message : String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section data-testid="review" aria-labelledby="review-title" class="review">
      <h3 id="review-title">{t('reviewTitle')}</h3>
      <p class="muted">{t('reviewHelp')}</p>
      <fieldset data-testid="review-fields">
        <legend>{t('reviewFields')}</legend>
        {ENTRY_COLUMN_NAMES.map((column) => {
          const locked = pseudonymised && FREE_TEXT_COLUMNS.includes(column);
          return (
            <label key={column} class="inline">
              <input type="checkbox" data-testid={`review-field-${column}`} disabled={locked} checked={!locked && columns.has(column)}
                onChange={() => setColumns((current) => toggle(current, column))} />
              {' '}<code>{column}</code>{FREE_TEXT_COLUMNS.includes(column) ? ` (${t('reviewFreeText')})` : ''}
            </label>
          );
        })}
      </fieldset>
      <table data-testid="review-table">
        <caption>{t('reviewRowsCaption', [number(page * REVIEW_PAGE + 1), number(page * REVIEW_PAGE + (rows?.length ?? 0))])}</caption>
        <thead><tr><th>{t('reviewColWhen')}</th><th>{t('reviewColKind')}</th><th>{t('reviewColCoins')}</th><th>{t('reviewColWhat')}</th><th /></tr></thead>
        <tbody>
          {(rows ?? []).map((entry) => {
            const gone = removed.has(entry.id);
            return (
              <tr key={entry.id} data-testid="review-row" data-id={entry.id} data-removed={gone ? 'true' : 'false'} class={gone ? 'removed' : undefined}>
                <td>{when(entry.at)}</td>
                <td>{t(`exportKind_${entry.kind.replace('-', '_')}`)}</td>
                <td>{number(entry.coins)}</td>
                <td class="clip">{detailOf(entry)}</td>
                <td><RemoveToggle prefix="review" gone={gone} onToggle={() => setRemoved((current) => toggle(current, entry.id))} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Pager prefix="review" page={page} more={(rows?.length ?? 0) >= REVIEW_PAGE} onPage={setPage} />
      <p data-testid="review-summary">{t('reviewSummary', [number(removed.size), number(withheld)])}</p>
      <div class="actions">
        <button type="button" class="primary" data-testid="review-export" disabled={busy} onClick={() => void exportReviewed()}>{t('reviewExport')}</button>
        <button type="button" data-testid="review-close" onClick={onClose}>{t('reviewClose')}</button>
        <StatusLine testid="review-status">
          {busy && <span>{t('tiktokWorking')}</span>}
          {done && <span data-testid="review-done" class="saved">{done}</span>}
          {error && <span data-testid="review-error" class="error" role="alert">{error}</span>}
        </StatusLine>
      </div>
    </section>
  );
}
