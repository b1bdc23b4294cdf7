/**
 * Research mode (issue 12) on the options page: off by default; switching it on goes through the consent screen
 * (ResearchConsent.tsx); the study's name and key (ResearchStudy.tsx); switching off stops logging at once and offers
 * to delete what was logged; the rooms logged (ResearchRooms.tsx) and the room log's export with its review
 * (RoomLogExport.tsx). Every change goes through the worker (researchSettings / researchDelete messages); the page
 * reads the settings and the log itself.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from '../../platform/browser';
import type { CoinsightDb } from '../../platform/db';
import { t, uiLocale } from '../../platform/i18n';
import { send } from '../../platform/messaging';
import type { ResearchSettingsRequest, ResearchState } from '../../platform/protocol';
import { RESEARCH_KEY } from '../../platform/research';
import { readResearch } from '../../platform/research-state';
import { StatusLine } from '../ui';
import { ResearchConsent } from './ResearchConsent';
import { ResearchRooms } from './ResearchRooms';
import { ResearchStudy } from './ResearchStudy';
import { RoomLogExport } from './RoomLogExport';
import { onLocalChanges } from '../../platform/local-changes';

type Status = { text: string; failed: boolean; testid: string } | null;

export function ResearchSection({ db }: { db: CoinsightDb }) {
  const [state, setState] = useState<ResearchState | null>(null);
  const [consenting, setConsenting] = useState(false);
  const [stopping, setStopping] = useState<number | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [logVersion, setLogVersion] = useState(0);
  const load = useCallback(() => void readResearch(db, browser.storage.local).then(setState), [db]);
  useEffect(() => {
    load();
    return onLocalChanges([RESEARCH_KEY], () => load());
  }, [load]);

  const failed = (failure: unknown): Status => ({ text: t('researchFailed', failure instanceof Error ? failure.message : String(failure)), failed: true, testid: 'research-error' });
  /** Sends a change; resolves true when the worker applied it (the reason is shown otherwise). */
  const change = async (request: ResearchSettingsRequest, done: string): Promise<boolean> => {
    setStatus(null);
    try {
      setState(await send('researchSettings', request));
      setStatus({ text: done, failed: false, testid: 'research-saved' });
      return true;
    } catch (failure) {
      setStatus(failed(failure));
      return false;
    }
  };
  const switchOff = async (deleteLog: boolean) => {
    if (!(await change({ enabled: false }, t('researchStopped')))) return;
    setStopping(null);
    if (!deleteLog) return;
    try {
      const { deleted } = await send('researchDelete', {});
      setStatus({ text: t('researchDeleted', deleted.toLocaleString(uiLocale())), failed: false, testid: 'research-deleted' });
      setLogVersion((v) => v + 1);
    } catch (failure) {
      setStatus(failed(failure));
    }
  };

  if (!state) return <section aria-labelledby="research-title"><h2 id="research-title">{t('researchTitle')}</h2><p class="muted">{t('loading')}</p></section>;
  const { settings } = state;
  return (
    <section aria-labelledby="research-title" data-testid="research" data-enabled={settings.enabled ? 'true' : 'false'}>
      <h2 id="research-title">{t('researchTitle')}</h2>
      <p class="muted">{t('researchIntro')}</p>
      <p data-testid="research-state">{settings.enabled ? t('researchIsOn') : t('researchIsOff')}</p>
      {consenting ? (
        <ResearchConsent state={state} onCancel={() => setConsenting(false)}
          onAgree={async (study) => { if (await change({ enabled: true, consent: true, ...study }, t('researchStarted'))) setConsenting(false); }} />
      ) : settings.enabled ? (
        stopping === null ? (
          <p><button type="button" data-testid="research-off" onClick={() => void db.roomGifts.count().then(setStopping)}>{t('researchSwitchOff')}</button></p>
        ) : (
          <div role="alertdialog" aria-labelledby="research-stop-what" class="confirm">
            <p id="research-stop-what" data-testid="research-stop-what">{t('researchStopWhat', stopping.toLocaleString(uiLocale()))}</p>
            <p>
              <button type="button" data-testid="research-off-keep" onClick={() => void switchOff(false)}>{t('researchOffKeep')}</button>{' '}
              <button type="button" class="danger" data-testid="research-off-delete" onClick={() => void switchOff(true)}>{t('researchOffDelete')}</button>{' '}
              <button type="button" data-testid="research-off-cancel" onClick={() => setStopping(null)}>{t('cancel')}</button>
            </p>
          </div>
        )
      ) : (
        <p><button type="button" class="primary" data-testid="research-on" onClick={() => { setStatus(null); setConsenting(true); }}>{t('researchSwitchOn')}</button></p>
      )}
      <StatusLine testid="research-status">{status && <span data-testid={status.testid} class={status.failed ? 'error' : 'saved'}>{status.text}</span>}</StatusLine>
      {settings.consentedAt !== null && !consenting && (
        <ResearchStudy state={state} onSave={(study) => change({ enabled: settings.enabled, ...study }, t('saved'))} />
      )}
      <ResearchRooms db={db} version={logVersion} />
      <RoomLogExport db={db} hasKey={state.key !== null} />
      {!settings.enabled && (
        <p><button type="button" data-testid="research-delete" onClick={() => void switchOff(true)}>{t('researchDeleteLog')}</button></p>
      )}
    </section>
  );
}
