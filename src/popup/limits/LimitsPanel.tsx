/**
 * Each limit in the Balance popup: what it counts, a progress bar, what is left and when it resets (Intl, the user's
 * locale and zone); a money cap priced partly at an estimate says so. Read from the worker (limitsView). Loaded after
 * first paint (LimitsLoader).
 */
import { useEffect, useState } from 'preact/hooks';
import type { LimitRule, LimitStatus } from '../../core/limits';
import { isManagedRuleId } from '../../core/managed/ids';
import { browser } from '../../platform/browser';
import { timeZone } from '../../platform/clock';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { LimitsView } from '../../platform/protocol';
import { periodText, scopeText, standingText, statusesById } from '../../ui/limit-text';
import styles from '../../ui/limits.css?inline';

const sheet = document.createElement('style');
sheet.textContent = styles;
document.head.append(sheet);

export function LimitsPanel() {
  const [view, setView] = useState<LimitsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    // No room id: the popup knows a LIVE by its handle only, so a `live` rule shows the busiest LIVE of its window.
    const load = async () => {
      const next = await send('limitsView', { roomId: null });
      if (!cancelled) setView(next);
    };
    load().catch((failure: unknown) => !cancelled && setError(failure instanceof Error ? failure.message : String(failure)));
    return () => { cancelled = true; };
  }, []);
  if (error) return <p class="muted" data-testid="popup-limits-error">{t('limitsLoadFailed', error.replace(/^RefusedError: /, ''))}</p>;
  if (!view || view.rules.length === 0) return null;
  const byId = statusesById(view.statuses);
  return (
    <section data-testid="popup-limits" aria-labelledby="popup-limits-title">
      <h2 id="popup-limits-title">{t('limitsHeading')}</h2>
      <ul class="limits">
        {view.rules.map((rule) => <PopupLimit key={rule.id} rule={rule} status={byId.get(rule.id)} />)}
      </ul>
      <p class="muted"><a href="#" data-testid="popup-limits-edit" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>{t('limitsChange')}</a></p>
    </section>
  );
}

function PopupLimit({ rule, status }: { rule: LimitRule; status: LimitStatus | undefined }) {
  const locale = uiLocale();
  const standing = status ? standingText(rule, status, locale, timeZone(), t) : null;
  return (
    <li class={`limit level-${standing?.level ?? 'low'}`} data-testid="popup-limit" data-id={rule.id}>
      <p><strong>{scopeText(rule, t)}</strong> · <span class="muted">{periodText(rule, locale, t)}</span></p>
      {isManagedRuleId(rule.id) && <p class="muted" data-testid="popup-limit-managed">{t('parentManagedLimit')}</p>}
      {standing ? (
        <>
          <progress data-testid="popup-limit-bar" max={100} value={standing.bar} aria-label={standing.used}>{standing.bar} %</progress>
          <p>
            <strong data-testid="popup-limit-left">{standing.left}</strong>{' · '}
            <span class="muted" data-testid="popup-limit-used">{standing.used}</span>
          </p>
          <p class="muted" data-testid="popup-limit-resets">{standing.resets}</p>
          {standing.estimated && <p class="muted estimate-label" data-testid="popup-limit-estimated">{t('limitEstimatedNote')}</p>}
        </>
      ) : <p class="muted">{t('limitNoStatus')}</p>}
    </li>
  );
}
