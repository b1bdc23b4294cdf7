/**
 * Spending by period: coins (gifts Coinsight saw plus spending it inferred from the balance, the latter said aloud),
 * then the money PAID for them per currency and the ESTIMATE for the coins of unknown price, in columns of their own.
 * The coins paint first; the money cells come from the lazily loaded money module (./money).
 */
import { spentCoins, type Totals } from '../core/rollups';
import { t } from '../platform/i18n';
import { formatCoins } from '../ui/format';
import type { PeriodKey } from './money';
import type { Money } from './useBalanceData';

const PERIODS: readonly { key: PeriodKey; label: string }[] = [
  { key: 'today', label: 'today' },
  { key: 'week', label: 'thisWeek' },
  { key: 'month', label: 'thisMonth' },
];

interface Props {
  totals: Record<PeriodKey, Totals>;
  /** null while the money figures load (or when they failed): the coins show meanwhile. */
  money: Money | null;
  moneyError: string | null;
  locale: string;
}

export function SpendingTable({ totals, money, moneyError, locale }: Props) {
  return (
    <>
      <table class="periods" data-testid="spending" data-money={money ? 'ready' : moneyError ? 'error' : 'loading'}>
        <thead>
          <tr><th scope="col">{t('colCoins')}</th><th scope="col">{t('colPaid')}</th><th scope="col">{t('colEstimated')}</th></tr>
        </thead>
        {/* Each period's name heads its own row, so the three figures get the full width: big totals wrap less. */}
        {PERIODS.map(({ key, label }) => (
          <tbody key={key}>
            <tr class="period-name"><th colSpan={3} scope="rowgroup">{t(label)}</th></tr>
            <tr>
              <CoinsCell testid={key} totals={totals[key]} locale={locale} />
              {money
                ? <money.ui.PeriodMoneyCells summary={money.figures.periods[key]} testid={key} locale={locale} />
                : <><td class="muted">{t(moneyError ? 'none' : 'loadingShort')}</td><td class="muted">{t(moneyError ? 'none' : 'loadingShort')}</td></>}
            </tr>
          </tbody>
        ))}
      </table>
      {moneyError && <p class="error" data-testid="money-error">{t('moneyError', moneyError)}</p>}
    </>
  );
}

function CoinsCell({ testid, totals, locale }: { testid: PeriodKey; totals: Totals; locale: string }) {
  const unseen = totals.unseenSpendCoins;
  return (
    <td>
      <span class="num" data-testid={`spent-${testid}`}>{formatCoins(spentCoins(totals), locale)}</span>
      {unseen > 0 && (
        <span class="sub" data-testid={`spent-${testid}-unseen`} title={t('unseenSpendExplained')}>{t('unseenSpendPart', formatCoins(unseen, locale))}</span>
      )}
    </td>
  );
}
