/**
 * Exchange rates into the display currency, typed by the user (nothing is ever fetched): totals in other currencies
 * are combined into the display currency only with one of these, and always labelled estimated with its date.
 */
import { useState } from 'preact/hooks';
import type { ExchangeRate } from '../../core/conversion';
import { formatMoney } from '../../core/money';
import { now as clockNow, timeZone } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';
import { plainAmount, readExchangeRate, todayIn, type ExchangeRateField, type Problem } from '../forms';
import { CurrencySelect, Field, StatusLine, describedBy, useStatus, type SettingsHandle } from '../ui';

const MAX_RATES = 50;

/** "€1.00 = $1.08" */
export function exchangeRateText(rate: ExchangeRate, locale: string): string {
  return `${formatMoney({ minor: rate.fromMinor, currency: rate.from }, locale)} = ${formatMoney({ minor: rate.toMinor, currency: rate.to }, locale)}`;
}

export function ExchangeRatesSection({ handle }: { handle: SettingsHandle }) {
  const { settings, save } = handle;
  const rates = settings.conversion.exchangeRates;
  const to = settings.displayCurrency;
  const locale = uiLocale();
  const blank = () => ({ from: '', fromAmount: '1', toAmount: '', asOf: todayIn(clockNow(), timeZone()) });
  const [fields, setFields] = useState(blank);
  const [editing, setEditing] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<ExchangeRateField, Problem>>>({});
  const [status, run] = useStatus();
  const set = (name: keyof typeof fields) => (event: Event) => setFields({ ...fields, [name]: (event.target as HTMLInputElement).value });
  const write = (next: ExchangeRate[], done?: string) => run(() => save({ conversion: { ...settings.conversion, exchangeRates: next } }), done);

  const submit = async (event: Event) => {
    event.preventDefault();
    const read = readExchangeRate(fields, to, locale, todayIn(clockNow(), timeZone()));
    if (!read.ok) return setErrors(read.errors);
    // One rate per pair: a new rate for a pair replaces the old one (and an edit may change the pair).
    const others = rates.filter((rate) => !(rate.from === read.value.from && rate.to === to) && !(editing !== null && rate.from === editing && rate.to === to));
    if (others.length >= MAX_RATES) return setErrors({ from: { key: 'exchangeRefused_too_many', args: [String(MAX_RATES)] } });
    setErrors({});
    if (await write([...others, read.value])) {
      setFields(blank());
      setEditing(null);
    }
  };
  const edit = (rate: ExchangeRate) => {
    setEditing(rate.from);
    setErrors({});
    setFields({ from: rate.from, fromAmount: plainAmount({ minor: rate.fromMinor, currency: rate.from }), toAmount: plainAmount({ minor: rate.toMinor, currency: rate.to }), asOf: rate.asOf });
  };
  const remove = (rate: ExchangeRate) => void write(rates.filter((r) => r !== rate), t('removed'));

  return (
    <section aria-labelledby="exchange-title">
      <h2 id="exchange-title">{t('exchangeTitle')}</h2>
      <p class="muted">{t('exchangeHelp', to)}</p>
      {rates.length === 0 ? <p data-testid="exchange-none">{t('exchangeNone')}</p> : (
        <table data-testid="exchange-rates">
          <caption class="muted">{t('exchangeCaption')}</caption>
          <thead><tr><th scope="col">{t('exchangeRateColumn')}</th><th scope="col">{t('asOfLabel')}</th><th scope="col"><span class="visually-hidden">{t('actions')}</span></th></tr></thead>
          <tbody>
            {rates.map((rate) => (
              <tr key={`${rate.from}>${rate.to}`} data-testid="exchange-rate-row" data-from={rate.from}>
                <td>
                  {exchangeRateText(rate, locale)} <span class="estimate-label">{t('estimateWord')}</span>
                  {rate.to !== to && <span class="hint"> {t('exchangeNotDisplay', to)}</span>}
                </td>
                <td>{rate.asOf}</td>
                <td><div class="actions">
                  <button type="button" data-testid="edit-exchange-rate" onClick={() => edit(rate)} aria-label={t('editRateOf', rate.from)}>{t('edit')}</button>
                  <button type="button" data-testid="remove-exchange-rate" onClick={() => remove(rate)} aria-label={t('removeRateOf', rate.from)}>{t('remove')}</button>
                </div></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate data-testid="exchange-form" aria-labelledby="exchange-form-title">
        <h3 id="exchange-form-title">{editing ? t('exchangeEditTitle', editing) : t('exchangeAddTitle')}</h3>
        <div class="row">
          <Field id="exchange-from-amount" label={t('amountLabel')} problem={errors.fromAmount}>
            <input {...describedBy('exchange-from-amount', errors.fromAmount)} data-testid="exchange-from-amount" value={fields.fromAmount} onInput={set('fromAmount')} inputMode="decimal" size={8} />
          </Field>
          <Field id="exchange-from" label={t('fromCurrencyLabel')} problem={errors.from}>
            <CurrencySelect id="exchange-from" emptyLabel={t('chooseCurrency')} value={fields.from} problem={errors.from} onChange={(from) => setFields({ ...fields, from })} />
          </Field>
          <Field id="exchange-to-amount" label={t('isWorthIn', to)} problem={errors.toAmount}>
            <input {...describedBy('exchange-to-amount', errors.toAmount)} data-testid="exchange-to-amount" value={fields.toAmount} onInput={set('toAmount')} inputMode="decimal" size={10} />
          </Field>
          <Field id="exchange-date" label={t('asOfLabel')} problem={errors.asOf}>
            <input type="date" {...describedBy('exchange-date', errors.asOf)} data-testid="exchange-date" value={fields.asOf} onInput={set('asOf')} />
          </Field>
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="save-exchange-rate">{editing ? t('saveChanges') : t('addExchangeRate')}</button>
          {editing && <button type="button" onClick={() => { setEditing(null); setFields(blank()); setErrors({}); }}>{t('cancel')}</button>}
          <StatusLine testid="exchange-status">{status}</StatusLine>
        </div>
      </form>
    </section>
  );
}
