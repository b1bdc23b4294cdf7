/**
 * Rate bases: every basis that can price coins of unknown price (the reported defaults with their source and date,
 * the user's own purchases, a rate the user types), the choice, and which basis is in force for each account, with the
 * reason when the chosen one cannot apply.
 */
import { useEffect, useState } from 'preact/hooks';
import { estimateAt, yourPurchasesBasis, type BasisChoice, type RateBasis } from '../../core/conversion';
import { keyOf } from '../../core/conversion-words';
import { formatMoney } from '../../core/money';
import type { Totals } from '../../core/rollups';
import { now as clockNow, timeZone } from '../../platform/clock';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { formatCoins } from '../../ui/format';
import { basisSourceText as sourceText } from '../../ui/source-text';
import { BASIS_CHOICES, basisOfChoice, fallbackKey, inForceByAccount } from '../bases-view';
import { plainAmount, readCustomRate, todayIn, type CustomRateField, type Problem } from '../forms';
import { knownAccounts, lifetimeOf } from '../ledger-reads';
import { CurrencySelect, Field, StatusLine, describedBy, useStatus, type SettingsHandle } from '../ui';

type AccountTotals = { uid: string; label: string; lifetime: Totals };

/** "$0.74 for 70 coins (≈ $1.06 per 100 coins)" */
export function basisRateText(basis: RateBasis, locale: string): string {
  const { minor, coins, currency } = basis.rate;
  return t('basisRate', [formatMoney({ minor, currency }, locale), formatCoins(coins, locale), formatMoney(estimateAt(100, basis), locale)]);
}
/** " (as of 2022)"; your own purchases are as of now, so they carry no date. */
const asOfText = (basis: RateBasis) => (basis.kind === 'your-purchases' ? '' : ` (${basis.asOf ? t('asOf', basis.asOf) : t('asOfNone')})`);

export function RateBasesSection({ handle, db, ledgerVersion }: { handle: SettingsHandle; db: CoinsightDb; ledgerVersion: number }) {
  const { settings, save } = handle;
  const conversion = settings.conversion;
  const [accounts, setAccounts] = useState<AccountTotals[] | null>(null);
  const [status, run] = useStatus();
  const locale = uiLocale();
  useEffect(() => {
    void knownAccounts(db).then(async (known) => {
      const list = known.length ? known : [{ uid: '', label: '' }];
      setAccounts(await Promise.all(list.map(async (account) => ({ ...account, lifetime: await lifetimeOf(db, account.uid) }))));
    });
  }, [db, ledgerVersion]);
  if (!accounts) return <p class="muted">{t('loading')}</p>;

  const choose = (basis: BasisChoice) => void run(() => save({ conversion: { ...conversion, basis } }));
  const inForce = inForceByAccount(conversion, settings.displayCurrency, accounts);
  return (
    <section aria-labelledby="bases-title">
      <h2 id="bases-title">{t('basesTitle')}</h2>
      <p class="muted">{t('basesHelp')}</p>
      <div class="in-force" role="status" aria-live="polite" data-testid="basis-in-force">
        {inForce.map(({ uid, label, resolved }) => (
          <div key={uid} data-account={uid}>
            <p>
              <strong>{label ? t('inForceFor', label) : t('inForce')}</strong>{' '}
              <span data-testid="in-force-name">{t(`basisName_${keyOf(resolved.basis.kind)}`)}</span>{' — '}
              {basisRateText(resolved.basis, locale)}. {sourceText(resolved.basis)}{asOfText(resolved.basis)}.{' '}
              <span class="estimate-label">{t('estimatesLabelled')}</span>
            </p>
            {resolved.fallbackReason && (
              <p data-testid="basis-fallback">
                {t('fallbackIntro', [t(`basisName_${keyOf(resolved.chosen)}`), fallbackKey(resolved.fallbackReason) ? t(fallbackKey(resolved.fallbackReason)!) : resolved.fallbackReason])}
              </p>
            )}
          </div>
        ))}
      </div>
      <fieldset>
        <legend>{t('basisChoiceLegend')}</legend>
        {BASIS_CHOICES.map((choice) => (
          <div class="choice" key={choice}>
            <input type="radio" name="basis" id={`basis-${choice}`} value={choice} checked={conversion.basis === choice}
              data-testid={`basis-option-${choice}`} onChange={() => choose(choice)} />
            <label for={`basis-${choice}`}>
              <span class="name">{t(`basisName_${keyOf(choice)}`)}</span>
              <ChoiceDetail choice={choice} basis={basisOfChoice(choice, conversion, settings.displayCurrency)} accounts={accounts} locale={locale} />
            </label>
          </div>
        ))}
      </fieldset>
      <StatusLine testid="basis-status">{status}</StatusLine>
      <CustomRateForm handle={handle} />
    </section>
  );
}

function ChoiceDetail({ choice, basis, accounts, locale }: { choice: BasisChoice; basis: RateBasis | null; accounts: AccountTotals[]; locale: string }) {
  if (choice === 'your-purchases') {
    return (
      <>
        {accounts.map(({ uid, label, lifetime }) => {
          const yours = yourPurchasesBasis(lifetime);
          const text = yours ? t('yourAverage', [basisRateText(yours, locale), formatCoins(yours.rate.coins, locale)]) : t('yourAverageNone');
          return <span class="detail" key={uid} data-testid="your-average">{label ? `${label}: ${text}` : text}</span>;
        })}
        <span class="detail">{t('basisSource_your_purchases')}</span>
      </>
    );
  }
  if (!basis) return <span class="detail">{t('customRateNone')}</span>;
  return (
    <>
      <span class="detail">{basisRateText(basis, locale)}</span>
      <span class="detail">{sourceText(basis)}{asOfText(basis)}</span>
    </>
  );
}

function CustomRateForm({ handle }: { handle: SettingsHandle }) {
  const { settings, save } = handle;
  const custom = settings.conversion.customRate;
  const initial = () => ({
    price: custom ? plainAmount(custom) : '', currency: custom?.currency ?? '', coins: custom ? String(custom.coins) : '100',
    asOf: custom?.asOf ?? todayIn(clockNow(), timeZone()),
  });
  const [fields, setFields] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<CustomRateField, Problem>>>({});
  const [status, run] = useStatus();
  const set = (name: keyof typeof fields) => (event: Event) => setFields({ ...fields, [name]: (event.target as HTMLInputElement).value });

  const submit = (event: Event) => {
    event.preventDefault();
    const read = readCustomRate(fields, uiLocale(), todayIn(clockNow(), timeZone()));
    setErrors(read.ok ? {} : read.errors);
    // Saving a rate makes it the basis: typing one and having it ignored would be a surprise.
    if (read.ok) void run(() => save({ conversion: { ...settings.conversion, customRate: read.value, basis: 'custom' } }));
  };
  const remove = () => void run(() => save({ conversion: { ...settings.conversion, customRate: null } }), t('removed'));
  return (
    <form onSubmit={submit} noValidate data-testid="custom-rate-form" aria-labelledby="custom-rate-title">
      <h3 id="custom-rate-title">{t('customRateTitle')}</h3>
      <p class="hint">{t('customRateHelp')}</p>
      <div class="row">
        <Field id="custom-rate-price" label={t('priceLabel')} problem={errors.price}>
          <input {...describedBy('custom-rate-price', errors.price)} data-testid="custom-rate-price" value={fields.price} onInput={set('price')} inputMode="decimal" autoComplete="off" />
        </Field>
        <Field id="custom-rate-currency" label={t('currencyLabel')}>
          <CurrencySelect id="custom-rate-currency" emptyLabel={t('currencyFromText')} value={fields.currency} onChange={(currency) => setFields({ ...fields, currency })} />
        </Field>
        <Field id="custom-rate-coins" label={t('forCoinsLabel')} problem={errors.coins}>
          <input {...describedBy('custom-rate-coins', errors.coins)} data-testid="custom-rate-coins" value={fields.coins} onInput={set('coins')} inputMode="numeric" size={8} />
        </Field>
        <Field id="custom-rate-date" label={t('asOfLabel')} problem={errors.asOf}>
          <input type="date" {...describedBy('custom-rate-date', errors.asOf)} data-testid="custom-rate-date" value={fields.asOf} onInput={set('asOf')} />
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="save-custom-rate">{t('saveCustomRate')}</button>
        {custom && <button type="button" data-testid="remove-custom-rate" onClick={remove}>{t('removeCustomRate')}</button>}
        <StatusLine testid="custom-rate-status">{status}</StatusLine>
      </div>
    </form>
  );
}
