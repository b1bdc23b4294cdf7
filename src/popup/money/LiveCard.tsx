/**
 * The LIVE being watched now: coins and money of the gifts to that creator since the tab entered the room (the worker
 * notes the moment, background/live-visits.ts). Shown only when the popup opened over a TikTok LIVE.
 */
import type { ResolvedBasis } from '../../core/conversion';
import { summariseSpend } from '../../core/spend-summary';
import { t } from '../../platform/i18n';
import { formatCoins, formatWhen } from '../../ui/format';
import type { LiveFigures } from './load';
import { EstimateLine, PaidLines, basisShort } from './money-text';
import { ResearchRoomLine } from '../research/room-line';

export function LiveCard({ live, basis, now, timeZone, locale }: { live: LiveFigures; basis: ResolvedBasis; now: number; timeZone: string; locale: string }) {
  const { spend } = live;
  return (
    <section class="card live" data-testid="live-card" aria-labelledby="live-heading">
      <h2 id="live-heading" class="inline">{t('liveHeading')}</h2>{' '}
      <span class="clip handle" tabIndex={0} title={`@${live.handle}`} data-testid="live-handle">@{live.handle}</span>
      {spend ? <LiveSpendLines spend={spend} basis={basis} now={now} timeZone={timeZone} locale={locale} />
        : <p class="note" data-testid="live-unknown-entry">{t('liveUnknownEntry')}</p>}
      {live.research && <ResearchRoomLine room={live.research} locale={locale} />}
    </section>
  );
}

function LiveSpendLines({ spend, basis, now, timeZone, locale }: { spend: NonNullable<LiveFigures['spend']>; basis: ResolvedBasis; now: number; timeZone: string; locale: string }) {
  const summary = summariseSpend(spend.cost, basis.basis);
  return (
    <>
      <div class="live-figures">
        <span class="big-ish" data-testid="live-coins">{formatCoins(summary.coins, locale)}</span>
        <span class="muted"> {t('liveCoinsIn', [formatCoins(spend.sends, locale), formatWhen(spend.visit.enteredAt, now, locale, timeZone)])}</span>
      </div>
      {summary.coins > 0 && (
        <div class="live-money">
          <span>{t('colPaid')}: <PaidLines summary={summary} locale={locale} testid="live-paid" /></span>
          <span>{t('colEstimated')}: <EstimateLine summary={summary} locale={locale} testid="live-estimated" /></span>
        </div>
      )}
      {summary.estimate && <p class="note" data-testid="live-estimate-basis">{t('estimateAtBasis', basisShort(basis, locale))}</p>}
    </>
  );
}
