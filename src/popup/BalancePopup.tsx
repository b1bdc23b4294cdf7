/**
 * The Balance view. The coin figures paint first (bounded rollup reads); the money figures (paid / estimated, the
 * creators' share, this LIVE, each row's cost) follow from a lazily loaded module as soon as the cost basis answers
 * (useBalanceData.ts, ./money). Each part is a component of its own; this file only lays them out.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import type { CoinsightDb } from '../platform/db';
import { t, uiLocale } from '../platform/i18n';
import type { Settings } from '../platform/settings';
import type { BalanceView } from '../queries/balance';
import { CoinsHeldCard, RechargesCard } from './BalanceCards';
import { RecentList } from './RecentList';
import { SpendingTable } from './SpendingTable';
import { useBalanceData, type CoinFigures, type Money, type Step } from './useBalanceData';
import { InsightsLauncher } from './InsightsLauncher';
import { LimitsLoader } from './LimitsLoader';

/** Performance mark set once the Balance numbers, money figures included, are on screen (read by `npm run bench`). */
export const BALANCE_VISIBLE_MARK = 'coinsight:balance-visible';

export function BalancePopup({ db, settings }: { db: CoinsightDb; settings: Promise<Settings> }) {
  const [account, setAccount] = useState<string | undefined>(undefined);
  const { coins, money } = useBalanceData(db, settings, account);

  useEffect(() => {
    // "Visible" means the money figures too: a popup whose coins show while its money still loads is not done.
    if (coins.status === 'ready' && money.status === 'ready') requestAnimationFrame(() => performance.mark(BALANCE_VISIBLE_MARK));
  }, [coins, money]);

  if (coins.status === 'loading') return <p class="muted" data-testid="loading">{t('loading')}</p>;
  if (coins.status === 'error') return <p class="error" data-testid="load-error">{t('loadError', coins.message)}</p>;
  const figures = coins.value;
  const locale = uiLocale();

  return (
    <div data-testid="balance-ready" data-money={money.status}>
      <div class="header">
        <h1><img src="/icons/icon-32.png" width="20" height="20" alt="" />Coinsight</h1>
        <AccountPicker view={figures.view} onPick={setAccount} />
      </div>
      {/* What people install Coinsight for comes first; it loads just after the first paint (LimitsLoader). */}
      <LimitsLoader />
      {figures.view.empty ? <EmptyState /> : <Overview figures={figures} money={money} locale={locale} />}
      {!figures.view.empty && <InsightsLauncher db={db} settings={settings} account={figures.view.account} />}
      <p class="muted"><a href="#" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>{t('openSettings')}</a></p>
    </div>
  );
}

function Overview({ figures, money, locale }: { figures: CoinFigures; money: Step<Money>; locale: string }) {
  const { view, now, timeZone, settings, rows, partial } = figures;
  const ready = money.status === 'ready' ? money.value : null;
  const m = ready?.figures;
  const Ui = ready?.ui;
  return (
    <>
      {Ui && m?.live && <Ui.LiveCard live={m.live} basis={m.basis} now={now} timeZone={timeZone} locale={locale} />}

      <h2>{t('coinsHeld')}</h2>
      <CoinsHeldCard balance={view.balance} now={now} locale={locale} />

      <h2>{t('coinsSpent')}</h2>
      <SpendingTable
        totals={{ today: view.today, week: view.week, month: view.month }} money={ready}
        moneyError={money.status === 'error' ? money.message : null} locale={locale}
      />
      {Ui && m && (
        <>
          <Ui.CombinedTotals periods={m.periods} displayCurrency={settings.displayCurrency} exchangeRates={settings.conversion.exchangeRates} locale={locale} />
          <Ui.CreatorShareCard month={m.periods.month} diamondRate={settings.conversion.diamondRate} locale={locale} />
          <Ui.EstimateDetails basis={m.basis} monthUnpriced={m.periods.month.unpriced} reasons={m.reasons} locale={locale} />
        </>
      )}

      <h2>{t('rechargesHeading')}</h2>
      <RechargesCard month={view.month} lifetime={view.lifetime} locale={locale} />

      <h2>{t('recentHeading')}</h2>
      <RecentList rows={rows} partial={partial} ctx={{ money: ready, moneyFailed: money.status === 'error', locale, now, timeZone }} />

      {/* Heavier views (per creator, charts) load lazily below the numbers, from a button of their own. */}
    </>
  );
}

function AccountPicker({ view, onPick }: { view: BalanceView; onPick: (uid: string) => void }) {
  if (view.accounts.length < 2) {
    const only = view.accounts[0];
    return only ? <span class="muted clip account" tabIndex={0} title={`@${only.uniqueId ?? only.uid}`} data-testid="account">@{only.uniqueId ?? only.uid}</span> : null;
  }
  return (
    <select data-testid="account-picker" aria-label={t('account')} value={view.account} onChange={(event) => onPick((event.target as HTMLSelectElement).value)}>
      {view.accounts.map((account) => <option key={account.uid} value={account.uid}>@{account.uniqueId ?? account.uid}</option>)}
    </select>
  );
}

function EmptyState() {
  return (
    <div class="empty" data-testid="empty-state">
      <p><strong>{t('emptyTitle')}</strong></p>
      <p>{t('emptyBody')}</p>
      <p class="muted">{t('emptyPrivacy')}</p>
    </div>
  );
}
