/**
 * One entry of the activity list. A spend (gift, unseen spending) shows what it cost (./money/CostCells.tsx): paid,
 * estimated, or both; an estimate says on screen which coins it priced and at which basis. Long names and handles stay on one line with an
 * ellipsis; the full text shows on focus or hover (CSS `.clip`), so keyboard and touch users can read it too.
 */
import type { LedgerEntry } from '../core/ledger';
import { t } from '../platform/i18n';
import { formatCoins, formatWhen } from '../ui/format';
import { formatMoney } from '../core/money';
import type { Money } from './useBalanceData';

export interface RowContext {
  /** null while the money figures load, or when they failed (`moneyFailed`). */
  money: Money | null;
  moneyFailed: boolean;
  locale: string;
  now: number;
  timeZone: string;
}

export function creatorOf(entry: { creatorHandle?: string; creatorId?: string }): string {
  return entry.creatorHandle ? `@${entry.creatorHandle}` : entry.creatorId ? t('creatorId', entry.creatorId) : t('unknownCreator');
}

/** Text that may be long: one line, ellipsis, the whole of it on focus/hover and in the title. */
export function Clip({ class: extra, text, testid }: { class: string; text: string; testid?: string }) {
  return <span class={`clip ${extra}`} tabIndex={0} title={text} data-testid={testid}>{text}</span>;
}

/** A spend's cost cells, from the money module once it has loaded. */
export function Cost({ id, ctx }: { id: string; ctx: RowContext }) {
  const { money } = ctx;
  if (!money) return <MoneyPending ctx={ctx} />;
  return <money.ui.CostCells cost={money.figures.costs.get(id)} money={money.figures} locale={ctx.locale} />;
}

/** The money cell before the money module answered: loading, or nothing to show when it failed (said above the list). */
export function MoneyPending({ ctx }: { ctx: RowContext }) {
  return <span class="entry-money muted" data-testid="entry-money">{ctx.moneyFailed ? t('none') : t('loadingShort')}</span>;
}

export function EntryRow({ entry, ctx }: { entry: LedgerEntry; ctx: RowContext }) {
  const when = formatWhen(entry.at, ctx.now, ctx.locale, ctx.timeZone);
  const coins = formatCoins(entry.coins, ctx.locale);
  switch (entry.kind) {
    case 'gift':
      return (
        <li data-testid="recent-entry" data-kind="gift">
          <Clip class="entry-title" text={entry.count > 1 ? `${entry.giftName} × ${formatCoins(entry.count, ctx.locale)}` : entry.giftName} />
          <span class="entry-coins" data-testid="entry-coins">−{coins}</span>
          <Clip class="entry-sub" text={`${t('toCreator', creatorOf(entry))} · ${when}`} testid="entry-sub" />
          <Cost id={entry.id} ctx={ctx} />
        </li>
      );
    case 'recharge':
      return (
        <li data-testid="recent-entry" data-kind="recharge">
          <span class="entry-title">{t('recharge')}</span>
          <span class="entry-coins in" data-testid="entry-coins">+{coins}</span>
          <span class="entry-sub">{when}</span>
          <span class="entry-money" data-testid="entry-money">{entry.price ? formatMoney(entry.price, ctx.locale) : t('priceUnknown')}</span>
        </li>
      );
    case 'unseen-spend':
      return (
        <li data-testid="recent-entry" data-kind="unseen-spend">
          <span class="entry-title">{t('unseenSpendEntry')}</span>
          <span class="entry-coins" data-testid="entry-coins">−{coins}</span>
          <Clip class="entry-sub" text={`${t('unseenSpendWhere')} · ${when}`} />
          <Cost id={entry.id} ctx={ctx} />
        </li>
      );
    case 'imported-gift':
    case 'imported-purchase':
      // Never shown as a capture: the source is said on the row, and a row that does not count says so.
      return (
        <li data-testid="recent-entry" data-kind={entry.kind} data-source="tiktok-download" data-status={entry.status} class={entry.status === 'history' ? undefined : 'held'}>
          <span class="entry-title">{t(entry.kind === 'imported-gift' ? 'importedGiftEntry' : 'importedPurchaseEntry')}</span>
          <span class={entry.kind === 'imported-gift' ? 'entry-coins' : 'entry-coins in'} data-testid="entry-coins">{entry.kind === 'imported-gift' ? '−' : '+'}{coins}</span>
          <Clip class="entry-sub" text={`${entry.kind === 'imported-gift' ? `${t('toCreator', entry.creatorHandle)} · ` : ''}${when} · ${t(`importStatus_${entry.status.replaceAll('-', '_')}`)}`} testid="entry-sub" />
          <span class="entry-money" data-testid="entry-money">{t('importedSource')}</span>
        </li>
      );
    case 'adjustment':
      // Coins held when Coinsight first saw the account did not come in then: a starting point, never shown as a gain.
      if (entry.source === 'initial-balance') {
        return (
          <li data-testid="recent-entry" data-kind="adjustment" data-source="initial-balance" class="held">
            <span class="entry-title">{t('initialBalance')}</span>
            <span class="entry-coins held-coins" data-testid="entry-coins">{coins}</span>
            <Clip class="entry-sub" text={t('initialBalanceWhen', when)} />
            <span class="entry-money" data-testid="entry-money">{t('notAPurchase')}</span>
          </li>
        );
      }
      return (
        <li data-testid="recent-entry" data-kind="adjustment">
          <span class="entry-title">{t('coinsElsewhereEntry')}</span>
          <span class="entry-coins in" data-testid="entry-coins">+{coins}</span>
          <span class="entry-sub">{when}</span>
          <span class="entry-money" data-testid="entry-money">{t('priceUnknown')}</span>
        </li>
      );
  }
}
