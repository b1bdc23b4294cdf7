/**
 * "Of this, creators received ≈ X": every coin spent becomes a diamond for a creator, valued at the diamond value in
 * force (the user's, or the reported default), whose source and date are shown right here, not behind a tooltip.
 * The platform's share is what was spent (paid + estimated) less that, when both are in one currency.
 */
import { diamondValueOf, type DiamondRate } from '../../core/conversion';
import { creatorShareOf, type SpendSummary } from '../../core/spend-summary';
import { t } from '../../platform/i18n';
import { formatCoins } from '../../ui/format';
import { diamondSourceText } from '../../ui/source-text';
import { approx, asOfText, diamondRateText } from './money-text';

export function CreatorShareCard({ month, diamondRate, locale }: { month: SpendSummary; diamondRate: DiamondRate | null; locale: string }) {
  if (month.coins === 0) return null;
  const value = diamondValueOf(diamondRate);
  const share = creatorShareOf(month, value);
  return (
    <div class="card share" data-testid="creator-share">
      <div data-testid="creators-received">{t('creatorsReceived', approx(share.payout, locale))}</div>
      {share.platform
        ? <div data-testid="platform-share">{t('platformShare', approx(share.platform, locale))}</div>
        : <div class="muted" data-testid="platform-share-unknown">{t('platformShareUnknown')}</div>}
      <p class="note" data-testid="diamond-value">
        {t('diamondNote', [formatCoins(month.coins, locale), formatCoins(share.diamonds, locale), diamondRateText(value, locale), diamondSourceText(diamondRate !== null), asOfText(value.asOf)])}
      </p>
    </div>
  );
}
