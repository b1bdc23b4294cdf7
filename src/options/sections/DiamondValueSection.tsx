/**
 * The diamond value: what a diamond is worth to the creator (TikTok publishes no fixed rate). Shown with its source
 * and date, editable, with a way back to the reported default.
 */
import { useState } from 'preact/hooks';
import { DEFAULT_DIAMOND_VALUE, creatorSide, diamondValueOf, type DiamondValue } from '../../core/conversion';
import { formatMoney } from '../../core/money';
import { now as clockNow, timeZone } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';
import { formatCoins } from '../../ui/format';
import { plainAmount, readDiamondRate, todayIn, type DiamondRateField, type Problem } from '../forms';
import { CurrencySelect, Field, StatusLine, describedBy, useStatus, type SettingsHandle } from '../ui';

/** "$0.01 for 2 diamonds (≈ $0.50 per 100 diamonds)" */
function diamondValueText(value: DiamondValue, locale: string): string {
  const { minor, diamonds, currency } = value.rate;
  return t('diamondRate', [formatMoney({ minor, currency }, locale), formatCoins(diamonds, locale), formatMoney(creatorSide(100, null, value).payout, locale)]);
}

export function DiamondValueSection({ handle }: { handle: SettingsHandle }) {
  const { settings, save } = handle;
  const own = settings.conversion.diamondRate;
  const value = diamondValueOf(own);
  const locale = uiLocale();
  const initial = () => {
    const rate = own ?? { ...DEFAULT_DIAMOND_VALUE.rate, asOf: todayIn(clockNow(), timeZone()) };
    // Shown per 100 diamonds, the way people compare it; saved as typed (an exact ratio).
    const per100 = own ? { minor: rate.minor, diamonds: rate.diamonds } : { minor: creatorSide(100, null, DEFAULT_DIAMOND_VALUE).payout.minor, diamonds: 100 };
    return { price: plainAmount({ minor: per100.minor, currency: rate.currency }), currency: rate.currency, diamonds: String(per100.diamonds), asOf: rate.asOf };
  };
  const [fields, setFields] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<DiamondRateField, Problem>>>({});
  const [status, run] = useStatus();
  const set = (name: keyof typeof fields) => (event: Event) => setFields({ ...fields, [name]: (event.target as HTMLInputElement).value });

  const submit = (event: Event) => {
    event.preventDefault();
    const read = readDiamondRate(fields, locale, todayIn(clockNow(), timeZone()));
    setErrors(read.ok ? {} : read.errors);
    if (read.ok) void run(() => save({ conversion: { ...settings.conversion, diamondRate: read.value } }));
  };
  const reset = () => void run(async () => {
    await save({ conversion: { ...settings.conversion, diamondRate: null } });
    setFields({ price: plainAmount(creatorSide(100, null, DEFAULT_DIAMOND_VALUE).payout), currency: DEFAULT_DIAMOND_VALUE.rate.currency, diamonds: '100', asOf: todayIn(clockNow(), timeZone()) });
  }, t('diamondResetDone'));

  return (
    <section aria-labelledby="diamond-title">
      <h2 id="diamond-title">{t('diamondTitle')}</h2>
      <p class="muted">{t('diamondHelp')}</p>
      <div class="in-force" data-testid="diamond-in-force">
        <p>
          <strong>{t('inForce')}</strong> <span data-testid="diamond-value">{diamondValueText(value, locale)}</span>{' '}
          <span class="estimate-label">{t('estimateWord')}</span>
        </p>
        <p data-testid="diamond-source">{own ? t('diamondSourceYours') : t('diamondSourceDefault')} ({value.asOf ? t('asOf', value.asOf) : t('asOfNone')})</p>
      </div>
      <form onSubmit={submit} noValidate data-testid="diamond-form" aria-labelledby="diamond-form-title">
        <h3 id="diamond-form-title">{t('diamondEditTitle')}</h3>
        <div class="row">
          <Field id="diamond-price" label={t('creatorReceivesLabel')} problem={errors.price}>
            <input {...describedBy('diamond-price', errors.price)} data-testid="diamond-price" value={fields.price} onInput={set('price')} inputMode="decimal" size={8} />
          </Field>
          <Field id="diamond-currency" label={t('currencyLabel')}>
            <CurrencySelect id="diamond-currency" emptyLabel={t('currencyFromText')} value={fields.currency} onChange={(currency) => setFields({ ...fields, currency })} />
          </Field>
          <Field id="diamond-count" label={t('forDiamondsLabel')} problem={errors.diamonds}>
            <input {...describedBy('diamond-count', errors.diamonds)} data-testid="diamond-count" value={fields.diamonds} onInput={set('diamonds')} inputMode="numeric" size={8} />
          </Field>
          <Field id="diamond-date" label={t('asOfLabel')} problem={errors.asOf}>
            <input type="date" {...describedBy('diamond-date', errors.asOf)} data-testid="diamond-date" value={fields.asOf} onInput={set('asOf')} />
          </Field>
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="save-diamond">{t('saveDiamond')}</button>
          {own && <button type="button" data-testid="reset-diamond" onClick={reset}>{t('diamondReset')}</button>}
          <StatusLine testid="diamond-status">{status}</StatusLine>
        </div>
      </form>
    </section>
  );
}
