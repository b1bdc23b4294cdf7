/**
 * What every estimate in this view rests on, said on screen (not in a tooltip): the coin rate basis with its source and
 * date (and, when the chosen one could not apply, which was chosen and why), and the diamond value with its own.
 */
import { formatMoney } from '../../core/money';
import { browser } from '../../platform/browser';
import { t } from '../../platform/i18n';
import type { InsightsContext } from './Insights';
import { basisSourceText } from '../../ui/source-text';

export function BasisNotes({ context }: { context: InsightsContext }) {
  const { basis, diamondValue, locale } = context;
  const rate = basis.basis.rate;
  const coinRate = t('coinRate', [formatMoney({ minor: rate.minor, currency: rate.currency }, locale), String(rate.coins)]);
  const diamondRate = t('diamondRateShort', [formatMoney({ minor: diamondValue.rate.minor, currency: diamondValue.rate.currency }, locale), String(diamondValue.rate.diamonds)]);
  return (
    <div class="notes" data-testid="basis-notes">
      <p class="note" data-testid="estimate-basis-note">
        {t('estimateBasisNote', [coinRate, basisSourceText(basis.basis), basis.basis.asOf ?? t('noDate')])}
        {basis.fallbackReason && <> {t('basisFallback', basis.fallbackReason)}</>}
      </p>
      <p class="note" data-testid="diamond-basis-note">{t('diamondBasisNote', [diamondRate, diamondValue.source, diamondValue.asOf ?? t('noDate')])}</p>
      <p class="note">
        <a href="#" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>{t('changeRates')}</a>
      </p>
    </div>
  );
}
