/**
 * The parental lock on the options page: set a PIN; while locked, unlock (or ask for a forgotten-PIN reset, which waits
 * its period in plain sight); while unlocked, lock now, change the PIN, set up an authenticator app, choose how long an
 * unlock lasts and how long a reset waits, or turn the lock off. Every change is the worker's to allow (lock/gate.ts):
 * this section only mirrors what the worker says.
 */
import { useState } from 'preact/hooks';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { LockStatus } from '../../platform/protocol';
import { formatDateTime } from '../../ui/format';
import { durationText } from '../../ui/lock-text';
import { lockChanged, useLockStatus } from '../../ui/lock-status';
import { StatusLine, useStatus } from '../ui';
import { LockAuthenticator } from './LockAuthenticator';
import { LockPinForm } from './LockPinForm';
import { LockUnlockForm } from './LockUnlockForm';

const UNLOCK_MINUTES = [1, 2, 5, 10, 15, 30, 60];
const RESET_WAIT_HOURS = [24, 48, 72, 168];

type Report = (action: () => Promise<unknown>, done: string) => Promise<boolean>;

export function LockSection() {
  const [status] = useLockStatus();
  const [line, run] = useStatus();
  const report: Report = (action, done) => run(async () => { await action(); lockChanged(); }, done);
  const kind = status?.state.kind;
  return (
    <section aria-labelledby="lock-title" data-testid="lock-section" data-state={kind ?? 'loading'}>
      <h2 id="lock-title">{t('lockTitle')}</h2>
      <p class="muted">{t('lockIntro')}</p>
      {!status ? <p class="muted">{t('loading')}</p>
        : kind === 'none' ? <NoLock report={report} />
        : kind === 'unlocked' ? <Unlocked status={status} report={report} />
        : <Locked status={status} report={report} />}
      <StatusLine testid="lock-status">{line}</StatusLine>
    </section>
  );
}

function NoLock({ report }: { report: Report }) {
  return (
    <>
      <p data-testid="lock-none">{t('lockNone')}</p>
      <LockPinForm idPrefix="lock-set" submitLabel={t('lockSet')} onPin={(pin) => report(() => send('setPin', { pin }), t('lockSetDone'))} />
    </>
  );
}

function Locked({ status, report }: { status: LockStatus; report: Report }) {
  const [asking, setAsking] = useState(false);
  const pending = status.state.kind === 'reset-pending' ? status.state.effectiveAt : null;
  return (
    <>
      <p data-testid="lock-locked" class="in-force">{status.method === 'totp' ? t('lockLockedTotp') : t('lockLocked')}</p>
      {pending !== null && (
        <p role="alert" class="lock-banner" data-testid="lock-reset-pending">
          {t('lockResetPending', [durationText(pending - status.now, t), formatDateTime(pending, uiLocale())])}
        </p>
      )}
      <LockUnlockForm status={status} idPrefix="lock-unlock" />
      {pending === null && (asking ? (
        <div role="alertdialog" aria-labelledby="lock-reset-what" class="confirm">
          <p id="lock-reset-what">{t('lockResetWhat', [String(status.resetWaitHours)])}</p>
          <div class="actions">
            <button type="button" class="danger" data-testid="lock-reset-confirm"
              onClick={() => void report(() => send('resetRequest', {}), t('lockResetRequested')).then(() => setAsking(false))}>{t('lockResetConfirm')}</button>
            <button type="button" onClick={() => setAsking(false)}>{t('cancel')}</button>
          </div>
        </div>
      ) : (
        <p><button type="button" class="link" data-testid="lock-reset-request" onClick={() => setAsking(true)}>{t('lockForgot')}</button></p>
      ))}
    </>
  );
}

function Unlocked({ status, report }: { status: LockStatus; report: Report }) {
  const until = status.state.kind === 'unlocked' ? status.state.until : status.now;
  const [minutes, setMinutes] = useState(status.unlockMinutes);
  const [hours, setHours] = useState(status.resetWaitHours);
  const [removing, setRemoving] = useState(false);
  return (
    <>
      <p data-testid="lock-unlocked" class="in-force">
        {t('lockUnlockedUntil', [formatDateTime(until, uiLocale()), durationText(until - status.now, t)])}{' '}
        <button type="button" data-testid="lock-now" onClick={() => void report(() => send('lockNow', {}), t('lockLockedNow'))}>{t('lockNow')}</button>
      </p>
      <h3>{t('lockChangePin')}</h3>
      <LockPinForm idPrefix="lock-change" submitLabel={t('lockChangePin')} onPin={(pin) => report(() => send('changePin', { pin }), t('lockPinChanged'))} />
      <LockAuthenticator status={status} report={report} />
      <h3>{t('lockSettingsTitle')}</h3>
      <div class="row">
        <DurationSelect id="lock-minutes" label={t('lockUnlockMinutes')} choices={UNLOCK_MINUTES} unitMs={60_000} value={minutes} onChange={setMinutes} />
        <DurationSelect id="lock-reset-hours" label={t('lockResetWaitHours')} choices={RESET_WAIT_HOURS} unitMs={3_600_000} value={hours} onChange={setHours} />
      </div>
      <button type="button" data-testid="lock-settings-save" onClick={() => void report(() => send('lockSettings', { unlockMinutes: minutes, resetWaitHours: hours }), t('saved'))}>{t('lockSettingsSave')}</button>
      <h3>{t('lockRemoveTitle')}</h3>
      {removing ? (
        <div role="alertdialog" aria-labelledby="lock-remove-what" class="confirm">
          <p id="lock-remove-what">{t('lockRemoveWhat')}</p>
          <div class="actions">
            <button type="button" class="danger" data-testid="lock-remove-confirm" onClick={() => void report(() => send('removeLock', {}), t('lockRemoved'))}>{t('lockRemove')}</button>
            <button type="button" onClick={() => setRemoving(false)}>{t('cancel')}</button>
          </div>
        </div>
      ) : <button type="button" data-testid="lock-remove" onClick={() => setRemoving(true)}>{t('lockRemove')}</button>}
    </>
  );
}

function DurationSelect({ id, label, choices, unitMs, value, onChange }: {
  id: string; label: string; choices: number[]; unitMs: number; value: number; onChange: (value: number) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} data-testid={id} value={String(value)} onChange={(event) => onChange(Number((event.target as HTMLSelectElement).value))}>
        {choices.map((choice) => <option key={choice} value={String(choice)}>{durationText(choice * unitMs, t)}</option>)}
      </select>
    </div>
  );
}
