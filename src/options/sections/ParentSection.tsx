/**
 * The parent's view (issue 11, item 5): this week and this month spent in coins and money, gifts a block held back,
 * the top creators, the times Coinsight was not running, balance changes the ledger cannot explain, and the activity
 * log, newest first, a page at a time. Everything comes through one message, `parent/summary`, so the lock's gate can
 * keep it behind the PIN; a refusal is shown as it is said.
 */
import { useEffect, useState } from 'preact/hooks';
import { LAST_BEAT_KEY } from '../../core/activity/gaps';
import { MANAGED_KEY } from '../../core/managed/ids';
import { t, uiLocale } from '../../platform/i18n';
import { isLockRefusal, send, sendOnce } from '../../platform/messaging';
import type { PeriodSpend } from '../../queries/parent-summary';
import type { ParentView } from '../../queries/parent-view';
import { unpricedTotal } from '../../queries/spend-money';
import { formatCoins, formatDateTime, formatTotals } from '../../ui/format';
import { logSentence } from '../../ui/parent-text';
import { ParentLog } from './ParentLog';
import { onLocalChanges } from '../../platform/local-changes';

/**
 * storage.local keys whose change means the summary may have changed: the heartbeat (each minute) and the policy. Not
 * the limits: a summary read at each limit save competes with the save's own guard refresh in the worker.
 */
const WATCHED = [LAST_BEAT_KEY, MANAGED_KEY];

export function ParentSection() {
  const [page, setPage] = useState(0);
  const [view, setView] = useState<ParentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Behind the lock: the page's own reads never pop the unlock prompt (they run at every open and every minute); the
  // Unlock button asks for it.
  const [locked, setLocked] = useState(false);
  const locale = uiLocale();

  const load = async (at: number, askUnlock = false) => {
    try {
      setView(await (askUnlock ? send : sendOnce)('parentSummary', { page: at }));
      setError(null);
      setLocked(false);
    } catch (failure) {
      if (isLockRefusal(failure)) {
        setLocked(true);
        setView(null);
        return;
      }
      setError((failure instanceof Error ? failure.message : String(failure)).replace(/^RefusedError: /, ''));
    }
  };
  useEffect(() => {
    void load(page);
    return onLocalChanges(WATCHED, () => void load(page));
  }, [page]);

  return (
    <section aria-labelledby="parent-title" data-testid="parent">
      <h2 id="parent-title" tabIndex={-1}>{t('parentTitle')}</h2>
      <p class="muted">{t('parentIntro')}</p>
      {error !== null && <p class="error" role="alert" data-testid="parent-error">{t('parentLoadFailed', [error])}</p>}
      {locked && (
        <p data-testid="parent-locked">
          {t('parentLocked')}{' '}
          <button type="button" data-testid="parent-unlock" onClick={() => void load(page, true)}>{t('lockUnlock')}</button>
        </p>
      )}
      {view && (
        <div data-testid="parent-ready">
          <Managed view={view} />
          <table data-testid="parent-periods">
            <thead>
              <tr><th scope="col">{t('parentPeriod')}</th><th scope="col">{t('parentSpentCoins')}</th><th scope="col">{t('parentSpentMoney')}</th><th scope="col">{t('parentBlockedAttempts')}</th></tr>
            </thead>
            <tbody>
              <PeriodRow label={t('parentThisWeek')} testid="parent-week" period={view.week} locale={locale} />
              <PeriodRow label={t('parentThisMonth')} testid="parent-month" period={view.month} locale={locale} />
            </tbody>
          </table>
          <h3>{t('parentTopCreators')}</h3>
          {view.topCreators.length === 0 ? <p class="muted">{t('parentNoCreators')}</p> : (
            <ol data-testid="parent-creators">
              {view.topCreators.map((creator) => (
                <li key={creator.key}>{t('parentCreatorLine', [creator.handle ? `@${creator.handle}` : creator.key || t('parentCreatorUnknown'), formatCoins(creator.coins, locale), formatCoins(creator.gifts, locale)])}</li>
              ))}
            </ol>
          )}
          <h3>{t('parentGapsTitle')}</h3>
          {view.gaps.length === 0 ? <p class="muted" data-testid="parent-no-gaps">{t('parentNoGaps')}</p> : (
            <ul data-testid="parent-gaps">
              {view.gaps.map((gap) => <li key={gap.id} data-testid="parent-gap" data-kind={gap.kind}>{logSentence(gap, locale, t)}</li>)}
            </ul>
          )}
          {view.lastBeat !== null && <p class="muted" data-testid="parent-last-beat">{t('parentLastBeat', [formatDateTime(view.lastBeat, locale)])}</p>}
          <h3>{t('parentBalanceTitle')}</h3>
          {view.balanceChanges.length === 0 ? <p class="muted">{t('parentNoBalanceChanges')}</p> : (
            <ul data-testid="parent-balance-changes">
              {view.balanceChanges.map((change) => (
                <li key={change.id}>{t(change.direction === 'fell' ? 'parentBalanceFell' : 'parentBalanceRose', [formatDateTime(change.at, locale), formatCoins(change.coins, locale)])}</li>
              ))}
            </ul>
          )}
          <ParentLog rows={view.log.rows} page={view.log.page} more={view.log.more} locale={locale} onPage={setPage} />
        </div>
      )}
    </section>
  );
}

function PeriodRow({ label, testid, period, locale }: { label: string; testid: string; period: PeriodSpend; locale: string }) {
  const paid = formatTotals(period.spent.paid, locale);
  const unpriced = unpricedTotal(period.spent);
  return (
    <tr data-testid={testid}>
      <th scope="row">{label}</th>
      <td data-testid={`${testid}-coins`}>{formatCoins(period.spent.coins, locale)}</td>
      <td data-testid={`${testid}-money`}>
        {paid.length ? paid.join(' + ') : t('parentNoMoney')}
        {unpriced > 0 && <span class="muted estimate-label">{' · '}{t('parentUnpriced', [formatCoins(unpriced, locale)])}</span>}
      </td>
      <td data-testid={`${testid}-blocked`}>{formatCoins(period.blockedAttempts, locale)}</td>
    </tr>
  );
}

function Managed({ view }: { view: ParentView }) {
  const { managed } = view;
  if (!managed.active && managed.problems.length === 0) return null;
  const parts = [
    ...(managed.limits > 0 ? [t('parentManagedLimits', [String(managed.limits)])] : []),
    ...(managed.lock ? [t('parentManagedLock')] : []),
    ...(managed.research ? [t('parentManagedResearch')] : []),
  ];
  return (
    <div data-testid="parent-managed">
      {managed.active && <p>{t('parentManaged', [parts.join(', ')])}</p>}
      {managed.problems.length > 0 && (
        <>
          <p class="error">{t('parentManagedProblems')}</p>
          <ul data-testid="parent-managed-problems">{managed.problems.map((problem) => <li key={problem}><code>{problem}</code></li>)}</ul>
        </>
      )}
    </div>
  );
}
