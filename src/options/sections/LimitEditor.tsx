/**
 * The editor of one limit: what it counts, its period, its cap (whole coins, or money typed the way the user's locale
 * writes prices), what happens when it is reached, carry-over, overrides and the wait before Confirm. Every refusal
 * sits under its field (limit-form.ts, which runs the worker's own limitProblems); a refusal by the worker itself is
 * shown by the section. Select values are the rule's own words, so tests and the stored rule read the same.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LimitRule } from '../../core/limits';
import { formatMoney } from '../../core/money';
import { now as clockNow } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';
import type { Problem } from '../forms';
import {
  CARRY_OVERS, LIMIT_ACTIONS, LIMIT_CAP_KINDS, LIMIT_FIELD_ORDER, LIMIT_PERIODS, LIMIT_SCOPES, blankLimitFields, limitFieldsOf, readCap,
  readLimitForm, type LimitField, type LimitFields, type SeenCreator,
} from '../limit-form';
import { CurrencySelect, Field, describedBy } from '../ui';

export interface LimitEditorProps {
  editing: LimitRule | null;
  creators: readonly SeenCreator[];
  displayCurrency: string;
  today: string;
  /** Sends the rule to the worker; resolves to its refusal text, or null when saved. */
  onSave(rule: LimitRule): Promise<string | null>;
  onCancel(): void;
}

const creatorLabel = (creator: SeenCreator) => (creator.handle ? `@${creator.handle}` : creator.key);

function Choice<V extends string>({ id, value, values, label, onPick, problem }: {
  id: string; value: V; values: readonly V[]; label: (value: V) => string; onPick: (value: V) => void; problem?: Problem | undefined;
}) {
  return (
    <select {...describedBy(id, problem)} data-testid={id} value={value} onChange={(event) => onPick((event.target as HTMLSelectElement).value as V)}>
      {values.map((option) => <option key={option} value={option}>{label(option)}</option>)}
    </select>
  );
}

export function LimitEditor({ editing, creators, displayCurrency, today, onSave, onCancel }: LimitEditorProps) {
  const [fields, setFields] = useState<LimitFields>(() => (editing ? limitFieldsOf(editing, displayCurrency, today) : blankLimitFields(displayCurrency, today)));
  const [errors, setErrors] = useState<Partial<Record<LimitField, Problem>>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setFields(editing ? limitFieldsOf(editing, displayCurrency, today) : blankLimitFields(displayCurrency, today));
    setErrors({});
    // Opened from a button above or a row's Edit: the keyboard continues in the editor.
    document.getElementById('limit-scope')?.focus();
  }, [editing?.id]);
  const locale = uiLocale();
  const set = <K extends LimitField>(name: K, value: LimitFields[K]) => setFields({ ...fields, [name]: value });
  const typed = (name: LimitField) => (event: Event) => set(name, (event.target as HTMLInputElement).value);

  // What a money cap reads as while typing: the person sees the amount and currency Coinsight understood.
  const preview = fields.capKind === 'money' && fields.cap.trim() ? readCap(fields, locale) : null;
  const capHint = preview?.ok && preview.cap.kind === 'money'
    ? t('priceReadsAs', [formatMoney(preview.cap.money, locale), preview.cap.money.currency])
    : t(fields.capKind === 'coins' ? 'limitCapHintCoins' : 'limitCapHintMoney');

  const submit = async (event: Event) => {
    event.preventDefault();
    const read = readLimitForm(fields, { locale, today, seenCreators: creators, now: clockNow(), editing, newId: () => crypto.randomUUID() });
    if (!read.ok) {
      setErrors(read.errors);
      const first = LIMIT_FIELD_ORDER.find((name) => read.errors[name]);
      if (first) document.getElementById(`limit-${fieldId(first)}`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if ((await onSave(read.value)) === null && !editing) setFields(blankLimitFields(displayCurrency, today));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="limit-form" aria-labelledby="limit-form-title">
      <h3 id="limit-form-title">{editing ? t('limitEditTitle') : t('limitAddTitle')}</h3>
      <div class="row">
        <Field id="limit-scope" label={t('limitScopeLabel')} problem={errors.scope}>
          <Choice id="limit-scope" value={fields.scope} values={LIMIT_SCOPES} label={(v) => t(`limitScope_${v}`)} onPick={(v) => set('scope', v)} problem={errors.scope} />
        </Field>
        {fields.scope === 'creator' && (
          <Field id="limit-creator" label={t('limitCreatorLabel')} problem={errors.creator} hint={creators.length ? undefined : t('limitCreatorsNone')}>
            <select {...describedBy('limit-creator', errors.creator, creators.length ? undefined : 'hint')} data-testid="limit-creator" value={fields.creator}
              onChange={typed('creator')}>
              <option value="">{t('limitCreatorChoose')}</option>
              {creators.map((creator) => <option key={creator.key} value={creator.key}>{creatorLabel(creator)}</option>)}
            </select>
          </Field>
        )}
      </div>
      <div class="row">
        <Field id="limit-period" label={t('limitPeriodLabel')} problem={errors.period}>
          <Choice id="limit-period" value={fields.period} values={LIMIT_PERIODS} label={(v) => t(`limitPeriod_${v}`)} onPick={(v) => set('period', v)} problem={errors.period} />
        </Field>
        {fields.period === 'custom' && (
          <>
            <Field id="limit-from" label={t('limitFromLabel')} problem={errors.from}>
              <input type="date" {...describedBy('limit-from', errors.from)} data-testid="limit-from" value={fields.from} max={today} onInput={typed('from')} />
            </Field>
            <Field id="limit-days" label={t('limitDaysLabel')} problem={errors.days}>
              <input {...describedBy('limit-days', errors.days)} data-testid="limit-days" value={fields.days} onInput={typed('days')} inputMode="numeric" size={5} autoComplete="off" />
            </Field>
          </>
        )}
      </div>
      <div class="row">
        <Field id="limit-cap-kind" label={t('limitCapKindLabel')}>
          <Choice id="limit-cap-kind" value={fields.capKind} values={LIMIT_CAP_KINDS} label={(v) => t(`limitCapKind_${v}`)} onPick={(v) => set('capKind', v)} />
        </Field>
        <Field id="limit-cap" label={t('limitCapLabel')} problem={errors.cap} hint={capHint}>
          <input {...describedBy('limit-cap', errors.cap, 'hint')} data-testid="limit-cap" value={fields.cap} onInput={typed('cap')}
            inputMode={fields.capKind === 'coins' ? 'numeric' : 'decimal'} size={12} autoComplete="off" />
        </Field>
        {fields.capKind === 'money' && (
          <Field id="limit-currency" label={t('currencyLabel')} problem={errors.currency}>
            <CurrencySelect id="limit-currency" value={fields.currency} problem={errors.currency} onChange={(currency) => set('currency', currency)} />
          </Field>
        )}
      </div>
      <div class="row">
        <Field id="limit-action" label={t('limitActionLabel')}>
          <Choice id="limit-action" value={fields.action} values={LIMIT_ACTIONS} label={(v) => t(`limitAction_${v}`)} onPick={(v) => set('action', v)} />
        </Field>
        <Field id="limit-carry" label={t('limitCarryLabel')}>
          <Choice id="limit-carry" value={fields.carryOver} values={CARRY_OVERS} label={(v) => t(`limitCarry_${v.replaceAll('-', '_')}`)} onPick={(v) => set('carryOver', v)} />
        </Field>
      </div>
      <div class="row">
        {fields.action !== 'warn' && (
          <Field id="limit-overrides" label={t('limitOverridesLabel')} problem={errors.overrides} hint={t('limitOverridesHint')}>
            <input {...describedBy('limit-overrides', errors.overrides, 'hint')} data-testid="limit-overrides" value={fields.overrides} onInput={typed('overrides')} inputMode="numeric" size={5} autoComplete="off" />
          </Field>
        )}
        {fields.action === 'confirm' && (
          <Field id="limit-delay" label={t('limitDelayLabel')} problem={errors.delay}>
            <input {...describedBy('limit-delay', errors.delay)} data-testid="limit-delay" value={fields.delay} onInput={typed('delay')} inputMode="numeric" size={5} autoComplete="off" />
          </Field>
        )}
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="limit-save" disabled={busy}>{editing ? t('saveChanges') : t('limitSave')}</button>
        <button type="button" data-testid="limit-cancel" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}

/** The element id of a form field (camelCase field names, kebab-case ids). */
function fieldId(field: LimitField): string {
  return field === 'capKind' ? 'cap-kind' : field === 'carryOver' ? 'carry' : field;
}
