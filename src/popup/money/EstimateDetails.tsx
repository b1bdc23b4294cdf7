/**
 * "How is this estimated?": on screen, for keyboard and touch users too (a title tooltip is neither): the basis that
 * priced every estimate in the view (name, rate, source, date), why it is not the one the user chose when it is not,
 * and why each kind of coin has no known price.
 */
import type { ResolvedBasis } from '../../core/conversion';
import type { UnpricedReason } from '../../core/lots';
import { UNPRICED_REASONS } from '../../core/spend-summary';
import { t } from '../../platform/i18n';
import { formatCoins } from '../../ui/format';
import { REASON_KEYS, asOfText, basisName, rateText } from './money-text';
import { basisSourceText } from '../../ui/source-text';

interface Props {
  basis: ResolvedBasis;
  /** Coins of unknown price by reason, in the largest period shown (this month), to say how many. */
  monthUnpriced: Partial<Record<UnpricedReason, number>>;
  /** Reasons that occur anywhere in the view (periods, rows, this LIVE): each is explained. */
  reasons: ReadonlySet<UnpricedReason>;
  locale: string;
}

export function EstimateDetails({ basis, monthUnpriced, reasons, locale }: Props) {
  const used = basisName(basis.basis.kind);
  return (
    <details class="explain" data-testid="estimate-details">
      <summary>
        {t('estimateSummary')} <span class="muted" data-testid="estimate-summary-basis">{t('estimateSummaryBasis', used)}</span>
      </summary>
      <p data-testid="estimate-basis">
        {t('estimateBasisLine', [used, rateText(basis.basis, locale), basisSourceText(basis.basis), asOfText(basis.basis.asOf)])}
      </p>
      {basis.fallbackReason && (
        <p class="warn-note" data-testid="estimate-fallback">
          {t('estimateFallback', [basisName(basis.chosen), basis.fallbackReason, used])}
        </p>
      )}
      {reasons.size > 0 && (
        <>
          <p>{t('estimateReasonsHeading')}</p>
          <ul class="reasons" data-testid="unpriced-reasons">
            {UNPRICED_REASONS.filter((reason) => reasons.has(reason)).map((reason) => {
              const coins = monthUnpriced[reason] ?? 0;
              return (
                <li key={reason} data-reason={reason}>
                  <strong>{t(REASON_KEYS[reason].label)}</strong>
                  {coins > 0 && <> ({t('reasonCoinsThisMonth', formatCoins(coins, locale))})</>}: {t(REASON_KEYS[reason].why)}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p class="muted">{t('estimateNeverPaid')}</p>
    </details>
  );
}
