/**
 * The overlap view of an import of TikTok's download: how many rows are history (counted once), how many overlap a
 * captured entry or fall in the captured period (shown, not counted again), how many were imported before (skipped),
 * and the overlapping rows beside the captured entry each matched.
 */
import type { ImportReport } from '../../core/import-plan';
import { timeZone } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';

const LISTED = 20;

export function ImportReportView({ report, keptOut }: { report: ImportReport; keptOut: number }) {
  const number = (value: number) => value.toLocaleString(uiLocale());
  const when = (at: number) => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'medium', timeZone: timeZone() }).format(at);
  return (
    <div data-testid={report.written ? 'tiktok-done' : 'tiktok-overlap'} class={report.written ? 'saved' : undefined}>
      <p>{t(report.written ? 'tiktokImported' : 'tiktokPlan')}</p>
      <ul>
        <li data-testid="tiktok-count-history">{t('tiktokCountHistory', [number(report.added.history), number(report.coins.history)])}</li>
        <li data-testid="tiktok-count-overlap">{t('tiktokCountOverlap', [number(report.added.overlap), number(report.coins.overlap)])}</li>
        <li data-testid="tiktok-count-period">{t('tiktokCountPeriod', [number(report.added['in-captured-period']), number(report.coins['in-captured-period'])])}</li>
        <li data-testid="tiktok-count-already">{t('tiktokCountAlready', number(report.alreadyImported))}</li>
        {keptOut > 0 && <li data-testid="tiktok-count-kept-out">{t('tiktokCountKeptOut', number(keptOut))}</li>}
      </ul>
      <p class="muted">{report.capturedFrom === null ? t('tiktokNothingCaptured') : t('tiktokCapturedFrom', when(report.capturedFrom))}</p>
      {report.overlaps.length > 0 && (
        <table data-testid="tiktok-overlaps">
          <caption>{t('tiktokOverlapsCaption')}</caption>
          <thead><tr><th>{t('tiktokColRow')}</th><th>{t('tiktokColImported')}</th><th>{t('tiktokColCoins')}</th><th>{t('tiktokColCaptured')}</th></tr></thead>
          <tbody>
            {report.overlaps.slice(0, LISTED).map((row) => (
              <tr key={row.importedId} data-testid="tiktok-overlap-row">
                <td>{number(row.fileRow + 1)}</td>
                <td>{`${when(row.at)}${row.recipient ? ` · ${row.recipient}` : ''}`}</td>
                <td>{number(row.coins)}</td>
                <td>{when(row.capturedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
