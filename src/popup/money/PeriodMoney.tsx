/**
 * The money cells of the spending table (paid per currency, never added across currencies; the estimate apart), and
 * the combined total in the display currency, shown only when the user typed a rate for every currency involved.
 */
import type { ExchangeRate } from '../../core/conversion';
import { combinedTotal, type CombinedTotal, type SpendSummary } from '../../core/spend-summary';
import { t } from '../../platform/i18n';
import type { PeriodKey, PeriodSummaries } from './load';
import { EstimateLine, PaidLines, approx, exchangeRateText } from './money-text';

export function PeriodMoneyCells({ summary, testid, locale }: { summary: SpendSummary; testid: PeriodKey; locale: string }) {
  return (
    <>
      <td><PaidLines summary={summary} locale={locale} testid={`paid-${testid}`} /></td>
      <td><EstimateLine summary={summary} locale={locale} testid={`estimated-${testid}`} /></td>
    </>
  );
}

const LABELS: Record<PeriodKey, string> = { today: 'today', week: 'thisWeek', month: 'thisMonth' };

/** "All in EUR, estimated: Today ≈ €1.20 · This week ≈ …", with the rates and their dates. */
export function CombinedTotals({ periods, displayCurrency, exchangeRates, locale }: { periods: PeriodSummaries; displayCurrency: string; exchangeRates: readonly ExchangeRate[]; locale: string }) {
  const combined = (Object.keys(LABELS) as PeriodKey[]).map((key) => ({ key, total: combinedTotal(periods[key], displayCurrency, exchangeRates) }))
    .filter((item): item is { key: PeriodKey; total: CombinedTotal } => item.total !== null);
  if (combined.length === 0) return null;
  const rates = [...new Set(combined.flatMap((item) => item.total.rates))];
  return (
    <p class="note" data-testid="combined-totals">
      <strong>{t('combinedHeading', displayCurrency)}</strong>{' '}
      {combined.map((item, index) => (
        <span key={item.key} data-testid={`combined-${item.key}`}>{index > 0 ? ' · ' : ''}{t(LABELS[item.key])} {approx(item.total.money, locale)}</span>
      ))}
      <br />
      <span data-testid="combined-rates">{t('combinedRates', rates.map((rate) => exchangeRateText(rate, locale)).join('; '))}</span>
    </p>
  );
}
