/**
 * The consent screen, shown before research mode can be switched on: what is logged, what is not, where it stays and
 * how to delete it, in plain words; the study's name and key can be entered here (a researcher's instructions say
 * which). Agreeing sends `consent: true` with the switch (the worker refuses to switch on without it).
 */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { ResearchState } from '../../platform/protocol';
import { StudyFields, studyChoice, type StudyChoice } from './ResearchStudy';

export function ResearchConsent({ state, onAgree, onCancel }: { state: ResearchState; onAgree: (study: StudyChoice) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(state.settings.studyName ?? '');
  const [keyText, setKeyText] = useState('');
  const [busy, setBusy] = useState(false);
  const agree = async () => {
    setBusy(true);
    try {
      await onAgree(studyChoice(name, keyText));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div role="dialog" aria-labelledby="research-consent-title" class="confirm" data-testid="research-consent">
      <h3 id="research-consent-title">{t('researchConsentTitle')}</h3>
      <dl>
        <dt>{t('researchConsentWhatTitle')}</dt><dd data-testid="research-consent-what">{t('researchConsentWhat')}</dd>
        <dt>{t('researchConsentNotTitle')}</dt><dd data-testid="research-consent-not">{t('researchConsentNot')}</dd>
        <dt>{t('researchConsentWhereTitle')}</dt><dd data-testid="research-consent-where">{t('researchConsentWhere')}</dd>
        <dt>{t('researchConsentDeleteTitle')}</dt><dd data-testid="research-consent-delete">{t('researchConsentDelete')}</dd>
      </dl>
      <StudyFields name={name} keyText={keyText} onName={setName} onKey={setKeyText} />
      <div class="actions">
        <button type="button" class="primary" data-testid="research-consent-agree" disabled={busy} onClick={() => void agree()}>{t('researchConsentAgree')}</button>
        <button type="button" data-testid="research-consent-cancel" onClick={onCancel}>{t('researchConsentCancel')}</button>
      </div>
    </div>
  );
}
