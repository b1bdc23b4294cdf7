/** A new PIN, typed twice: setting the lock, or changing its PIN. Checked here for the words; the worker checks again. */
import { useState } from 'preact/hooks';
import { PIN_MIN_LENGTH, pinProblem } from '../../core/lock/pin-hash';
import { t } from '../../platform/i18n';
import { Field, describedBy } from '../ui';
import type { Problem } from '../forms';

export function LockPinForm({ idPrefix, submitLabel, onPin }: { idPrefix: string; submitLabel: string; onPin: (pin: string) => Promise<boolean> }) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ field: 'pin' | 'again'; problem: Problem } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const tooShortOrLong = pinProblem(pin);
    if (tooShortOrLong) return setProblem({ field: 'pin', problem: { key: tooShortOrLong, args: [String(PIN_MIN_LENGTH)] } });
    if (pin !== again) return setProblem({ field: 'again', problem: { key: 'lockPinMismatch', args: [] } });
    setProblem(null);
    setBusy(true);
    if (await onPin(pin)) {
      setPin('');
      setAgain('');
    }
    setBusy(false);
  };
  const pinProblemOf = problem?.field === 'pin' ? problem.problem : undefined;
  const againProblem = problem?.field === 'again' ? problem.problem : undefined;
  return (
    <form onSubmit={(event) => void submit(event)} data-testid={`${idPrefix}-form`}>
      <div class="row">
        <Field id={`${idPrefix}-pin`} label={t('lockNewPin')} problem={pinProblemOf} hint={t('lockPinHint', [String(PIN_MIN_LENGTH)])}>
          <input type="password" autoComplete="new-password" data-testid={`${idPrefix}-pin`} {...describedBy(`${idPrefix}-pin`, pinProblemOf, 'hint')}
            value={pin} onInput={(event) => setPin((event.target as HTMLInputElement).value)} />
        </Field>
        <Field id={`${idPrefix}-again`} label={t('lockRepeatPin')} problem={againProblem}>
          <input type="password" autoComplete="new-password" data-testid={`${idPrefix}-again`} {...describedBy(`${idPrefix}-again`, againProblem)}
            value={again} onInput={(event) => setAgain((event.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <button type="submit" class="primary" disabled={busy} data-testid={`${idPrefix}-submit`}>{submitLabel}</button>
    </form>
  );
}
