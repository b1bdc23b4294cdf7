// How paid and estimated money read on screen: paid figures per currency, never added across currencies, and an
// estimate always says it is one (its basis is said once for the whole view, in BasisNotes).
import { formatMoney, type Money, type MoneyTotals } from '../../core/money';
import { t } from '../../platform/i18n';
import { formatTotals } from '../../ui/format';

export function paidText(paid: MoneyTotals, locale: string): string {
  const parts = formatTotals(paid, locale);
  return parts.length ? t('paidMoney', parts.join(' + ')) : '';
}

export function estimateText(money: Money | null, locale: string): string {
  return money ? t('estimated', formatMoney(money, locale)) : '';
}

/** "paid $0.21 · ≈ $1.06 (estimated)", or "—" when nothing was spent. */
export function costText(paid: MoneyTotals, estimated: Money | null, locale: string): string {
  return [paidText(paid, locale), estimateText(estimated, locale)].filter(Boolean).join(' · ') || '—';
}

/** Sets a performance mark in the frame after the current render: what `npm run bench` reads. */
export function markAfterPaint(name: string): void {
  requestAnimationFrame(() => performance.mark(name));
}
