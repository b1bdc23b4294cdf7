/**
 * The form for a purchase Coinsight could not see: coins, price (as typed, in any locale's way of writing it), the
 * currency when the price text does not say it unambiguously, when, where, and the TikTok account when several are
 * known. What cannot be read is refused next to its field, with the reason; nothing is guessed.
 */
import { useEffect, useState } from 'preact/hooks';
import { PURCHASE_PLACES, type RechargeEntry } from '../../core/ledger';
import { formatMoney } from '../../core/money';
import { now as clockNow, timeZone } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import { localDateTimeOf, purchaseFieldsOf, readPrice, readPurchaseForm, type Problem, type PurchaseField, type PurchaseFields } from '../forms';
import type { KnownAccount } from '../ledger-reads';
import { CurrencySelect, Field, describedBy } from '../ui';

const placeKey = (place: string) => `where_${place.replaceAll('-', '_')}`;

export interface PurchaseFormProps {
  accounts: KnownAccount[];
  /** The purchase being edited, or null for a new one. */
  editing: RechargeEntry | null;
  onSaved(entry: RechargeEntry, edited: boolean): void;
  onFailed(message: string): void;
  onCancel(): void;
}

export function PurchaseForm({ accounts, editing, onSaved, onFailed, onCancel }: PurchaseFormProps) {
  const blank = (): PurchaseFields => ({
    coins: '', price: '', currency: '', when: localDateTimeOf(clockNow(), timeZone()), where: 'app', account: accounts[0]?.uid ?? '',
  });
  const [fields, setFields] = useState<PurchaseFields>(blank);
  const [errors, setErrors] = useState<Partial<Record<PurchaseField, Problem>>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setFields(editing ? purchaseFieldsOf(editing, timeZone()) : blank());
    setErrors({});
  }, [editing?.id, accounts.length]);
  const locale = uiLocale();
  const set = (name: PurchaseField) => (event: Event) => setFields({ ...fields, [name]: (event.target as HTMLInputElement).value });

  // What the price reads as, while typing: the person sees the currency and amount Coinsight understood.
  const preview = fields.price.trim() ? readPrice(fields.price, locale, fields.currency) : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const read = readPurchaseForm(fields, { locale, timeZone: timeZone(), now: clockNow() });
    if (!read.ok) {
      setErrors(read.errors);
      const first = (['coins', 'price', 'when', 'where'] as const).find((name) => read.errors[name]);
      if (first) document.getElementById(first === 'where' ? 'purchase-where-app' : `purchase-${first}`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const entry = editing
        ? await send('editPurchase', { id: editing.id, purchase: read.value })
        : await send('addPurchase', { uuid: crypto.randomUUID(), purchase: read.value });
      onSaved(entry, editing !== null);
      if (!editing) setFields({ ...blank(), account: fields.account });
    } catch (error) {
      onFailed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="purchase-form" aria-labelledby="purchase-form-title">
      <h3 id="purchase-form-title">{editing ? t('purchaseEditTitle') : t('purchaseAddTitle')}</h3>
      <div class="row">
        <Field id="purchase-coins" label={t('coinsLabel')} problem={errors.coins}>
          <input {...describedBy('purchase-coins', errors.coins)} data-testid="purchase-coins" value={fields.coins} onInput={set('coins')} inputMode="numeric" size={10} autoComplete="off" />
        </Field>
        <Field id="purchase-price" label={t('pricePaidLabel')} problem={errors.price}
          hint={preview?.ok ? t('priceReadsAs', [formatMoney(preview.money, locale), preview.money.currency]) : t('priceHint')}>
          <input {...describedBy('purchase-price', errors.price, 'hint')} data-testid="purchase-price" value={fields.price} onInput={set('price')} inputMode="decimal" size={14} autoComplete="off" />
        </Field>
        <Field id="purchase-currency" label={t('currencyLabel')}>
          <CurrencySelect id="purchase-currency" emptyLabel={t('currencyFromText')} value={fields.currency} onChange={(currency) => setFields({ ...fields, currency })} />
        </Field>
        <Field id="purchase-when" label={t('purchaseWhenLabel')} problem={errors.when}>
          <input type="datetime-local" {...describedBy('purchase-when', errors.when)} data-testid="purchase-when" value={fields.when} onInput={set('when')} />
        </Field>
      </div>
      <fieldset aria-describedby={errors.where ? 'purchase-where-error' : undefined}>
        <legend>{t('purchaseWhereLabel')}</legend>
        <div class="row">
          {PURCHASE_PLACES.map((place) => (
            <label key={place} class="choice" for={`purchase-where-${place}`}>
              <input type="radio" name="purchase-where" id={`purchase-where-${place}`} value={place} checked={fields.where === place}
                data-testid={`purchase-where-${place}`} onChange={() => setFields({ ...fields, where: place })} />
              {t(placeKey(place))}
            </label>
          ))}
        </div>
        {errors.where && <p class="field-error" id="purchase-where-error" role="alert">{t(errors.where.key, errors.where.args)}</p>}
      </fieldset>
      {accounts.length > 1 ? (
        <Field id="purchase-account" label={t('account')}>
          <select id="purchase-account" data-testid="purchase-account" value={fields.account} onChange={set('account')}>
            {accounts.map((account) => <option key={account.uid} value={account.uid}>{account.label}</option>)}
          </select>
        </Field>
      ) : (
        <p class="hint">{accounts.length === 1 ? t('purchaseForAccount', accounts[0]!.label) : t('purchaseNoAccount')}</p>
      )}
      <div class="actions">
        <button type="submit" class="primary" data-testid="save-purchase" disabled={busy}>{editing ? t('saveChanges') : t('addPurchase')}</button>
        {editing && <button type="button" data-testid="cancel-edit" onClick={onCancel}>{t('cancel')}</button>}
      </div>
    </form>
  );
}
