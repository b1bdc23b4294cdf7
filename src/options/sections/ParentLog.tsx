/** The activity log of the parent's view: every kind of event in plain words, newest first, a page at a time. */
import { t } from '../../platform/i18n';
import type { ParentLogRow } from '../../queries/parent-summary';
import { formatDateTime } from '../../ui/format';
import { isGap, logSentence } from '../../ui/parent-text';

export interface ParentLogProps {
  rows: readonly ParentLogRow[];
  page: number;
  more: boolean;
  locale: string;
  onPage(page: number): void;
}

export function ParentLog({ rows, page, more, locale, onPage }: ParentLogProps) {
  return (
    <>
      <h3 id="parent-log-title">{t('parentLogTitle')}</h3>
      {rows.length === 0 ? <p class="muted" data-testid="parent-log-empty">{t('parentLogEmpty')}</p> : (
        <table data-testid="parent-log" aria-labelledby="parent-log-title">
          <thead><tr><th scope="col">{t('parentLogWhen')}</th><th scope="col">{t('parentLogWhat')}</th></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid="parent-log-row" data-kind={row.kind} class={isGap(row) ? 'warning' : undefined}>
                <td>{formatDateTime(row.at, locale)}</td>
                <td>{logSentence(row, locale, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(page > 0 || more) && (
        <p class="actions">
          <button type="button" data-testid="parent-log-newer" disabled={page === 0} onClick={() => onPage(page - 1)}>{t('parentNewer')}</button>
          <button type="button" data-testid="parent-log-older" disabled={!more} onClick={() => onPage(page + 1)}>{t('parentOlder')}</button>
        </p>
      )}
    </>
  );
}
