/**
 * What a listed spend cost, in its row: paid, estimated, or both; an estimate says on screen which coins it priced
 * (and why they have no known price) and at which basis, so "a Lion paid from coins of unknown price" never looks paid.
 */
import type { GiftEntry } from '../../core/ledger';
import { summariseSpend, sumCosts, type CostParts } from '../../core/spend-summary';
import { t } from '../../platform/i18n';
import { formatCoins } from '../../ui/format';
import type { MoneyFigures } from './load';
import { basisShort, costText, reasonsOf } from './money-text';

export function CostCells({ cost, money, locale }: { cost: CostParts | undefined; money: MoneyFigures; locale: string }) {
  if (!cost) return <span class="entry-money" data-testid="entry-money">{t('priceUnknown')}</span>;
  const summary = summariseSpend(cost, money.basis.basis);
  return (
    <>
      <span class={`entry-money${summary.estimate ? ' estimate' : ''}`} data-testid="entry-money">{costText(summary, locale)}</span>
      {summary.estimate && (
        <span class="entry-note" data-testid="entry-estimate-note">
          {t('entryEstimateNote', [formatCoins(summary.estimatedCoins, locale), reasonsOf(summary), basisShort(money.basis, locale)])}
        </span>
      )}
    </>
  );
}

/** A streak's cost: known only when every send's is (else a part would pass for the whole). */
export function StreakCostCells({ sends, money, locale }: { sends: readonly GiftEntry[]; money: MoneyFigures; locale: string }) {
  const each = sends.map((send) => money.costs.get(send.id));
  const known = each.every((cost) => cost !== undefined) ? sumCosts(each as CostParts[]) : undefined;
  return <CostCells cost={known} money={money} locale={locale} />;
}
