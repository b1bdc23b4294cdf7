/**
 * The Balance view: coins held, coins spent by period, money paid for recharges, the newest entries.
 * Everything comes from loadBalanceView, which reads a bounded number of rows however large the ledger is.
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_WEB_RATE, averageRate, estimateCost, type CoinRate } from '../core/conversion';
import type { LedgerEntry } from '../core/ledger';
import { formatMoney } from '../core/money';
import { spentCoins, type Totals } from '../core/rollups';
import { browser } from '../platform/browser';
import { loadBalanceView, type BalanceView } from '../queries/balance';
import type { CoinsightDb } from '../platform/db';
import { t, uiLocale } from '../platform/i18n';
import type { Settings } from '../platform/settings';
import { now as clockNow, timeZone } from '../platform/clock';
import { formatCoins, formatDateTime, formatRelative, formatTotals, formatWhen } from '../ui/format';

/** Performance mark set once the Balance numbers are on screen. */
export const BALANCE_VISIBLE_MARK = 'coinsight:balance-visible';

type State = { status: 'loading' } | { status: 'ready'; view: BalanceView; now: number } | { status: 'error'; message: string };

export function BalancePopup({ db, settings }: { db: CoinsightDb; settings: Promise<Settings> }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [account, setAccount] = useState<string | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    settings
      .then((s) => {
        const now = clockNow();
        return loadBalanceView(db, {
          now, weekStart: s.weekStart, timeZone: timeZone(),
          ...(account !== undefined ? { account } : {}),
        }).then((view) => ({ view, now }));
      })
      .then(({ view, now }) => !cancelled && setState({ status: 'ready', view, now }))
      .catch((error: unknown) => !cancelled && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      cancelled = true;
    };
  }, [db, settings, account]);

  useEffect(() => {
    // "Balance numbers visible": the mark `npm run bench` reads for the popup's time to first meaningful paint.
    if (state.status === 'ready') requestAnimationFrame(() => performance.mark(BALANCE_VISIBLE_MARK));
  }, [state]);

  if (state.status === 'loading') return <p class="muted" data-testid="loading">{t('loading')}</p>;
  if (state.status === 'error') return <p class="error" data-testid="load-error">{t('loadError', state.message)}</p>;
  const { view, now } = state;
  const locale = uiLocale();

  return (
    <div data-testid="balance-ready">
      <div class="header">
        <h1><img src="/icons/icon-32.png" width="20" height="20" alt="" />Coinsight</h1>
        <AccountPicker view={view} onPick={setAccount} />
      </div>
      {view.empty ? <EmptyState /> : <Overview view={view} now={now} locale={locale} />}
      <p class="muted"><a href="#" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>{t('openSettings')}</a></p>
    </div>
  );
}

function AccountPicker({ view, onPick }: { view: BalanceView; onPick: (uid: string) => void }) {
  if (view.accounts.length < 2) {
    const only = view.accounts[0];
    return only ? <span class="muted" data-testid="account">@{only.uniqueId ?? only.uid}</span> : null;
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

function Overview({ view, now, locale }: { view: BalanceView; now: number; locale: string }) {
  const rate = averageRate(view.lifetime) ?? DEFAULT_WEB_RATE;
  return (
    <>
      <h2>{t('coinsHeld')}</h2>
      <div class="card">
        {view.balance ? (
          <>
            <div class="big" data-testid="balance-coins">{formatCoins(view.balance.coins, locale)}</div>
            <div class="muted" data-testid="balance-seen" title={formatDateTime(view.balance.at, locale)}>
              {t('balanceSeen', formatRelative(view.balance.at, now, locale))}
            </div>
          </>
        ) : <div class="muted" data-testid="balance-unknown">{t('balanceUnknown')}</div>}
      </div>

      <h2>{t('coinsSpent')}</h2>
      <div class="grid3">
        <Stat testid="spent-today" label={t('today')} totals={view.today} locale={locale} />
        <Stat testid="spent-week" label={t('thisWeek')} totals={view.week} locale={locale} />
        <Stat testid="spent-month" label={t('thisMonth')} totals={view.month} locale={locale} />
      </div>

      <h2>{t('rechargesHeading')}</h2>
      <div class="card">
        <RechargeLine testid="recharged-month" label={t('thisMonth')} totals={view.month} locale={locale} />
        <RechargeLine testid="recharged-total" label={t('allTime')} totals={view.lifetime} locale={locale} />
        {view.lifetime.adjustmentCoins > 0 && (
          <div class="muted" data-testid="coins-elsewhere">{t('coinsFromElsewhere', formatCoins(view.lifetime.adjustmentCoins, locale))}</div>
        )}
      </div>

      <h2>{t('recentHeading')}</h2>
      <ul class="entries" data-testid="recent">
        {view.recent.map((entry) => <EntryRow key={entry.id} entry={entry} rate={rate} locale={locale} now={now} />)}
      </ul>
      {view.recent.some((entry) => entry.kind === 'gift') && (
        // Said on screen, not only in a tooltip that keyboard and touch users never see.
        <p class="note" data-testid="estimate-basis">{t(rate.basis === 'your-average' ? 'estimateYourAverage' : 'estimateDefaultRate')}</p>
      )}
    </>
  );
}

/** Coins spent in a period: gifts Coinsight saw plus spending it inferred from the balance, the latter said aloud. */
function Stat({ testid, label, totals, locale }: { testid: string; label: string; totals: Totals; locale: string }) {
  const unseen = totals.unseenSpendCoins;
  return (
    <div class="card stat">
      <div class="value" data-testid={testid}>{formatCoins(spentCoins(totals), locale)}</div>
      <div class="label">{label}</div>
      {unseen > 0 && (
        <div class="label" data-testid={`${testid}-unseen`} title={t('unseenSpendExplained')}>{t('unseenSpendPart', formatCoins(unseen, locale))}</div>
      )}
    </div>
  );
}

function RechargeLine({ testid, label, totals, locale }: { testid: string; label: string; totals: Totals; locale: string }) {
  const money = formatTotals(totals.money, locale);
  return (
    <div>
      <span class="muted">{label}: </span>
      <strong data-testid={testid}>{money.length ? money.join(' + ') : t('nothingYet')}</strong>
      {totals.unpricedRechargeCoins > 0 && <span class="muted"> {t('unpricedCoins', formatCoins(totals.unpricedRechargeCoins, locale))}</span>}
    </div>
  );
}

function EntryRow({ entry, rate, locale, now }: { entry: LedgerEntry; rate: CoinRate; locale: string; now: number }) {
  const when = formatWhen(entry.at, now, locale);
  switch (entry.kind) {
    case 'gift': {
      const estimate = estimateCost(entry.coins, rate);
      const creator = entry.creatorHandle ? `@${entry.creatorHandle}` : entry.creatorId ? t('creatorId', entry.creatorId) : t('unknownCreator');
      return (
        <li data-testid="recent-entry" data-kind="gift">
          <span class="entry-title">{entry.count > 1 ? `${entry.giftName} × ${formatCoins(entry.count, locale)}` : entry.giftName}</span>
          <span class="entry-coins" data-testid="entry-coins">−{formatCoins(entry.coins, locale)}</span>
          <span class="entry-sub">{t('toCreator', creator)} · {when}</span>
          <span class="entry-money estimate" data-testid="entry-money" title={t(rate.basis === 'your-average' ? 'estimateYourAverage' : 'estimateDefaultRate')}>
            {t('estimated', formatMoney(estimate, locale))}
          </span>
        </li>
      );
    }
    case 'recharge':
      return (
        <li data-testid="recent-entry" data-kind="recharge">
          <span class="entry-title">{t('recharge')}</span>
          <span class="entry-coins in" data-testid="entry-coins">+{formatCoins(entry.coins, locale)}</span>
          <span class="entry-sub">{when}</span>
          <span class="entry-money" data-testid="entry-money">{entry.price ? formatMoney(entry.price, locale) : t('priceUnknown')}</span>
        </li>
      );
    case 'unseen-spend':
      return (
        <li data-testid="recent-entry" data-kind="unseen-spend" title={t('unseenSpendExplained')}>
          <span class="entry-title">{t('unseenSpendEntry')}</span>
          <span class="entry-coins" data-testid="entry-coins">−{formatCoins(entry.coins, locale)}</span>
          <span class="entry-sub">{t('unseenSpendWhere')} · {when}</span>
          <span class="entry-money" data-testid="entry-money">{t('priceUnknown')}</span>
        </li>
      );
    case 'adjustment':
      // Coins held when Coinsight first saw the account did not come in then: shown as a starting point, not a gain.
      if (entry.source === 'initial-balance') {
        return (
          <li data-testid="recent-entry" data-kind="adjustment">
            <span class="entry-title">{t('initialBalance')}</span>
            <span class="entry-coins" data-testid="entry-coins">{formatCoins(entry.coins, locale)}</span>
            <span class="entry-sub">{t('initialBalanceWhen', when)}</span>
            <span class="entry-money" data-testid="entry-money">{t('priceUnknown')}</span>
          </li>
        );
      }
      return (
        <li data-testid="recent-entry" data-kind="adjustment">
          <span class="entry-title">{t('coinsElsewhereEntry')}</span>
          <span class="entry-coins in" data-testid="entry-coins">+{formatCoins(entry.coins, locale)}</span>
          <span class="entry-sub">{when}</span>
          <span class="entry-money" data-testid="entry-money">{t('priceUnknown')}</span>
        </li>
      );
  }
}
