/** Coins held now, and money paid for coins: the two figures that come straight from readings and recharges. */
import type { BalanceObservation } from '../core/ledger';
import type { Totals } from '../core/rollups';
import { t } from '../platform/i18n';
import { formatCoins, formatDateTime, formatRelative, formatTotals } from '../ui/format';

export function CoinsHeldCard({ balance, now, locale }: { balance: BalanceObservation | null; now: number; locale: string }) {
  return (
    <div class="card">
      {balance ? (
        <>
          <div class="big" data-testid="balance-coins">{formatCoins(balance.coins, locale)}</div>
          {/* The exact time is in the text's title AND said relatively on screen: nothing is only in a tooltip. */}
          <div class="muted" data-testid="balance-seen" title={formatDateTime(balance.at, locale)}>
            {t('balanceSeen', formatRelative(balance.at, now, locale))}
          </div>
        </>
      ) : <div class="muted" data-testid="balance-unknown">{t('balanceUnknown')}</div>}
    </div>
  );
}

export function RechargesCard({ month, lifetime, locale }: { month: Totals; lifetime: Totals; locale: string }) {
  return (
    <div class="card">
      <RechargeLine testid="recharged-month" label={t('thisMonth')} totals={month} locale={locale} />
      <RechargeLine testid="recharged-total" label={t('allTime')} totals={lifetime} locale={locale} />
      {lifetime.adjustmentCoins > 0 && (
        <div class="muted" data-testid="coins-elsewhere">{t('coinsFromElsewhere', formatCoins(lifetime.adjustmentCoins, locale))}</div>
      )}
    </div>
  );
}

function RechargeLine({ testid, label, totals, locale }: { testid: string; label: string; totals: Totals; locale: string }) {
  const money = formatTotals(totals.money, locale);
  return (
    <div>
      <span class="muted">{label}: </span>
      <strong class="num" data-testid={testid}>{money.length ? money.join(' + ') : t('nothingYet')}</strong>
      {totals.unpricedRechargeCoins > 0 && <span class="muted"> {t('unpricedCoins', formatCoins(totals.unpricedRechargeCoins, locale))}</span>}
    </div>
  );
}
