/**
 * Shown on every extension page while a forgotten-PIN reset waits, so it cannot happen quietly. Small on purpose (the
 * popup's first paint): it asks the worker once the page is up and renders nothing unless a reset is pending.
 */
import { t, uiLocale } from '../platform/i18n';
import { formatDateTime } from './format';
import { durationText } from './lock-text';
import { useLockStatus } from './lock-status';

export function LockResetBanner() {
  const [status] = useLockStatus();
  if (status?.state.kind !== 'reset-pending') return null;
  const { effectiveAt } = status.state;
  // The worker's clock is the one clock (platform/clock.ts): the date and the wait are both on it.
  const when = formatDateTime(effectiveAt, uiLocale());
  return (
    <p role="alert" class="lock-banner" data-testid="lock-reset-banner">
      {t('lockResetBanner', [durationText(effectiveAt - status.now, t), when])}
    </p>
  );
}
