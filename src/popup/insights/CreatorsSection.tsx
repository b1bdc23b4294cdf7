/**
 * Top creators this month: coins as soon as the month's gifts are read, then what they were paid with (the cost
 * basis), then the creator's estimated payout and the platform's share; each creator expands to its gifts.
 */
import { useEffect, useState } from 'preact/hooks';
import { creatorSideOf, type CreatorSums } from '../../core/creators';
import { formatMoney } from '../../core/money';
import { t } from '../../platform/i18n';
import { creatorsIn, withMoney, type CreatorsView } from '../../queries/creators';
import { formatCoins } from '../../ui/format';
import type { InsightsContext } from './Insights';
import { costText, estimateText, markAfterPaint } from './money-text';

export const TOP_CREATORS = 10;
export const CREATORS_VISIBLE_MARK = 'coinsight:creators-visible';

export function creatorName(creator: Pick<CreatorSums, 'handle' | 'creatorId'>): string {
  return creator.handle ? `@${creator.handle}` : creator.creatorId ? t('creatorId', creator.creatorId) : t('unknownCreator');
}

export function CreatorsSection({ context }: { context: InsightsContext }) {
  const { db, account, month, locale } = context;
  const [view, setView] = useState<CreatorsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    creatorsIn(db, account, month)
      .then((coins) => {
        if (cancelled) return null;
        setView(coins);
        markAfterPaint(CREATORS_VISIBLE_MARK);
        return withMoney(db, account, coins);
      })
      .then((costed) => costed && !cancelled && setView(costed))
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [db, account, month.start]);

  if (error) return <p class="error" data-testid="creators-error">{t('loadError', error)}</p>;
  if (!view) return <p class="muted">{t('loading')}</p>;
  const top = view.creators.slice(0, TOP_CREATORS);
  const rest = view.creators.slice(TOP_CREATORS);
  return (
    <section data-testid="creators" data-costed={String(view.creators.every((c) => c.costed))}>
      <h2>{t('topCreatorsHeading')}</h2>
      {top.length === 0 ? <p class="muted" data-testid="creators-none">{t('creatorsNone')}</p> : (
        <ol class="creators">
          {top.map((creator) => <CreatorRow key={creator.key} creator={creator} context={context} />)}
        </ol>
      )}
      {rest.length > 0 && (
        <p class="muted" data-testid="creators-rest">
          {t('creatorsRest', [formatCoins(rest.length, locale), formatCoins(rest.reduce((sum, c) => sum + c.coins, 0), locale)])}
        </p>
      )}
    </section>
  );
}

function CreatorRow({ creator, context }: { creator: CreatorSums; context: InsightsContext }) {
  const { locale, basis, diamondValue } = context;
  const [open, setOpen] = useState(false);
  const side = creatorSideOf(creator, basis.basis, diamondValue);
  return (
    <li data-testid="creator" data-key={creator.key}>
      <div class="creator-head">
        <span class="creator-name" data-testid="creator-name">{creatorName(creator)}</span>
        <span class="creator-coins" data-testid="creator-coins">{t('coinsAmount', formatCoins(creator.coins, locale))}</span>
      </div>
      <div class="muted" data-testid="creator-gifts">{t('giftsAndSends', [formatCoins(creator.gifts, locale), formatCoins(creator.sends, locale)])}</div>
      <div class="muted" data-testid="creator-money">
        {creator.costed ? costText(creator.paid, side.estimated, locale) : t('moneyCalculating')}
      </div>
      <div class="muted" data-testid="creator-side">
        {t('creatorReceives', estimateText(side.payout, locale))}
        {side.platform && <> · {t('platformKeeps', estimateText(side.platform, locale))}</>}
      </div>
      <button type="button" class="link" aria-expanded={open} data-testid="creator-expand" onClick={() => setOpen(!open)}>
        {t(open ? 'hideGifts' : 'showGifts')}
      </button>
      {open && <GiftTable creator={creator} context={context} />}
    </li>
  );
}

function GiftTable({ creator, context }: { creator: CreatorSums; context: InsightsContext }) {
  const { locale, basis, diamondValue } = context;
  return (
    <table class="compact" data-testid="creator-gift-table">
      <caption class="visually-hidden">{t('giftsTo', creatorName(creator))}</caption>
      <thead><tr><th scope="col">{t('gift')}</th><th scope="col">{t('coins')}</th><th scope="col">{t('diamonds')}</th><th scope="col">{t('payoutColumn')}</th><th scope="col">{t('costColumn')}</th></tr></thead>
      <tbody>
        {creator.byGift.map((line) => {
          const side = creatorSideOf(line, basis.basis, diamondValue);
          return (
            <tr key={line.giftId} data-testid="creator-gift">
              <th scope="row">{line.gifts > 1 ? `${line.giftName} × ${formatCoins(line.gifts, locale)}` : line.giftName}</th>
              <td class="num">{formatCoins(line.coins, locale)}</td>
              <td class="num">{formatCoins(side.diamonds, locale)}</td>
              <td class="num estimate">≈ {formatMoney(side.payout, locale)}</td>
              <td>{line.costed ? costText(line.paid, side.estimated, locale) : t('moneyCalculating')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
