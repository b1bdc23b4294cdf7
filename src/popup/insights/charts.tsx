/**
 * The four charts, each a disclosure that reads its data and loads chart.js (draw.ts) only when first opened, and each
 * with a real table of the same numbers (keyboard-reachable, for screen readers and for anyone who prefers numbers).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMoney } from '../../core/money';
import { t } from '../../platform/i18n';
import { creatorsIn } from '../../queries/creators';
import { balanceSeries, moneySeries, spendSeries, type BalancePoint, type PeriodMoney, type SeriesKind, type SpendPoint } from '../../queries/series';
import { formatCoins } from '../../ui/format';
import { TOP_CREATORS, creatorName } from './CreatorsSection';
import type { ChartSpec } from './draw';
import type { InsightsContext } from './Insights';
import { markAfterPaint, paidText } from './money-text';

interface PanelProps<T> {
  id: string;
  title: string;
  load: () => Promise<T>;
  spec: (data: T) => ChartSpec;
  table: (data: T) => ComponentChildren;
}

/** A chart behind a disclosure: nothing is read or loaded until it is opened. */
function ChartPanel<T>({ id, title, load, spec, table }: PanelProps<T>) {
  const [opened, setOpened] = useState(false);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!opened || data) return;
    load().then((loaded) => {
      setData(loaded);
      markAfterPaint(`coinsight:table-visible:${id}`);
    }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [opened]);
  useEffect(() => {
    if (!data || !canvas.current) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    import('./draw').then(({ drawChart }) => {
      if (cancelled || !canvas.current) return;
      chart = drawChart(canvas.current, spec(data));
      markAfterPaint(`coinsight:chart-visible:${id}`);
    }, (e: unknown) => setError(String(e)));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [data]);
  return (
    <details class="chart" data-testid={`chart-${id}`} onToggle={(event) => setOpened(opened || (event.currentTarget as HTMLDetailsElement).open)}>
      <summary data-testid={`chart-${id}-open`}>{title}</summary>
      {error && <p class="error">{t('loadError', error)}</p>}
      {!data && !error && <p class="muted">{t('loading')}</p>}
      {data && (
        <>
          <canvas ref={canvas} width={348} height={180} role="img" aria-label={t('chartAlt', title)} data-testid={`chart-${id}-canvas`} />
          <details class="table-alt">
            <summary data-testid={`chart-${id}-table-open`}>{t('showAsTable')}</summary>
            <div class="table-scroll" role="region" aria-label={title} tabIndex={0}>
              <table class="compact" data-testid={`chart-${id}-table`}>
                <caption class="visually-hidden">{title}</caption>
                {table(data)}
              </table>
            </div>
          </details>
        </>
      )}
    </details>
  );
}

function periodLabel(point: SpendPoint, kind: SeriesKind, context: InsightsContext): string {
  const options: Intl.DateTimeFormatOptions = kind === 'day' ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat(context.locale, { ...options, timeZone: context.timeZone }).format(point.start);
}

export function SpendChart({ context, kind }: { context: InsightsContext; kind: SeriesKind }) {
  const { db, account, locale } = context;
  const [money, setMoney] = useState<PeriodMoney[] | null>(null);
  const title = t(kind === 'day' ? 'chartPerDay' : 'chartPerMonth');
  const load = async () => {
    const points = await spendSeries(db, account, kind, context);
    // Coins first; what they cost comes from the cost basis, after.
    void moneySeries(db, account, points, context.basis).then(setMoney, () => setMoney(null));
    return points;
  };
  return (
    <ChartPanel<SpendPoint[]>
      id={kind}
      title={title}
      load={load}
      spec={(points) => ({ type: 'bar', label: t('coinsSpent'), labels: points.map((p) => periodLabel(p, kind, context)), values: points.map((p) => p.coins) })}
      table={(points) => (
        <>
          <thead><tr><th scope="col">{t(kind === 'day' ? 'day' : 'month')}</th><th scope="col">{t('coins')}</th><th scope="col">{t('paidColumn')}</th><th scope="col">{t('estimatedColumn')}</th></tr></thead>
          <tbody>
            {points.map((point, i) => (
              <tr key={point.start} data-testid="row">
                <th scope="row">{periodLabel(point, kind, context)}</th>
                <td class="num" data-testid="row-coins">{formatCoins(point.coins, locale)}</td>
                <td data-testid="row-paid">{money ? paidText(money[i]!.paid, locale) || '—' : t('moneyCalculating')}</td>
                <td class="estimate" data-testid="row-estimated">{money ? (money[i]!.estimated ? `≈ ${formatMoney(money[i]!.estimated!, locale)}` : '—') : ''}</td>
              </tr>
            ))}
          </tbody>
        </>
      )}
    />
  );
}

export function BalanceChart({ context }: { context: InsightsContext }) {
  const { db, account, locale, now } = context;
  const label = (p: BalancePoint) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: context.timeZone }).format(p.at);
  return (
    <ChartPanel<BalancePoint[]>
      id="balance"
      title={t('chartBalance')}
      load={() => balanceSeries(db, account, { now })}
      spec={(points) => ({ type: 'line', label: t('coinsHeld'), labels: points.map(label), values: points.map((p) => p.coins) })}
      table={(points) => (
        <>
          <thead><tr><th scope="col">{t('seenAt')}</th><th scope="col">{t('coinsHeld')}</th></tr></thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.at} data-testid="row">
                <th scope="row">{label(point)}</th>
                <td class="num" data-testid="row-coins">{formatCoins(point.coins, locale)}{point.raced ? ` ${t('racedReading')}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </>
      )}
    />
  );
}

export function CreatorsChart({ context }: { context: InsightsContext }) {
  const { db, account, locale, month } = context;
  return (
    <ChartPanel
      id="creators"
      title={t('chartCreators')}
      load={async () => (await creatorsIn(db, account, month)).creators.slice(0, TOP_CREATORS)}
      spec={(creators) => ({ type: 'bar', horizontal: true, label: t('coinsSpent'), labels: creators.map(creatorName), values: creators.map((c) => c.coins) })}
      table={(creators) => (
        <>
          <thead><tr><th scope="col">{t('creator')}</th><th scope="col">{t('coins')}</th></tr></thead>
          <tbody>
            {creators.map((creator) => (
              <tr key={creator.key} data-testid="row">
                <th scope="row">{creatorName(creator)}</th>
                <td class="num" data-testid="row-coins">{formatCoins(creator.coins, locale)}</td>
              </tr>
            ))}
          </tbody>
        </>
      )}
    />
  );
}
