/**
 * Approval by an authenticator app (TOTP): the worker makes a secret, the page draws it as a QR code (locally) and as
 * text to type, and the parent confirms with the code the app then shows. From then on, only codes unlock.
 */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { LockStatus, TotpEnrolmentStart } from '../../platform/protocol';
import { lockChanged } from '../../ui/lock-status';
import { LockQrCode } from './LockQrCode';

const grouped = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();

export function LockAuthenticator({ status, report }: { status: LockStatus; report: (action: () => Promise<unknown>, done: string) => Promise<boolean> }) {
  const [enrolment, setEnrolment] = useState<TotpEnrolmentStart | null>(null);
  const [code, setCode] = useState('');

  if (status.method === 'totp') {
    return (
      <div>
        <h3>{t('lockTotpTitle')}</h3>
        <p data-testid="lock-totp-on">{t('lockTotpOn')}</p>
        <button type="button" data-testid="lock-totp-remove" onClick={() => void report(async () => { await send('totpRemove', {}); lockChanged(); }, t('lockTotpRemoved'))}>
          {t('lockTotpRemove')}
        </button>
      </div>
    );
  }
  const begin = () => report(async () => setEnrolment(await send('totpBegin', {})), t('lockTotpScan'));
  const confirm = async (event: Event) => {
    event.preventDefault();
    if (await report(() => send('totpConfirm', { code: code.trim() }), t('lockTotpConfirmed'))) {
      setEnrolment(null);
      setCode('');
      lockChanged();
    }
  };
  return (
    <div>
      <h3>{t('lockTotpTitle')}</h3>
      <p class="muted">{t('lockTotpIntro')}</p>
      {enrolment === null ? (
        <button type="button" data-testid="lock-totp-begin" onClick={() => void begin()}>{t('lockTotpBegin')}</button>
      ) : (
        <form onSubmit={(event) => void confirm(event)} data-testid="lock-totp-form">
          <LockQrCode text={enrolment.uri} label={t('lockTotpQrLabel')} />
          <p class="hint">{t('lockTotpTypeInstead')} <code data-testid="lock-totp-secret">{grouped(enrolment.secret)}</code></p>
          <div class="field">
            <label for="lock-totp-code">{t('lockTotpCodeLabel')}</label>
            <input id="lock-totp-code" data-testid="lock-totp-code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6}
              value={code} onInput={(event) => setCode((event.target as HTMLInputElement).value)} />
          </div>
          <div class="actions">
            <button type="submit" class="primary" data-testid="lock-totp-confirm">{t('lockTotpConfirm')}</button>
            <button type="button" onClick={() => setEnrolment(null)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
