/**
 * The parts of the welcome page: what Coinsight watches and never does, then the three steps. The fields are the
 * options page's own (options/ui.tsx), with the same labels and refusals; the page's one Finish saves them.
 */
import { LIMIT_ACTIONS } from '../options/limit-form';
import type { Problem } from '../options/forms';
import { CurrencySelect, Field, describedBy } from '../options/ui';
import { PIN_MIN_LENGTH } from '../core/lock/pin-hash';
import type { LimitAction } from '../core/limits';
import type { WeekStart } from '../core/periods';
import { t } from '../platform/i18n';
import type { WelcomeField, WelcomeFields } from './welcome-plan';

type Set = <K extends keyof WelcomeFields>(name: K, value: WelcomeFields[K]) => void;
const typed = (set: Set, name: 'limitCoins' | 'pin' | 'pinAgain') => (event: Event) => set(name, (event.target as HTMLInputElement).value);

/** The promise, in both directions (PRIVACY.md says the same at length). */
export function Promises() {
  const list = (keys: string[]) => keys.map((key) => <li key={key}>{t(key)}</li>);
  return (
    <div class="promises">
      <section aria-labelledby="welcome-watches-title" data-testid="welcome-watches">
        <h2 id="welcome-watches-title">{t('welcomeWatchesTitle')}</h2>
        <ul>{list(['welcomeWatches1', 'welcomeWatches2', 'welcomeWatches3'])}</ul>
      </section>
      <section aria-labelledby="welcome-never-title" data-testid="welcome-never">
        <h2 id="welcome-never-title">{t('welcomeNeverTitle')}</h2>
        <ul>{list(['welcomeNever1', 'welcomeNever2', 'welcomeNever3'])}</ul>
      </section>
    </div>
  );
}

export function BasicsStep({ fields, set }: { fields: WelcomeFields; set: Set }) {
  return (
    <section aria-labelledby="welcome-basics-title">
      <h2 id="welcome-basics-title">{t('welcomeBasicsTitle')}</h2>
      <div class="row">
        <Field id="welcome-currency" label={t('displayCurrency')} hint={t('displayCurrencyHelp')}>
          <CurrencySelect id="welcome-currency" value={fields.currency} onChange={(code) => set('currency', code)} />
        </Field>
        <Field id="welcome-week-start" label={t('weekStart')}>
          <select id="welcome-week-start" data-testid="welcome-week-start" value={String(fields.weekStart)}
            onChange={(event) => set('weekStart', Number((event.target as HTMLSelectElement).value) as WeekStart)}>
            <option value="1">{t('monday')}</option>
            <option value="0">{t('sunday')}</option>
            <option value="6">{t('saturday')}</option>
          </select>
        </Field>
      </div>
    </section>
  );
}

export function LimitStep({ fields, set, problem }: { fields: WelcomeFields; set: Set; problem: Problem | undefined }) {
  return (
    <section aria-labelledby="welcome-limit-title">
      <h2 id="welcome-limit-title">{t('welcomeLimitTitle')}</h2>
      <p class="muted">{t('welcomeLimitIntro')}</p>
      <div class="row">
        <Field id="welcome-limitCoins" label={t('welcomeLimitCoins')} problem={problem} hint={t('welcomeLimitHint')}>
          <input type="text" inputMode="numeric" data-testid="welcome-limit-coins" {...describedBy('welcome-limitCoins', problem, 'hint')}
            value={fields.limitCoins} onInput={typed(set, 'limitCoins')} />
        </Field>
        <Field id="welcome-limit-action" label={t('limitActionLabel')}>
          <select id="welcome-limit-action" data-testid="welcome-limit-action" value={fields.limitAction}
            onChange={(event) => set('limitAction', (event.target as HTMLSelectElement).value as LimitAction)}>
            {LIMIT_ACTIONS.map((action) => <option key={action} value={action}>{t(`limitAction_${action}`)}</option>)}
          </select>
        </Field>
      </div>
    </section>
  );
}

/** `offered`: true when no lock is set, false when one is (managed in the options), null while the worker answers. */
export function LockStep({ fields, set, offered, errors }: {
  fields: WelcomeFields; set: Set; offered: boolean | null; errors: Partial<Record<WelcomeField, Problem>>;
}) {
  return (
    <section aria-labelledby="welcome-lock-title" data-testid="welcome-lock" data-offered={String(offered)}>
      <h2 id="welcome-lock-title">{t('welcomeLockTitle')}</h2>
      {offered === null ? <p class="muted">{t('loading')}</p> : offered ? (
        <>
          <p class="muted">{t('welcomeLockIntro')}</p>
          <div class="row">
            <Field id="welcome-pin" label={t('lockNewPin')} problem={errors.pin} hint={t('lockPinHint', [String(PIN_MIN_LENGTH)])}>
              <input type="password" autoComplete="new-password" data-testid="welcome-pin" {...describedBy('welcome-pin', errors.pin, 'hint')}
                value={fields.pin} onInput={typed(set, 'pin')} />
            </Field>
            <Field id="welcome-pinAgain" label={t('lockRepeatPin')} problem={errors.pinAgain}>
              <input type="password" autoComplete="new-password" data-testid="welcome-pin-again" {...describedBy('welcome-pinAgain', errors.pinAgain)}
                value={fields.pinAgain} onInput={typed(set, 'pinAgain')} />
            </Field>
          </div>
        </>
      ) : <p data-testid="welcome-lock-already">{t('welcomeLockAlready')}</p>}
    </section>
  );
}
