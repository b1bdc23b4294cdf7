/**
 * Typing the PIN (or, with an authenticator app set up, its current code) to unlock. The worker checks it and keeps
 * the count of wrong tries; the form only says what it answered: unlocked, wrong, or wait until a time.
 */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { LockStatus } from '../../platform/protocol';
import { durationText } from '../../ui/lock-text';
import { lockChanged } from '../../ui/lock-status';

export function LockUnlockForm({ status, onUnlocked, idPrefix }: { status: LockStatus; onUnlocked?: () => void; idPrefix: string }) {
  const [answer, setAnswer] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const totp = status.method === 'totp';
  const id = `${idPrefix}-answer`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const reply = await send('unlock', totp ? { pin: null, code: answer.trim() } : { pin: answer, code: null });
      setAnswer('');
      if (reply.unlocked) {
        setProblem(null);
        lockChanged();
        onUnlocked?.();
        return;
      }
      const wait = reply.status.retryAt === null ? null : durationText(reply.status.retryAt - reply.status.now, t);
      const wrong = totp ? t('lockWrongCode') : t('lockWrongPin');
      setProblem(reply.refused === 'wait' ? t('lockWait', [wait ?? '']) : wait ? `${wrong} ${t('lockWait', [wait])}` : wrong);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const field = {
    id, 'data-testid': `${idPrefix}-answer`, value: answer, 'aria-invalid': problem ? ('true' as const) : ('false' as const),
    ...(problem ? { 'aria-describedby': `${id}-error` } : {}),
    onInput: (event: Event) => setAnswer((event.target as HTMLInputElement).value),
  };
  return (
    <form onSubmit={(event) => void submit(event)} data-testid={`${idPrefix}-form`}>
      <div class="field">
        <label for={id}>{totp ? t('lockCodeLabel') : t('lockPinLabel')}</label>
        {totp
          ? <input type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} {...field} />
          : <input type="password" autoComplete="current-password" {...field} />}
        {problem && <p class="field-error" id={`${id}-error`} role="alert" data-testid={`${idPrefix}-error`}>{problem}</p>}
      </div>
      <button type="submit" class="primary" disabled={busy || answer === ''} data-testid={`${idPrefix}-submit`}>{t('lockUnlock')}</button>
    </form>
  );
}
