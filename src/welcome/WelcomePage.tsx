/**
 * The welcome page (issue 13, first run), opened by the worker on a new install (background/welcome.ts) and linked from
 * the options page. It says what Coinsight watches and what it never does, then offers the display currency and week
 * start, an optional weekly limit and an optional lock, saved by one Finish (welcome-plan.ts) through the same worker
 * messages as the options page: updateSettings, saveLimit (the limits door) and setPin. Skip closes the page and
 * changes nothing. A step the worker refused is shown with its reason; Finish again sends only what is not saved yet.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LimitAction } from '../core/limits';
import { now as clockNow, timeZone } from '../platform/clock';
import { browser } from '../platform/browser';
import { t, uiLocale } from '../platform/i18n';
import { send } from '../platform/messaging';
import { lockChanged, useLockStatus } from '../ui/lock-status';
import { todayIn, type Problem } from '../options/forms';
import { workerRefusal } from '../options/limit-form';
import { UnlockPrompt } from '../options/sections/UnlockPrompt';
import { StatusLine, useSettings, type SettingsHandle } from '../options/ui';
import { BasicsStep, LimitStep, LockStep, Promises } from './welcome-steps';
import { applyWelcome, planWelcome, type WelcomeField, type WelcomeFields, type WelcomeStep } from './welcome-plan';

export const SETTINGS_PAGE = '../options/index.html';

/** Closes the welcome tab (no permission needed to close one's own tab); a page opened some other way closes itself. */
async function closePage(): Promise<void> {
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab?.id !== undefined) await browser.tabs.remove(tab.id);
  else window.close();
}

export function WelcomePage() {
  const handle = useSettings();
  return (
    <div data-testid="welcome-ready" data-state={handle ? 'ready' : 'loading'}>
      <h1>{t('welcomeTitle')}</h1>
      <p>{t('welcomeIntro')}</p>
      <Promises />
      {handle ? <WelcomeForm handle={handle} /> : <p class="muted">{t('loading')}</p>}
      <UnlockPrompt />
    </div>
  );
}

function WelcomeForm({ handle }: { handle: SettingsHandle }) {
  const [lock] = useLockStatus();
  const [fields, setFields] = useState<WelcomeFields>(() => ({
    currency: handle.settings.displayCurrency, weekStart: handle.settings.weekStart, limitCoins: '', limitAction: 'warn' as LimitAction, pin: '', pinAgain: '',
  }));
  const [errors, setErrors] = useState<Partial<Record<WelcomeField, Problem>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [finished, setFinished] = useState<WelcomeStep[] | null>(null);
  // What the worker has already taken: a Finish tried again after a refusal does not add a second limit or set a PIN twice.
  const saved = useRef(new Set<WelcomeStep['kind']>());
  const ruleId = useRef(crypto.randomUUID());
  const done = useRef<HTMLHeadingElement>(null);
  useEffect(() => done.current?.focus(), [finished]);

  const set = <K extends keyof WelcomeFields>(name: K, value: WelcomeFields[K]) => setFields((current) => ({ ...current, [name]: value }));
  const lockOffered = lock?.state.kind === 'none';

  const finish = async (event: Event) => {
    event.preventDefault();
    const now = clockNow();
    const plan = planWelcome(fields, { locale: uiLocale(), today: todayIn(now, timeZone()), now, ruleId: ruleId.current, lockOffered });
    if (!plan.ok) {
      setErrors(plan.errors);
      // The keyboard goes where the first refusal is.
      const first = (['limitCoins', 'pin', 'pinAgain'] as const).find((field) => plan.errors[field]);
      document.getElementById(`welcome-${first}`)?.focus();
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      await applyWelcome(plan.steps, saved.current, async (step) => {
        if (step.kind === 'settings') await handle.save(step.patch);
        else if (step.kind === 'limit') await send('saveLimit', { rule: step.rule });
        else {
          await send('setPin', { pin: step.pin });
          lockChanged();
        }
      });
      setFinished(plan.steps);
    } catch (error) {
      setFailure(t('welcomeFailed', workerRefusal(error, t)));
    } finally {
      setBusy(false);
    }
  };

  if (finished) return <Finished steps={finished} doneRef={done} />;
  return (
    <form onSubmit={(event) => void finish(event)} data-testid="welcome-form" noValidate>
      <BasicsStep fields={fields} set={set} />
      <LimitStep fields={fields} set={set} problem={errors.limitCoins} />
      <LockStep fields={fields} set={set} offered={lock === null ? null : lockOffered} errors={errors} />
      <div class="actions finish">
        <button type="submit" class="primary" disabled={busy} data-testid="welcome-finish">{busy ? t('welcomeSaving') : t('welcomeFinish')}</button>
        <button type="button" data-testid="welcome-skip" onClick={() => void closePage()}>{t('welcomeSkip')}</button>
      </div>
      <StatusLine testid="welcome-status">{failure && <span class="error">{failure}</span>}</StatusLine>
    </form>
  );
}

function Finished({ steps, doneRef }: { steps: WelcomeStep[]; doneRef: { current: HTMLHeadingElement | null } }) {
  const limit = steps.find((step) => step.kind === 'limit');
  return (
    <section aria-labelledby="welcome-done-title" data-testid="welcome-done">
      <h2 id="welcome-done-title" tabIndex={-1} ref={doneRef}>{t('welcomeDoneTitle')}</h2>
      <p>{t('welcomeDoneBody')}</p>
      <ul>
        {limit?.kind === 'limit' && limit.rule.cap.kind === 'coins' && (
          <li data-testid="welcome-done-limit">{t('welcomeDoneLimit', [new Intl.NumberFormat(uiLocale()).format(limit.rule.cap.coins), t(`limitAction_${limit.rule.action}`)])}</li>
        )}
        {steps.some((step) => step.kind === 'lock') && <li data-testid="welcome-done-lock">{t('welcomeDoneLock')}</li>}
      </ul>
      <div class="actions">
        <a href={SETTINGS_PAGE} data-testid="welcome-open-settings">{t('welcomeOpenSettings')}</a>
        <button type="button" class="primary" data-testid="welcome-close" onClick={() => void closePage()}>{t('welcomeClose')}</button>
      </div>
    </section>
  );
}
