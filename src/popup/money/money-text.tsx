/**
 * How money reads everywhere in the popup: paid amounts as they are, estimates always with "≈" and the word
 * "estimated", bases and reasons by name. One file, so the Balance view never says the same thing two ways.
 */
import type { DiamondValue, ExchangeRate, RateBasis, ResolvedBasis } from '../../core/conversion';
import type { UnpricedReason } from '../../core/lots';
import { formatMoney, type Money } from '../../core/money';
import { paidList, type SpendSummary } from '../../core/spend-summary';
import { t } from '../../platform/i18n';
import { formatCoins } from '../../ui/format';

const BASIS_NAMES: Record<RateBasis['kind'], string> = {
  'your-purchases': 'basisYourPurchases',
  'web-package': 'basisWebPackage',
  'web-custom': 'basisWebCustom',
  'app-package': 'basisAppPackage',
  custom: 'basisCustom',
};

export function basisName(kind: RateBasis['kind']): string {
  return t(BASIS_NAMES[kind]);
}

/** "70 coins = $0.74" */
export function rateText(basis: RateBasis, locale: string): string {
  return t('rateText', [formatCoins(basis.rate.coins, locale), formatMoney({ minor: basis.rate.minor, currency: basis.rate.currency }, locale)]);
}

export function asOfText(asOf: string | null): string {
  return asOf ? t('asOf', asOf) : t('asOfUnknown');
}

/** "TikTok's web packages, 70 coins = $0.74 (as of 2022)": what a row says priced its estimate. */
export function basisShort(resolved: ResolvedBasis, locale: string): string {
  return `${basisName(resolved.basis.kind)}, ${rateText(resolved.basis, locale)} (${asOfText(resolved.basis.asOf)})`;
}

export const REASON_KEYS: Record<UnpricedReason, { label: string; why: string }> = {
  'initial-balance': { label: 'reasonInitialBalance', why: 'reasonInitialBalanceWhy' },
  'balance-rise': { label: 'reasonBalanceRise', why: 'reasonBalanceRiseWhy' },
  'unpriced-recharge': { label: 'reasonUnpricedRecharge', why: 'reasonUnpricedRechargeWhy' },
  deficit: { label: 'reasonDeficit', why: 'reasonDeficitWhy' },
};

export function reasonLabel(reason: UnpricedReason): string {
  return t(REASON_KEYS[reason].label);
}

export function money(amount: Money, locale: string): string {
  return formatMoney(amount, locale);
}

/** "≈ $1.04" */
export function approx(amount: Money, locale: string): string {
  return t('approx', formatMoney(amount, locale));
}

/** Paid amounts, one per currency (never added across currencies), each on its own line. */
export function PaidLines({ summary, locale, testid }: { summary: SpendSummary; locale: string; testid: string }) {
  const list = paidList(summary.paid);
  if (list.length === 0) return <span class="none" data-testid={testid}>{t('none')}</span>;
  return <span data-testid={testid}>{list.map((amount) => <span class="line" key={amount.currency}>{money(amount, locale)}</span>)}</span>;
}

export function EstimateLine({ summary, locale, testid }: { summary: SpendSummary; locale: string; testid: string }) {
  if (!summary.estimate) return <span class="none" data-testid={testid}>{t('none')}</span>;
  return <span class="estimate" data-testid={testid}>{approx(summary.estimate, locale)}</span>;
}

/** One line for a row: "$0.31 paid", "≈ $1.04 estimated", or "$0.01 paid + ≈ $1.03 estimated". */
export function costText(summary: SpendSummary, locale: string): string {
  const paid = paidList(summary.paid).map((amount) => money(amount, locale)).join(' + ');
  if (!summary.estimate) return paid ? t('paidAmount', paid) : t('none');
  const estimate = approx(summary.estimate, locale);
  return paid ? t('paidAndEstimated', [paid, estimate]) : t('estimatedAmount', estimate);
}

/** "held at install, coins from elsewhere": the reasons a piece of spending has coins of unknown price. */
export function reasonsOf(summary: Pick<SpendSummary, 'unpriced'>): string {
  return (Object.keys(REASON_KEYS) as UnpricedReason[]).filter((reason) => (summary.unpriced[reason] ?? 0) > 0).map(reasonLabel).join(', ');
}

/** "$1.00 = €0.92 (as of 2025-03-01)" */
export function exchangeRateText(rate: ExchangeRate, locale: string): string {
  return t('exchangeRateText', [
    money({ minor: rate.fromMinor, currency: rate.from }, locale), money({ minor: rate.toMinor, currency: rate.to }, locale), asOfText(rate.asOf),
  ]);
}

/** "$0.01 for 2 diamonds" */
export function diamondRateText(value: DiamondValue, locale: string): string {
  return t('diamondRateText', [money({ minor: value.rate.minor, currency: value.rate.currency }, locale), formatCoins(value.rate.diamonds, locale)]);
}
