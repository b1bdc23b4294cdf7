/**
 * "Creators & charts" (issue 8 items 5 and 6), loaded only when the user opens it: top creators this month, each
 * expandable to its gifts, and four charts that each load (chart.js included) only when opened, each with a table of
 * the same numbers. Every estimate says its basis on screen.
 */
import { useEffect, useState } from 'preact/hooks';
import { diamondValueOf, type DiamondValue, type ResolvedBasis } from '../../core/conversion';
import { monthWindow, type Window } from '../../core/periods';
import { now as clockNow, timeZone } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';
import { basisFor } from '../../queries/series';
import type { InsightsProps } from '../InsightsLauncher';
import { BasisNotes } from './BasisNotes';
import { CreatorsSection } from './CreatorsSection';
import { BalanceChart, CreatorsChart, SpendChart } from './charts';
import styles from './insights.css?inline';

// Its own styles travel with this module (as text), so opening the part needs no stylesheet request and the popup's
// first paint carries no loader for one.
const sheet = document.createElement('style');
sheet.textContent = styles;
document.head.append(sheet);

/** What every part of the view shares: the clock, the zone, and the rates estimates rest on. */
export interface InsightsContext extends Omit<InsightsProps, 'settings'> {
  now: number;
  timeZone: string;
  locale: string;
  month: Window;
  basis: ResolvedBasis;
  diamondValue: DiamondValue;
}

export function Insights({ db, settings, account }: InsightsProps) {
  const [context, setContext] = useState<InsightsContext | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    settings.then(async (s) => {
      const now = clockNow();
      const zone = timeZone();
      const basis = await basisFor(db, account, s.conversion, s.displayCurrency);
      if (!cancelled) {
        setContext({
          db, account, now, timeZone: zone, locale: uiLocale(), month: monthWindow(now, zone), basis, diamondValue: diamondValueOf(s.conversion.diamondRate),
        });
      }
    }).catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [db, settings, account]);

  if (error) return <p class="error" data-testid="insights-error">{t('loadError', error)}</p>;
  if (!context) return <p class="muted">{t('loading')}</p>;
  return (
    <div class="insights" data-testid="insights">
      <CreatorsSection context={context} />
      <h2>{t('chartsHeading')}</h2>
      <SpendChart context={context} kind="day" />
      <SpendChart context={context} kind="month" />
      <BalanceChart context={context} />
      <CreatorsChart context={context} />
      <BasisNotes context={context} />
    </div>
  );
}
