/**
 * The unlock prompt: when the lock's gate refuses a change made on this page (platform/messaging.ts onLockRefusal),
 * a dialog asks a parent for the PIN or code; once unlocked, the change is sent again. Cancelled, the change stays
 * refused and the section that asked shows the refusal.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { onLockRefusal } from '../../platform/messaging';
import { useLockStatus } from '../../ui/lock-status';
import { LockUnlockForm } from './LockUnlockForm';

export function UnlockPrompt() {
  const [pending, setPending] = useState<{ reason: string; done: (unlocked: boolean) => void } | null>(null);
  const [status, reload] = useLockStatus();
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    onLockRefusal((reason) => new Promise<boolean>((done) => {
      reload();
      setPending({ reason, done });
    }));
    return () => onLockRefusal(null);
  }, [reload]);
  useEffect(() => {
    if (pending) dialog.current?.querySelector('input')?.focus();
  }, [pending, status]);

  if (!pending) return null;
  const close = (unlocked: boolean) => {
    pending.done(unlocked);
    setPending(null);
  };
  // The worker's words, without the router's "refused: locked:" (they name what was asked, in English).
  const what = pending.reason.replace(/^refused: locked:\s*/, '');
  return (
    <div class="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="unlock-prompt-title" class="modal" data-testid="unlock-prompt" ref={dialog}
        onKeyDown={(event) => event.key === 'Escape' && close(false)}>
        <h2 id="unlock-prompt-title">{t('lockPromptTitle')}</h2>
        <p>{t('lockPromptWhy')}</p>
        <p class="hint" data-testid="unlock-prompt-reason">{what}</p>
        {status?.state.kind === 'reset-pending' && <p class="hint">{t('lockPromptCancelsReset')}</p>}
        {status && status.method !== null
          ? <LockUnlockForm status={status} idPrefix="unlock-prompt" onUnlocked={() => close(true)} />
          : <p class="muted">{t('loading')}</p>}
        <div class="actions">
          <button type="button" data-testid="unlock-prompt-cancel" onClick={() => close(false)}>{t('cancel')}</button>
        </div>
      </div>
    </div>
  );
}
